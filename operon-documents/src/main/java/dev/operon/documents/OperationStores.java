package dev.operon.documents;

import dev.operon.documents.internal.InMemoryOperationStore;
import dev.operon.documents.internal.jdbc.JdbcOperationStore;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.Backend;
import java.util.Map;
import java.util.WeakHashMap;

/** The operation store of a backend: the tables of a SQLite or PostgreSQL database, or memory. */
public final class OperationStores {
  private static final Map<Object, OperationStore> SHARED = new WeakHashMap<>();

  private OperationStores() {}

  /**
   * The store of {@code backend}: its database's document tables (created if missing), or for an
   * in-memory backend a store in memory shared by everything opened on that backend.
   */
  public static synchronized OperationStore of(Backend backend) {
    return JdbcDatabase.of(backend).map(OperationStores::of)
        .orElseGet(() -> SHARED.computeIfAbsent(backend.eventStore(), s -> new InMemoryOperationStore()));
  }

  /** The store of {@code database} (one per database). */
  public static synchronized OperationStore of(JdbcDatabase database) {
    return SHARED.computeIfAbsent(database, d -> new JdbcOperationStore((JdbcDatabase) d));
  }

  /** A store in memory of its own. */
  public static OperationStore inMemory() {
    return new InMemoryOperationStore();
  }
}
