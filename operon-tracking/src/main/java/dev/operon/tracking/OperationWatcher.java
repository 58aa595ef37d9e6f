package dev.operon.tracking;

import java.time.Duration;
import java.util.List;

/** Finds operations whose heartbeat stopped, and marks them. */
public interface OperationWatcher {

  /** Running or pending operations not updated for longer than {@code threshold}, by the store's clock. */
  List<TrackedOperation> findStalled(Duration threshold);

  /** Marks a running or pending operation STALLED; false if it had ended (or was stalled already). */
  boolean markStalled(String id);
}
