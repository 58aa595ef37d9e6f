package dev.operon.server.bench;

import dev.operon.documents.Action;
import dev.operon.documents.ActionSigning;
import dev.operon.documents.DocumentModel;
import dev.operon.documents.DocumentScope;
import dev.operon.documents.DocumentSync;
import dev.operon.documents.Documents;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.documents.OperationStores;
import dev.operon.documents.SignatureScheme;
import dev.operon.documents.Signer;
import dev.operon.documents.SyncChannel;
import dev.operon.server.bench.LoadRunner.Group;
import dev.operon.server.bench.LoadRunner.Result;
import dev.operon.server.bench.jdbc.RawInsertBaseline;
import dev.operon.server.bench.jdbc.ScratchTables;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench documents}: signed operations on one document and on 100 from 16 writers, the
 * reducer path in memory, loading long histories with and without keyframes, and sync between two
 * stores; next to the raw single-row insert rate of the same database.
 */
final class DocumentsBenchmark {
  static final int WRITERS = 16;
  static final int DOCUMENTS = 100;

  /** The bench's document: a counter, changed by increments. */
  record Counter(long value, long changes) {}

  record Increment(long by, String note) {}

  static final DocumentScope<Counter> GLOBAL = DocumentScope.of("global", Counter.class, new Counter(0, 0));

  /** The counter's model; {@code version} 2 has the same reducers, so its loads find no keyframe of theirs. */
  static DocumentModel model(int version, boolean signed) {
    DocumentModel.Builder builder = DocumentModel.builder("counter").version(version).scope(GLOBAL)
        .action("INCREMENT", GLOBAL, Increment.class,
            (counter, increment) -> new Counter(counter.value() + increment.by(), counter.changes() + 1));
    return (signed ? builder.requireSignatures() : builder).build();
  }

  private final String store;
  private final Duration phase;
  private final int history;
  private final PrintWriter progress;
  private final LoadRunner runner;
  private final String prefix = "bdoc" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_";
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final KeyPair keys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final Signer signer = new Signer("bench", "", 0, "bench", ActionSigning.encode(keys.getPublic()));
  private final Clock clock = Clock.systemUTC();

  DocumentsBenchmark(String store, Duration phase, int history, PrintWriter progress) {
    this.store = store;
    this.phase = phase;
    this.history = history;
    this.progress = progress;
    this.runner = new LoadRunner(phase, progress);
  }

  Map<String, Object> run() throws Exception {
    figures.putAll(BenchRun.header(store));
    reducerInMemory();
    Optional<String> jdbc = JdbcUrls.of(store);
    try (Backend backend = open(prefix)) {
      OperationStore operations = OperationStores.of(backend);
      oneDocument(operations);
      oneDocumentUnsigned(operations);
      hundredDocuments(operations);
      loads(operations, 10_000);
      if (history > 10_000) {
        loads(operations, history);
      }
      sync(operations);
    } finally {
      if (jdbc.isPresent()) {
        figures.put("tables_dropped", ScratchTables.drop(jdbc.get(), prefix).size()
            + ScratchTables.drop(jdbc.get(), prefix + "b_").size());
      }
    }
    if (jdbc.isPresent()) {
      byte[] payload = "{\"by\":1,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8);
      figures.put("raw_insert_rows_per_s", rawInserts(jdbc.get(), "raw1", 1, payload));
      figures.put("raw_insert_rows_per_s_16_writers", rawInserts(jdbc.get(), "raw16", WRITERS, payload));
      ScratchTables.drop(jdbc.get(), prefix);
    }
    return figures;
  }

  private Backend open(String tablePrefix) {
    return Backends.open(store, BackendOptions.defaults().withTablePrefix(tablePrefix).withPoolSize(WRITERS + 4));
  }

  private Action signed(Documents documents, String documentId, long by) {
    Action action = documents.action("INCREMENT", "global", new Increment(by, "n"));
    return ActionSigning.sign(action, documentId, "", signer, keys.getPrivate(), clock.instant());
  }

  /** One document in memory, unsigned, 100 actions per dispatch: what reducing, hashing and queueing cost. */
  private void reducerInMemory() throws Exception {
    Documents documents = Documents.builder().store(OperationStores.inMemory()).model(model(1, false)).clock(clock)
        .build();
    documents.create("memory", "counter", "");
    LoadRunner.Step step = w -> {
      List<Action> batch = new ArrayList<>(100);
      for (int i = 0; i < 100; i++) {
        batch.add(documents.action("INCREMENT", "global", new Increment(1, "n")));
      }
      return documents.dispatch("memory", Documents.MAIN, batch).size();
    };
    new LoadRunner(Duration.ofSeconds(4), progress).run("warm-up", "ops", List.of(new Group("warm", 1, step, true)));
    Result result = runner.run("reducer path, memory", "ops", List.of(new Group("reducer", 1, step, true)));
    figures.put("reducer_ops_per_s_in_memory", Math.round(result.perSecond()));
  }

