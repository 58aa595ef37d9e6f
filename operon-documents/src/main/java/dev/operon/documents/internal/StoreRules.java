package dev.operon.documents.internal;

import dev.operon.documents.Operation;
import java.util.List;

/** The rules every store applies to an append, whatever keeps the operations. */
public final class StoreRules {
  private StoreRules() {}

  /**
   * Of {@code operations}, to be appended at {@code expectedRevision} to a scope whose stored
   * revision is {@code storedRevision} and whose stored operations from the expected revision on are
   * {@code storedFrom}, the ones not stored yet; throws if they do not line up (indexes not dense
   * from the expected revision), if the expected revision is beyond the stored one, or if one of
   * them takes a stored index with another id.
   */
  public static List<Operation> fresh(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations, int storedRevision, List<Operation> storedFrom) {
    for (int i = 0; i < operations.size(); i++) {
      if (operations.get(i).index() != expectedRevision + i) {
        throw Problems.invalid(documentId, scope, operations.get(i).index(), "Operations of document " + documentId
            + ", scope " + scope + " must have dense indexes from " + expectedRevision + "; operation " + i
            + " has index " + operations.get(i).index());
      }
      if (!operations.get(i).scope().equals(scope)) {
        throw Problems.invalid(documentId, scope, operations.get(i).index(), "Operation "
            + operations.get(i).index() + " of document " + documentId + " is of scope "
            + operations.get(i).scope() + ", not " + scope);
      }
    }
    if (expectedRevision > storedRevision) {
      throw Problems.invalid(documentId, scope, expectedRevision, "Missing operations in document " + documentId
          + ", scope " + scope + ", branch " + branch + ": it has " + storedRevision
          + " operations, these start at index " + expectedRevision);
    }
    int already = 0;
    while (already < operations.size() && already < storedFrom.size()) {
      Operation existing = storedFrom.get(already);
      Operation offered = operations.get(already);
      if (!existing.id().equals(offered.id()) || existing.skip() != offered.skip()) {
        throw Problems.revisionMismatch(documentId, scope, branch, expectedRevision, storedRevision);
      }
      already++;
    }
    return operations.subList(already, operations.size());
  }
}
