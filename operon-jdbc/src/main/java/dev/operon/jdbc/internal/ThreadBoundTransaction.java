package dev.operon.jdbc.internal;

import dev.operon.jdbc.OpenTransaction;
import dev.operon.runtime.AfterCommitActions;

/**
 * A transaction {@link Transactions#begin} bound to the thread that began it, ended once, by its
 * commit or its rollback: ending it unbinds it from the thread and stops collecting the actions to
 * run after its commit (which it runs, or drops, itself).
 */
abstract class ThreadBoundTransaction implements OpenTransaction {
  private final AfterCommitActions.Batch committed;
  private final Runnable unbind;
  private boolean ended;

  ThreadBoundTransaction(AfterCommitActions.Batch committed, Runnable unbind) {
    this.committed = committed;
    this.unbind = unbind;
  }

  /** The actions to run once it has committed. */
  final AfterCommitActions.Batch committed() {
    return committed;
  }

  @Override
  public final boolean ended() {
    return ended;
  }

  /** Ends it: a second end is a bug of the caller's. */
  final void end() {
    if (ended) {
      throw new IllegalStateException("this transaction has ended already");
    }
    ended = true;
    unbind.run();
    committed.close();
  }
}
