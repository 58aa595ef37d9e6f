package dev.operon.commands;

import dev.operon.documents.internal.DocumentsInternals;
import dev.operon.jdbc.dialect.Dialect;
import dev.operon.jdbc.dialect.SqliteDialect;
import dev.operon.tracking.TrackingApi;
import dev.operon.tracking.internal.TrackingInternals;
import java.sql.Connection;

/** Fixtures: a capability's classes, one of them well behaved, the others breaking one rule each. */
public final class CommandsFixtures {
  private CommandsFixtures() {}

  /** Uses tracking's public API only: allowed. */
  public static final class TracksThroughTheApi {
    public void run() {
      TrackingApi.track("order");
    }
  }

  /** Uses another capability's internals. */
  public static final class ReachesIntoDocuments {
    public int run() {
      return DocumentsInternals.answer();
    }
  }

  /** Uses the shared capability, but its internals. */
  public static final class ReachesIntoTracking {
    public void run() {
      TrackingInternals.record("order");
    }
  }

  /** Asks its dialect what the database can do: allowed. */
  public static final class AsksTheDialect {
    public boolean run(Dialect dialect) {
      return dialect.singleWriter();
    }
  }

  /** Asks which database it runs on, outside the dialect package. */
  public static final class ChecksTheConcreteDialect {
    public boolean run(Dialect dialect) {
      return dialect instanceof SqliteDialect;
    }
  }

  /** Touches JDBC outside a jdbc store package. */
  public static final class WritesSqlOutsideAStore {
    public boolean run(Connection connection) throws java.sql.SQLException {
      return connection.isClosed();
    }
  }
}
