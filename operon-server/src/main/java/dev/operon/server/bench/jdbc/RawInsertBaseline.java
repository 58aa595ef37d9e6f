package dev.operon.server.bench.jdbc;

import dev.operon.server.bench.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The physical limit the adapter is compared with: plain JDBC INSERTs into a scratch table of the
 * same database, one transaction per row or per batch, with the durability the adapter uses
 * (SQLite: WAL, synchronous=NORMAL; PostgreSQL: the server's defaults, synchronous commit on).
 */
public final class RawInsertBaseline implements AutoCloseable {
  private final String jdbcUrl;
  private final String table;
  private final byte[] payload;
  private final List<Connection> connections = new ArrayList<>();
  private final List<PreparedStatement> inserts = new ArrayList<>();

  public RawInsertBaseline(String jdbcUrl, String table, byte[] payload) {
    this.jdbcUrl = jdbcUrl;
    this.table = table;
    this.payload = payload;
  }

  /** Creates the scratch table and opens one connection per writer. */
  public void open(int writers) throws SQLException {
    for (int i = 0; i < writers; i++) {
      Connection connection = DriverManager.getConnection(jdbcUrl, properties());
      connection.setAutoCommit(false);
      connections.add(connection);
    }
    try (Statement statement = connections.get(0).createStatement()) {
      statement.execute(JdbcUrls.isSqlite(jdbcUrl)
          ? "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL,"
              + " payload BLOB NOT NULL)"
          : "CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, writer INT NOT NULL,"
              + " payload BYTEA NOT NULL)");
    }
    connections.get(0).commit();
    for (Connection connection : connections) {
      inserts.add(connection.prepareStatement(
          "INSERT INTO " + table + " (writer, payload) VALUES (?, ?)"));
    }
  }

  /** One step: {@code rows} INSERTs in one transaction by {@code writer}; returns {@code rows}. */
  public long insert(int writer, int rows) throws SQLException {
    Connection connection = connections.get(writer);
    PreparedStatement insert = inserts.get(writer);
    try {
      for (int i = 0; i < rows; i++) {
        insert.setInt(1, writer);
        insert.setBytes(2, payload);
        if (rows == 1) {
          insert.executeUpdate();
        } else {
          insert.addBatch();
        }
      }
      if (rows > 1) {
        insert.executeBatch();
      }
      connection.commit();
      return rows;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private Properties properties() {
    Properties properties = new Properties();
    if (JdbcUrls.isSqlite(jdbcUrl)) {
      properties.setProperty("journal_mode", "WAL");
      properties.setProperty("synchronous", "NORMAL");
      properties.setProperty("busy_timeout", "30000");
    }
    return properties;
  }

  /** Drops the scratch table and closes the connections. */
  @Override
  public void close() throws SQLException {
    for (PreparedStatement insert : inserts) {
      insert.close();
    }
    inserts.clear();
    if (!connections.isEmpty()) {
      try (Statement statement = connections.get(0).createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + table);
        connections.get(0).commit();
      }
    }
    for (Connection connection : connections) {
      connection.close();
    }
    connections.clear();
  }
}
