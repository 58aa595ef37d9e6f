package dev.operon.documents;

import java.util.List;
import java.util.function.IntFunction;

/** The history of one scope of a document: its operations, and its state at any revision. */
public final class DocumentHistory {
  private final String documentId;
  private final String scope;
  private final List<Operation> operations;
  private final IntFunction<Object> stateAt;

  DocumentHistory(String documentId, String scope, List<Operation> operations, IntFunction<Object> stateAt) {
    this.documentId = documentId;
    this.scope = scope;
    this.operations = operations;
    this.stateAt = stateAt;
  }

  public String documentId() {
    return documentId;
  }

  public String scope() {
    return scope;
  }

  /** Every operation, by index. */
  public List<Operation> operations() {
    return operations;
  }

  /** The operations up to revision {@code revision} (its first {@code revision} operations). */
  public List<Operation> upTo(int revision) {
    return operations.subList(0, Math.max(0, Math.min(revision, operations.size())));
  }

  /** The state after the first {@code revision} operations (0: the initial state). */
  public <S> S stateAt(int revision, Class<S> type) {
    return type.cast(stateAt.apply(revision));
  }
}
