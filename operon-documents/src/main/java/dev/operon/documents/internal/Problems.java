package dev.operon.documents.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;

/** The errors of document operations, each naming the document, scope and index it is about. */
public final class Problems {
  public static final String DOCUMENT = "document";
  public static final String SCOPE = "scope";
  public static final String INDEX = "index";

  private Problems() {}

  /** Bad input: nothing was applied or stored. */
  public static OperonException invalid(String documentId, String scope, int index, String message) {
    return of(ErrorKind.VALIDATION, documentId, scope, index, message).retryable(false).build();
  }

  /** Another writer got there first: reload and try again. */
  public static OperonException revisionMismatch(String documentId, String scope, String branch, int expected,
      int actual) {
    return of(ErrorKind.CONCURRENCY, documentId, scope, actual, "Revision mismatch on document " + documentId
        + ", scope " + scope + ", branch " + branch + ": expected revision " + expected + " but it is " + actual
        + "; reload the document and apply again").retryable(true).build();
  }

  /** A stored or received operation whose hash is not the hash of the state it produces. */
  public static OperonException hashMismatch(String documentId, String scope, int index, String stored,
      String computed) {
    return of(ErrorKind.REPLAY, documentId, scope, index, "Hash mismatch on document " + documentId + ", scope "
        + scope + ", index " + index + ": the operation says " + stored + " but replaying it gives " + computed
        + "; the history was changed or the reducers are not the ones that wrote it").retryable(false).build();
  }

  private static OperonException.Builder of(ErrorKind kind, String documentId, String scope, int index,
      String message) {
    return OperonException.of(kind, message).id(DOCUMENT, documentId).id(SCOPE, scope)
        .id(INDEX, Integer.toString(index));
  }
}
