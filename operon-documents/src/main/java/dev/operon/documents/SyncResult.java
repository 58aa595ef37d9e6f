package dev.operon.documents;

/**
 * What one sync of one document did: operations received and stored here, operations sent and
 * stored there, and operations rewritten on both sides by merging concurrent edits.
 */
public record SyncResult(int pulled, int pushed, int merged) {
  public static final SyncResult NOTHING = new SyncResult(0, 0, 0);

  SyncResult plus(SyncResult other) {
    return new SyncResult(pulled + other.pulled, pushed + other.pushed, merged + other.merged);
  }
}
