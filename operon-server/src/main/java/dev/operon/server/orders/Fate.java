package dev.operon.server.orders;

/** What the demo arranges to happen to one order, and so which outcome its saga should reach. */
public enum Fate {
  /** Approved in time and shipped: the saga completes. */
  SHIPPED,
  /** Inventory has no stock: the first step fails, nothing to roll back, the saga ends Failed. */
  OUT_OF_STOCK,
  /** The payment is declined: the reservation is released, the saga ends Cancelled. */
  DECLINED,
  /** No approval arrives: the signal times out, payment and reservation are rolled back. */
  NOT_APPROVED,
  /** Shipping refuses the order after approval: payment and reservation are rolled back. */
  UNDELIVERABLE,
  /** The driver cancels the saga mid-way: the compensations of completed steps run. */
  CANCELLED;

  /** The outcome a saga of this fate reaches when nothing crashes; a crash must not change it. */
  public Outcome expected() {
    return switch (this) {
      case SHIPPED -> Outcome.COMPLETED;
      case OUT_OF_STOCK -> Outcome.FAILED;
      case DECLINED, NOT_APPROVED, UNDELIVERABLE -> Outcome.COMPENSATED;
      case CANCELLED -> Outcome.CANCELLED;
    };
  }
}
