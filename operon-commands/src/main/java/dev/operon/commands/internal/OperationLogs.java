package dev.operon.commands.internal;

import dev.operon.commands.internal.jdbc.JdbcOperationLog;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.spi.Backend;
import java.time.Clock;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the operation log of a backend: the tables of a JDBC backend's database, or an in-memory
 * log shared by every commander on the same in-memory event store.
 */
public final class OperationLogs {
  private static final Map<Object, OperationLog> SHARED = new WeakHashMap<>();

  private OperationLogs() {}

  public static synchronized OperationLog of(Backend backend, Clock clock) {
    return JdbcDatabase.of(backend).<OperationLog>map(OperationLogs::of)
        .orElseGet(() -> SHARED.computeIfAbsent(backend.eventStore(), s -> new InMemoryOperationLog()));
  }

  /** The operation log of {@code database} (one per database, shared by its commanders). */
  public static synchronized OperationLog of(JdbcDatabase database) {
    return SHARED.computeIfAbsent(database, d -> new JdbcOperationLog((JdbcDatabase) d));
  }

  /** A log of one commander alone (a commander built without a backend). */
  public static OperationLog privateLog() {
    return new InMemoryOperationLog();
  }
}
