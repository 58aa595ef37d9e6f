package dev.operon.nats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls messages from a durable pull consumer with JetStream's pull protocol, each call on its own
 * inbox, so that any number of threads can fetch from the same consumer at once. A pull ends when
 * the batch is full or the server sends a status (404 no messages, 408 request expired).
 */
final class PullRequests {
  private static final Logger log = LoggerFactory.getLogger(PullRequests.class);
  private static final Duration NO_WAIT_REPLY_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(2);

  private final Connection connection;

  PullRequests(Connection connection) {
    this.connection = connection;
  }

  /** Up to {@code batch} messages available now, without waiting for more. */
  List<Message> available(String stream, String consumer, int batch) {
    String request = "{\"batch\":" + batch + ",\"no_wait\":true}";
    return pull(stream, consumer, batch, request, NO_WAIT_REPLY_TIMEOUT);
  }

  /** Up to {@code batch} messages, waiting up to {@code wait} for them. */
  List<Message> waitFor(String stream, String consumer, int batch, Duration wait) {
    String request = "{\"batch\":" + batch + ",\"expires\":" + wait.toNanos() + "}";
    return pull(stream, consumer, batch, request, wait.plus(EXPIRY_MARGIN));
  }

  private List<Message> pull(
      String stream, String consumer, int batch, String request, Duration replyTimeout) {
    String inbox = connection.createInbox();
    Subscription subscription = connection.subscribe(inbox);
    try {
      connection.publish(nextSubject(stream, consumer), inbox,
          request.getBytes(StandardCharsets.UTF_8));
      return collect(subscription, batch, replyTimeout);
    } finally {
      subscription.unsubscribe();
    }
  }

  private static List<Message> collect(Subscription subscription, int batch, Duration timeout) {
    List<Message> messages = new ArrayList<>(Math.min(batch, 256));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (messages.size() < batch) {
        long left = deadline - System.nanoTime();
        Message message = left <= 0 ? null : subscription.nextMessage(Duration.ofNanos(left));
        if (message == null || endsPull(message)) {
          break;
        }
        messages.add(message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return messages;
  }

  private static boolean endsPull(Message message) {
    if (!message.isStatusMessage()) {
      return false;
    }
    int code = message.getStatus().getCode();
    if (code != 404 && code != 408) {
      log.warn("JetStream pull ended with status {}", message.getStatus());
    }
    return true;
  }

  private static String nextSubject(String stream, String consumer) {
    return "$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer;
  }
}
