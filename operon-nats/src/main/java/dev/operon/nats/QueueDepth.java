package dev.operon.nats;

import dev.operon.queue.QueueStats;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what is waiting in a queue: depth from the two consumers' state (not yet delivered plus
 * delivered and not yet settled, ready and delayed), the oldest age from the first message of each
 * subject, and the dead-letter count from the dead-letter stream.
 */
final class QueueDepth {
  private final JetStreamManagement management;
  private final QueueNaming naming;
  private final DeadLetterStream deadLetters;
  private final Clock clock;

  QueueDepth(JetStreamManagement management, QueueNaming naming, DeadLetterStream deadLetters,
      Clock clock) {
    this.management = management;
    this.naming = naming;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  QueueStats stats(String queue) {
    long depth = JetStreamCall.run("read consumer info", queue, () -> unfinished(queue));
    Instant oldest = depth == 0 ? null : JetStreamCall.run("read the oldest task", queue,
        () -> oldestPublishedAt(queue));
    return new QueueStats(depth, Optional.ofNullable(oldest).map(this::ageOf),
        deadLetters.count(queue));
  }

  private long unfinished(String queue) throws IOException, JetStreamApiException {
    var ready = management.getConsumerInfo(naming.taskStream(), naming.taskConsumer(queue));
    var later = management.getConsumerInfo(naming.taskStream(), naming.delayedConsumer(queue));
    return ready.getNumPending() + ready.getNumAckPending()
        + later.getNumPending() + later.getNumAckPending();
  }

  private Instant oldestPublishedAt(String queue) throws IOException, JetStreamApiException {
    Instant ready = firstPublishedAt(naming.taskSubject(queue));
    Instant later = firstPublishedAt(naming.delayedSubject(queue));
    if (ready == null || later == null) {
      return ready != null ? ready : later;
    }
    return ready.isBefore(later) ? ready : later;
  }

  private Instant firstPublishedAt(String subject) throws IOException, JetStreamApiException {
    try {
      var info = management.getFirstMessage(naming.taskStream(), subject);
      Instant header = TaskHeaders.instant(info.getHeaders(), TaskHeaders.PUBLISHED_AT);
      return header != null ? header : info.getTime().toInstant();
    } catch (JetStreamApiException e) {
      if (JetStreamCall.isNoMessage(e)) {
        return null;
      }
      throw e;
    }
  }

  private Duration ageOf(Instant publishedAt) {
    Duration age = Duration.between(publishedAt, clock.instant());
    return age.isNegative() ? Duration.ZERO : age;
  }
}
