package dev.operon.queue;

import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.Objects;

/**
 * Delivery settings of a task queue (defaults: ack wait 30 s, max deliver 3).
 *
 * @param ackWait how long a fetched task stays invisible before it is delivered again
 * @param maxDeliveries after this many deliveries without ack, the task goes to the dead-letter
 *     queue instead of being delivered again
 */
public record QueueSettings(Duration ackWait, int maxDeliveries) {
  public static final QueueSettings DEFAULT = new QueueSettings(Duration.ofSeconds(30), 3);

  public QueueSettings {
    Objects.requireNonNull(ackWait, "ackWait");
    if (ackWait.isNegative() || ackWait.isZero()) {
      throw OperonException.invalid("ackWait must be positive, was " + ackWait);
    }
    if (maxDeliveries < 1) {
      throw OperonException.invalid("maxDeliveries must be >= 1, was " + maxDeliveries);
    }
  }
}
