package dev.operon.commands.internal;

import dev.operon.tracking.CorrelationContext;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.OperationTracker;
import dev.operon.tracking.TrackedOperation;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent operations as tracked operations {@code Command.<Type>} under the operation's id: a
 * success recorded inside the operation's transaction, before its commit (so both commit or
 * neither), a failure recorded after the rollback (the failure must outlive the transaction it
 * undid). A tracker that refuses or fails on a failure is logged, never thrown over the command's
 * own error.
 */
final class TrackedCommands {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedCommands.class);

  private final OperationTracker tracker;
  private final String hostId;

  TrackedCommands(OperationTracker tracker, String hostId) {
    this.tracker = tracker;
    this.hostId = hostId;
  }

  /** Records {@code operation} SUCCEEDED, in its transaction (a failure here rolls the operation back). */
  void succeeded(OperationState operation, Instant began) {
    if (tracker != null) {
      tracker.recordEnded(ended(operation, began, OperationStatus.SUCCEEDED, null));
    }
  }

  /** Records {@code operation} FAILED with {@code error}, after its transaction rolled back. */
  void failed(OperationState operation, Instant began, Throwable error) {
    if (tracker == null) {
      return;
    }
    try {
      tracker.recordEnded(ended(operation, began, OperationStatus.FAILED, String.valueOf(error.getMessage())));
    } catch (RuntimeException e) {
      LOG.warn("Could not track the failure of operation {}: {}", operation.id(), e.toString());
    }
  }

  private TrackedOperation ended(OperationState operation, Instant began, OperationStatus status, String message) {
    String correlation = CorrelationContext.current().map(CorrelationContext::correlationId).orElse(null);
    return new TrackedOperation(operation.id(), "Command." + CommandObserver.nameOf(operation.command().getClass()),
        status, began, began, null, null, message, correlation, null, Map.of("host", hostId), 1);
  }
}
