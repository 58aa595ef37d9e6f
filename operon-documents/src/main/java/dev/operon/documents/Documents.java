package dev.operon.documents;

import dev.operon.documents.internal.BatchWriter;
import dev.operon.documents.internal.DispatchObserver;
import dev.operon.documents.internal.DocumentQueue;
import dev.operon.documents.internal.LoadedDocument;
import dev.operon.documents.internal.Problems;
import dev.operon.documents.internal.ScopeHistory;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.tracking.Telemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Event-sourced documents: create a document of a registered type, dispatch actions to it, read
 * its state, hash and history. Dispatches to one document wait in its queue and are applied in
 * order, one batch at a time: each is validated and reduced, and the batch's operations are
 * appended to the store at the revision the document was read at, in one transaction per scope,
 * before anyone sees them. If another writer got there first, the document catches up with the
 * store and the batch is applied again (3 times in all); a dispatch with bad input fails alone.
 * Documents are written in parallel, and loaded from their newest keyframe with every hash checked.
 */
public final class Documents {
  /** The branch documents live on unless one is named. */
  public static final String MAIN = "main";
  /** How many revisions of a scope go by, at most, between two of its keyframes (by default). */
  public static final int KEYFRAME_EVERY = 10;
  /** The largest attachment accepted unless the builder says otherwise: 16 MiB. */
  public static final long MAX_ATTACHMENT_BYTES = 16L * 1024 * 1024;
  /** How many documents (per branch) are held in memory unless the builder says otherwise. */
  public static final long MAX_LOADED_DOCUMENTS = 10_000;

  private final OperationStore store;
  private final Map<String, DocumentModel> models;
  private final Clock clock;
  private final IdGenerator ids;
  private final int keyframeEvery;
  private final long maxAttachmentBytes;
  private final com.github.benmanes.caffeine.cache.Cache<String, DocumentQueue> loaded;
  private final BatchWriter writer;
  private final DispatchObserver observer;

