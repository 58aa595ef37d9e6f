package dev.operon.documents;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where documents and their operations are kept. Operations of one (document, scope, branch) have
 * dense indexes from 0; {@link #apply} appends at an expected revision, atomically.
 */
public interface OperationStore {

  /** Records a new document; a CONCURRENCY error if one with its id exists already (with another type). */
  void create(DocumentHeader header);

  Optional<DocumentHeader> header(String documentId);

  /**
   * Appends {@code operations} (indexes {@code expectedRevision}, {@code expectedRevision + 1}, ...)
   * to the scope's history, all or none. Operations already stored at those indexes with the same
   * ids are not stored again (applying the same operations twice returns what is stored); an
   * operation at a stored index with another id is a revision mismatch (a CONCURRENCY error, to be
   * retried after reloading); an expected revision beyond the stored one is refused as missing
   * operations. Returns the operations as stored.
   */
  List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations);

  /**
   * {@link #apply(String, String, String, int, List)} and, if it stores anything, {@code keyframe}
   * (null for none) with it; a database store writes both in one transaction.
   */
  default List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations, Keyframe keyframe) {
    List<Operation> stored = apply(documentId, scope, branch, expectedRevision, operations);
    if (keyframe != null) {
      putKeyframe(keyframe);
    }
    return stored;
  }

  /**
   * Replaces the operations of a scope from index {@code fromRevision} on with {@code operations}
   * (indexes dense from {@code fromRevision}), all or none, if the scope's revision is still
   * {@code expectedRevision} (a CONCURRENCY error if not); keyframes above {@code fromRevision} go.
   * This is how a sync stores the merge of concurrent edits.
   */
  void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
      List<Operation> operations);

  /** The operations of a scope from index {@code revision} on, by index. */
  List<Operation> getSince(String documentId, String scope, String branch, int revision);

  /** The operations of a scope whose timestamp is at or after {@code since}, by index. */
  List<Operation> getSinceTimestamp(String documentId, String scope, String branch, Instant since);

  /** The revision (the number of operations) of each scope of a document on a branch that has any. */
  Map<String, Integer> revisions(String documentId, String branch);

  /** Stores a keyframe (replacing one of the same document, scope, branch and revision). */
  void putKeyframe(Keyframe keyframe);

  /**
   * The keyframe of a scope with the highest revision at or below {@code atMost} made by model
   * version {@code modelVersion}; keyframes of other versions are passed over.
   */
  Optional<Keyframe> keyframe(String documentId, String scope, String branch, int atMost, int modelVersion);

  /** Stores an attachment unless one with its hash is stored already. */
  void putAttachment(Attachment attachment);

  /** The attachment whose SHA-256 is {@code hash} (hex). */
  Optional<Attachment> attachment(String hash);

  /**
   * The documents written after ordinal {@code after} among the next {@code limit} operations
   * written, each once with the highest ordinal seen, by ordinal. Ordinals grow with every write of
   * the store (an append or a replacement); a sync loop follows them to find what changed.
   */
  List<DocumentChange> changedSince(long after, int limit);
}
