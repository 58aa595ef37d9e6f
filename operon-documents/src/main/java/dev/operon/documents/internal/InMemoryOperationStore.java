package dev.operon.documents.internal;

import dev.operon.documents.Attachment;
import dev.operon.documents.DocumentChange;
import dev.operon.documents.DocumentHeader;
import dev.operon.documents.Keyframe;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link OperationStore} in memory: for tests, and for documents that need not outlive the process. */
public final class InMemoryOperationStore implements OperationStore {
  private record Key(String documentId, String scope, String branch) {}

  private final Map<String, DocumentHeader> headers = new ConcurrentHashMap<>();
  private final Map<String, Attachment> attachments = new ConcurrentHashMap<>();
  private final List<DocumentChange> writes = new ArrayList<>();
  private long ordinal;
  private final Map<Key, List<Operation>> histories = new LinkedHashMap<>();
  private final Map<Key, java.util.TreeMap<Integer, Keyframe>> keyframes = new LinkedHashMap<>();

  @Override
  public void create(DocumentHeader header) {
    DocumentHeader existing = headers.putIfAbsent(header.id(), header);
    if (existing != null && !existing.equals(header)) {
      throw OperonException.of(ErrorKind.CONCURRENCY, "Document " + header.id() + " exists already, as a "
          + existing.documentType()).id(Problems.DOCUMENT, header.id()).retryable(false).build();
    }
  }

  @Override
  public Optional<DocumentHeader> header(String documentId) {
    return Optional.ofNullable(headers.get(documentId));
  }

  @Override
  public synchronized List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations) {
    if (!headers.containsKey(documentId)) {
      throw Problems.invalid(documentId, scope, expectedRevision, "There is no document " + documentId);
    }
    List<Operation> history = histories.computeIfAbsent(new Key(documentId, scope, branch), k -> new ArrayList<>());
    List<Operation> fresh = StoreRules.fresh(documentId, scope, branch, expectedRevision, operations, history.size(),
        history.subList(Math.min(Math.max(0, expectedRevision), history.size()), history.size()));
    history.addAll(fresh);
    fresh.forEach(operation -> writes.add(new DocumentChange(documentId, ++ordinal)));
    return List.copyOf(history.subList(expectedRevision, expectedRevision + operations.size()));
  }

  @Override
  public synchronized List<Operation> apply(String documentId, String scope, String branch, int expectedRevision,
      List<Operation> operations, Keyframe keyframe) {
    List<Operation> stored = apply(documentId, scope, branch, expectedRevision, operations);
    if (keyframe != null) {
      putKeyframe(keyframe);
    }
    return stored;
  }

  @Override
  public synchronized void replaceFrom(String documentId, String scope, String branch, int fromRevision,
      int expectedRevision, List<Operation> operations) {
    Key key = new Key(documentId, scope, branch);
    List<Operation> history = histories.computeIfAbsent(key, k -> new ArrayList<>());
    if (history.size() != expectedRevision || fromRevision > expectedRevision || fromRevision < 0) {
      throw Problems.revisionMismatch(documentId, scope, branch, expectedRevision, history.size());
    }
    StoreRules.fresh(documentId, scope, branch, fromRevision, operations, fromRevision, List.of());
    history.subList(fromRevision, history.size()).clear();
    history.addAll(operations);
    operations.forEach(operation -> writes.add(new DocumentChange(documentId, ++ordinal)));
    var byRevision = keyframes.get(key);
    if (byRevision != null) {
      byRevision.tailMap(fromRevision, false).clear();
    }
  }

  @Override
  public synchronized List<Operation> getSince(String documentId, String scope, String branch, int revision) {
    List<Operation> history = histories.getOrDefault(new Key(documentId, scope, branch), List.of());
    return revision >= history.size() ? List.of() : List.copyOf(history.subList(Math.max(0, revision), history.size()));
  }

  @Override
  public synchronized List<Operation> getSinceTimestamp(String documentId, String scope, String branch,
      Instant since) {
    return histories.getOrDefault(new Key(documentId, scope, branch), List.of()).stream()
        .filter(o -> !o.timestamp().isBefore(since)).toList();
  }

  @Override
  public synchronized Map<String, Integer> revisions(String documentId, String branch) {
    Map<String, Integer> revisions = new LinkedHashMap<>();
    histories.forEach((key, history) -> {
      if (key.documentId().equals(documentId) && key.branch().equals(branch) && !history.isEmpty()) {
        revisions.put(key.scope(), history.size());
      }
    });
    return revisions;
  }

  @Override
  public synchronized void putKeyframe(Keyframe keyframe) {
    keyframes.computeIfAbsent(new Key(keyframe.documentId(), keyframe.scope(), keyframe.branch()),
        k -> new java.util.TreeMap<>()).put(keyframe.revision(), keyframe);
  }

  @Override
  public synchronized Optional<Keyframe> keyframe(String documentId, String scope, String branch, int atMost,
      int modelVersion) {
    var byRevision = keyframes.get(new Key(documentId, scope, branch));
    if (byRevision == null) {
      return Optional.empty();
    }
    return byRevision.headMap(atMost, true).descendingMap().values().stream()
        .filter(k -> k.modelVersion() == modelVersion).findFirst();
  }

  @Override
  public void putAttachment(Attachment attachment) {
    attachments.putIfAbsent(attachment.hash(), attachment);
  }

  @Override
  public Optional<Attachment> attachment(String hash) {
    return Optional.ofNullable(attachments.get(hash));
  }

  @Override
  public synchronized List<DocumentChange> changedSince(long after, int limit) {
    Map<String, DocumentChange> latest = new LinkedHashMap<>();
    int from = (int) Math.min(writes.size(), Math.max(0, after));
    for (DocumentChange write : writes.subList(from, Math.min(writes.size(), from + limit))) {
      latest.remove(write.documentId());
      latest.put(write.documentId(), write);
    }
    return List.copyOf(latest.values());
  }
}