  /**
   * 16 writers, one document, each dispatch one signed action; the queue batches what waits. Twice:
   * with actions its clients signed beforehand (clients sign on their own machines; the server
   * checks every signature), and with the signing in the loop, on the same two cores.
   */
  private void oneDocument(OperationStore operations) throws Exception {
    Documents documents = Documents.builder().store(operations).model(model(1, true)).clock(clock).build();
    documents.create("one", "counter", "");
    int pool = (int) Math.min(200_000, phase.toMillis() * 6);
    List<Action> presigned = java.util.Collections.synchronizedList(new ArrayList<>(pool));
    java.util.stream.IntStream.range(0, pool).parallel().forEach(i -> presigned.add(signed(documents, "one", 1)));
    progress.printf("  %-24s %,d actions signed beforehand%n", "one document, signed", pool);
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    Result result = runner.run("one document, signed", "ops", List.of(new Group("one", WRITERS, w -> {
      int i = next.getAndIncrement();
      Action action = i < pool ? presigned.get(i) : signed(documents, "one", 1);
      long start = System.nanoTime();
      documents.dispatch("one", action);
      latencies.add(System.nanoTime() - start);
      return 1;
    }, true)));
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    figures.put("ops_per_s_one_document", Math.round(result.perSecond()));
    figures.put("p50_ms_one_document", millis(percentile(sorted, 0.50)));
    figures.put("p99_ms_one_document", millis(percentile(sorted, 0.99)));
    figures.put("one_document_presigned_ran_out", next.get() > pool);
    figures.put("writers", WRITERS);

    ConcurrentLinkedQueue<Long> inLoop = new ConcurrentLinkedQueue<>();
    Result signing = runner.run("one doc, signing in loop", "ops", List.of(new Group("one-signing", WRITERS, w -> {
      Action action = signed(documents, "one", 1);
      long start = System.nanoTime();
      documents.dispatch("one", action);
      inLoop.add(System.nanoTime() - start);
      return 1;
    }, true)));
    List<Long> sortedInLoop = new ArrayList<>(inLoop);
    Collections.sort(sortedInLoop);
    figures.put("ops_per_s_one_document_signing_in_loop", Math.round(signing.perSecond()));
    figures.put("p50_ms_one_document_signing_in_loop", millis(percentile(sortedInLoop, 0.50)));
  }

  /** The same without signatures: what the queue and the store do when no key has to be checked. */
  private void oneDocumentUnsigned(OperationStore operations) throws Exception {
    Documents documents = Documents.builder().store(operations).model(model(1, false)).clock(clock).build();
    documents.create("one-unsigned", "counter", "");
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    Result result = runner.run("one document, unsigned", "ops", List.of(new Group("unsigned", WRITERS, w -> {
      Action action = documents.action("INCREMENT", "global", new Increment(1, "n"));
      long start = System.nanoTime();
      documents.dispatch("one-unsigned", action);
      latencies.add(System.nanoTime() - start);
      return 1;
    }, true)));
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    figures.put("ops_per_s_one_document_unsigned", Math.round(result.perSecond()));
    figures.put("p50_ms_one_document_unsigned", millis(percentile(sorted, 0.50)));
  }

  private void hundredDocuments(OperationStore operations) throws Exception {
    Documents documents = Documents.builder().store(operations).model(model(1, true)).clock(clock).build();
    for (int i = 0; i < DOCUMENTS; i++) {
      documents.create("doc-" + i, "counter", "");
    }
    AtomicLong next = new AtomicLong();
    Result result = runner.run("100 documents, signed", "ops", List.of(new Group("hundred", WRITERS, w -> {
      String id = "doc-" + (next.getAndIncrement() % DOCUMENTS);
      documents.dispatch(id, signed(documents, id, 1));
      return 1;
    }, true)));
    figures.put("ops_per_s_100_documents", Math.round(result.perSecond()));
  }

