package dev.operon.documents;

import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.OperationTracker;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a {@link DocumentSyncLoop} as a tracked operation {@code Document.Sync}, when the
 * loop has a tracker and the round moves something: the operation starts with the first document
 * that pulls, pushes or merges operations (or fails), so the rounds that find everything in sync
 * leave nothing. Tracking never stops a round: a tracker that fails is logged, and the round goes
 * on untracked.
 */
final class SyncRound {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRound.class);

  private OperationTracker tracker;
  private final String loop;
  private final int documents;
  private String id;
  private int done;
  private int failed;
  private SyncResult moved = SyncResult.NOTHING;

  SyncRound(OperationTracker tracker, String loop, int documents) {
    this.tracker = tracker;
    this.loop = loop;
    this.documents = documents;
  }

  void synced(String document, SyncResult result) {
    done++;
    moved = moved.plus(result);
    if (result.pulled() + result.pushed() + result.merged() > 0) {
      report(() -> tracker.updateProgress(started(), done * 100 / documents, "synced " + document));
    }
  }

  void failed(String document, RuntimeException error) {
    done++;
    failed++;
    report(() -> tracker.addEvent(started(), "Error", "document " + document + " did not sync: " + error.getMessage(),
        null));
  }

  void end() {
    if (id == null) {
      return;
    }
    report(() -> {
      tracker.updateProgress(id, 100, null);
      tracker.complete(id, failed == 0 ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, failed == 0
          ? "synced " + documents + " documents: pulled " + moved.pulled() + ", pushed " + moved.pushed()
              + ", merged " + moved.merged() + " operations"
          : failed + " of " + documents + " documents did not sync");
    });
  }

  /** The round's operation, started now if it was not yet, correlated by the loop's name. */
  private String started() {
    if (id == null) {
      id = tracker.start("Document.Sync", loop, null, Map.of("loop", loop, "documents", String.valueOf(documents)));
    }
    return id;
  }

  private void report(Runnable call) {
    if (tracker == null) {
      return;
    }
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("Tracking a round of sync loop {} failed, the round goes on untracked: {}", loop, e.toString());
      tracker = null;
    }
  }
}
