package dev.operon.documents.internal;

import dev.operon.documents.Action;
import dev.operon.documents.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue of one document: dispatches wait here in order, and one writer at a time (a virtual
 * thread started while the queue has work) takes everything queued and applies it as one batch, so
 * a busy document commits many dispatches per transaction while documents run in parallel.
 */
public final class DocumentQueue {
  /** The most dispatches one batch takes. */
  public static final int MAX_BATCH = 512;

  private final LoadedDocument document;
  private final BatchWriter writer;
  private final ConcurrentLinkedQueue<QueuedJob> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  public DocumentQueue(LoadedDocument document, BatchWriter writer) {
    this.document = document;
    this.writer = writer;
  }

  public LoadedDocument document() {
    return document;
  }

  /** Queues {@code actions}; the future completes with their operations once they are stored. */
  public CompletableFuture<List<Operation>> submit(List<Action> actions) {
    return submit(actions, false);
  }

  /** {@link #submit(List)} of actions whose signatures the caller checked already. */
  public CompletableFuture<List<Operation>> submit(List<Action> actions, boolean signaturesChecked) {
    QueuedJob job = new QueuedJob(List.copyOf(actions), signaturesChecked, new CompletableFuture<>());
    queued.add(job);
    if (draining.compareAndSet(false, true)) {
      Thread.ofVirtual().name("operon-document-" + document.header().id()).start(this::drain);
    }
    return job.future();
  }

  private void drain() {
    while (true) {
      List<QueuedJob> batch = new ArrayList<>();
      QueuedJob job;
      while (batch.size() < MAX_BATCH && (job = queued.poll()) != null) {
        batch.add(job);
      }
      if (!batch.isEmpty()) {
        synchronized (document) {
          try {
            document.catchUp();
            writer.write(document, batch);
          } catch (RuntimeException e) {
            batch.forEach(j -> j.failed(e));
          }
        }
        continue;
      }
      draining.set(false);
      if (queued.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private record QueuedJob(List<Action> actions, boolean signaturesChecked,
      CompletableFuture<List<Operation>> future) implements BatchWriter.Job {
    @Override
    public void succeeded(List<Operation> operations) {
      future.complete(operations);
    }

    @Override
    public void failed(RuntimeException failure) {
      future.completeExceptionally(failure);
    }
  }
}