  /** A history of {@code size} operations, loaded by a fresh copy with keyframes and without (median of 3). */
  private void loads(OperationStore operations, int size) {
    String id = "history-" + size;
    Documents writer = Documents.builder().store(operations).model(model(1, false)).clock(clock).build();
    writer.create(id, "counter", "");
    long written = 0;
    long started = System.nanoTime();
    long reported = started;
    while (written < size) {
      int count = (int) Math.min(1_000, size - written);
      List<Action> batch = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        batch.add(writer.action("INCREMENT", "global", new Increment(1, "n")));
      }
      writer.dispatch(id, Documents.MAIN, batch);
      written += count;
      if (System.nanoTime() - reported > 1_000_000_000L) {
        reported = System.nanoTime();
        progress.printf("  writing a history of %,d operations: %,d%n", size, written);
        progress.flush();
      }
    }
    String expected = writer.hash(id, "global");
    figures.put("load_ms_with_keyframes_" + size, millis(medianLoad(operations, id, 1, expected)));
    figures.put("load_ms_without_keyframes_" + size, millis(medianLoad(operations, id, 2, expected)));
    progress.printf("  %-24s with keyframes %s ms, without %s ms%n", "load " + size + " ops",
        figures.get("load_ms_with_keyframes_" + size), figures.get("load_ms_without_keyframes_" + size));
    progress.flush();
  }

  private long medianLoad(OperationStore operations, String id, int version, String expected) {
    List<Long> runs = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      Documents reader = Documents.builder().store(operations).model(model(version, false)).clock(clock).build();
      long start = System.nanoTime();
      String hash = reader.hash(id, "global");
      runs.add(System.nanoTime() - start);
      if (!hash.equals(expected)) {
        throw new IllegalStateException("A load of " + id + " gave hash " + hash + ", not " + expected);
      }
    }
    Collections.sort(runs);
    return runs.get(1);
  }

  /** A writer on store A at 1,000 ops/s while a sync loop carries them to store B: rate and lag. */
  private void sync(OperationStore operations) throws Exception {
    try (Backend second = open(prefix + "b_")) {
      OperationStore other = OperationStores.of(second);
      Documents a = Documents.builder().store(operations).model(model(1, true)).clock(clock).build();
      a.create("synced", "counter", "");
      DocumentSync sync = new DocumentSync(a, SyncChannel.of(other));
      sync.sync("synced");
      AtomicBoolean writing = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
      AtomicLong carried = new AtomicLong();
      Thread syncer = Thread.ofPlatform().name("bench-sync").start(() -> {
        int seen = 0;
        while (writing.get() || seen < other.getSince("synced", "global", "main", 0).size()
            || seen < operations.getSince("synced", "global", "main", 0).size()) {
          sync.sync("synced");
          List<Operation> arrived = other.getSince("synced", "global", "main", seen);
          Instant now = clock.instant();
          for (Operation operation : arrived) {
            lags.add(Duration.between(operation.timestamp(), now).toNanos());
          }
          seen += arrived.size();
          carried.addAndGet(arrived.size());
          if (!writing.get() && arrived.isEmpty()) {
            break;
          }
        }
      });
      long start = System.nanoTime();
      Result written = runner.run("sync, writer on A", "ops", List.of(new Group("sync-writer", 1, w -> {
        long due = start + (long) (w + 1) * 1_000_000L;
        a.dispatch("synced", signed(a, "synced", 1));
        long pause = due - System.nanoTime();
        if (pause > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(pause);
        }
        return 1;
      }, true)));
      writing.set(false);
      syncer.join(60_000);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Long> sorted = new ArrayList<>(lags);
      Collections.sort(sorted);
      figures.put("sync_written_ops_per_s", Math.round(written.perSecond()));
      figures.put("sync_ops_per_s", Math.round(carried.get() / seconds));
      figures.put("sync_lag_p50_ms", millis(percentile(sorted, 0.50)));
      figures.put("sync_lag_p99_ms", millis(percentile(sorted, 0.99)));
      progress.printf("  %-24s %,d ops/s carried, lag p50 %s ms, p99 %s ms%n", "sync A -> B",
          figures.get("sync_ops_per_s"), figures.get("sync_lag_p50_ms"), figures.get("sync_lag_p99_ms"));
      progress.flush();
    }
  }

  private long rawInserts(String jdbcUrl, String table, int writers, byte[] payload) throws Exception {
    try (RawInsertBaseline raw = new RawInsertBaseline(jdbcUrl, prefix + table, payload)) {
      raw.open(writers);
      String label = "raw insert, " + writers + (writers == 1 ? " writer" : " writers");
      return Math.round(runner.run(label, "rows", List.of(new Group(table, writers, w -> raw.insert(w, 1), true)))
          .perSecond());
    }
  }

  private static Long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? null : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static Double millis(Long nanos) {
    return nanos == null ? null : Math.round(nanos / 10_000.0) / 100.0;
  }
}
