package dev.operon.server.orders;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.retry.RetryPolicy;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.ActivityRegistry;
import dev.operon.server.orders.OrderRecords.Payment;
import dev.operon.server.orders.OrderRecords.Reservation;
import dev.operon.server.orders.OrderRecords.Shipment;
import java.time.Duration;
import java.util.UUID;

/**
 * The inventory, payment and shipping services of the demo. Each applies its effect through the
 * {@link EffectLedger} under the step's idempotency key, so a re-executed attempt returns the
 * stored result instead of acting twice; each injects the faults its order's {@link Fate} names.
 */
public final class OrderActivities {
  /** Transient faults are retried quickly: 3 retries after 100 ms, 200 ms, 400 ms. */
  static final RetryPolicy RETRY = new RetryPolicy(4, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.1);

  private OrderActivities() {}

  /** Every activity of the order saga, applying effects through {@code ledger}. */
  public static ActivityRegistry registry(EffectLedger ledger, Duration attemptTimeout) {
    ActivityOptions options = new ActivityOptions(attemptTimeout, RETRY);
    return ActivityRegistry.of(new ReserveInventory(ledger, options), new ReleaseInventory(ledger, options),
        new ChargePayment(ledger, options), new RefundPayment(ledger, options), new ShipOrder(ledger, options));
  }

  /** What every service shares: the ledger its effects go to and its activity options. */
  abstract static class Service {
    private final EffectLedger ledger;
    private final ActivityOptions options;

    Service(EffectLedger ledger, ActivityOptions options) {
      this.ledger = ledger;
      this.options = options;
    }

    /** Applies the effect of {@code step} once per idempotency key; a new id prefixed {@code prefix}. */
    String apply(ActivityContext ctx, String orderId, String step, String prefix) {
      return ledger.apply(ctx.idempotencyKey(), orderId, step,
          () -> prefix + UUID.randomUUID().toString().substring(0, 8));
    }

    public ActivityOptions options() {
      return options;
    }
  }

  private static void failFirstAttemptIfFlaky(ActivityContext ctx, OrderInput in, String step) {
    if (step.equals(in.flakyStep()) && ctx.attempt() == 1) {
      throw new IllegalStateException("the " + step + " service timed out (transient, retried)");
    }
  }

  private static OperonException refused(String message) {
    return OperonException.of(ErrorKind.ACTIVITY_EXECUTION, message).retryable(false).build();
  }

  /** Holds stock for the order; fails for good when it is out of stock. */
  public static final class ReserveInventory extends Service implements Activity<OrderInput, Reservation> {
    ReserveInventory(EffectLedger ledger, ActivityOptions options) {
      super(ledger, options);
    }

    @Override
    public Reservation execute(ActivityContext ctx, OrderInput in) throws InterruptedException {
      if (in.hangMillis() > 0 && ctx.attempt() == 1) {
        Thread.sleep(in.hangMillis()); // the inventory service does not answer for a while
      }
      failFirstAttemptIfFlaky(ctx, in, "reserve");
      if (in.fate() == Fate.OUT_OF_STOCK) {
        throw refused("order " + in.orderId() + ": out of stock");
      }
      return new Reservation(in.orderId(), apply(ctx, in.orderId(), "reserve", "res-"));
    }
  }

  /** Gives the held stock back: the compensation of {@link ReserveInventory}. */
  public static final class ReleaseInventory extends Service implements Activity<Reservation, Void> {
    ReleaseInventory(EffectLedger ledger, ActivityOptions options) {
      super(ledger, options);
    }

    @Override
    public Void execute(ActivityContext ctx, Reservation reservation) {
      apply(ctx, reservation.orderId(), "release", "rel-");
      return null;
    }
  }

  /** Charges the order's amount; fails for good when the payment is declined. */
  public static final class ChargePayment extends Service implements Activity<OrderInput, Payment> {
    ChargePayment(EffectLedger ledger, ActivityOptions options) {
      super(ledger, options);
    }

    @Override
    public Payment execute(ActivityContext ctx, OrderInput in) {
      failFirstAttemptIfFlaky(ctx, in, "charge");
      if (in.fate() == Fate.DECLINED) {
        throw refused("order " + in.orderId() + ": payment of " + in.amountCents() + " cents declined");
      }
      return new Payment(in.orderId(), apply(ctx, in.orderId(), "charge", "txn-"));
    }
  }

  /** Pays the charge back: the compensation of {@link ChargePayment}. */
  public static final class RefundPayment extends Service implements Activity<Payment, Void> {
    RefundPayment(EffectLedger ledger, ActivityOptions options) {
      super(ledger, options);
    }

    @Override
    public Void execute(ActivityContext ctx, Payment payment) {
      apply(ctx, payment.orderId(), "refund", "ref-");
      return null;
    }
  }

  /** Hands the order to the carrier; fails for good when the address is undeliverable. */
  public static final class ShipOrder extends Service implements Activity<OrderInput, Shipment> {
    ShipOrder(EffectLedger ledger, ActivityOptions options) {
      super(ledger, options);
    }

    @Override
    public Shipment execute(ActivityContext ctx, OrderInput in) {
      failFirstAttemptIfFlaky(ctx, in, "ship");
      if (in.fate() == Fate.UNDELIVERABLE) {
        throw refused("order " + in.orderId() + ": the address is undeliverable");
      }
      return new Shipment(in.orderId(), apply(ctx, in.orderId(), "ship", "trk-"));
    }
  }
}
