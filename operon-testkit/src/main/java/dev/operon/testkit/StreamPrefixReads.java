package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.spi.BackendOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link EventStore} contract that reads the global log by stream prefix
 * ({@link EventStore#readAll(long, int, StreamPrefix)}), and what the whole contract shares: the
 * store of a test and the helpers that make and check events. Adapters extend
 * {@link EventStoreContract}, which extends this class.
 */
public abstract class StreamPrefixReads extends ContractSuite {

  /** Opens the adapter under test with {@code options}; each call must see an empty store for a fresh prefix. */
  protected abstract EventStore open(BackendOptions options);

  /** The store of this test, opened with {@link #baseOptions()}. */
  protected EventStore store() {
    return store(baseOptions());
  }

  /** A store opened with {@code options}, closed after the test. */
  protected EventStore store(BackendOptions options) {
    return closeAfterTest(open(options));
  }

  protected static NewEvent event(String text) {
    return new NewEvent("Text", text.getBytes(StandardCharsets.UTF_8));
  }

  protected static String text(StoredEvent event) {
    return new String(event.payload(), StandardCharsets.UTF_8);
  }

  protected static void assertValidation(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }

  protected static void assertStrictlyIncreasingPositions(List<StoredEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).position())
          .as("position of event %d", i)
          .isGreaterThan(events.get(i - 1).position());
    }
  }

  /**
   * Appends one event named {@code stream/n} to each of {@code streams}, in turn, {@code rounds}
   * times, and returns once the global log shows the last one (a store may hold back the end of the
   * log while transactions that could still commit behind it are open; on PostgreSQL, any
   * transaction on the server), so that every event appended is readable.
   */
  private static void appendInTurn(EventStore store, int rounds, String... streams) {
    String last = null;
    for (int round = 1; round <= rounds; round++) {
      for (String stream : streams) {
        store.append(stream, round - 1, event(stream + "/" + round));
        last = stream;
      }
    }
    long position = store.read(last, rounds - 1, 1).get(0).position();
    eventually("the last event appended in the global log",
        () -> store.readAll(position - 1, 1).stream().anyMatch(e -> e.position() == position));
  }

  private static List<String> texts(List<StoredEvent> events) {
    return events.stream().map(StreamPrefixReads::text).toList();
  }

  // ---- which streams a prefix selects

  @Test
  void aPrefixReadsOnlyTheStreamsThatStartWithIt() {
    EventStore store = store();
    appendInTurn(store, 2, "order-1", "invoice-1", "order-2", "orders", "Order-3", "xorder-1");
    List<StoredEvent> orders = store.readAll(0, 100, StreamPrefix.of("order-"));
    assertThat(texts(orders)).containsExactly("order-1/1", "order-2/1", "order-1/2", "order-2/2");
    assertStrictlyIncreasingPositions(orders);
    assertThat(orders.get(2).stream()).isEqualTo("order-1");
    assertThat(orders.get(2).id()).isEqualTo(2);
    List<StoredEvent> all = store.readAll(0, 100);
    assertThat(orders).extracting(StoredEvent::position).isSubsetOf(all.stream().map(StoredEvent::position).toList());
  }

  @Test
  void aPrefixMayBeAWholeStreamName() {
    EventStore store = store();
    appendInTurn(store, 1, "order-1", "order-2", "order-10", "order-");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("order-1"))))
        .containsExactly("order-1/1", "order-10/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("order-"))))
        .containsExactly("order-1/1", "order-2/1", "order-10/1", "order-/1");
  }

  @Test
  void aPrefixThatMatchesNoStreamReadsNothing() {
    EventStore store = store();
    assertThat(store.readAll(0, 100, StreamPrefix.of("order-"))).as("an empty store").isEmpty();
    appendInTurn(store, 2, "order-1", "invoice-1");
    assertThat(store.readAll(0, 100, StreamPrefix.of("payment-"))).isEmpty();
    assertThat(store.readAll(0, 100, StreamPrefix.of("a"))).isEmpty();
    assertThat(store.readAll(0, 100, StreamPrefix.of("zzz"))).isEmpty();
    assertThat(store.readAll(0, 100, StreamPrefix.of("order-1-"))).isEmpty();
  }

  @Test
  void likeWildcardsAndTheEscapeCharacterAreLiteral() {
    EventStore store = store();
    appendInTurn(store, 1, "a%b-1", "axb-1", "a_b-1", "acb-1", "a\\b-1", "ab-1", "A_B-1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("a%b")))).containsExactly("a%b-1/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("a_b")))).containsExactly("a_b-1/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("a\\")))).containsExactly("a\\b-1/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("%")))).isEmpty();
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("_")))).isEmpty();
  }

  @Test
  void prefixesBeyondAsciiCompareByCodePoint() {
    EventStore store = store();
    String emoji = "\uD83D\uDE00";
    String nextEmoji = "\uD83D\uDE01";
    appendInTurn(store, 1, "é-1", "e-1", "ê-1", emoji + "-1", nextEmoji + "-1", "ab", "ab\uFFFF", "ab" + emoji, "ac");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("é")))).containsExactly("é-1/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of(emoji)))).containsExactly(emoji + "-1/1");
    assertThat(texts(store.readAll(0, 100, StreamPrefix.of("ab"))))
        .containsExactly("ab/1", "ab\uFFFF/1", "ab" + emoji + "/1");
  }

  // ---- paging

  @Test
  void aPrefixReadRespectsLimitAndIsExclusiveOfAfterPosition() {
    EventStore store = store();
    appendInTurn(store, 3, "order-1", "invoice-1", "order-2");
    StreamPrefix orders = StreamPrefix.of("order-");
    List<StoredEvent> firstTwo = store.readAll(0, 2, orders);
    assertThat(texts(firstTwo)).containsExactly("order-1/1", "order-2/1");
    assertThat(texts(store.readAll(firstTwo.get(0).position(), 3, orders)))
        .containsExactly("order-2/1", "order-1/2", "order-2/2");
    List<StoredEvent> invoices = store.readAll(0, 100, StreamPrefix.of("invoice-"));
    assertThat(texts(store.readAll(invoices.get(1).position(), 100, orders)))
        .as("after the position of an event of another stream")
        .containsExactly("order-2/2", "order-1/3", "order-2/3");
  }

  @Test
  void pagingByPrefixReturnsEveryMatchingEventOnce() {
    EventStore store = store();
    appendInTurn(store, 7, "order-1", "invoice-1", "order-2", "invoice-2", "order-3");
    StreamPrefix orders = StreamPrefix.of("order-");
    List<StoredEvent> read = readInPages(store, orders, 4);
    assertThat(read).hasSize(21);
    assertThat(read).allSatisfy(e -> assertThat(e.stream()).startsWith("order-"));
    assertThat(texts(read)).doesNotHaveDuplicates();
    assertStrictlyIncreasingPositions(read);
    assertThat(store.readAll(read.get(20).position(), 10, orders)).isEmpty();
  }

  @Test
  void aNegativeLimitIsRejected() {
    EventStore store = store();
    assertValidation(() -> store.readAll(0, -1, StreamPrefix.of("order-")));
  }

  @Test
  void aTailingReaderOfOnePrefixSeesEachOfItsEventsOnceDuringConcurrentAppends() throws Exception {
    EventStore store = store();
    int writers = 4;
    int perWriter = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String writer = "w" + w;
        running.add(pool.submit(() -> {
          long[] last = new long[3];
          for (int i = 0; i < perWriter; i++) {
            int s = i % last.length;
            last[s] = store.append(writer + "-s" + s, last[s], event(writer + "/" + i));
          }
        }));
      }
      List<String> seen = tail(store, StreamPrefix.of("w2-"), perWriter);
      for (Future<?> f : running) {
        f.get();
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perWriter; i++) {
        expected.add("w2/" + i);
      }
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<StoredEvent> readInPages(EventStore store, StreamPrefix prefix, int pageSize) {
    List<StoredEvent> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<StoredEvent> page = store.readAll(after, pageSize, prefix);
      assertThat(page.size()).isLessThanOrEqualTo(pageSize);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).position();
    }
  }

  /** Reads the streams of {@code prefix} like a log tailer until {@code total} events arrived. */
  private static List<String> tail(EventStore store, StreamPrefix prefix, int total) {
    List<String> seen = new ArrayList<>();
    long after = 0;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (seen.size() < total && System.nanoTime() < deadline) {
      for (StoredEvent e : store.readAll(after, 5, prefix)) {
        assertThat(e.position()).as("position after %d", after).isGreaterThan(after);
        assertThat(e.stream()).startsWith(prefix.value());
        seen.add(text(e));
        after = e.position();
      }
    }
    return seen;
  }
}
