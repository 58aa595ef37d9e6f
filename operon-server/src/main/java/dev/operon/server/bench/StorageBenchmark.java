package dev.operon.server.bench;

import dev.operon.codec.Codec;
import dev.operon.error.ConflictException;
import dev.operon.eventstore.EventStore;
import dev.operon.eventstore.NewEvent;
import dev.operon.id.IdGenerator;
import dev.operon.nats.NatsTaskQueue;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortUrls;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.timer.NewTimer;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStore;
import dev.operon.timer.TimerType;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the event store, task queue and timer store of one backend under concurrent load, and
 * the raw insert rate of the same database beside them. Every phase runs for a bounded time.
 */
final class StorageBenchmark {
  static final int APPEND_WRITERS = 16;
  static final int STREAMS = 100;
  static final int QUEUE_PUBLISHERS = 8;
  static final int QUEUE_CONSUMERS = 8;
  static final int FETCH_BATCH = 50;
  static final int PUBLISH_BATCH = 10;
  static final int MAX_BACKLOG = 5_000;
  static final int TIMER_CREATORS = 16;
  static final int TIMER_SCHEDULERS = 4;
  static final int TIMER_CLAIM_BATCH = 50;
  static final int MAX_TIMERS = 200_000;

  private final String storeUrl;
  private final String queueUrl;
  private final LoadRunner runner;
  private final PrintWriter progress;
  private final String runId;
  private final byte[] payload = Codec.json().encode(SampleEvents.medium());
  private final BenchResults results;

  /** @param queueUrl the queue's URL, or null for the store's own queue */
  StorageBenchmark(String storeUrl, String queueUrl, Duration phase, PrintWriter progress) {
    this.storeUrl = storeUrl;
    this.queueUrl = queueUrl == null ? "store" : queueUrl;
    this.runner = new LoadRunner(phase, progress);
    this.progress = progress;
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    this.runId = id.substring(id.length() - 8);
    this.results = new BenchResults(BackendUrl.parse(storeUrl), this.queueUrl, phase, payload.length);
  }

  String tablePrefix() {
    return "bench_" + runId + "_";
  }

  /** Runs every phase and returns the figures, in the order they are printed. */
  Map<String, Object> run() throws Exception {
    progress.println("Operon storage benchmark on " + BackendUrl.parse(storeUrl).redacted()
        + ", queue " + queueUrl + ", table prefix " + tablePrefix());
    BackendOptions options = BackendOptions.defaults()
        .withTablePrefix(tablePrefix())
        .withPoolSize(APPEND_WRITERS + 4)
        .withQueue(new QueueSettings(Duration.ofMinutes(5), 3));
    try (OpenBackends backends = OpenBackends.open(new PortUrls(storeUrl, queueUrl, "local"), options)) {
      results.put("append_events_per_s", appendMany(backends.eventStore()));
      results.put("append_single_stream_events_per_s", appendOne(backends.eventStore()));
      results.put("queue_tasks_per_s", queue(backends.taskQueue()));
      deleteNatsStreams(backends.taskQueue());
      results.put("timer_creates_per_s", createTimers(backends.timerStore()));
      results.put("timer_claims_per_s", claimTimers(backends.timerStore()));
    }
    new RawPhases(storeUrl, tablePrefix(), payload, runner, progress, results).run();
    return results.asMap();
  }

  private long appendMany(EventStore store) throws InterruptedException {
    AtomicLongArray known = new AtomicLongArray(STREAMS);
    LongAdder conflicts = new LongAdder();
    NewEvent event = new NewEvent("ActivityTaskCompleted", payload, Map.of("category", "Activity"));
    Result result = runner.run("append, 16 writers", "events", List.of(new Group("append",
        APPEND_WRITERS, w -> {
          int s = streamOf(w);
          try {
            long id = store.append(stream(s), known.get(s), event);
            known.accumulateAndGet(s, id, Math::max);
            return 1;
          } catch (ConflictException e) {
            conflicts.increment();
            known.accumulateAndGet(s, e.actual(), Math::max);
            return 0;
          }
        }, true)));
    results.put("append_writers", APPEND_WRITERS);
    results.put("append_streams", STREAMS);
    results.put("append_conflicts_retried", conflicts.sum());
    return Math.round(result.perSecond());
  }

