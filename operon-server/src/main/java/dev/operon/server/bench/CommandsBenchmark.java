package dev.operon.server.bench;

import dev.operon.commands.Command;
import dev.operon.commands.Commander;
import dev.operon.commands.Invalidation;
import dev.operon.commands.OperationEvent;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.BenchRows;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.server.demo.CommandsHostProcess;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench commands}: the command pipeline's per-call costs (JMH), persistent commands against
 * the raw insert rate of the same database, the event log's sustained rate and latency, and the
 * cross-process invalidation latency through each watcher.
 */
final class CommandsBenchmark {
  static final int CALLERS = 16;
  static final int EVENTS_PER_COMMAND = 10;

  /** A command that inserts one row into the bench table; its operation is persistent. */
  record Insert(long id) implements Command<Void> {}

  /** A command whose operation stores {@link #EVENTS_PER_COMMAND} events. */
  record Emit(long first) implements Command<Void> {}

  /** An event value carrying the time its operation was started, in epoch microseconds. */
  record Sent(long id, long atMicros) {}

  private final String store;
  private final String notify;
  private final Duration phase;
  private final int rounds;
  private final int outboxRate;
  private final PrintWriter progress;
  private final LoadRunner runner;
  private final String prefix = "bcmd" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_";
  private final Map<String, Object> figures = new LinkedHashMap<>();

  CommandsBenchmark(String store, String notify, Duration phase, int rounds, int outboxRate, PrintWriter progress) {
    this.outboxRate = outboxRate;
    this.store = store;
    this.notify = notify;
    this.phase = phase;
    this.rounds = rounds;
    this.progress = progress;
    this.runner = new LoadRunner(phase, progress);
  }

  Map<String, Object> run() throws Exception {
    figures.putAll(BenchRun.header(store));
    figures.putAll(CommandsMicroRun.run(progress));
    Optional<String> jdbc = JdbcUrls.of(store);
    if (jdbc.isEmpty()) {
      progress.println("  (no persistent, outbox or cross-process figures: " + store + " is not a SQL database)");
      return figures;
    }
    try {
      persistent(jdbc.get());
      outbox();
      invalidationLatencies();
    } finally {
      List<String> dropped = ScratchTables.drop(jdbc.get(), prefix);
      figures.put("tables_dropped", dropped.size());
    }
    return figures;
  }

  private Backend open() {
    return Backends.open(store, BackendOptions.defaults().withTablePrefix(prefix).withPoolSize(CALLERS + 4));
  }

  private void persistent(String jdbcUrl) throws Exception {
    AtomicLong ids = new AtomicLong();
    try (Backend backend = open()) {
      BenchRows.create(backend, prefix + "rows");
      try (Commander commander = Commander.builder().backend(backend).hostId("bench").processesEvents(false)
          .handle(Insert.class, (command, context) -> {
            if (Invalidation.isActive()) {
              return null;
            }
            BenchRows.insert(context, prefix + "rows", command.id());
            return null;
          }).build()) {
        new LoadRunner(Duration.ofSeconds(2), progress).run("warm-up", "commands",
            List.of(new Group("warm", CALLERS, w -> call(commander, new Insert(ids.incrementAndGet())), true)));
        Result result = runner.run("persistent commands", "commands",
            List.of(new Group("callers", CALLERS, w -> call(commander, new Insert(ids.incrementAndGet())), true)));
        figures.put("persistent_commands_per_s", Math.round(result.perSecond()));
        figures.put("persistent_callers", CALLERS);
      }
    }
    byte[] payload = "{\"order\":\"o-1\",\"cents\":1250}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long raw = rawInserts(jdbcUrl, "raw", CALLERS, payload);
    figures.put("raw_insert_rows_per_s", raw);
    figures.put("raw_writers", CALLERS);
    long persistent = (Long) figures.get("persistent_commands_per_s");
    figures.put("persistent_vs_raw", raw == 0 ? null : Math.round(persistent * 100.0 / raw) / 100.0);
    if (JdbcUrls.isSqlite(jdbcUrl)) {
      long single = rawInserts(jdbcUrl, "raw_one", 1, payload);
      figures.put("raw_insert_single_writer_rows_per_s", single);
      figures.put("persistent_vs_raw_single_writer", single == 0 ? null : Math.round(persistent * 100.0 / single) / 100.0);
    }
  }

