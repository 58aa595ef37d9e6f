package dev.operon.jdbc.queue;

import dev.operon.queue.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

/**
 * Claims shared between the fetchers of one queue in this process: at most {@value #IN_FLIGHT}
 * claim statements per queue run at a time, and a fetcher that arrives while they do joins the
 * next one instead of running its own. That claim asks for what every fetcher waiting for it
 * asked (up to {@value #MOST}) and hands the tasks out in the order the fetchers arrived, each
 * getting at most what it asked for. Ten consumers fetching 50 each then make a few claims of a
 * few hundred rows instead of ten concurrent claims that step over each other's locked rows at
 * the head of the ready index; the database does less work per task. A fetcher that gets nothing
 * saw an empty queue, as it would have with a claim of its own.
 */
final class SharedClaims {
  /** Claim statements of one queue running at once in this process. */
  static final int IN_FLIGHT = 2;
  /** Tasks one shared claim asks for at most. */
  static final int MOST = 500;

  private final Map<String, QueueClaims> queues = new ConcurrentHashMap<>();

  /**
   * Up to {@code max} tasks of {@code queue}, from a claim of this caller's or one shared with
   * other callers; {@code claim} claims up to the number of tasks it is given.
   */
  List<Task> claim(String queue, int max, IntFunction<List<Task>> claim) {
    return queues.computeIfAbsent(queue, q -> new QueueClaims()).claim(max, claim);
  }

  /**
   * A fetcher's wish: how many tasks, and where its share (or its turn to lead a claim) arrives;
   * a leader's own share is returned directly.
   */
  private static final class Request {
    final int max;
    final CompletableFuture<List<Task>> share = new CompletableFuture<>();

    Request(int max) {
      this.max = max;
    }
  }

  /** The requests of one queue waiting for a claim, and the claims running. */
  private static final class QueueClaims {
    /** Completes a waiting request to tell it to lead the next claim itself (compared by identity). */
    private static final List<Task> LEAD = java.util.Collections.unmodifiableList(new ArrayList<>(0));

    private final Deque<Request> waiting = new ArrayDeque<>();
    private int running;

    List<Task> claim(int max, IntFunction<List<Task>> claim) {
      Request own = new Request(max);
      boolean leads;
      synchronized (this) {
        leads = running < IN_FLIGHT;
        if (leads) {
          running++;
        } else {
          waiting.add(own);
        }
      }
      if (leads) {
        return lead(own, claim);
      }
      List<Task> share = await(own);
      return share == LEAD ? lead(own, claim) : share;
    }

    /** Runs one claim for {@code own} and the requests waiting now; hands out the tasks. */
    private List<Task> lead(Request own, IntFunction<List<Task>> claim) {
      List<Request> served = new ArrayList<>();
      served.add(own);
      int wanted = own.max;
      synchronized (this) {
        while (!waiting.isEmpty() && wanted + waiting.peekFirst().max <= MOST) {
          Request next = waiting.pollFirst();
          served.add(next);
          wanted += next.max;
        }
      }
      try {
        List<Task> tasks = claim.apply(wanted);
        int to = Math.min(tasks.size(), own.max);
        List<Task> mine = List.copyOf(tasks.subList(0, to));
        for (Request request : served.subList(1, served.size())) {
          int from = to;
          to = Math.min(tasks.size(), from + request.max);
          request.share.complete(List.copyOf(tasks.subList(from, to)));
        }
        return mine;
      } catch (RuntimeException | Error e) {
        served.subList(1, served.size()).forEach(request -> request.share.completeExceptionally(e));
        throw e;
      } finally {
        handOver();
      }
    }

    /** Ends a claim: the next waiting request, if any, leads the next one. */
    private void handOver() {
      Request next;
      synchronized (this) {
        next = waiting.pollFirst();
        if (next == null) {
          running--;
          return;
        }
      }
      next.share.complete(LEAD);
    }

    /**
     * Waits for the share of {@code request}. Interrupted while still waiting, it withdraws and
     * returns nothing; once a claim took it, it waits for its share (tasks claimed for it must
     * reach it) and keeps the interrupt for the caller.
     */
    private List<Task> await(Request request) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return request.share.get();
          } catch (InterruptedException e) {
            interrupted = true;
            synchronized (this) {
              if (waiting.remove(request)) {
                return List.of();
              }
            }
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
              throw runtime;
            }
            throw (Error) cause;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
