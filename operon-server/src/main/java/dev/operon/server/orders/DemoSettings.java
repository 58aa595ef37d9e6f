package dev.operon.server.orders;

import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one demo run does; validated on construction.
 *
 * @param sagas how many order sagas to start
 * @param rates the share of orders given each fault
 * @param sleep the durable pause of every saga
 * @param approvalTimeout how long a saga waits for its approval
 * @param attemptTimeout how long one activity attempt may run before it is retried
 * @param workers the engines that run the sagas: worker processes (or this one), their lease, the kills
 * @param seed the seed of the random plan (which order gets which fault, when signals go)
 * @param prefix the table and stream prefix of the run's backends
 */
public record DemoSettings(
    int sagas,
    FateRates rates,
    Duration sleep,
    Duration approvalTimeout,
    Duration attemptTimeout,
    WorkerPlan workers,
    long seed,
    String prefix) {
  /** The most sagas one run starts. */
  public static final int MAX_SAGAS = 100_000;

  public DemoSettings {
    if (sagas < 1 || sagas > MAX_SAGAS) {
      throw OperonException.invalid("--sagas must be between 1 and " + MAX_SAGAS + ", was " + sagas);
    }
    requirePositive("--sleep", sleep);
    requirePositive("--approval-timeout", approvalTimeout);
    requirePositive("--activity-timeout", attemptTimeout);
    Objects.requireNonNull(workers, "workers");
  }

  private static void requirePositive(String option, Duration value) {
    if (value == null || !value.isPositive()) {
      throw OperonException.invalid(option + " must be a positive duration such as 200ms or 2s, was " + value);
    }
  }

  /**
   * How long the run waits for its sagas to finish, once all are started, before counting the rest
   * as lost: 15 s, the approval timeout, two attempt timeouts and 0.1 s per saga; when workers are
   * killed, also the last kill's time and one attempt lease.
   */
  public Duration waitBound() {
    Duration bound = Duration.ofSeconds(15).plus(approvalTimeout).plus(attemptTimeout.multipliedBy(2))
        .plusMillis(100L * sagas);
    return workers.kills() ? bound.plus(workers.lastKill()).plus(workers.attemptLease()) : bound;
  }

  /**
   * The share of orders given each fault; the rest are approved and shipped.
   *
   * @param outOfStock inventory refuses: the saga ends Failed, nothing to roll back
   * @param declined payment refuses: the reservation is released
   * @param notApproved no approval: the signal times out and both steps are rolled back
   * @param undeliverable shipping refuses after approval: both steps are rolled back
   * @param cancelled the saga is cancelled mid-way
   * @param flaky orders whose one step fails once with a transient error and is retried
   */
  public record FateRates(double outOfStock, double declined, double notApproved, double undeliverable,
      double cancelled, double flaky) {
    /** 5% out of stock, 10% declined, 10% not approved, 5% undeliverable, 10% cancelled, 10% flaky. */
    public static final FateRates DEFAULT = new FateRates(0.05, 0.10, 0.10, 0.05, 0.10, 0.10);

    public FateRates {
      requireRate("--out-of-stock-rate", outOfStock);
      requireRate("--decline-rate", declined);
      requireRate("--no-approval-rate", notApproved);
      requireRate("--undeliverable-rate", undeliverable);
      requireRate("--cancel-rate", cancelled);
      requireRate("--flaky-rate", flaky);
      double faults = outOfStock + declined + notApproved + undeliverable + cancelled;
      if (faults > 1.0 + 1e-9) {
        throw OperonException.invalid("the fault rates (out of stock, decline, no approval, undeliverable,"
            + " cancel) add up to " + faults + "; they must add up to 1 or less");
      }
    }

    private static void requireRate(String option, double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw OperonException.invalid(option + " must be between 0 and 1, was " + value);
      }
    }
  }
}