  private static long call(Commander commander, Command<?> command) {
    commander.call(command);
    return 1;
  }

  private long rawInserts(String jdbcUrl, String table, int writers, byte[] payload) throws Exception {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, prefix + table, payload)) {
      raw.open(writers);
      String label = writers == 1 ? "raw insert, 1 writer" : "raw insert, " + writers + " writers";
      return Math.round(runner.run(label, "rows", List.of(new Group(table, writers, w -> raw.insert(w, 1), true)))
          .perSecond());
    }
  }

  /**
   * Producers in this process commit operations with events at {@code outboxRate} events/s (or as
   * fast as they can, if that is less) while two reader processes process them: 3 s of warm-up,
   * then the measured phase, whose events are counted per second with the time from each one's
   * operation start to its processing.
   */
  private void outbox() throws Exception {
    AtomicLong ids = new AtomicLong();
    Path logs = Path.of(".operon");
    Files.createDirectories(logs);
    List<ReaderProcess> readers = new ArrayList<>();
    try (Backend producerBackend = open();
        Commander producer = Commander.builder().backend(producerBackend).hostId("producer").processesEvents(false)
            .handle(Emit.class, (command, context) -> {
              if (Invalidation.isActive()) {
                return null;
              }
              context.persist();
              context.operation().mustStore(false);
              long micros = micros(Instant.now());
              for (int i = 0; i < EVENTS_PER_COMMAND; i++) {
                context.operation().addEvent(OperationEvent.of(new Sent(command.first() + i, micros)));
              }
              return null;
            }).build()) {
      for (int i = 0; i < 2; i++) {
        readers.add(ReaderProcess.start(store, prefix, "reader-" + i, logs.resolve("bench-outbox-reader-" + i + ".log")));
      }
      produce(producer, ids, Duration.ofSeconds(3), "outbox warm-up");
      long warmDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (producer.events().backlog() > 0 && System.nanoTime() < warmDeadline) {
        Thread.sleep(20);
      }
      long measureFrom = micros(Instant.now());
      long start = System.nanoTime();
      Result produced = produce(producer, ids, phase, "events produced");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (producer.events().backlog() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long processed = 0;
      List<Long> latencies = new ArrayList<>();
      for (ReaderProcess reader : readers) {
        for (long[] entry : reader.finish().latencies()) {
          if (entry[0] >= measureFrom) {
            processed++;
            latencies.add(entry[1]);
          }
        }
      }
      readers.clear();
      List<Long> sorted = latencies.stream().sorted().toList();
      figures.put("outbox_target_events_per_s", outboxRate);
      figures.put("outbox_events_produced_per_s", Math.round(produced.perSecond()));
      figures.put("outbox_events_per_s", Math.round(processed / seconds));
      figures.put("outbox_events_processed", processed);
      figures.put("outbox_p50_ms", millis(percentile(sorted, 0.50)));
      figures.put("outbox_p99_ms", millis(percentile(sorted, 0.99)));
      figures.put("outbox_readers", "2 processes");
      figures.put("outbox_backlog_at_end", producer.events().backlog());
      progress.printf("  %-24s %,12d events/s processed (p99 %s ms)%n", "outbox",
          figures.get("outbox_events_per_s"), figures.get("outbox_p99_ms"));
    } finally {
      readers.forEach(ReaderProcess::kill);
    }
  }

  /** Commits operations with events at {@code outboxRate} events/s for {@code duration}, from 4 producers. */
  private Result produce(Commander producer, AtomicLong ids, Duration duration, String label) throws Exception {
    int producers = 4;
    long interval = Math.round(1e9 * EVENTS_PER_COMMAND * producers / outboxRate);
    long[] due = new long[producers];
    java.util.Arrays.fill(due, System.nanoTime());
    return new LoadRunner(duration, progress).run(label, "events", List.of(new Group("producers", producers,
        w -> {
          long wait = due[w] - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          due[w] += interval;
          call(producer, new Emit(ids.getAndAdd(EVENTS_PER_COMMAND)));
          return EVENTS_PER_COMMAND;
        }, true)));
  }

  /**
   * For each watcher: host A (this process) changes a stock {@code rounds} times; host B (a child
   * process) is asked after each commit until it answers with the new stock.
   */
  private void invalidationLatencies() throws Exception {
    List<String> watchers = new ArrayList<>();
    if (store.startsWith("postgres")) {
      watchers.add("postgres");
    }
    if (reachable(6379)) {
      watchers.add("redis://127.0.0.1:6379");
    }
    Path signals = Files.createTempDirectory("operon-bench-signals");
    watchers.add("fs:" + signals);
    watchers.add("poll");
    if (notify != null && !watchers.contains(notify)) {
      watchers.add(0, notify);
    }
    for (String watcher : watchers) {
      String name = watcher.startsWith("redis") ? "redis" : watcher.startsWith("fs:") ? "fs" : watcher;
      int count = name.equals("poll") ? Math.min(rounds, 5) : rounds;
      List<Double> latencies = latencies(watcher.equals("postgres") ? store : watcher, count);
      List<Double> sorted = latencies.stream().sorted().toList();
      figures.put("invalidation_latency_ms_" + name + "_p50", round(percentileD(sorted, 0.50)));
      figures.put("invalidation_latency_ms_" + name + "_p99", round(percentileD(sorted, 0.99)));
      figures.put("invalidation_rounds_" + name, count);
      progress.printf("  invalidation via %-8s p50 %s ms, p99 %s ms (%d rounds)%n", name,
          figures.get("invalidation_latency_ms_" + name + "_p50"),
          figures.get("invalidation_latency_ms_" + name + "_p99"), count);
      progress.flush();
    }
  }

  private List<Double> latencies(String watcher, int count) throws Exception {
    String sku = "bench-" + Long.toString(System.nanoTime(), 36);
    Path log = Path.of(".operon", "bench-commands-host-b.log");
    Files.createDirectories(log.getParent());
    List<Double> latencies = new ArrayList<>();
    try (Backend backend = open();
        Backend signals = watcher.equals(store) ? null : Backends.open(watcher);
        com.example.inventory.InventoryHost a = new com.example.inventory.InventoryHost("bench-a", backend,
            signals == null ? backend.notifier() : signals.notifier(), changed -> { }, prefix + "inventory");
        CommandsHostProcess b = CommandsHostProcess.start(store, watcher, log, prefix, prefix + "inventory")) {
      int expected = b.adjust(sku, 1_000).stock();
      b.ask(sku);
      for (int round = 0; round < count + 3; round++) {
        expected = a.adjust(sku, -1);
        long committed = System.nanoTime();
        while (b.ask(sku).stock() != expected) {
          if (System.nanoTime() - committed > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("Host B did not see the change through " + watcher + " in 30 s");
          }
          Thread.sleep(0, 200_000);
        }
        if (round >= 3) {
          latencies.add((System.nanoTime() - committed) / 1e6);
        }
      }
    }
    return latencies;
  }

  private static boolean reachable(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  private static Long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? null : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static Double percentileD(List<Double> sorted, double p) {
    return sorted.isEmpty() ? null : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static Double millis(Long micros) {
    return micros == null ? null : Math.round(micros / 10.0) / 100.0;
  }

  private static Double round(Double value) {
    return value == null ? null : Math.round(value * 100) / 100.0;
  }
}
