package dev.operon.documents.internal;

import dev.operon.documents.Action;
import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the jobs queued for one document together: each job's actions are stepped on the
 * document's copy in order (a job whose input is refused is taken back alone and fails alone), then
 * every scope's new operations go to the store in one append, with a keyframe when one is due. If
 * the store refuses because another writer got there first, the copy catches up and the whole batch
 * is stepped again, {@link #ATTEMPTS} times in all; other store failures fail every job of the batch.
 */
public final class BatchWriter {
  public static final int ATTEMPTS = 3;

  /** The actions of one dispatch, and where its operations (or its failure) go. */
  public interface Job {
    List<Action> actions();

    /** Whether the actions' signatures were checked when they were queued. */
    default boolean signaturesChecked() {
      return false;
    }

    void succeeded(List<Operation> operations);

    void failed(RuntimeException failure);
  }

  private final OperationStore store;
  private final int keyframeEvery;
  private final dev.operon.notify.ChangeNotifier notifier;

  /** A writer to {@code store} that announces its commits on {@code notifier} (none if null). */
  public BatchWriter(OperationStore store, int keyframeEvery, dev.operon.notify.ChangeNotifier notifier) {
    this.store = store;
    this.keyframeEvery = keyframeEvery;
    this.notifier = notifier;
  }

  /** Applies {@code jobs} to {@code document}; the caller holds the document's monitor. */
  public void write(LoadedDocument document, List<? extends Job> jobs) {
    for (int attempt = 1; ; attempt++) {
      Map<String, ScopeHistory.Savepoint> batchStart = new LinkedHashMap<>();
      Map<Job, List<Operation>> results = new LinkedHashMap<>();
      Map<Job, RuntimeException> refused = new LinkedHashMap<>();
      Map<String, List<Operation>> byScope = new LinkedHashMap<>();
      for (Job job : jobs) {
        try {
          results.put(job, step(document, job.actions(), job.signaturesChecked(), batchStart, byScope));
        } catch (RuntimeException e) {
          refused.put(job, e);
        }
      }
      try {
        commit(document, batchStart, byScope);
      } catch (OperonException e) {
        batchStart.forEach((scope, savepoint) -> document.scope(scope).rollback(savepoint));
        if (e.kind() == ErrorKind.CONCURRENCY && attempt < ATTEMPTS) {
          document.catchUp();
          continue;
        }
        jobs.forEach(job -> job.failed(refused.getOrDefault(job, e)));
        return;
      } catch (RuntimeException | Error e) {
        batchStart.forEach((scope, savepoint) -> document.scope(scope).rollback(savepoint));
        RuntimeException failure = e instanceof RuntimeException r ? r
            : new IllegalStateException("Writing document " + document.header().id() + " failed", e);
        jobs.forEach(job -> job.failed(refused.getOrDefault(job, failure)));
        if (e instanceof Error error) {
          throw error;
        }
        return;
      }
      if (notifier != null && !results.isEmpty()) {
        try {
          notifier.notify(dev.operon.documents.DocumentSyncLoop.CHANNEL);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(BatchWriter.class).debug("Could not announce a commit of document {}: {}",
              document.header().id(), e.toString());
        }
      }
      refused.forEach(Job::failed);
      results.forEach(Job::succeeded);
      return;
    }
  }

  /** Steps one job's actions; if one is refused, the job's steps are taken back and the error thrown. */
  private List<Operation> step(LoadedDocument document, List<Action> actions, boolean signaturesChecked,
      Map<String, ScopeHistory.Savepoint> batchStart, Map<String, List<Operation>> byScope) {
    Map<String, ScopeHistory.Savepoint> jobStart = new LinkedHashMap<>();
    List<Operation> operations = new ArrayList<>();
    try {
      for (Action action : actions) {
        ScopeHistory history = document.scope(action.scope());
        checkAttachments(document.header().id(), action, history.revision());
        batchStart.computeIfAbsent(action.scope(), s -> history.savepoint());
        jobStart.computeIfAbsent(action.scope(), s -> history.savepoint());
        ScopeHistory.Step step = history.next(action, signaturesChecked);
        history.accept(step);
        operations.add(step.operation());
      }
    } catch (RuntimeException e) {
      jobStart.forEach((scope, savepoint) -> document.scope(scope).rollback(savepoint));
      throw e;
    }
    for (Operation operation : operations) {
      byScope.computeIfAbsent(operation.scope(), s -> new ArrayList<>()).add(operation);
    }
    return operations;
  }

  private void commit(LoadedDocument document, Map<String, ScopeHistory.Savepoint> batchStart,
      Map<String, List<Operation>> byScope) {
    for (Map.Entry<String, List<Operation>> entry : byScope.entrySet()) {
      ScopeHistory history = document.scope(entry.getKey());
      Keyframe keyframe = history.revision() - history.lastKeyframe() >= keyframeEvery ? history.keyframe() : null;
      store.apply(document.header().id(), entry.getKey(), document.branch(),
          batchStart.get(entry.getKey()).revision(), entry.getValue(), keyframe);
      batchStart.remove(entry.getKey());
      if (keyframe != null) {
        history.keyframeMade(keyframe.revision());
      }
      history.compact();
    }
  }

  /** Refuses an action whose input names an attachment the store does not have. */
  private void checkAttachments(String documentId, Action action, int index) {
    List<String> missing = new ArrayList<>(AttachmentRefs.in(action.input()));
    missing.removeIf(hash -> store.attachment(hash).isPresent());
    if (!missing.isEmpty()) {
      throw Problems.invalid(documentId, action.scope(), index, "Action " + action.type() + " on document " + documentId
          + " refers to attachments that are not stored: " + missing + "; store them with attach(...) first");
    }
  }
}
