package dev.operon.documents.internal;

import dev.operon.documents.DocumentHeader;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.error.OperonException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document of one branch held in memory: the recent history of each scope, loaded from its
 * newest keyframe of the model's version (checked against the operation it follows) and caught up
 * with the store on load and before each retry. Callers hold its monitor while they use it: one
 * change at a time per document, documents in parallel.
 */
public final class LoadedDocument {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedDocument.class);

  private final DocumentHeader header;
  private final DocumentModel model;
  private final String branch;
  private final OperationStore store;
  private final Map<String, ScopeHistory> scopes = new HashMap<>();

  public LoadedDocument(DocumentHeader header, DocumentModel model, String branch, OperationStore store) {
    this.header = header;
    this.model = model;
    this.branch = branch;
    this.store = store;
    for (DocumentScope<?> scope : model.scopes()) {
      scopes.put(scope.name(), load(scope));
    }
  }

  public DocumentHeader header() {
    return header;
  }

  public DocumentModel model() {
    return model;
  }

  public String branch() {
    return branch;
  }

  /** The revision of {@code scope} as this copy holds it (0 for a scope the model does not have). */
  public int revisionOf(String scope) {
    synchronized (this) {
      ScopeHistory history = scopes.get(scope);
      return history == null ? 0 : history.revision();
    }
  }

  /** The history of {@code scope}; a VALIDATION error if the document type has no such scope. */
  public ScopeHistory scope(String scope) {
    ScopeHistory history = scopes.get(scope);
    if (history == null) {
      throw Problems.invalid(header.id(), scope, 0, "Document type " + model.documentType() + " has no scope '"
          + scope + "'");
    }
    return history;
  }

  /**
   * Replays, with hash checks, what the store has beyond this copy's revision of every scope. If
   * the store's operation at this copy's last revision is not this copy's (a sync merged concurrent
   * edits and rewrote the scope's tail), the scope is loaded again from the store.
   */
  public void catchUp() {
    for (DocumentScope<?> scope : model.scopes()) {
      ScopeHistory history = scopes.get(scope.name());
      int revision = history.revision();
      List<Operation> newer = store.getSince(header.id(), scope.name(), branch, Math.max(0, revision - 1));
      boolean same = revision == 0 || (!newer.isEmpty() && newer.get(0).hash().equals(history.hash())
          && newer.get(0).id().equals(history.lastOperationId()));
      if (same) {
        replay(history, revision == 0 ? newer : newer.subList(1, newer.size()));
      } else {
        LOG.debug("Document {}, scope {} was rewritten in the store below revision {}; loading it again",
            header.id(), scope.name(), revision);
        scopes.put(scope.name(), load(scope));
      }
    }
  }

  private ScopeHistory load(DocumentScope<?> scope) {
    return load(store, header, model, branch, scope, Integer.MAX_VALUE);
  }

  /**
   * Scope {@code scope} of a document as {@code store} holds it, up to revision {@code upTo}:
   * started at the newest keyframe of the model's version at or below it (checked against the
   * operation it follows), replayed from there with every hash and signature checked.
   */
  public static ScopeHistory load(OperationStore store, DocumentHeader header, DocumentModel model, String branch,
      DocumentScope<?> scope, int upTo) {
    HistorySource source = new HistorySource() {
      @Override
      public List<Operation> operations(int from, int to) {
        List<Operation> since = store.getSince(header.id(), scope.name(), branch, from);
        return since.subList(0, Math.max(0, Math.min(since.size(), to - from)));
      }

      @Override
      public Optional<Keyframe> keyframe(int atMost) {
        return store.keyframe(header.id(), scope.name(), branch, atMost, model.version());
      }
    };
    Optional<Keyframe> keyframe = source.keyframe(upTo);
    if (keyframe.isPresent() && keyframe.get().revision() > 0) {
      Keyframe k = keyframe.get();
      List<Operation> from = store.getSince(header.id(), scope.name(), branch, k.revision() - 1);
      if (!from.isEmpty() && from.get(0).hash().equals(k.hash())) {
        ScopeHistory history = new ScopeHistory(header.id(), branch, model, scope, source);
        try {
          history.startAt(k);
          replay(history, upTo(from.subList(1, from.size()), upTo));
          return history;
        } catch (OperonException | IllegalStateException e) {
          LOG.warn("Keyframe {} of document {}, scope {} cannot be used ({}); replaying the history instead",
              k.revision(), header.id(), scope.name(), e.getMessage());
        }
      } else {
        LOG.warn("Keyframe {} of document {}, scope {} does not match operation {}; replaying the history instead",
            k.revision(), header.id(), scope.name(), k.revision() - 1);
      }
    }
    ScopeHistory history = new ScopeHistory(header.id(), branch, model, scope, source);
    replay(history, upTo(store.getSince(header.id(), scope.name(), branch, 0), upTo));
    return history;
  }

  private static List<Operation> upTo(List<Operation> operations, int revision) {
    int keep = 0;
    while (keep < operations.size() && operations.get(keep).index() < revision) {
      keep++;
    }
    return operations.subList(0, keep);
  }


  private static void replay(ScopeHistory history, List<Operation> operations) {
    for (Operation operation : operations) {
      history.accept(history.replay(operation, true));
      history.compact();
    }
  }
}