  private Documents(Builder builder) {
    this.store = Objects.requireNonNull(builder.store, "store");
    this.models = Map.copyOf(builder.models);
    this.clock = builder.clock;
    this.ids = new IdGenerator(clock);
    this.keyframeEvery = builder.keyframeEvery;
    this.maxAttachmentBytes = builder.maxAttachmentBytes;
    this.writer = new BatchWriter(store, keyframeEvery, builder.notifier);
    this.observer = new DispatchObserver(builder.telemetry);
    this.loaded = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(builder.maxLoadedDocuments)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Creates document {@code documentId} of a registered type; returns its header. */
  public DocumentHeader create(String documentId, String documentType, String name) {
    if (documentId == null || documentId.isBlank()) {
      throw OperonException.invalid("A document needs an id, was '" + documentId + "'");
    }
    DocumentModel model = model(documentType, documentId);
    DocumentHeader header = new DocumentHeader(documentId, documentType, model.version(), name, clock.instant());
    store.create(header);
    return header;
  }

  /**
   * Applies {@code actions} to a document on the main branch, in order; returns their operations.
   * Bad input (an unknown action type, an input its validator refuses, an undo with nothing to
   * undo) is refused with an error naming the document, scope and index, and nothing is stored.
   */
  public List<Operation> dispatch(String documentId, Action... actions) {
    return dispatch(documentId, MAIN, List.of(actions));
  }

  /** {@link #dispatch(String, Action...)} on {@code branch}. */
  public List<Operation> dispatch(String documentId, String branch, List<Action> actions) {
    try {
      return submit(documentId, branch, actions).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Queues {@code actions} for a document: dispatches to one document are applied one after another
   * in the order they were queued, and those queued while a batch is being written go to the store
   * together in the next one; documents are written in parallel. The future fails with the errors
   * {@link #dispatch(String, Action...)} throws.
   */
  public java.util.concurrent.CompletableFuture<List<Operation>> submit(String documentId, String branch,
      List<Action> actions) {
    if (actions.isEmpty()) {
      return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }
    DispatchObserver.Dispatch dispatch = observer.start(documentId, actions);
    try {
      DocumentQueue queue = queue(documentId, branch);
      dispatch.documentType(queue.document().header().documentType());
      DocumentModel model = queue.document().model();
      for (Action action : actions) {
        String problem = model.signaturesRequired() || action.context().signed()
            || !action.context().signatures().isEmpty() ? ActionSigning.problem(action, documentId) : null;
        if (problem != null) {
          return dispatch.until(java.util.concurrent.CompletableFuture.failedFuture(Problems.invalid(documentId,
              action.scope(), queue.document().revisionOf(action.scope()), "Action " + action.id() + " ("
                  + action.type() + ") on document " + documentId + ", scope " + action.scope() + " is refused: "
                  + problem)));
        }
      }
      return dispatch.until(queue.submit(actions, true));
    } catch (RuntimeException | Error e) {
      dispatch.ended(null, e);
      throw e;
    }
  }

  /** Undoes the last effective operation of {@code scope}. */
  public Operation undo(String documentId, String scope) {
    return dispatch(documentId, Action.undo(ids.next(), scope, clock.instant())).get(0);
  }

  /** Re-applies what the last undo of {@code scope} took away. */
  public Operation redo(String documentId, String scope) {
    return dispatch(documentId, Action.redo(ids.next(), scope, clock.instant())).get(0);
  }

  /**
   * Stores a file for actions to refer to (by {@link Attachment#uri()} in their input); a file stored
   * before is not stored again. A VALIDATION error if it is larger than the limit.
   */
  public Attachment attach(byte[] data, String mimeType, String fileName) {
    if (data.length > maxAttachmentBytes) {
      throw OperonException.invalid("Attachment '" + fileName + "' has " + data.length + " bytes, more than the "
          + maxAttachmentBytes + " allowed; raise Documents.builder().maxAttachmentBytes(...) or store it elsewhere");
    }
    Attachment attachment = Attachment.of(data, mimeType, fileName);
    store.putAttachment(attachment);
    return attachment;
  }

  /** The attachment a URI ({@code attachment://v1:<hex>}) or a hash names. */
  public java.util.Optional<Attachment> attachment(String uriOrHash) {
    String hash = uriOrHash.startsWith(Attachment.URI_PREFIX) ? uriOrHash.substring(Attachment.URI_PREFIX.length())
        : uriOrHash;
    return store.attachment(hash);
  }

  /**
   * An action with a fresh id and the clock's time, of the current version of its type (in the
   * models registered here that have it).
   */
  public Action action(String type, String scope, Object input) {
    int version = models.values().stream().flatMap(m -> m.action(type).stream())
        .mapToInt(ActionDefinition::version).max().orElse(1);
    return Action.of(ids.next(), type, scope, input, clock.instant()).withVersion(version);
  }

  /** The state of {@code scope} of a document on the main branch. */
  public <S> S state(String documentId, DocumentScope<S> scope) {
    return state(documentId, MAIN, scope);
  }

  /** The state of {@code scope} of a document on {@code branch}. */
  public <S> S state(String documentId, String branch, DocumentScope<S> scope) {
    LoadedDocument document = load(documentId, branch);
    synchronized (document) {
      return scope.stateType().cast(document.scope(scope.name()).state());
    }
  }

  /** The hash of the state of {@code scope} of a document on the main branch. */
  public String hash(String documentId, String scope) {
    return hash(documentId, MAIN, scope);
  }

  /** The hash of the state of {@code scope} of a document on {@code branch}. */
  public String hash(String documentId, String branch, String scope) {
    LoadedDocument document = load(documentId, branch);
    synchronized (document) {
      return document.scope(scope).hash();
    }
  }

  /** The header of document {@code documentId}, if it exists. */
  public java.util.Optional<DocumentHeader> header(String documentId) {
    return store.header(documentId);
  }

  /** The names of the scopes of document {@code documentId}'s type; a VALIDATION error if it does not exist. */
  public List<String> scopes(String documentId) {
    DocumentHeader header = store.header(documentId).orElseThrow(() -> Problems.invalid(documentId, "header", 0,
        "There is no document " + documentId + "; create it first"));
    return model(header.documentType(), documentId).scopes().stream().map(DocumentScope::name).toList();
  }

  /** The revision of each scope of document {@code documentId} on {@code branch} (scopes never written: absent). */
  public Map<String, Integer> revisions(String documentId, String branch) {
    return store.revisions(documentId, branch);
  }

  /** The documents written after ordinal {@code after}, oldest change first ({@link OperationStore#changedSince}). */
  public List<DocumentChange> changedSince(long after, int limit) {
    return store.changedSince(after, limit);
  }

  /** The history of {@code scope} of a document on the main branch. */
  public DocumentHistory history(String documentId, String scope) {
    LoadedDocument document = load(documentId, MAIN);
    synchronized (document) {
      ScopeHistory history = document.scope(scope);
      List<Operation> operations = store.getSince(documentId, scope, MAIN, 0).subList(0, history.revision());
      return new DocumentHistory(documentId, scope, operations, revision -> {
        synchronized (document) {
          return history.stateAt(revision);
        }
      });
    }
  }

  private LoadedDocument load(String documentId, String branch) {
    LoadedDocument document = queue(documentId, branch).document();
    synchronized (document) {
      document.catchUp();
    }
    return document;
  }

  private DocumentQueue queue(String documentId, String branch) {
    return loaded.get(documentId + "\u0000" + branch, key -> {
      DocumentHeader header = store.header(documentId).orElseThrow(() -> Problems.invalid(documentId, "header", 0,
          "There is no document " + documentId + "; create it first"));
      return new DocumentQueue(new LoadedDocument(header, model(header.documentType(), documentId), branch, store),
          writer);
    });
  }

  OperationStore store() {
    return store;
  }

  DocumentModel model(String documentType, String documentId) {
    DocumentModel model = models.get(documentType);
    if (model == null) {
      throw Problems.invalid(documentId, "header", 0, "Unknown document type '" + documentType + "' of document "
          + documentId + "; register its model with Documents.builder().model(...)");
    }
    return model;
  }

  public static final class Builder {
    private OperationStore store;
    private final Map<String, DocumentModel> models = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private int keyframeEvery = KEYFRAME_EVERY;
    private long maxAttachmentBytes = MAX_ATTACHMENT_BYTES;
    private long maxLoadedDocuments = MAX_LOADED_DOCUMENTS;
    private dev.operon.notify.ChangeNotifier notifier;
    private Telemetry telemetry = Telemetry.none();

    public Builder store(OperationStore store) {
      this.store = store;
      return this;
    }

    public Builder model(DocumentModel model) {
      if (models.putIfAbsent(model.documentType(), model) != null) {
        throw OperonException.invalid("Document type " + model.documentType() + " is registered twice");
      }
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Stores a keyframe of a scope with the operations that take it {@code revisions} past its last one. */
    public Builder keyframeEvery(int revisions) {
      if (revisions < 1) {
        throw OperonException.invalid("Keyframes come every 1 or more revisions, not " + revisions);
      }
      this.keyframeEvery = revisions;
      return this;
    }

    /**
     * Announces each commit on {@link DocumentSyncLoop#CHANNEL} of {@code notifier}, so that sync
     * loops (here and on other hosts) run at once instead of at their next period.
     */
    public Builder notifier(dev.operon.notify.ChangeNotifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

    /**
     * How many documents are held in memory at most (10,000 by default); the least used ones are let
     * go and loaded again, from their newest keyframe, when they are used again.
     */
    public Builder maxLoadedDocuments(long documents) {
      if (documents < 1) {
        throw OperonException.invalid("At least 1 document must be held in memory, not " + documents);
      }
      this.maxLoadedDocuments = documents;
      return this;
    }

    /** The largest attachment {@link Documents#attach} accepts, in bytes. */
    public Builder maxAttachmentBytes(long bytes) {
      if (bytes < 1) {
        throw OperonException.invalid("The attachment limit must be at least 1 byte, was " + bytes);
      }
      this.maxAttachmentBytes = bytes;
      return this;
    }

    /**
     * Where dispatches report their meters and spans (default {@link Telemetry#none()}): the
     * operations applied and the actions rejected, by document type; the time from submission to
     * the end of the write; a span {@code document <action type>} per dispatch.
     */
    public Builder telemetry(Telemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    public Documents build() {
      return new Documents(this);
    }
  }
}
