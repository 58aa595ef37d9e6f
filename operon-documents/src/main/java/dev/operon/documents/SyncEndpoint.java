package dev.operon.documents;

import dev.operon.documents.internal.LoadedDocument;
import dev.operon.documents.internal.Problems;
import dev.operon.documents.internal.ScopeHistory;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * This side of a sync as another side reaches it (over HTTP, say): a {@link SyncChannel} onto
 * this side's store that checks what arrives before storing it. A header must name a document type
 * registered here; operations sent by {@code append} or {@code replaceFrom} are replayed on this
 * side's history at the point they go to, every hash and signature checked, so a tampered or
 * unsigned operation is refused by document, scope and index and nothing is stored; an attachment
 * must hash to its name. What the other side reads is read from the store as it is.
 */
public final class SyncEndpoint implements SyncChannel {
  private final Documents documents;
  private final SyncChannel store;

  /** The endpoint of {@code documents}: its store, checked with its models. */
  public SyncEndpoint(Documents documents) {
    this.documents = documents;
    this.store = SyncChannel.of(documents.store());
  }

  @Override
  public Optional<DocumentHeader> header(String documentId) {
    return store.header(documentId);
  }

  @Override
  public void create(DocumentHeader header) {
    documents.model(header.documentType(), header.id());
    store.create(header);
  }

  @Override
  public List<Operation> operationsSince(String documentId, String scope, String branch, int revision) {
    return store.operationsSince(documentId, scope, branch, revision);
  }

  @Override
  public void append(String documentId, String scope, String branch, int expectedRevision, List<Operation> operations) {
    checked(documentId, scope, branch, expectedRevision, operations);
    store.append(documentId, scope, branch, expectedRevision, operations);
  }

  @Override
  public void replaceFrom(String documentId, String scope, String branch, int fromRevision, int expectedRevision,
      List<Operation> operations) {
    checked(documentId, scope, branch, fromRevision, operations);
    store.replaceFrom(documentId, scope, branch, fromRevision, expectedRevision, operations);
  }

  @Override
  public Optional<Attachment> attachment(String hash) {
    return store.attachment(hash);
  }

  @Override
  public void putAttachment(Attachment attachment) {
    String actual = HexFormat.of().formatHex(dev.operon.documents.internal.CanonicalJson.sha256(attachment.data()));
    if (!actual.equals(attachment.hash()) || attachment.size() != attachment.data().length) {
      throw dev.operon.error.OperonException.invalid("Attachment " + attachment.hash() + " is refused: its "
          + attachment.data().length + " bytes hash to " + actual + " (size given: " + attachment.size() + ")");
    }
    store.putAttachment(attachment);
  }

  @Override
  public List<DocumentChange> changedSince(long after, int limit) {
    return store.changedSince(after, limit);
  }

  private void checked(String documentId, String scopeName, String branch, int at, List<Operation> operations) {
    DocumentHeader header = store.header(documentId).orElseThrow(() -> Problems.invalid(documentId, scopeName, at,
        "No document " + documentId + " on this side: create its header first"));
    DocumentModel model = documents.model(header.documentType(), documentId);
    DocumentScope<?> scope = model.scope(scopeName).orElseThrow(() -> Problems.invalid(documentId, scopeName, at,
        "Document type " + header.documentType() + " has no scope '" + scopeName + "'"));
    replayed(documents.store(), header, model, branch, scope, at, operations);
  }

  /** Replays {@code operations} on the history of {@code scope} at revision {@code at}: hashes and signatures checked. */
  static void replayed(OperationStore store, DocumentHeader header, DocumentModel model, String branch,
      DocumentScope<?> scope, int at, List<Operation> operations) {
    ScopeHistory history = LoadedDocument.load(store, header, model, branch, scope, at);
    for (Operation operation : operations) {
      history.accept(history.replay(operation, true));
    }
  }
}