  /**
   * A random stream among those writer {@code w} owns (w, w + 16, w + 32, ...): like workers that
   * each drive their own sagas, writers do not race for one stream, so every append is useful
   * work, as every row of the raw baseline is. Conflicts are still counted; they stay at zero.
   */
  private static int streamOf(int w) {
    int owned = (STREAMS - w + APPEND_WRITERS - 1) / APPEND_WRITERS;
    return w + APPEND_WRITERS * ThreadLocalRandom.current().nextInt(owned);
  }

  private long appendOne(EventStore store) throws InterruptedException {
    AtomicLong last = new AtomicLong();
    NewEvent event = new NewEvent("ActivityTaskCompleted", payload, Map.of("category", "Activity"));
    String stream = "bench-" + runId + "-single";
    Result result = runner.run("append, 1 stream", "events", List.of(new Group("single", 1,
        w -> {
          last.set(store.append(stream, last.get(), event));
          return 1;
        }, true)));
    results.put("append_single_stream_writers", 1);
    return Math.round(result.perSecond());
  }

  private long queue(TaskQueue queue) throws InterruptedException {
    String name = "bench-" + runId;
    AtomicLong published = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    List<byte[]> publishBatch = java.util.Collections.nCopies(PUBLISH_BATCH, payload);
    Group publishers = new Group("publish", QUEUE_PUBLISHERS, w -> {
      if (published.get() - acked.get() > MAX_BACKLOG) {
        Thread.sleep(1);
        return 0;
      }
      queue.publishAll(name, publishBatch, PublishOptions.NOW);
      published.addAndGet(PUBLISH_BATCH);
      return PUBLISH_BATCH;
    }, false);
    Group consumers = new Group("consume", QUEUE_CONSUMERS, w -> {
      List<Task> tasks = queue.fetch(name, FETCH_BATCH, Duration.ofMillis(100));
      if (!tasks.isEmpty()) {
        queue.ackAll(tasks);
      }
      acked.addAndGet(tasks.size());
      return tasks.size();
    }, true);
    Result result = runner.run("queue publish+fetch+ack", "tasks", List.of(consumers, publishers));
    results.put("queue_publishers", QUEUE_PUBLISHERS);
    results.put("queue_consumers", QUEUE_CONSUMERS);
    results.put("queue_publish_batch", PUBLISH_BATCH);
    results.put("queue_fetch_batch", FETCH_BATCH);
    results.put("queue_ack", "ackAll per fetched batch");
    return Math.round(result.perSecond());
  }

  private long createTimers(TimerStore timers) throws InterruptedException {
    AtomicLong created = new AtomicLong();
    Instant due = Instant.now().minusSeconds(1);
    Result result = runner.run("timer create", "timers", List.of(new Group("create",
        TIMER_CREATORS, w -> {
          long n = created.incrementAndGet();
          if (n > MAX_TIMERS) {
            return -1;
          }
          timers.create(new NewTimer(runId + "-" + n, "bench-" + runId, TimerType.SCHEDULED, due,
              new byte[0]));
          return 1;
        }, true)));
    return Math.round(result.perSecond());
  }

  private long claimTimers(TimerStore timers) throws InterruptedException {
    Result result = runner.run("timer claim+fire", "timers", List.of(new Group("claim",
        TIMER_SCHEDULERS, w -> {
          List<Timer> claimed = timers.claimDue("bench-scheduler-" + w, Instant.now(), TIMER_CLAIM_BATCH);
          if (claimed.isEmpty()) {
            return -1;
          }
          claimed.forEach(t -> timers.markFired(t.claim()));
          return claimed.size();
        }, true)));
    results.put("timer_schedulers", TIMER_SCHEDULERS);
    results.put("timer_claim_batch", TIMER_CLAIM_BATCH);
    return Math.round(result.perSecond());
  }

  /** A JetStream queue keeps its tasks on the server: delete this run's streams. */
  private void deleteNatsStreams(TaskQueue queue) {
    if (queue instanceof NatsTaskQueue nats) {
      try {
        nats.deleteStreams();
        progress.println("  cleaned up: deleted the JetStream streams of " + tablePrefix());
      } catch (RuntimeException e) {
        progress.println("  could not delete the JetStream streams of " + tablePrefix() + ": "
            + e.getMessage());
      }
    }
  }

  private String stream(int index) {
    return "bench-" + runId + "-s" + index;
  }
}
