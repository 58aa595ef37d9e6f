package dev.operon.saga.internal;

import dev.operon.queue.TaskQueue;
import dev.operon.runtime.AfterCommitActions;
import dev.operon.spi.Transactor;
import java.util.function.Supplier;

/**
 * Runs a saga transition (its append, its timer creates and cancels, its task publishes) as one
 * unit of work when the engine has an atomic {@link Transactor}: one commit per step, and a crash
 * cannot keep the append and lose the writes that follow it. What cannot join the transaction (a
 * publish to a queue of another backend, a write to another saga's history, waking local waiters)
 * runs once it commits, and never if it rolls back. Without an atomic transactor each write
 * commits on its own, in the order the engine makes them, as before.
 */
public final class Transitions {
  private static final Transitions DIRECT = new Transitions(Transactor.direct(), null);

  private final Transactor transactor;
  private final boolean queueJoins;
  private final AfterCommitActions afterCommit = new AfterCommitActions();

  /** Transitions in {@code transactor}'s transactions; publishes to {@code queue} join them if it is of the same backend. */
  public Transitions(Transactor transactor, TaskQueue queue) {
    this.transactor = transactor;
    this.queueJoins = transactor.atomic() && queue != null && transactor.joins(queue);
  }

  /** Each write commits on its own. */
  public static Transitions direct() {
    return DIRECT;
  }

  /** Whether a transition is one transaction. */
  public boolean atomic() {
    return transactor.atomic();
  }

  /**
   * Runs {@code work} as one unit of work (joining the one this thread is in, if any), then what it
   * left for after the commit. A failure rolls the unit back and is rethrown as it was.
   */
  <T> T run(Supplier<T> work) {
    if (!transactor.atomic() || afterCommit.collecting()) {
      return work.get();
    }
    T result;
    AfterCommitActions.Batch later = afterCommit.begin();
    try {
      result = transactor.inTransaction(work);
    } finally {
      later.close();
    }
    later.runAll();
    return result;
  }

  /**
   * Runs {@code action} once this thread's unit of work commits, or at once outside one; {@code
   * purpose} names it in the log if it fails after a commit.
   */
  public void afterCommit(String purpose, Runnable action) {
    afterCommit.add(purpose, action);
  }

  /** Runs {@code publish} in this thread's unit of work if the queue joins it, else once it commits. */
  void publish(String purpose, Runnable publish) {
    if (queueJoins) {
      publish.run();
    } else {
      afterCommit.add(purpose, publish);
    }
  }
}
