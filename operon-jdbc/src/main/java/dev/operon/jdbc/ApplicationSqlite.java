package dev.operon.jdbc;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What Operon needs of an application's SQLite pool before it shares it: a file (not an in-memory
 * database, which each connection would see alone), WAL mode (readers beside the one writer) and a
 * busy timeout (writers of the application and of Operon wait for each other instead of failing).
 */
final class ApplicationSqlite {
  static final String SETTINGS = "journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE";
  private static final long LEAST_BUSY_TIMEOUT_MILLIS = 1_000;

  private ApplicationSqlite() {}

  /** The file of {@code jdbcUrl} ({@code jdbc:sqlite:PATH?settings}). */
  static String file(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    String file = query < 0 ? rest : rest.substring(0, query);
    return file.startsWith("file:") ? file.substring("file:".length()) : file;
  }

  static void check(Connection connection, String jdbcUrl) throws SQLException {
    String file = file(jdbcUrl);
    if (file.isBlank() || file.contains(":memory:") || jdbcUrl.contains("mode=memory")) {
      throw refused(jdbcUrl, "it is an in-memory database, which each connection sees alone: give it a file,"
          + " jdbc:sqlite:app.db?" + SETTINGS);
    }
    String journal = pragma(connection, "journal_mode");
    if (!"wal".equals(journal.toLowerCase(Locale.ROOT))) {
      throw refused(jdbcUrl, "its journal mode is " + journal + "; Operon needs WAL: add journal_mode=WAL to the"
          + " URL (jdbc:sqlite:" + file + "?" + SETTINGS + ")");
    }
    long busyTimeout = Long.parseLong(pragma(connection, "busy_timeout"));
    if (busyTimeout < LEAST_BUSY_TIMEOUT_MILLIS) {
      throw refused(jdbcUrl, "its busy timeout is " + busyTimeout + " ms; Operon needs at least "
          + LEAST_BUSY_TIMEOUT_MILLIS + " ms: add busy_timeout=30000 to the URL");
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rows = st.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static OperonException refused(String jdbcUrl, String why) {
    return OperonException.of(ErrorKind.CONFIGURATION, "Operon cannot share the application's SQLite DataSource "
        + jdbcUrl + ": " + why).retryable(false).build();
  }
}
