package dev.operon.saga.internal.visibility;

import dev.operon.eventstore.EventStore;
import dev.operon.jdbc.JdbcDatabase;
import dev.operon.saga.internal.visibility.jdbc.JdbcSagaVisibility;
import dev.operon.spi.Backend;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the visibility store of a backend: the visibility table of a JDBC backend's database, or
 * an in-memory store shared by every engine on the same in-memory event store.
 */
public final class SagaVisibilities {
  private static final Map<Object, SagaVisibility> SHARED = new WeakHashMap<>();

  private SagaVisibilities() {}

  /** The visibility store of {@code backend}. */
  public static SagaVisibility of(Backend backend) {
    return JdbcDatabase.of(backend).<SagaVisibility>map(SagaVisibilities::of)
        .orElseGet(() -> shared(backend.eventStore()));
  }

  /**
   * The visibility store that goes with {@code store}: its database's table if a JDBC database
   * made it, else an in-memory store shared by every engine on {@code store}.
   */
  public static SagaVisibility forEventStore(EventStore store) {
    return JdbcDatabase.owning(store).<SagaVisibility>map(SagaVisibilities::of).orElseGet(() -> shared(store));
  }

  /** The visibility table of {@code database} (one per database, shared by its engines). */
  public static synchronized SagaVisibility of(JdbcDatabase database) {
    return SHARED.computeIfAbsent(database, d -> new JdbcSagaVisibility((JdbcDatabase) d));
  }

  private static synchronized SagaVisibility shared(EventStore store) {
    return SHARED.computeIfAbsent(store, s -> new InMemorySagaVisibility());
  }
}
