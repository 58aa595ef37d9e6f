package dev.operon.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a unit of work leaves to do once it commits: publishes to a queue of another backend,
 * wake-ups, writes to another stream. A unit {@linkplain #begin() begins} collecting on its thread;
 * an action {@linkplain #add added} while it is open waits for {@link Batch#runAll()}, which the
 * unit calls after its commit; the unit {@linkplain Batch#close() closes} the batch when its
 * transaction ends, and a batch closed without running (a rollback) drops its actions. Outside a
 * unit an action runs at once, as the caller's next statement would, and its failure reaches the
 * caller.
 *
 * <p>Every action runs, even when one before it throws: the commit has happened and each action
 * is owed independently. A failure is logged with the purpose it was added for, never thrown to
 * the caller whose write has already committed.
 */
public final class AfterCommitActions {
  private static final Logger LOG = LoggerFactory.getLogger(AfterCommitActions.class);

  private final ThreadLocal<Batch> open = new ThreadLocal<>();

  /** Whether this thread is inside a unit of work that collects actions. */
  public boolean collecting() {
    return open.get() != null;
  }

  /**
   * Starts collecting this thread's actions; the caller runs the batch after its commit and closes
   * it in a {@code finally}. Throws if this thread already collects (a nested unit joins the outer
   * one instead of beginning its own).
   */
  public Batch begin() {
    if (open.get() != null) {
      throw new IllegalStateException("this thread already collects after-commit actions");
    }
    Batch batch = new Batch();
    open.set(batch);
    return batch;
  }

  /**
   * Runs {@code action} once this thread's unit of work commits, or at once (failing the caller if
   * it throws) outside one.
   *
   * @param purpose what the action is for, named in the log if it fails
   */
  public void add(String purpose, Runnable action) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(action, "action");
    Batch batch = open.get();
    if (batch == null) {
      action.run();
    } else {
      batch.actions.add(new Action(purpose, action));
    }
  }

  private static void runLogged(String purpose, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      LOG.warn("After-commit action failed: {}; the commit stands, this action did not run to its end",
          purpose, e);
    }
  }

  /** The actions one unit of work collected. */
  public final class Batch implements AutoCloseable {
    private final List<Action> actions = new ArrayList<>(2);
    private boolean closed;

    private Batch() {}

    /** How many actions are waiting. */
    public int size() {
      return actions.size();
    }

    /** Stops collecting on this thread and runs every action in the order added. */
    public void runAll() {
      close();
      List<Action> due = List.copyOf(actions);
      actions.clear();
      for (Action action : due) {
        runLogged(action.purpose(), action.body());
      }
    }

    /**
     * Stops collecting on this thread (the transaction has ended); the actions stay until {@link
     * #runAll()}, and are dropped if it is never called (the unit rolled back).
     */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (open.get() == this) {
          open.remove();
        }
      }
    }
  }

  private record Action(String purpose, Runnable body) {}
}
