package dev.operon.documents.internal;

import dev.operon.documents.DocumentHeader;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A document of one branch held in memory: the history of each scope, caught up with the store on
 * load and before each retry. Callers hold its monitor while they use it: one change at a time per
 * document, documents in parallel.
 */
public final class LoadedDocument {
  private final DocumentHeader header;
  private final DocumentModel model;
  private final String branch;
  private final Map<String, ScopeHistory> scopes = new HashMap<>();

  public LoadedDocument(DocumentHeader header, DocumentModel model, String branch) {
    this.header = header;
    this.model = model;
    this.branch = branch;
    for (DocumentScope<?> scope : model.scopes()) {
      scopes.put(scope.name(), new ScopeHistory(header.id(), branch, model, scope));
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

  /** The history of {@code scope}; a VALIDATION error if the document type has no such scope. */
  public ScopeHistory scope(String scope) {
    ScopeHistory history = scopes.get(scope);
    if (history == null) {
      throw Problems.invalid(header.id(), scope, 0, "Document type " + model.documentType() + " has no scope '"
          + scope + "'");
    }
    return history;
  }

  /** Replays, with hash checks, what the store has beyond this copy's revision of every scope. */
  public void catchUp(OperationStore store) {
    for (ScopeHistory history : scopes.values()) {
      catchUp(store, history);
    }
  }

  public void catchUp(OperationStore store, ScopeHistory history) {
    String scope = history.scopeName();
    List<Operation> newer = store.getSince(header.id(), scope, branch, history.revision());
    for (Operation operation : newer) {
      history.accept(history.replay(operation, true));
    }
  }
}
