package dev.operon.nats;

import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Delayed tasks (nats-server 2.9 has no scheduled messages). A delayed task is published to
 * {@code <prefix>.delayed.<queue>} with an {@code Operon-Not-Before} header. Fetching a queue first
 * releases its due delayed tasks: each is copied to the ready subject (same id and publish time,
 * no not-before, deduplicated by task id) and acked; one not yet due is nak'ed with the time it
 * still has to wait. Early deliveries thus happen on the delayed consumer only, and the ready copy
 * starts at delivery 1, so JetStream's delivery count stays exact for max deliveries.
 */
final class DelayedTasks {
  private static final int RELEASE_BATCH = 256;
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  private final JetStream jetStream;
  private final PullRequests pulls;
  private final AckProtocol acks;
  private final QueueNaming naming;
  private final Clock clock;

  DelayedTasks(JetStream jetStream, PullRequests pulls, AckProtocol acks, QueueNaming naming,
      Clock clock) {
    this.jetStream = jetStream;
    this.pulls = pulls;
    this.acks = acks;
    this.naming = naming;
    this.clock = clock;
  }

  /** Moves the due delayed tasks of {@code queue} to its ready subject; returns how many. */
  int releaseDue(String queue) {
    List<Message> delayed = pulls.available(
        naming.taskStream(), naming.delayedConsumer(queue), RELEASE_BATCH);
    Instant now = clock.instant();
    List<Message> due = new ArrayList<>();
    for (Message message : delayed) {
      Instant notBefore = TaskHeaders.instant(message.getHeaders(), TaskHeaders.NOT_BEFORE);
      if (notBefore == null || !notBefore.isAfter(now)) {
        due.add(message);
      } else {
        acks.nakQuietly(message.getReplyTo(), Duration.between(now, notBefore));
      }
    }
    moveToReady(queue, due);
    return due.size();
  }

  private void moveToReady(String queue, List<Message> due) {
    if (due.isEmpty()) {
      return;
    }
    List<CompletableFuture<PublishAck>> stored = new ArrayList<>(due.size());
    for (Message message : due) {
      stored.add(jetStream.publishAsync(readyCopy(queue, message)));
    }
    JetStreamCall.run("release delayed tasks", queue, () -> {
      for (CompletableFuture<PublishAck> ack : stored) {
        ack.get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      return null;
    });
    due.forEach(message -> acks.ackQuietly(message.getReplyTo()));
  }

  private NatsMessage readyCopy(String queue, Message delayed) {
    String taskId = TaskHeaders.taskId(delayed);
    Headers headers = TaskHeaders.of(taskId, TaskHeaders.publishedAt(delayed))
        .put(TaskHeaders.MSG_ID, "release:" + taskId);
    return NatsMessage.builder().subject(naming.taskSubject(queue)).headers(headers)
        .data(delayed.getData()).build();
  }
}
