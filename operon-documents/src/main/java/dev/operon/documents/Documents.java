package dev.operon.documents;

import dev.operon.documents.internal.LoadedDocument;
import dev.operon.documents.internal.Problems;
import dev.operon.documents.internal.ScopeHistory;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event-sourced documents: create a document of a registered type, dispatch actions to it, read
 * its state, hash and history. Each dispatch validates and reduces its actions, appends the
 * resulting operations to the store at the revision it read, and only then shows them; if another
 * writer got there first, it catches up with the store and tries again (3 times). Documents are
 * loaded from the store with every hash checked.
 */
public final class Documents {
  /** The branch documents live on unless one is named. */
  public static final String MAIN = "main";
  static final int ATTEMPTS = 3;
  /** How many revisions of a scope go by, at most, between two of its keyframes (by default). */
  public static final int KEYFRAME_EVERY = 10;
  /** The largest attachment accepted unless the builder says otherwise: 16 MiB. */
  public static final long MAX_ATTACHMENT_BYTES = 16L * 1024 * 1024;

  private final OperationStore store;
  private final Map<String, DocumentModel> models;
  private final Clock clock;
  private final IdGenerator ids;
  private final int keyframeEvery;
  private final long maxAttachmentBytes;
  private final Map<String, LoadedDocument> loaded = new ConcurrentHashMap<>();

  private Documents(Builder builder) {
    this.store = Objects.requireNonNull(builder.store, "store");
    this.models = Map.copyOf(builder.models);
    this.clock = builder.clock;
    this.ids = new IdGenerator(clock);
    this.keyframeEvery = builder.keyframeEvery;
    this.maxAttachmentBytes = builder.maxAttachmentBytes;
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
    LoadedDocument document = load(documentId, branch);
    synchronized (document) {
      for (int attempt = 1; ; attempt++) {
        try {
          return applyAll(document, actions);
        } catch (OperonException e) {
          if (e.kind() != ErrorKind.CONCURRENCY || attempt == ATTEMPTS) {
            throw e;
          }
          document.catchUp();
        }
      }
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

  /** An action of this document type with a fresh id and the clock's time. */
  public Action action(String type, String scope, Object input) {
    return Action.of(ids.next(), type, scope, input, clock.instant());
  }

  /** The state of {@code scope} of a document on the main branch. */
  public <S> S state(String documentId, DocumentScope<S> scope) {
    LoadedDocument document = load(documentId, MAIN);
    synchronized (document) {
      return scope.stateType().cast(document.scope(scope.name()).state());
    }
  }

  /** The hash of the state of {@code scope} of a document on the main branch. */
  public String hash(String documentId, String scope) {
    LoadedDocument document = load(documentId, MAIN);
    synchronized (document) {
      return document.scope(scope).hash();
    }
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

  /**
   * Steps every action on the document's copy (so that the second action of a scope sees the first),
   * then appends each scope's operations to the store; if the store refuses, the copy goes back to
   * where it was.
   */
  private List<Operation> applyAll(LoadedDocument document, List<Action> actions) {
    Map<String, ScopeHistory.Savepoint> savepoints = new LinkedHashMap<>();
    Map<String, List<Operation>> byScope = new LinkedHashMap<>();
    List<Operation> result = new ArrayList<>();
    try {
      for (Action action : actions) {
        ScopeHistory history = document.scope(action.scope());
        checkAttachments(document.header().id(), action, history.revision());
        savepoints.computeIfAbsent(action.scope(), s -> history.savepoint());
        ScopeHistory.Step step = history.next(action);
        history.accept(step);
        byScope.computeIfAbsent(action.scope(), s -> new ArrayList<>()).add(step.operation());
        result.add(step.operation());
      }
      for (Map.Entry<String, List<Operation>> entry : byScope.entrySet()) {
        ScopeHistory history = document.scope(entry.getKey());
        Keyframe keyframe = history.revision() - history.lastKeyframe() >= keyframeEvery ? history.keyframe() : null;
        store.apply(document.header().id(), entry.getKey(), document.branch(),
            savepoints.get(entry.getKey()).revision(), entry.getValue(), keyframe);
        savepoints.remove(entry.getKey());
        if (keyframe != null) {
          history.keyframeMade(keyframe.revision());
        }
        history.compact();
      }
      return result;
    } catch (RuntimeException | Error e) {
      savepoints.forEach((scope, savepoint) -> document.scope(scope).rollback(savepoint));
      throw e;
    }
  }

  /** Refuses an action whose input names an attachment the store does not have. */
  private void checkAttachments(String documentId, Action action, int index) {
    List<String> missing = new ArrayList<>();
    collectAttachments(action.input(), missing);
    missing.removeIf(hash -> store.attachment(hash).isPresent());
    if (!missing.isEmpty()) {
      throw Problems.invalid(documentId, action.scope(), index, "Action " + action.type() + " on document " + documentId
          + " refers to attachments that are not stored: " + missing + "; store them with attach(...) first");
    }
  }

  private static void collectAttachments(com.fasterxml.jackson.databind.JsonNode node, List<String> hashes) {
    if (node.isTextual() && node.asText().startsWith(Attachment.URI_PREFIX)) {
      hashes.add(node.asText().substring(Attachment.URI_PREFIX.length()));
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectAttachments(child, hashes));
    }
  }

  private LoadedDocument load(String documentId, String branch) {
    LoadedDocument document = loaded.computeIfAbsent(documentId + "\u0000" + branch, key -> {
      DocumentHeader header = store.header(documentId).orElseThrow(() -> Problems.invalid(documentId, "header", 0,
          "There is no document " + documentId + "; create it first"));
      return new LoadedDocument(header, model(header.documentType(), documentId), branch, store);
    });
    synchronized (document) {
      document.catchUp();
    }
    return document;
  }

  private DocumentModel model(String documentType, String documentId) {
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

    /** The largest attachment {@link Documents#attach} accepts, in bytes. */
    public Builder maxAttachmentBytes(long bytes) {
      if (bytes < 1) {
        throw OperonException.invalid("The attachment limit must be at least 1 byte, was " + bytes);
      }
      this.maxAttachmentBytes = bytes;
      return this;
    }

    public Documents build() {
      return new Documents(this);
    }
  }
}
