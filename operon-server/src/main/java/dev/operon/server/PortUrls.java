package dev.operon.server;

import dev.operon.spi.BackendUrl;
import java.util.Locale;
import java.util.Set;

/**
 * The backend URL of each port as given on the command line.
 *
 * @param store the event store and timer store: {@code sqlite:PATH}, {@code memory:},
 *     {@code postgres://...}
 * @param queue the task queue: {@code local}, {@code jdbc} (the store's database), {@code nats://...}
 * @param notifier the change notifier: {@code local}, {@code poll}, {@code postgres} (the store's
 *     PostgreSQL), {@code redis://...}, {@code fs:DIR}, {@code nats://...}
 */
public record PortUrls(String store, String queue, String notifier) {
  /** The embedded default: a SQLite file, the in-process queue and notifier. */
  public static final String DEFAULT_STORE = "sqlite:./operon-data/operon.db";

  private static final Set<String> STORE_QUEUE_WORDS = Set.of("jdbc", "store");
  private static final Set<String> POSTGRES_SCHEMES = Set.of("postgres", "postgresql");

  /** Whether the queue is the store's own backend ({@code jdbc} or {@code store}). */
  public boolean queueUsesStore() {
    return STORE_QUEUE_WORDS.contains(queue.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether the notifier is the store's own backend ({@code postgres} alone, or {@code store}). */
  public boolean notifyUsesStore() {
    String word = notifier.trim().toLowerCase(Locale.ROOT);
    return word.equals("store") || POSTGRES_SCHEMES.contains(word);
  }

  /** Whether the store is a PostgreSQL database. */
  public boolean storeIsPostgres() {
    return POSTGRES_SCHEMES.contains(BackendUrl.parse(store).scheme());
  }
}
