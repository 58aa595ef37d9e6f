package dev.operon.server.orders;

import dev.operon.error.OperonException;
import java.time.Duration;

/**
 * How the demo shows stalled work: one order's reservation hangs for {@code hang} on its first
 * attempt (zero: none does), and a watcher marks the steps without progress for {@code threshold}
 * as stalled and reports them.
 */
public record StallWatch(Duration threshold, Duration hang) {
  /** Steps stall after 2 s without progress; one reservation hangs for 6 s. */
  public static final StallWatch DEFAULT = new StallWatch(Duration.ofSeconds(2), Duration.ofSeconds(6));

  public StallWatch {
    if (threshold == null || !threshold.isPositive()) {
      throw OperonException.invalid("--stall-threshold must be a positive duration such as 2s, was " + threshold);
    }
    if (hang == null || hang.isNegative()) {
      throw OperonException.invalid("--hang must be zero or a positive duration such as 6s, was " + hang);
    }
  }
}
