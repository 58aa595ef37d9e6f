package dev.operon.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.operon.checkpoint.Checkpoints;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.EventStore;
import dev.operon.jdbc.checkpoint.JdbcCheckpoints;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.Dialects;
import dev.operon.jdbc.eventstore.JdbcEventStore;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.Migrator;
import dev.operon.jdbc.internal.Pools;
import dev.operon.jdbc.internal.QueueSignals;
import dev.operon.jdbc.internal.Tables;
import dev.operon.jdbc.internal.Transactions;
import dev.operon.jdbc.internal.WriteLock;
import dev.operon.jdbc.queue.JdbcTaskQueue;
import dev.operon.jdbc.timer.JdbcTimerStore;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.ForwardingPort;
import dev.operon.spi.Health;
import dev.operon.spi.Transactor;
import dev.operon.timer.TimerStore;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * One SQLite or PostgreSQL database: a HikariCP pool, its {@link Dialect}, the table prefix, and
 * the ports made from it ({@link #eventStore()}, {@link #taskQueue()}, {@link #timerStore()},
 * {@link #checkpoints()}).
 * Opening it applies the schema migrations that are missing (see {@link Migrator}).
 *
 * <p><b>Transactions callers can join.</b> {@link #inTransaction} opens a transaction and binds its
 * connection to the current thread: the body may run its own SQL on it, and every port made from
 * this database writes and reads through it while the body runs, so everything commits or rolls
 * back together (the outbox pattern). {@link #joining} does the same on a connection the caller
 * owns and commits itself. Outside both, each port call runs in a short transaction of its own,
 * and concurrent appends and publishes are group-committed.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=NORMAL} and a busy timeout; since it takes one
 * writer at a time, writes (and {@code inTransaction} bodies) are serialised in this JVM by a lock
 * per database file. Keep transactions short there: a body that waits for another thread's write
 * to the same file deadlocks.
 */
public final class JdbcDatabase implements AutoCloseable {
  /**
   * Group-commit threads of the event store. One measured best on PostgreSQL too: with 16 writers,
   * one committer gathers batches of 11-13 appends, two committers only 5 each, and fewer, larger
   * commits win. SQLite takes one writer anyway.
   */
  private static final int APPEND_COMMITTERS = 1;

  private final BackendUrl url;
  private final DataSource pool;
  /** The pool this database made and closes; null when it runs on a pool the application owns. */
  private final HikariDataSource ownPool;
  private final DatabaseContext context;
  private final Migrator migrator;
  private final List<AutoCloseable> ports = new ArrayList<>();
  private EventStore eventStore;
  private TaskQueue taskQueue;
  private TimerStore timerStore;
  private Checkpoints checkpoints;
  /** The databases open in this process, so that a port's database can be found ({@link #owning}). */
  private static final java.util.Set<JdbcDatabase> OPEN = java.util.Collections.newSetFromMap(
      new java.util.WeakHashMap<>());

  private JdbcDatabase(BackendUrl url, Dialect dialect, BackendOptions options, DataSource external) {
    this.url = url;
    Tables tables = new Tables(options.tablePrefix());
    this.ownPool = external == null ? Pools.open(url, dialect, options.tablePrefix(), options.poolSize()) : null;
    this.pool = external == null ? ownPool : external;
    WriteLock lock = WriteLock.of(dialect);
    Transactions transactions = new Transactions(pool, dialect, lock, url);
    this.context = new DatabaseContext(transactions, tables, options, new QueueSignals());
    this.migrator = new Migrator(dialect, tables);
    try {
      migrator.migrate(transactions);
    } catch (RuntimeException e) {
      if (ownPool != null) {
        ownPool.close();
      }
      throw e;
    }
    synchronized (OPEN) {
      OPEN.add(this);
    }
  }

  /** Opens {@code url} (sqlite:PATH, postgres://..., postgresql://...) and migrates its schema. */
  public static JdbcDatabase open(String url, BackendOptions options) {
    return open(BackendUrl.parse(url), options);
  }

  /** Opens {@code url} and migrates its schema. */
  public static JdbcDatabase open(BackendUrl url, BackendOptions options) {
    return new JdbcDatabase(url, Dialects.of(url), options, null);
  }

  /**
   * The database behind {@code dataSource}, a pool the application owns (a Spring Boot
   * application's, say): Operon takes its connections from it, migrates its tables there, and
   * leaves the pool open when it closes. PostgreSQL, or an SQLite file in WAL mode (the pool's URL
   * sets it: {@code jdbc:sqlite:app.db?journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE});
   * a CONFIGURATION error names what the pool reaches otherwise, or the setting it lacks.
   */
  public static JdbcDatabase open(DataSource dataSource, BackendOptions options) {
    String jdbcUrl;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      jdbcUrl = connection.getMetaData().getURL();
      product = connection.getMetaData().getDatabaseProductName();
      if (jdbcUrl != null && jdbcUrl.startsWith(SQLITE)) {
        ApplicationSqlite.check(connection, jdbcUrl);
      }
    } catch (java.sql.SQLException e) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "Cannot take a connection from the application's DataSource: "
          + e.getMessage()).cause(e).retryable(true).build();
    }
    String prefix = "jdbc:postgresql:";
    BackendUrl url;
    if (jdbcUrl != null && jdbcUrl.startsWith(prefix)) {
      url = BackendUrl.parse("postgres:" + jdbcUrl.substring(prefix.length()));
    } else if (jdbcUrl != null && jdbcUrl.startsWith(SQLITE)) {
      url = BackendUrl.parse("sqlite:" + ApplicationSqlite.file(jdbcUrl));
    } else {
      throw OperonException.of(ErrorKind.CONFIGURATION, "Operon runs on the application's DataSource only when it"
          + " reaches PostgreSQL or an SQLite file; this one reaches " + product + " (" + jdbcUrl + ")")
          .retryable(false).build();
    }
    return new JdbcDatabase(url, Dialects.of(url), options, dataSource);
  }

  private static final String SQLITE = "jdbc:sqlite:";

  /** Whether this database runs on a pool the application owns ({@link #open(DataSource, BackendOptions)}). */
  public boolean sharesTheApplicationsPool() {
    return ownPool == null;
  }

  /** The URL it was opened with (print it with {@link BackendUrl#redacted()}). */
  public BackendUrl url() {
    return url;
  }

  /** What the ports and capability stores of this database share. */
  DatabaseContext context() {
    return context;
  }

  /**
   * The database behind {@code backend}, if it is a JDBC backend (for a capability that keeps
   * tables of its own beside the ports').
   */
  public static java.util.Optional<JdbcDatabase> of(dev.operon.spi.Backend backend) {
    return backend instanceof JdbcBackend jdbc ? java.util.Optional.of(jdbc.database()) : java.util.Optional.empty();
  }

  /**
   * The database that made {@code port} (an event store, task queue, timer store or checkpoints of
   * a JDBC backend), if one did and is still open in this process.
   */
  public static java.util.Optional<JdbcDatabase> owning(Object port) {
    synchronized (OPEN) {
      for (JdbcDatabase database : OPEN) {
        if (database.owns(port)) {
          return java.util.Optional.of(database);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** This database as a {@link dev.operon.spi.Backend} (closing the backend closes the database). */
  public dev.operon.spi.Backend asBackend(BackendOptions options) {
    return new JdbcBackend(this, options);
  }

  /** The dialect in use. */
  public Dialect dialect() {
    return context.dialect();
  }

  /** The pool, for callers that run their own SQL outside {@link #inTransaction}. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Runs {@code work} in one transaction whose connection every port of this database uses while
   * it runs; commits when it returns, rolls back when it throws (and rethrows). A nested call joins
   * the outer transaction.
   */
  public <T> T inTransaction(TransactionWork<T> work) {
    return context.transactions().inTransaction(ErrorKind.UNKNOWN, work);
  }

  /**
   * Begins a transaction bound to the calling thread: every port of this database joins it until
   * this thread commits or rolls it back (see {@link OpenTransaction}). Throws a CONFIGURATION
   * error if a transaction is bound to the thread already.
   */
  public OpenTransaction begin() {
    return context.transactions().begin(ErrorKind.UNKNOWN);
  }

  /**
   * Makes every {@link #begin} on a thread where {@code callers} has a transaction open join it
   * (from a savepoint) instead of opening its own: a persistent command's operation and events
   * then commit and roll back with the caller's transaction, and what Operon does after a commit
   * waits for that one. Only on a pool the application owns ({@link #open(DataSource,
   * BackendOptions)}), where the caller's connections reach the same database.
   */
  public JdbcDatabase joinCallerTransactions(CallerTransactions callers) {
    if (!sharesTheApplicationsPool()) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "Operon joins the caller's transactions only on the"
          + " application's own pool (JdbcDatabase.open(DataSource, options)); " + url.redacted()
          + " has a pool of Operon's").build();
    }
    context.transactions().joinCallerTransactions(callers);
    return this;
  }

  /**
   * Runs {@code work} with every port of this database using {@code connection}, which the caller
   * owns: the caller commits or rolls back (and must have turned auto-commit off to group
   * statements into one transaction).
   */
  public <T> T joining(Connection connection, Callable<T> work) {
    return context.transactions().joining(connection, work);
  }

  /** The event store of this database (one instance, closed with the database). */
  public synchronized EventStore eventStore() {
    if (eventStore == null) {
      eventStore = remember(new JdbcEventStore(context, APPEND_COMMITTERS));
    }
    return eventStore;
  }

  /** The task queue of this database (one instance, closed with the database). */
  public synchronized TaskQueue taskQueue() {
    if (taskQueue == null) {
      taskQueue = remember(new JdbcTaskQueue(context));
    }
    return taskQueue;
  }

  /** The timer store of this database (one instance, closed with the database). */
  public synchronized TimerStore timerStore() {
    if (timerStore == null) {
      timerStore = remember(new JdbcTimerStore(context));
    }
    return timerStore;
  }

  /** The consumer checkpoints of this database (one instance, closed with the database). */
  public synchronized Checkpoints checkpoints() {
    if (checkpoints == null) {
      checkpoints = remember(new JdbcCheckpoints(context));
    }
    return checkpoints;
  }

  /**
   * This database's unit of work: {@link #inTransaction} as a {@link Transactor}, which the event
   * store, task queue, timer store and checkpoints of this database join.
   */
  public Transactor transactor() {
    return new JdbcTransactor(this);
  }

  /** Whether {@code port} is one of the ports made from this database. */
  public synchronized boolean owns(Object port) {
    Object inner = ForwardingPort.unwrap(port);
    return inner != null
        && (inner == eventStore || inner == taskQueue || inner == timerStore || inner == checkpoints);
  }

  /** The schema version recorded in the database. */
  public int schemaVersion() {
    return context.transactions().read(ErrorKind.CONFIGURATION, migrator::currentVersion);
  }

  /** Connects and reports the product version and schema version, or what failed. Never throws. */
  public Health check() {
    try {
      return context.transactions().read(ErrorKind.CONFIGURATION, c -> {
        int version = migrator.currentVersion(c);
        String product = context.dialect().productVersion(c);
        if (version < migrator.latestVersion()) {
          return Health.failed(product + ", schema version " + version + " at " + url.redacted()
              + " but this code needs " + migrator.latestVersion(), "open it once with Operon to migrate");
        }
        return Health.ok(product + ", schema version " + version);
      });
    } catch (RuntimeException e) {
      return Health.failed("Cannot use " + url.redacted() + ": " + e.getMessage(), context.dialect().unreachableHint());
    }
  }

  private <T extends AutoCloseable> T remember(T port) {
    ports.add(port);
    return port;
  }

  /** Closes the ports made from it and its own pool (a pool the application owns stays open). */
  @Override
  public synchronized void close() {
    for (AutoCloseable port : ports) {
      try {
        port.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(JdbcDatabase.class).warn("Closing {} failed: {}", port, e.toString());
      }
    }
    ports.clear();
    if (ownPool != null) {
      ownPool.close();
    }
    synchronized (OPEN) {
      OPEN.remove(this);
    }
  }
}
