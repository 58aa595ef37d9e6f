package dev.operon.documents;

import java.util.List;
import java.util.Optional;

/**
 * The other side of a sync as the side that runs it sees it: its documents' headers, operations and
 * attachments, and the two ways of storing what the sync decided (appending, or replacing a scope's
 * divergent tail with the merge). {@link #of(OperationStore)} reaches another store directly (a
 * SQLite store syncing with a PostgreSQL one); an HTTP channel between two servers comes with the
 * server.
 */
public interface SyncChannel {

  Optional<DocumentHeader> header(String documentId);

  void create(DocumentHeader header);

  List<Operation> operationsSince(String documentId, String scope, String branch, int revision);

  void append(String documentId, String scope, String branch, int expectedRevision, List<Operation> operations);

  void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
      List<Operation> operations);

  Optional<Attachment> attachment(String hash);

  void putAttachment(Attachment attachment);

  /** The documents written on that side after ordinal {@code after} ({@link OperationStore#changedSince}). */
  List<DocumentChange> changedSince(long after, int limit);

  /** A channel to another store in this process. */
  static SyncChannel of(OperationStore store) {
    return new SyncChannel() {
      @Override
      public Optional<DocumentHeader> header(String documentId) {
        return store.header(documentId);
      }

      @Override
      public void create(DocumentHeader header) {
        store.create(header);
      }

      @Override
      public List<Operation> operationsSince(String documentId, String scope, String branch, int revision) {
        return store.getSince(documentId, scope, branch, revision);
      }

      @Override
      public void append(String documentId, String scope, String branch, int expectedRevision,
          List<Operation> operations) {
        store.apply(documentId, scope, branch, expectedRevision, operations);
      }

      @Override
      public void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
          List<Operation> operations) {
        store.replaceFrom(documentId, scope, branch, fromRevision, expectedRevision, operations);
      }

      @Override
      public Optional<Attachment> attachment(String hash) {
        return store.attachment(hash);
      }

      @Override
      public void putAttachment(Attachment attachment) {
        store.putAttachment(attachment);
      }

      @Override
      public List<DocumentChange> changedSince(long after, int limit) {
        return store.changedSince(after, limit);
      }
    };
  }
}
