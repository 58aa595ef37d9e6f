package dev.operon.jdbc.queue;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.queue.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SharedClaimsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A claim function over a backlog of numbered tasks; each call takes the next ones. */
  private static final class Backlog implements IntFunction<List<Task>> {
    final AtomicInteger next = new AtomicInteger();
    final int size;
    final BlockingQueue<Integer> asked = new LinkedBlockingQueue<>();
    volatile CountDownLatch gate = new CountDownLatch(0);

    Backlog(int size) {
      this.size = size;
    }

    @Override
    public List<Task> apply(int wanted) {
      asked.add(wanted);
      try {
        gate.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      List<Task> tasks = new ArrayList<>();
      while (tasks.size() < wanted) {
        int n = next.getAndIncrement();
        if (n >= size) {
          break;
        }
        tasks.add(new Task("q", "t" + n, new byte[0], 1, Instant.EPOCH, "lease"));
      }
      return tasks;
    }
  }

  @Test
  void fetchersArrivingWhileClaimsRunJoinTheNextClaimAndEachGetsAtMostWhatItAsked() throws Exception {
    SharedClaims claims = new SharedClaims();
    Backlog backlog = new Backlog(1_000);
    backlog.gate = new CountDownLatch(1);
    List<CompletableFuture<List<Task>>> fetches = new ArrayList<>();
    for (int i = 0; i < SharedClaims.IN_FLIGHT; i++) {
      fetches.add(async(() -> claims.claim("q", 50, backlog)));
    }
    eventually(WAIT, () -> assertThat(backlog.asked).hasSize(SharedClaims.IN_FLIGHT));
    int[] asks = {10, 20, 30, 40};
    for (int ask : asks) {
      fetches.add(async(() -> claims.claim("q", ask, backlog)));
    }
    // the four wait for a claim to end (each parked on its share); then the claims that follow ask for them
    List<Thread> waiters = threads.subList(SharedClaims.IN_FLIGHT, threads.size());
    eventually(WAIT, () -> assertThat(waiters).allSatisfy(t -> assertThat(t.getState()).isEqualTo(Thread.State.WAITING)));
    assertThat(fetches.stream().filter(CompletableFuture::isDone)).isEmpty();
    backlog.gate.countDown();

    List<Task> all = new ArrayList<>();
    for (int i = 0; i < fetches.size(); i++) {
      List<Task> got = fetches.get(i).get();
      int asked = i < SharedClaims.IN_FLIGHT ? 50 : asks[i - SharedClaims.IN_FLIGHT];
      assertThat(got).hasSize(asked);
      all.addAll(got);
    }
    assertThat(all).extracting(Task::id).doesNotHaveDuplicates().hasSize(50 * SharedClaims.IN_FLIGHT + 100);
    // the four that waited were served by at most IN_FLIGHT claims (each ending claim hands over to one)
    List<Integer> asked = new ArrayList<>(backlog.asked);
    assertThat(asked).as("claims asked for").startsWith(50, 50);
    List<Integer> later = asked.subList(SharedClaims.IN_FLIGHT, asked.size());
    assertThat(later).as("claims for the four that waited").hasSizeBetween(1, SharedClaims.IN_FLIGHT);
    assertThat(later.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
  }

  @Test
  void aShortClaimServesTheFirstArrivalsAndLeavesTheLastEmptyHanded() throws Exception {
    SharedClaims claims = new SharedClaims();
    Backlog backlog = new Backlog(120);
    backlog.gate = new CountDownLatch(1);
    List<CompletableFuture<List<Task>>> fetches = new ArrayList<>();
    for (int i = 0; i < SharedClaims.IN_FLIGHT + 3; i++) {
      fetches.add(async(() -> claims.claim("q", 50, backlog)));
    }
    eventually(WAIT, () -> assertThat(backlog.asked).hasSize(SharedClaims.IN_FLIGHT));
    backlog.gate.countDown();
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    int total = 0;
    for (CompletableFuture<List<Task>> fetch : fetches) {
      List<Task> got = fetch.get();
      assertThat(got.size()).isLessThanOrEqualTo(50);
      got.forEach(task -> ids.add(task.id()));
      total += got.size();
    }
    assertThat(total).isEqualTo(120);
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void aFailedClaimFailsEveryFetcherItServedAndTheNextOneClaimsAgain() throws Exception {
    SharedClaims claims = new SharedClaims();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    IntFunction<List<Task>> failingOnce = wanted -> {
      int call = calls.incrementAndGet();
      try {
        gate.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (call <= SharedClaims.IN_FLIGHT) {
        throw new IllegalStateException("database unreachable");
      }
      return List.of(new Task("q", "t" + call, new byte[0], 1, Instant.EPOCH, "lease"));
    };
    List<CompletableFuture<List<Task>>> fetches = new ArrayList<>();
    for (int i = 0; i < SharedClaims.IN_FLIGHT; i++) {
      fetches.add(async(() -> claims.claim("q", 5, failingOnce)));
    }
    eventually(WAIT, () -> assertThat(calls.get()).isEqualTo(SharedClaims.IN_FLIGHT));
    // one more arrives while both claims run: it waits for the next claim
    fetches.add(async(() -> claims.claim("q", 5, failingOnce)));
    Thread waiter = threads.get(threads.size() - 1);
    eventually(WAIT, () -> assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING));
    gate.countDown();
    // the claims that were running fail their fetchers; the one that waited claims again
    int failed = 0;
    List<List<Task>> served = new ArrayList<>();
    for (CompletableFuture<List<Task>> fetch : fetches) {
      try {
        served.add(fetch.get());
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e).hasRootCauseMessage("database unreachable");
        failed++;
      }
    }
    assertThat(failed).isEqualTo(SharedClaims.IN_FLIGHT);
    assertThat(fetches.get(SharedClaims.IN_FLIGHT).get()).hasSize(1);
    assertThat(served).hasSize(1);
    assertThat(calls.get()).isEqualTo(SharedClaims.IN_FLIGHT + 1);
  }

  @Test
  void anInterruptedFetcherStillWaitingWithdrawsAndKeepsItsInterrupt() throws Exception {
    SharedClaims claims = new SharedClaims();
    Backlog backlog = new Backlog(1_000);
    backlog.gate = new CountDownLatch(1);
    List<CompletableFuture<List<Task>>> leaders = new ArrayList<>();
    for (int i = 0; i < SharedClaims.IN_FLIGHT; i++) {
      leaders.add(async(() -> claims.claim("q", 50, backlog)));
    }
    eventually(WAIT, () -> assertThat(backlog.asked).hasSize(SharedClaims.IN_FLIGHT));
    CompletableFuture<List<Task>> share = new CompletableFuture<>();
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      share.complete(claims.claim("q", 50, backlog));
      interrupted.complete(Thread.currentThread().isInterrupted());
    });
    eventually(WAIT, () -> assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING));
    waiter.interrupt();
    assertThat(share.get()).isEmpty();
    assertThat(interrupted.get()).isTrue();
    backlog.gate.countDown();
    for (CompletableFuture<List<Task>> leader : leaders) {
      assertThat(leader.get()).hasSize(50);
    }
    // no claim was made for the fetcher that withdrew, and none is left running
    assertThat(backlog.asked).hasSize(SharedClaims.IN_FLIGHT);
    assertThat(claims.claim("q", 7, backlog)).hasSize(7);
    assertThat(new ArrayList<>(backlog.asked)).endsWith(7);
  }

  /** The threads {@link #async} started, in order. */
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Runs {@code fetch} on a thread of its own (the common pool may have one thread on this machine). */
  private CompletableFuture<List<Task>> async(java.util.function.Supplier<List<Task>> fetch) {
    CompletableFuture<List<Task>> result = new CompletableFuture<>();
    threads.add(Thread.ofPlatform().daemon().start(() -> {
      try {
        result.complete(fetch.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }));
    return result;
  }
}
