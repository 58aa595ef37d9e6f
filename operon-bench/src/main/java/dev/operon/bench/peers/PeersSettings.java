package dev.operon.bench.peers;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendUrl;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What one peers run does, validated when made: an invalid value throws a VALIDATION (or, for the
 * store, CONFIGURATION) error naming its flag.
 *
 * @param store the PostgreSQL server and database the scratch database is created from
 * @param queue Operon's task queue: {@code store} (the store's own, the default) or {@code nats://...}
 * @param duration how long each timed shape runs (the warm-ups are shorter)
 * @param tasks how many tasks each queue drain publishes and drains
 * @param starters concurrent starters of the 3-step shape
 * @param steps the steps of the one-thread shape
 */
record PeersSettings(String store, String queue, Duration duration, int tasks, int starters, int steps) {
  static final int MAX_TASKS = 1_000_000;
  static final int MAX_STARTERS = 256;
  static final int MAX_STEPS = 1_000;
  private static final Set<String> POSTGRES = Set.of("postgres", "postgresql");
  private static final Set<String> STORE_QUEUE = Set.of("store", "jdbc");
  private static final Duration LONGEST_WARM_UP = Duration.ofSeconds(2);

  PeersSettings {
    requirePostgres(store);
    queue = queue == null ? "store" : queue.trim();
    requireDurableQueue(queue);
    requireBetween("--tasks", tasks, 1, MAX_TASKS);
    requireBetween("--starters", starters, 1, MAX_STARTERS);
    requireBetween("--steps", steps, 1, MAX_STEPS);
  }

  /** Connections of each pool, the same for every peer: one per starter and 8 for the engine's own loops. */
  int poolSize() {
    return starters + 8;
  }

  /** The warm-up before the first timed shape of an engine: the phase length, at most 2 s. */
  Duration warmUp() {
    return duration.compareTo(LONGEST_WARM_UP) < 0 ? duration : LONGEST_WARM_UP;
  }

  private static void requirePostgres(String store) {
    BackendUrl url = BackendUrl.parse(store);
    if (!POSTGRES.contains(url.scheme())) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "bench peers needs PostgreSQL, but --store is "
              + url.redacted() + ": DBOS Transact and db-scheduler run on PostgreSQL, and every peer"
              + " runs on the same database; give --store postgres://HOST:5432/DB")
          .retryable(false).build();
    }
  }

  private static void requireDurableQueue(String queue) {
    String word = queue.toLowerCase(Locale.ROOT);
    if (!STORE_QUEUE.contains(word) && !BackendUrl.parse(queue).scheme().equals("nats")) {
      throw OperonException.invalid("--queue must be store (the store's own queue, the default), jdbc"
          + " (the same) or nats://HOST:4222, was " + queue + ": the peers' queues are durable, so is Operon's");
    }
  }

  private static void requireBetween(String flag, int value, int min, int max) {
    if (value < min || value > max) {
      throw OperonException.invalid(String.format(Locale.ROOT, "%s must be between %,d and %,d, was %,d",
          flag, min, max, value));
    }
  }
}
