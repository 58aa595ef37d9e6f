package dev.operon.commands.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How a COMMIT whose outcome is unknown is settled: what it wrote is looked for up to
 * {@code attempts} times, {@code delay} apart at first, the delay doubling up to one second.
 */
public record CommitVerification(int attempts, Duration delay) {

  /** Whether {@code committed} finds what the commit wrote, within the attempts. */
  public boolean settle(BooleanSupplier committed) {
    long wait = delay.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        if (committed.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // the database is still unreachable: this attempt found nothing
      }
      if (attempt >= attempts) {
        return false;
      }
      if (wait > 0) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        wait = Math.min(wait * 2, 1_000);
      }
    }
  }
}
