package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operon.error.ConflictException;
import dev.operon.error.ErrorKind;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.Snapshot;
import dev.operon.eventstore.StoredEvent;
import dev.operon.spi.BackendOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventStore}: every adapter's test extends this class and implements
 * {@link #open(BackendOptions)}. The reads of the global log by stream prefix are in its
 * superclass {@link StreamPrefixReads}, so every adapter runs them too.
 */
public abstract class EventStoreContract extends StreamPrefixReads {

  /**
   * Damages the stored bytes of the newest snapshot of {@code stream} (without fixing its checksum),
   * so that the suite can check that a corrupt snapshot is reported as absent. Adapters override
   * this; the default skips the tests that need it.
   */
  protected void corruptLatestSnapshot(EventStore store, String stream) {
    Assumptions.abort("adapter does not support corruption");
  }

  // ---- append and read

  @Test
  void appendToNewStreamWithExpectedZeroReturnsIdOne() {
    EventStore store = store();
    assertThat(store.append("s-1", 0, event("a"))).isEqualTo(1);
    assertThat(store.currentId("s-1")).isEqualTo(1);
    assertThat(store.exists("s-1")).isTrue();
  }

  @Test
  void appendManyReturnsLastIdAndIdsAreDenseFromOne() {
    EventStore store = store();
    assertThat(store.append("s-1", 0, List.of(event("a"), event("b"), event("c")))).isEqualTo(3);
    assertThat(store.append("s-1", 3, List.of(event("d"), event("e")))).isEqualTo(5);
    List<StoredEvent> events = store.read("s-1", 0);
    assertThat(events).extracting(StoredEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events).extracting(EventStoreContract::text).containsExactly("a", "b", "c", "d", "e");
    assertThat(events).extracting(StoredEvent::stream).containsOnly("s-1");
  }

  @Test
  void unknownStreamIsEmptyWithCurrentIdZero() {
    EventStore store = store();
    assertThat(store.exists("nobody")).isFalse();
    assertThat(store.currentId("nobody")).isZero();
    assertThat(store.read("nobody", 0)).isEmpty();
    assertThat(store.read("nobody", 0, 10)).isEmpty();
  }

  @Test
  void readIsExclusiveOfAfterIdAndRespectsLimit() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b"), event("c"), event("d"), event("e")));
    assertThat(store.read("s-1", 2, 2)).extracting(StoredEvent::id).containsExactly(3L, 4L);
    assertThat(store.read("s-1", 2)).extracting(StoredEvent::id).containsExactly(3L, 4L, 5L);
    assertThat(store.read("s-1", 5)).isEmpty();
    assertThat(store.read("s-1", 0, 1)).extracting(StoredEvent::id).containsExactly(1L);
  }

  @Test
  void streamsAreIsolated() {
    EventStore store = store();
    store.append("s-1", 0, event("one"));
    store.append("s-2", 0, List.of(event("two-a"), event("two-b")));
    assertThat(store.read("s-1", 0)).extracting(EventStoreContract::text).containsExactly("one");
    assertThat(store.read("s-2", 0)).extracting(EventStoreContract::text)
        .containsExactly("two-a", "two-b");
    assertThat(store.currentId("s-1")).isEqualTo(1);
    assertThat(store.currentId("s-2")).isEqualTo(2);
  }

  @Test
  void payloadTypeAndMetadataRoundTrip() {
    EventStore store = store();
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    Map<String, String> metadata = Map.of("trace", "abc-123", "category", "Wörkflow ✓", "empty", "");
    store.append("s-1", 0, List.of(
        new NewEvent("OrderPlaced", payload, metadata), new NewEvent("Empty", new byte[0])));
    List<StoredEvent> events = store.read("s-1", 0);
    assertThat(events.get(0).type()).isEqualTo("OrderPlaced");
    assertThat(events.get(0).payload()).isEqualTo(payload);
    assertThat(events.get(0).metadata()).isEqualTo(metadata);
    assertThat(events.get(1).type()).isEqualTo("Empty");
    assertThat(events.get(1).payload()).isEmpty();
    assertThat(events.get(1).metadata()).isEmpty();
  }

  @Test
  void recordedAtComesFromTheInjectedClock() {
    Assumptions.assumeTrue(capabilities().manualClock(), "capability manualClock");
    EventStore store = store();
    Instant first = clock.instant();
    store.append("s-1", 0, event("a"));
    Instant second = clock.advance(Duration.ofSeconds(42));
    store.append("s-1", 1, event("b"));
    assertThat(store.read("s-1", 0)).extracting(StoredEvent::recordedAt)
        .containsExactly(first, second);
  }

  // ---- conflicts

  @Test
  void wrongExpectedIdIsAConflictNamingStreamExpectedAndActual() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b")));
    ConflictException conflict = catchThrowableOfType(
        ConflictException.class, () -> store.append("s-1", 1, event("x")));
    assertThat(conflict).isNotNull();
    assertThat(conflict.stream()).isEqualTo("s-1");
    assertThat(conflict.expected()).isEqualTo(1);
    assertThat(conflict.actual()).isEqualTo(2);
    assertThat(conflict.kind()).isEqualTo(ErrorKind.CONCURRENCY);
    assertThat(conflict.streamId()).contains("s-1");
    assertThat(store.read("s-1", 0)).extracting(EventStoreContract::text).containsExactly("a", "b");
  }

  @Test
  void conflictingMultiEventAppendWritesNothing() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b")));
    assertThatThrownBy(() -> store.append("s-1", 1, List.of(event("x"), event("y"), event("z"))))
        .isInstanceOfSatisfying(ConflictException.class, c -> {
          assertThat(c.expected()).isEqualTo(1);
          assertThat(c.actual()).isEqualTo(2);
        });
    assertThat(store.currentId("s-1")).isEqualTo(2);
    assertThat(store.read("s-1", 0)).extracting(EventStoreContract::text).containsExactly("a", "b");
    assertThat(store.readAll(0, 100)).hasSize(2);
  }

  @Test
  void expectedZeroOnExistingStreamIsAConflict() {
    EventStore store = store();
    store.append("s-1", 0, event("a"));
    assertThatThrownBy(() -> store.append("s-1", 0, event("again")))
        .isInstanceOfSatisfying(ConflictException.class, c -> {
          assertThat(c.expected()).isZero();
          assertThat(c.actual()).isEqualTo(1);
        });
    assertThat(store.read("s-1", 0)).hasSize(1);
  }

  @Test
  void expectedAheadOfActualIsAConflictAndLeavesNoGap() {
    EventStore store = store();
    assertThatThrownBy(() -> store.append("s-1", 5, event("x")))
        .isInstanceOfSatisfying(ConflictException.class, c -> {
          assertThat(c.expected()).isEqualTo(5);
          assertThat(c.actual()).isZero();
        });
    assertThat(store.exists("s-1")).isFalse();
    store.append("s-1", 0, event("a"));
    assertThatThrownBy(() -> store.append("s-1", 3, event("x"))).isInstanceOf(ConflictException.class);
    assertThat(store.append("s-1", 1, event("b"))).isEqualTo(2);
    assertThat(store.read("s-1", 0)).extracting(StoredEvent::id).containsExactly(1L, 2L);
  }

  // ---- bad input

  @Test
  void blankStreamIsRejectedAndNothingStored() {
    EventStore store = store();
    assertValidation(() -> store.append("", 0, event("a")));
    assertValidation(() -> store.append("   ", 0, event("a")));
    assertThat(store.readAll(0, 100)).isEmpty();
  }

  @Test
  void emptyEventListIsRejectedAndNothingStored() {
    EventStore store = store();
    assertValidation(() -> store.append("s-1", 0, List.of()));
    assertThat(store.exists("s-1")).isFalse();
    assertThat(store.readAll(0, 100)).isEmpty();
  }

  @Test
  void negativeExpectedIdIsRejectedAndNothingStored() {
    EventStore store = store();
    assertValidation(() -> store.append("s-1", -1, event("a")));
    assertThat(store.exists("s-1")).isFalse();
    assertThat(store.readAll(0, 100)).isEmpty();
  }

  // ---- global order

  @Test
  void readAllReturnsEveryStreamInPositionOrder() {
    EventStore store = store();
    store.append("s-1", 0, event("1a"));
    store.append("s-2", 0, List.of(event("2a"), event("2b")));
    store.append("s-1", 1, event("1b"));
    List<StoredEvent> all = store.readAll(0, 100);
    assertThat(all).extracting(EventStoreContract::text).containsExactly("1a", "2a", "2b", "1b");
    assertStrictlyIncreasingPositions(all);
    assertThat(all.get(3).stream()).isEqualTo("s-1");
    assertThat(all.get(3).id()).isEqualTo(2);
  }

  @Test
  void readAllPagesWithAfterPositionReturnEveryEventOnce() {
    EventStore store = store();
    for (int s = 0; s < 5; s++) {
      for (int i = 0; i < 7; i++) {
        store.append("s-" + s, i, event("s-" + s + "/" + i));
      }
    }
    List<StoredEvent> all = readAllInPages(store, 4);
    assertThat(all).hasSize(35);
    assertStrictlyIncreasingPositions(all);
    assertThat(all).extracting(EventStoreContract::text).doesNotHaveDuplicates();
    assertThat(store.readAll(all.get(34).position(), 10)).isEmpty();
  }

  @Test
  void readAllRespectsLimitAndIsExclusiveOfAfterPosition() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b"), event("c")));
    List<StoredEvent> firstTwo = store.readAll(0, 2);
    assertThat(firstTwo).extracting(EventStoreContract::text).containsExactly("a", "b");
    assertThat(store.readAll(firstTwo.get(0).position(), 10)).extracting(EventStoreContract::text)
        .containsExactly("b", "c");
  }

  protected static List<StoredEvent> readAllInPages(EventStore store, int pageSize) {
    List<StoredEvent> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<StoredEvent> page = store.readAll(after, pageSize);
      assertThat(page.size()).isLessThanOrEqualTo(pageSize);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).position();
    }
  }

  // ---- concurrency

  @Test
  void concurrentAppendersToOneStreamLeaveADenseHistory() throws Exception {
    EventStore store = store();
    int threads = 8;
    int perThread = 25;
    runConcurrently(threads, t -> {
      for (int i = 0; i < perThread; i++) {
        appendWithRetry(store, "shared", event("w" + t + "-" + i));
      }
    });
    List<StoredEvent> events = store.read("shared", 0);
    assertThat(events).extracting(StoredEvent::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, threads * perThread).asLongStream().boxed().toList());
    assertThat(events).extracting(EventStoreContract::text).doesNotHaveDuplicates();
    assertStrictlyIncreasingPositions(events);
    assertThat(store.currentId("shared")).isEqualTo(threads * perThread);
  }

  @Test
  void aConflictingAppendAmongConcurrentOnesFailsAloneWhileTheOthersCommit() throws Exception {
    EventStore store = store();
    int threads = 16;
    for (int t = 0; t < threads; t++) {
      store.append("b-" + t, 0, event("b-" + t + "/1"));
    }
    // released together, so that a store that group-commits gathers them into shared batches; the
    // append of thread 0 expects an id its stream does not have
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.Map<Integer, Throwable> failures = new java.util.concurrent.ConcurrentHashMap<>();
    runConcurrently(threads, t -> {
      start.await();
      try {
        store.append("b-" + t, t == 0 ? 5 : 1, List.of(event("b-" + t + "/2"), event("b-" + t + "/3")));
      } catch (RuntimeException e) {
        failures.put(t, e);
      }
    });
    assertThat(failures).containsOnlyKeys(0);
    assertThat(failures.get(0)).isInstanceOfSatisfying(ConflictException.class, c -> {
      assertThat(c.stream()).isEqualTo("b-0");
      assertThat(c.expected()).isEqualTo(5);
      assertThat(c.actual()).isEqualTo(1);
    });
    assertThat(store.read("b-0", 0)).extracting(EventStoreContract::text).containsExactly("b-0/1");
    for (int t = 1; t < threads; t++) {
      assertThat(store.read("b-" + t, 0)).extracting(EventStoreContract::text)
          .containsExactly("b-" + t + "/1", "b-" + t + "/2", "b-" + t + "/3");
    }
    assertThat(readAllInPages(store, 100)).hasSize(1 + 3 * (threads - 1));
  }

  @Test
  void concurrentAppendsToManyStreamsAreAllSeenOnceByReadAll() throws Exception {
    EventStore store = store();
    int threads = 8;
    int streamsPerThread = 10;
    int eventsPerStream = 3;
    runConcurrently(threads, t -> {
      for (int s = 0; s < streamsPerThread; s++) {
        String stream = "w" + t + "-s" + s;
        for (int i = 0; i < eventsPerStream; i++) {
          store.append(stream, i, event(stream + "/" + (i + 1)));
        }
      }
    });
    List<StoredEvent> all = readAllInPages(store, 16);
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      for (int s = 0; s < streamsPerThread; s++) {
        for (int i = 1; i <= eventsPerStream; i++) {
          expected.add("w" + t + "-s" + s + "/" + i);
        }
      }
    }
    assertThat(all).extracting(EventStoreContract::text).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(all).allSatisfy(e -> assertThat(text(e)).isEqualTo(e.stream() + "/" + e.id()));
    assertStrictlyIncreasingPositions(all);
  }

  @Test
  void tailingReaderDuringConcurrentAppendsSeesEveryEventOnce() throws Exception {
    EventStore store = store();
    int writers = 4;
    int perWriter = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Set<String> expected = new HashSet<>();
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        running.add(pool.submit(() -> appendRoundRobin(store, "w" + writer, 5, perWriter)));
        for (int i = 0; i < perWriter; i++) {
          expected.add("w" + writer + "/" + i);
        }
      }
      List<String> seen = tail(store, expected.size());
      for (Future<?> f : running) {
        f.get();
      }
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
      assertThat(store.readAll(readAllInPages(store, 100).get(expected.size() - 1).position(), 10)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Appends {@code count} events named {@code writer/i} over {@code streams} streams of that writer. */
  private static Void appendRoundRobin(EventStore store, String writer, int streams, int count) {
    long[] last = new long[streams];
    for (int i = 0; i < count; i++) {
      int s = i % streams;
      last[s] = store.append(writer + "-s" + s, last[s], event(writer + "/" + i));
    }
    return null;
  }

  /** Reads the global log like a log tailer until {@code total} events arrived; fails after the deadline. */
  private static List<String> tail(EventStore store, int total) {
    List<String> seen = new ArrayList<>();
    long after = 0;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (seen.size() < total && System.nanoTime() < deadline) {
      for (StoredEvent e : store.readAll(after, 7)) {
        assertThat(e.position()).as("position after %d", after).isGreaterThan(after);
        seen.add(text(e));
        after = e.position();
      }
    }
    return seen;
  }

  /** Appends one event at the stream's current end, re-reading and retrying on conflict. */
  protected static long appendWithRetry(EventStore store, String stream, NewEvent event) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      try {
        return store.append(stream, store.currentId(stream), event);
      } catch (ConflictException e) {
        Thread.onSpinWait();
      }
    }
    throw new AssertionError("could not append to " + stream + " in 10,000 attempts");
  }

  /** A task run by one of several threads; {@code thread} is its index. */
  protected interface ThreadBody {
    void run(int thread) throws Exception;
  }

  /** Runs {@code body} on {@code threads} threads at once and rethrows the first failure. */
  protected static void runConcurrently(int threads, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        Callable<Void> call = () -> {
          body.run(index);
          return null;
        };
        futures.add(pool.submit(call));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- snapshots

  @Test
  void savedSnapshotIsTheLatestWithItsChecksum() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b")));
    byte[] state = "state at 2".getBytes(StandardCharsets.UTF_8);
    Snapshot saved = store.saveSnapshot("s-1", 2, state);
    assertThat(saved.stream()).isEqualTo("s-1");
    assertThat(saved.lastEventId()).isEqualTo(2);
    assertThat(saved.checksum()).isEqualTo(Snapshot.checksumOf(state)).hasSize(64).matches("[0-9a-f]{64}");
    Snapshot latest = store.latestSnapshot("s-1").orElseThrow();
    assertThat(latest.lastEventId()).isEqualTo(2);
    assertThat(latest.state()).isEqualTo(state);
    assertThat(latest.checksum()).isEqualTo(saved.checksum());
    assertThat(latest.intact()).isTrue();
    assertThat(store.snapshotCount("s-1")).isEqualTo(1);
  }

  @Test
  void snapshotCreatedAtComesFromTheInjectedClock() {
    Assumptions.assumeTrue(capabilities().manualClock(), "capability manualClock");
    EventStore store = store();
    store.append("s-1", 0, event("a"));
    Instant at = clock.advance(Duration.ofMinutes(3));
    assertThat(store.saveSnapshot("s-1", 1, new byte[] {1}).createdAt()).isEqualTo(at);
    assertThat(store.latestSnapshot("s-1").orElseThrow().createdAt()).isEqualTo(at);
  }

  @Test
  void noSnapshotMeansEmpty() {
    EventStore store = store();
    store.append("s-1", 0, event("a"));
    assertThat(store.latestSnapshot("s-1")).isEmpty();
    assertThat(store.latestSnapshot("nobody")).isEmpty();
    assertThat(store.snapshotCount("s-1")).isZero();
  }

  @Test
  void latestSnapshotIsTheNewestAndSnapshotsArePerStream() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b"), event("c")));
    store.append("s-2", 0, event("x"));
    store.saveSnapshot("s-1", 1, bytes("one"));
    store.saveSnapshot("s-1", 3, bytes("three"));
    store.saveSnapshot("s-2", 1, bytes("x"));
    assertThat(store.latestSnapshot("s-1").orElseThrow().state()).isEqualTo(bytes("three"));
    assertThat(store.latestSnapshot("s-2").orElseThrow().state()).isEqualTo(bytes("x"));
    assertThat(store.snapshotCount("s-1")).isEqualTo(2);
    assertThat(store.snapshotCount("s-2")).isEqualTo(1);
  }

  @Test
  void maxSnapshotsIsEnforcedOldestDeleted() {
    EventStore store = store(baseOptions().withMaxSnapshots(3));
    store.append("s-1", 0, List.of(event("1"), event("2"), event("3"), event("4"), event("5")));
    for (int id = 1; id <= 5; id++) {
      store.saveSnapshot("s-1", id, bytes("state " + id));
    }
    assertThat(store.snapshotCount("s-1")).isEqualTo(3);
    assertThat(store.latestSnapshot("s-1").orElseThrow().lastEventId()).isEqualTo(5);
  }

  @Test
  void corruptSnapshotFallsBackToThePreviousIntactOne() {
    EventStore store = store();
    store.append("s-1", 0, List.of(event("a"), event("b"), event("c"), event("d")));
    store.saveSnapshot("s-1", 2, bytes("at 2"));
    store.saveSnapshot("s-1", 4, bytes("at 4"));
    corruptLatestSnapshot(store, "s-1");
    Snapshot latest = store.latestSnapshot("s-1").orElseThrow();
    assertThat(latest.lastEventId()).isEqualTo(2);
    assertThat(latest.state()).isEqualTo(bytes("at 2"));
    assertThat(latest.intact()).isTrue();
  }

  @Test
  void onlySnapshotCorruptIsReportedAsAbsent() {
    EventStore store = store();
    store.append("s-1", 0, event("a"));
    store.saveSnapshot("s-1", 1, bytes("at 1"));
    corruptLatestSnapshot(store, "s-1");
    assertThat(store.latestSnapshot("s-1")).isEmpty();
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
