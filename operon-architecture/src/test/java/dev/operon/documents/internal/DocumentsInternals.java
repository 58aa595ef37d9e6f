package dev.operon.documents.internal;

/** A fixture: an internal class of a capability module. */
public final class DocumentsInternals {
  public static int answer() {
    return 42;
  }
}
