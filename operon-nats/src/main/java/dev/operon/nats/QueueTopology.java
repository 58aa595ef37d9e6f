package dev.operon.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the streams of a prefix and the consumers of each queue, idempotently (several
 * processes may start at once). The task stream uses work-queue retention: a task is removed once
 * acked or terminated, so the stream holds exactly the unfinished tasks. Consumers redeliver
 * without limit: max deliveries is enforced by the adapter, which dead-letters the task with its
 * payload instead of letting JetStream stop delivering it silently.
 */
final class QueueTopology {
  private static final String ANY_QUEUE = "*";

  private final JetStreamManagement management;
  private final QueueNaming naming;
  private final Duration ackWait;
  private final Set<String> readyQueues = ConcurrentHashMap.newKeySet();

  QueueTopology(JetStreamManagement management, QueueNaming naming, Duration ackWait) {
    this.management = management;
    this.naming = naming;
    this.ackWait = ackWait;
  }

  /** Creates the task and dead-letter streams if they do not exist. */
  void createStreams() {
    JetStreamCall.run("create its streams", ANY_QUEUE, () -> {
      addStream(StreamConfiguration.builder().name(naming.taskStream())
          .subjects(naming.taskSubjects(), naming.delayedSubjects())
          .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
      addStream(StreamConfiguration.builder().name(naming.deadLetterStream())
          .subjects(naming.deadLetterSubjects())
          .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File).build());
      return null;
    });
  }

  /** Creates the consumers of {@code queue} once per process. */
  void ensureQueue(String queue) {
    if (readyQueues.contains(queue)) {
      return;
    }
    JetStreamCall.run("create its consumers", queue, () -> {
      management.addOrUpdateConsumer(naming.taskStream(),
          consumer(naming.taskConsumer(queue), naming.taskSubject(queue)));
      management.addOrUpdateConsumer(naming.taskStream(),
          consumer(naming.delayedConsumer(queue), naming.delayedSubject(queue)));
      return null;
    });
    readyQueues.add(queue);
  }

  /** Deletes both streams of the prefix with every task and dead letter in them. */
  void deleteStreams() {
    JetStreamCall.run("delete its streams", ANY_QUEUE, () -> {
      deleteIfPresent(naming.taskStream());
      deleteIfPresent(naming.deadLetterStream());
      return null;
    });
    readyQueues.clear();
  }

  private ConsumerConfiguration consumer(String durable, String subject) {
    return ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(subject)
        .deliverPolicy(DeliverPolicy.All)
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(ackWait)
        .maxDeliver(-1)
        .maxAckPending(-1)
        .build();
  }

  private void addStream(StreamConfiguration config) throws IOException, JetStreamApiException {
    try {
      management.addStream(config);
    } catch (JetStreamApiException e) {
      if (!exists(config.getName())) {
        throw e;
      }
    }
  }

  private boolean exists(String stream) throws IOException {
    try {
      management.getStreamInfo(stream);
      return true;
    } catch (JetStreamApiException e) {
      return false;
    }
  }

  private void deleteIfPresent(String stream) throws IOException, JetStreamApiException {
    if (exists(stream)) {
      management.deleteStream(stream);
    }
  }
}
