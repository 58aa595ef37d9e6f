package dev.operon.documents;

import java.time.Instant;
import java.util.Objects;

/**
 * An action as a document's history records it: its position in its scope ({@code index}, from 0,
 * dense), how many operations it skips ({@code skip}: 1 for the NOOP an undo is stored as, 0
 * otherwise), when it was applied, the hash of the scope's state after it, and the reducer's error
 * if the reducer threw (the state is then unchanged, and the operation stays in the history). Its
 * id is derived from the document, scope, branch and action id ({@code OperationIds}), so the same
 * action is the same operation wherever it is applied.
 */
public record Operation(String id, int index, int skip, Instant timestamp, String hash, String error,
    Action action) {

  public Operation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(action, "action");
    if (index < 0 || skip < 0) {
      throw new IllegalArgumentException("An operation's index and skip are never negative: index " + index
          + ", skip " + skip);
    }
  }

  /** Whether the reducer failed on it (the state did not change). */
  public boolean failed() {
    return error != null;
  }

  /** The scope it belongs to. */
  public String scope() {
    return action.scope();
  }
}
