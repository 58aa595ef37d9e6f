package dev.operon.bench.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.server.bench.JdbcUrls;
import dev.operon.spi.BackendUrl;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own for one run, {@code operon_peers_<8 random characters>}, created on the
 * server of the store URL (connected to through the URL's own database) and dropped on close,
 * with {@code WITH (FORCE)} so that a connection a failed phase left open does not keep it.
 */
final class ScratchDatabase implements AutoCloseable {
  static final String PREFIX = "operon_peers_";
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String serverJdbcUrl;
  private final String suffix;
  private final String storeUrl;

  private ScratchDatabase(String serverJdbcUrl, String suffix, String storeUrl) {
    this.serverJdbcUrl = serverJdbcUrl;
    this.suffix = suffix;
    this.storeUrl = storeUrl;
  }

  /** Creates a new scratch database on the server of {@code postgresStoreUrl}. */
  static ScratchDatabase create(String postgresStoreUrl) throws SQLException {
    String serverJdbcUrl = jdbcUrl(postgresStoreUrl);
    String suffix = randomSuffix();
    ScratchDatabase scratch = new ScratchDatabase(serverJdbcUrl, suffix,
        withDatabase(postgresStoreUrl, PREFIX + suffix));
    try (Connection connection = DriverManager.getConnection(serverJdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + scratch.name());
    }
    return scratch;
  }

  /** Whether a database called {@code name} exists on the server of {@code postgresStoreUrl}. */
  static boolean exists(String postgresStoreUrl, String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl(postgresStoreUrl));
        PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** The database's name. */
  String name() {
    return PREFIX + suffix;
  }

  /** The run's random 8 characters, for names outside the database (NATS streams). */
  String suffix() {
    return suffix;
  }

  /** The store URL of the scratch database: the given one with its database replaced. */
  String storeUrl() {
    return storeUrl;
  }

  /** The plain JDBC URL of the scratch database. */
  String jdbcUrl() {
    return jdbcUrl(storeUrl);
  }

  /** A connection pool on the scratch database of {@code size} connections; close it before this. */
  HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setPoolName("peers-" + name);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /** Drops the database, whatever is still connected to it. */
  @Override
  public void close() throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverJdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
    }
  }

  private static String jdbcUrl(String postgresStoreUrl) {
    return JdbcUrls.of(postgresStoreUrl).orElseThrow(() -> malformed(postgresStoreUrl));
  }

  /** {@code postgres://[user@]host:port/db?params} with {@code db} replaced by {@code database}. */
  private static String withDatabase(String postgresStoreUrl, String database) {
    BackendUrl url = BackendUrl.parse(postgresStoreUrl);
    String rest = url.rest();
    int slash = rest.startsWith("//") ? rest.indexOf('/', 2) : -1;
    if (slash < 0) {
      throw malformed(postgresStoreUrl);
    }
    int query = rest.indexOf('?', slash);
    String scheme = url.raw().substring(0, url.raw().indexOf(':'));
    return scheme + ":" + rest.substring(0, slash + 1) + database + (query < 0 ? "" : rest.substring(query));
  }

  private static OperonException malformed(String storeUrl) {
    return OperonException.of(ErrorKind.CONFIGURATION, "Malformed --store " + BackendUrl.parse(storeUrl).redacted()
            + ": write it as postgres://HOST:5432/DB (optionally with ?user=NAME)")
        .retryable(false).build();
  }

  private static String randomSuffix() {
    StringBuilder suffix = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return suffix.toString();
  }
}
