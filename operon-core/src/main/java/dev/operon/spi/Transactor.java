package dev.operon.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A unit of work over the ports of one {@link Backend}: {@link #inTransaction} runs a body so that
 * the writes it makes through the ports that {@link #joins} accepts commit together or not at all.
 *
 * <p>What it guarantees: only ports made from the same backend join the transaction. A write to a
 * port of another backend (a NATS publish, say) made inside the body is not part of it: it happens
 * when it is called, and stays done if the body then fails; callers that need it to follow the
 * commit make it after {@code inTransaction} returns. A backend that cannot group writes returns
 * {@link #direct()}: the body runs as it is, each write commits on its own, and {@link #atomic()}
 * says false.
 */
public interface Transactor {

  /**
   * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws (the
   * exception is rethrown as it was). A call made inside another one's body joins the outer
   * transaction. Keep bodies short; on a single-writer database they hold its write lock.
   */
  <T> T inTransaction(Supplier<T> work);

  /** Whether {@link #inTransaction} is atomic; false for {@link #direct()}. */
  boolean atomic();

  /**
   * Whether writes through {@code port} (an event store, task queue, timer store or checkpoint store)
   * join the transaction.
   */
  boolean joins(Object port);

  /** A transactor with no atomicity: runs each body directly, and no port joins. */
  static Transactor direct() {
    return Direct.INSTANCE;
  }

  /** The transactor of {@link #direct()}. */
  enum Direct implements Transactor {
    INSTANCE;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return Objects.requireNonNull(work, "work").get();
    }

    @Override
    public boolean atomic() {
      return false;
    }

    @Override
    public boolean joins(Object port) {
      return false;
    }
  }
}
