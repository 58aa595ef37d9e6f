package dev.operon.jdbc;

import dev.operon.spi.Transactor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link Transactor} of one {@link JdbcDatabase}: a body runs in {@link JdbcDatabase#inTransaction},
 * so the event store, task queue, timer store and checkpoints of that database write through its
 * connection and commit together. Ports of other backends do not join.
 */
final class JdbcTransactor implements Transactor {
  private final JdbcDatabase database;

  JdbcTransactor(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    return database.inTransaction(connection -> work.get());
  }

  @Override
  public boolean atomic() {
    return true;
  }

  @Override
  public boolean joins(Object port) {
    return database.owns(port);
  }
}
