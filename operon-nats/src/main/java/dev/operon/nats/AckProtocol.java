package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * JetStream's acknowledgement protocol on a delivery's reply subject ("+ACK", "-NAK", "+TERM").
 * The reply subject is all it needs, so a task can be settled from any thread or connection.
 * Confirmed settlements wait for the server's reply: when they return, the consumer has recorded
 * them.
 */
final class AckProtocol {
  private static final String ACK_PREFIX = "$JS.ACK.";
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

  private final Connection connection;

  AckProtocol(Connection connection) {
    this.connection = connection;
  }

  /** Throws a VALIDATION error if {@code receipt} is not a JetStream reply subject. */
  static String requireReceipt(String receipt) {
    if (receipt == null || !receipt.startsWith(ACK_PREFIX)) {
      throw OperonException.invalid("task.receipt must be the JetStream reply subject of a task"
          + " fetched from a NATS task queue, was '" + receipt + "'");
    }
    return receipt;
  }

  void ack(String queue, String receipt) {
    confirm(queue, receipt, "+ACK");
  }

  void term(String queue, String receipt) {
    confirm(queue, receipt, "+TERM");
  }

  void nak(String queue, String receipt, Duration delay) {
    confirm(queue, receipt, nakBody(delay));
  }

  /** Nak without waiting for the server, for internal re-scheduling where a loss is harmless. */
  void nakQuietly(String receipt, Duration delay) {
    connection.publish(receipt, nakBody(delay).getBytes(StandardCharsets.UTF_8));
  }

  /** Ack without waiting for the server, for internal moves where a loss only repeats the move. */
  void ackQuietly(String receipt) {
    connection.publish(receipt, "+ACK".getBytes(StandardCharsets.UTF_8));
  }

  private static String nakBody(Duration delay) {
    return delay.isZero() ? "-NAK" : "-NAK {\"delay\": " + delay.toNanos() + "}";
  }

  /**
   * Acks every receipt, pipelined: all requests are sent first, then every reply is awaited, so
   * when it returns the consumer has recorded each ack. Throws for the first unconfirmed one.
   */
  void ackAll(String queue, List<String> receipts) {
    byte[] body = "+ACK".getBytes(StandardCharsets.UTF_8);
    List<CompletableFuture<Message>> replies = new ArrayList<>(receipts.size());
    for (String receipt : receipts) {
      replies.add(connection.requestWithTimeout(receipt, body, REPLY_TIMEOUT));
    }
    for (CompletableFuture<Message> pending : replies) {
      check(queue, "+ACK", await(queue, pending));
    }
  }

  private static Message await(String queue, CompletableFuture<Message> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unconfirmed(queue, "+ACK", "interrupted");
    } catch (ExecutionException e) {
      throw unconfirmed(queue, "+ACK", e.getCause() instanceof CancellationException
          || e.getCause() instanceof TimeoutException
          ? "no reply within " + REPLY_TIMEOUT.toSeconds() + " s" : String.valueOf(e.getCause()));
    } catch (CancellationException e) {
      throw unconfirmed(queue, "+ACK", "no reply within " + REPLY_TIMEOUT.toSeconds() + " s");
    }
  }

  private static void check(String queue, String body, Message reply) {
    if (reply == null) {
      throw unconfirmed(queue, body, "no reply within " + REPLY_TIMEOUT.toSeconds() + " s");
    }
    if (reply.isStatusMessage()) {
      throw unconfirmed(queue, body, "status " + reply.getStatus()
          + " (the consumer is gone or the delivery is no longer pending)");
    }
  }

  private void confirm(String queue, String receipt, String body) {
    Message reply;
    try {
      reply = connection.request(receipt, body.getBytes(StandardCharsets.UTF_8), REPLY_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unconfirmed(queue, body, "interrupted");
    }
    check(queue, body, reply);
  }

  private static OperonException unconfirmed(String queue, String body, String why) {
    return OperonException.of(ErrorKind.TASK_QUEUE,
            "NATS JetStream did not confirm " + body.split(" ")[0] + " on queue '" + queue + "': "
                + why + "; the task will be delivered again after its ack wait")
        .id(OperonException.Ids.QUEUE, queue).retryable(true).build();
  }
}
