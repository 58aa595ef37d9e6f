package dev.operon.documents;

import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.util.concurrent.atomic.AtomicInteger;

/** Documents on a database, each test in tables of its own prefix. */
abstract class DatabaseDocumentsContract extends DocumentsContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private Backend backend;

  /** The database URL (a SQLite file or a PostgreSQL schema of this class). */
  protected abstract String url();

  @Override
  protected OperationStore openStore() {
    backend = Backends.open(url(), BackendOptions.defaults().withClock(clock)
        .withTablePrefix("d" + PREFIXES.incrementAndGet() + "_"));
    return OperationStores.of(backend);
  }

  @Override
  protected void closeStore() {
    backend.close();
  }
}
