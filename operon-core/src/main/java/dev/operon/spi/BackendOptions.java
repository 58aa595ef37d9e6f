package dev.operon.spi;

import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.queue.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings shared by every adapter, validated when built. Start from {@link #defaults()} and
 * change what you need with the {@code with...} methods.
 *
 * @param clock the time source of the adapter (a manual clock in tests)
 * @param tablePrefix prefix of every table, stream or subject the adapter creates (letters,
 *     digits and '_', starting with a letter, at most 30 characters)
 * @param maxSnapshots snapshots kept per stream; older ones are deleted (default 5)
 * @param queue delivery settings of task queues
 * @param timerClaimTimeout after this long a timer claimed by a scheduler that never marked it
 *     fired or failed can be claimed again (default 30 s: firing a timer takes milliseconds, so a
 *     claim this old belongs to a scheduler that died, and its timers fire soon after)
 * @param hostId this process's id, carried by notifications so a host ignores its own
 * @param poolSize maximum connections of a pooled adapter
 * @param pollInterval how often polling readers look for work when no notification arrives
 */
public record BackendOptions(
    Clock clock,
    String tablePrefix,
    int maxSnapshots,
    QueueSettings queue,
    Duration timerClaimTimeout,
    String hostId,
    int poolSize,
    Duration pollInterval) {

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

  public BackendOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(timerClaimTimeout, "timerClaimTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
      throw OperonException.invalid("tablePrefix must be a letter followed by up to 29 letters,"
          + " digits or '_', was '" + tablePrefix + "'");
    }
    if (maxSnapshots < 1) {
      throw OperonException.invalid("maxSnapshots must be >= 1, was " + maxSnapshots);
    }
    if (!timerClaimTimeout.isPositive()) {
      throw OperonException.invalid("timerClaimTimeout must be positive, was " + timerClaimTimeout);
    }
    if (hostId == null || hostId.isBlank()) {
      throw OperonException.invalid("hostId must not be blank");
    }
    if (poolSize < 1) {
      throw OperonException.invalid("poolSize must be >= 1, was " + poolSize);
    }
    if (!pollInterval.isPositive()) {
      throw OperonException.invalid("pollInterval must be positive, was " + pollInterval);
    }
  }

  /** System clock, prefix "operon_", 5 snapshots, 30 s ack wait, 3 deliveries, 10 connections. */
  public static BackendOptions defaults() {
    return new BackendOptions(
        Clock.systemUTC(),
        "operon_",
        5,
        QueueSettings.DEFAULT,
        Duration.ofSeconds(30),
        IdGenerator.system().next(),
        10,
        Duration.ofSeconds(5));
  }

  public BackendOptions withClock(Clock value) {
    return new BackendOptions(value, tablePrefix, maxSnapshots, queue, timerClaimTimeout, hostId, poolSize, pollInterval);
  }

  public BackendOptions withTablePrefix(String value) {
    return new BackendOptions(clock, value, maxSnapshots, queue, timerClaimTimeout, hostId, poolSize, pollInterval);
  }

  public BackendOptions withMaxSnapshots(int value) {
    return new BackendOptions(clock, tablePrefix, value, queue, timerClaimTimeout, hostId, poolSize, pollInterval);
  }

  public BackendOptions withQueue(QueueSettings value) {
    return new BackendOptions(clock, tablePrefix, maxSnapshots, value, timerClaimTimeout, hostId, poolSize, pollInterval);
  }

  public BackendOptions withTimerClaimTimeout(Duration value) {
    return new BackendOptions(clock, tablePrefix, maxSnapshots, queue, value, hostId, poolSize, pollInterval);
  }

  public BackendOptions withHostId(String value) {
    return new BackendOptions(clock, tablePrefix, maxSnapshots, queue, timerClaimTimeout, value, poolSize, pollInterval);
  }

  public BackendOptions withPoolSize(int value) {
    return new BackendOptions(clock, tablePrefix, maxSnapshots, queue, timerClaimTimeout, hostId, value, pollInterval);
  }

  public BackendOptions withPollInterval(Duration value) {
    return new BackendOptions(clock, tablePrefix, maxSnapshots, queue, timerClaimTimeout, hostId, poolSize, value);
  }
}
