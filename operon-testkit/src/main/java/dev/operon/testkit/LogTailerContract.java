package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.eventstore.StoredEvent;
import dev.operon.eventstore.StreamPrefix;
import dev.operon.queue.TaskQueue;
import dev.operon.retry.RetryPolicy;
import dev.operon.runtime.LogHandler;
import dev.operon.runtime.LogTailer;
import dev.operon.runtime.TailerSettings;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How a {@link LogTailer} behaves on a backend: each backend's test extends this class and
 * implements {@link #open(BackendOptions)}, which opens the whole backend (event store, checkpoints,
 * transactor, notifier). Time is the test's manual clock; nothing moves it but the test.
 */
public abstract class LogTailerContract extends ContractSuite {
  /** The backoff of these tests: 1 s, then 2 s, ..., no jitter. */
  private static final RetryPolicy BACKOFF = new RetryPolicy(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8), 0.0);

  /** Opens the backend under test with {@code options}; each call with a fresh prefix sees an empty store. */
  protected abstract Backend open(BackendOptions options);

  private Backend backend;

  /** The backend of this test, opened once with {@link #baseOptions()}. */
  protected Backend backend() {
    if (backend == null) {
      backend = closeAfterTest(open(baseOptions()));
    }
    return backend;
  }

  /** Settings of these tests: small batches, a 1 s poll, {@link #BACKOFF}. */
  protected static TailerSettings settings() {
    return TailerSettings.defaults().withBatchSize(2).withPollPeriod(Duration.ofSeconds(1)).withBackoff(BACKOFF);
  }

  /** A tailer of {@code consumer} on this test's backend (its notifier included) and clock. */
  protected LogTailer.Builder tailer(String consumer, LogHandler handler) {
    return LogTailer.builder(consumer, handler).backend(backend()).clock(clock).settings(settings());
  }

  /** Starts {@code builder}'s tailer and closes it after the test. */
  protected LogTailer start(LogTailer.Builder builder) {
    return closeAfterTest(builder.start());
  }

  /**
   * Appends one event whose payload is {@code stream/id} at the stream's end, and returns its
   * position once the global log shows it. A store may hold back the end of the log while other
   * transactions that could still commit behind it are open (PostgreSQL: any transaction on the
   * server), and a tailer on a manual clock reads again only when woken or when the test moves the
   * clock; so each test makes its events readable before it expects a tailer to read them.
   */
  protected long append(String stream) {
    EventStore store = backend().eventStore();
    long id = store.currentId(stream) + 1;
    store.append(stream, id - 1, new NewEvent("Text", (stream + "/" + id).getBytes(StandardCharsets.UTF_8)));
    long position = store.read(stream, id - 1, 1).get(0).position();
    eventually("event " + stream + "/" + id + " in the global log",
        () -> store.readAll(position - 1, 1).stream().anyMatch(e -> e.position() == position));
    return position;
  }

  /** A handler that records what it was handed, and fails its first {@code failures} batches. */
  protected static final class Recorder implements LogHandler {
    private final List<List<String>> batches = new ArrayList<>();
    private final AtomicInteger toFail;
    private final Runnable effect;

    Recorder(int failures, Runnable effect) {
      this.toFail = new AtomicInteger(failures);
      this.effect = effect;
    }

    Recorder() {
      this(0, () -> {});
    }

    @Override
    public void handle(List<StoredEvent> events) {
      List<String> texts = events.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
      synchronized (this) {
        batches.add(texts);
      }
      events.forEach(e -> effect.run());
      if (toFail.getAndDecrement() > 0) {
        throw new IllegalStateException("handler fails on purpose");
      }
    }

    synchronized List<List<String>> batches() {
      return List.copyOf(batches);
    }

    synchronized List<String> events() {
      return batches.stream().flatMap(List::stream).toList();
    }
  }

  private long checkpoint(String consumer) {
    return backend().checkpoints().position(consumer);
  }

  // ---- reading

  @Test
  void processesTheEventsThatExistFromPositionZero() {
    append("order-1");
    append("invoice-1");
    append("order-1");
    append("order-2");
    long last = append("invoice-1");
    Recorder recorder = new Recorder();
    start(tailer("projector", recorder));
    eventually("all five events handled", () -> recorder.events().size() == 5);
    assertThat(recorder.events())
        .containsExactly("order-1/1", "invoice-1/1", "order-1/2", "order-2/1", "invoice-1/2");
    assertThat(recorder.batches()).extracting(List::size).containsExactly(2, 2, 1);
    eventually("the checkpoint at the last event", () -> checkpoint("projector") == last);
  }

  @Test
  void resumesFromItsCheckpointAfterARestartWithoutRedelivering() {
    append("order-1");
    append("order-2");
    long firstLast = append("order-3");
    Recorder first = new Recorder();
    LogTailer tailer = tailer("projector", first).start();
    eventually("the first three events handled", () -> checkpoint("projector") == firstLast);
    tailer.close();
    append("order-4");
    long last = append("order-1");
    Recorder second = new Recorder();
    start(tailer("projector", second));
    eventually("the two new events handled", () -> checkpoint("projector") == last);
    assertThat(first.events()).containsExactly("order-1/1", "order-2/1", "order-3/1");
    assertThat(second.events()).containsExactly("order-4/1", "order-1/2");
  }

  @Test
  void readsOnlyTheStreamsOfItsPrefix() {
    append("order-1");
    append("invoice-1");
    append("order_2");
    long lastOrder = append("order-2");
    append("invoice-1");
    Recorder recorder = new Recorder();
    start(tailer("order-projector", recorder).prefix(StreamPrefix.of("order-")));
    eventually("the order events handled", () -> checkpoint("order-projector") == lastOrder);
    assertThat(recorder.events()).containsExactly("order-1/1", "order-2/1");
  }

  @Test
  void consumersKeepTheirOwnCheckpoints() {
    long last = append("order-1");
    Recorder projector = new Recorder();
    Recorder mailer = new Recorder();
    start(tailer("projector", projector));
    start(tailer("mailer", mailer));
    eventually("both consumers at the event", () -> checkpoint("projector") == last && checkpoint("mailer") == last);
    assertThat(projector.events()).containsExactly("order-1/1");
    assertThat(mailer.events()).containsExactly("order-1/1");
  }

  // ---- failures

  @Test
  void aFailingHandlerLeavesTheCheckpointAndGetsTheSameBatchAgainAfterTheBackoff() {
    append("order-1");
    long second = append("order-2");
    Recorder recorder = new Recorder(2, () -> {});
    start(tailer("projector", recorder));
    eventually("the first, failing, attempt", () -> recorder.batches().size() == 1);
    assertThat(checkpoint("projector")).isZero();
    clock.advance(Duration.ofSeconds(1));
    eventually("the second, failing, attempt after 1 s", () -> recorder.batches().size() == 2);
    assertThat(checkpoint("projector")).isZero();
    clock.advance(Duration.ofSeconds(2));
    eventually("the third attempt after 2 s more", () -> checkpoint("projector") == second);
    assertThat(recorder.batches()).containsExactly(
        List.of("order-1/1", "order-2/1"), List.of("order-1/1", "order-2/1"), List.of("order-1/1", "order-2/1"));
  }

  @Test
  void aFailedBatchIsRolledBackWithItsEffectsWhereTheBackendHasTransactions() {
    TaskQueue queue = backend().taskQueue();
    append("order-1");
    long last = append("order-2");
    Recorder recorder = new Recorder(1, () -> queue.publish("projected", new byte[] {1}));
    LogTailer tailer = start(tailer("projector", recorder));
    Assumptions.assumeTrue(tailer.exactlyOnce(), "backend whose checkpoints join its transactions");
    eventually("the failing attempt", () -> recorder.batches().size() == 1);
    assertThat(queue.stats("projected").depth()).as("tasks of the failed attempt").isZero();
    assertThat(checkpoint("projector")).isZero();
    clock.advance(Duration.ofSeconds(1));
    eventually("the batch handled again", () -> checkpoint("projector") == last);
    assertThat(queue.stats("projected").depth()).as("one task per event").isEqualTo(2);
  }

  // ---- waking

  @Test
  void aNotificationWakesItBeforeThePollPeriod() {
    append("order-1");
    Recorder recorder = new Recorder();
    start(tailer("projector", recorder).settings(settings().withPollPeriod(Duration.ofHours(1))));
    eventually("the first event handled", () -> recorder.events().size() == 1);
    long last = append("order-2");
    backend().notifier().notify(LogTailer.EVENTS_CHANNEL);
    eventually("the second event handled, the clock unmoved", () -> checkpoint("projector") == last);
    assertThat(recorder.events()).containsExactly("order-1/1", "order-2/1");
  }

  @Test
  void pollingAloneCatchesUpWithoutANotifier() {
    append("order-1");
    Recorder recorder = new Recorder();
    start(tailer("projector", recorder).notifier(null));
    eventually("the first event handled", () -> recorder.events().size() == 1);
    append("order-2");
    long last = append("order-3");
    clock.advance(Duration.ofSeconds(1));
    eventually("the new events handled at the next poll", () -> checkpoint("projector") == last);
    assertThat(recorder.events()).containsExactly("order-1/1", "order-2/1", "order-3/1");
  }
}
