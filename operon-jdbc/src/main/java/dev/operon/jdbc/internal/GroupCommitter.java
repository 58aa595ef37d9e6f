package dev.operon.jdbc.internal;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writes submitted by concurrent callers are collected by committer threads into
 * shared transactions, so that one commit (one fsync) serves many callers. Each committer owns a
 * lane; a write goes to the lane of its key's hash, so two committers never lock the same row
 * (no deadlocks between batches) and writes to one key stay in order. A committer takes what
 * is waiting (up to a maximum; a write whose {@link PendingWrite#batchKey()} is already in the
 * batch waits for the next one), hands the batch to the {@link BatchWriter}, and releases every
 * caller once it returned. The writer stages each caller's own outcome, so one caller's conflict
 * never fails another. If the writer throws for a whole batch, each write of it is tried again
 * alone, so only the culprit fails.
 */
public final class GroupCommitter<R extends PendingWrite<?>> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  private final List<BlockingDeque<R>> lanes = new ArrayList<>();
  private final BatchWriter<R> writer;
  private final int maxBatch;
  private final ErrorKind kind;
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean closed;

  /** Writes a batch in one transaction and stages every request's outcome. */
  @FunctionalInterface
  public interface BatchWriter<R> {
    void write(List<R> batch);
  }

  public GroupCommitter(String name, int threads, int maxBatch, ErrorKind kind, BatchWriter<R> writer) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.kind = kind;
    for (int i = 0; i < threads; i++) {
      BlockingDeque<R> lane = new LinkedBlockingDeque<>();
      lanes.add(lane);
      Thread thread = Thread.ofPlatform().daemon().name(name + "-" + i).unstarted(() -> run(lane));
      committers.add(thread);
      thread.start();
    }
  }

  /** Queues {@code request} for the next batch; the caller then waits on it. */
  public void submit(R request) {
    if (closed) {
      throw OperonException.of(kind, "The store is closed").retryable(false).build();
    }
    Object key = request.batchKey();
    int lane = key == null ? 0 : Math.floorMod(key.hashCode(), lanes.size());
    lanes.get(lane).add(request);
  }

  private void run(BlockingDeque<R> waiting) {
    while (!closed) {
      try {
        R first = waiting.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          commit(collect(waiting, first));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Group committer failed unexpectedly", e);
      }
    }
  }

  private List<R> collect(BlockingDeque<R> waiting, R first) {
    List<R> batch = new ArrayList<>();
    List<R> later = new ArrayList<>();
    Set<Object> keys = new HashSet<>();
    add(first, batch, later, keys);
    R next;
    while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
      add(next, batch, later, keys);
    }
    for (int i = later.size() - 1; i >= 0; i--) {
      waiting.addFirst(later.get(i));
    }
    return batch;
  }

  private static <R extends PendingWrite<?>> void add(R request, List<R> batch, List<R> later, Set<Object> keys) {
    Object key = request.batchKey();
    if (key == null || keys.add(key)) {
      batch.add(request);
    } else {
      later.add(request);
    }
  }

  private void commit(List<R> batch) {
    try {
      writer.write(batch);
      batch.forEach(PendingWrite::publish);
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).abort(e);
        return;
      }
      LOG.debug("A batch of {} failed ({}); writing each alone", batch.size(), e.getMessage());
      for (R request : batch) {
        commit(List.of(request));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread thread : committers) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    OperonException error = OperonException.of(kind, "The store was closed before this write committed")
        .retryable(false).build();
    for (BlockingDeque<R> waiting : lanes) {
      R left;
      while ((left = waiting.poll()) != null) {
        left.abort(error);
      }
    }
  }
}
