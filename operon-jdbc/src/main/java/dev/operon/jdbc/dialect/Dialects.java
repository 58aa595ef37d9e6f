package dev.operon.jdbc.dialect;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * Chooses the dialect of a backend URL: {@code sqlite:PATH} (also {@code sqlite:///abs/path}),
 * {@code postgres://[user[:password]@]host[:port]/db[?user=..&password=..&currentSchema=..]} and
 * the same with {@code postgresql://}. Query parameters of a PostgreSQL URL are passed to pgjdbc.
 */
public final class Dialects {
  /** The URL schemes this module opens. */
  public static final Set<String> SCHEMES = Set.of("sqlite", "postgres", "postgresql");

  private Dialects() {}

  /** The dialect of {@code url}; throws a CONFIGURATION error naming the URL if it is malformed. */
  public static Dialect of(BackendUrl url) {
    return switch (url.scheme()) {
      case "sqlite" -> sqlite(url);
      case "postgres", "postgresql" -> postgres(url);
      default -> throw malformed(url, "the scheme must be one of " + SCHEMES);
    };
  }

  private static Dialect sqlite(BackendUrl url) {
    String path = url.rest().startsWith("//") ? url.rest().substring(2) : url.rest();
    if (path.isBlank() || path.startsWith(":memory")) {
      throw malformed(url, "give a file, e.g. sqlite:./operon.db (an in-memory SQLite database"
          + " cannot be shared by a connection pool; use memory: instead)");
    }
    return new SqliteDialect(Path.of(path).toAbsolutePath().normalize());
  }

  private static Dialect postgres(BackendUrl url) {
    URI uri;
    try {
      uri = new URI("postgresql:" + url.rest());
    } catch (URISyntaxException e) {
      throw malformed(url, e.getMessage());
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw malformed(url, "write it as postgres://host:5432/database?user=name");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath());
    String query = withUserInfo(uri.getRawQuery(), uri.getRawUserInfo());
    if (!query.isEmpty()) {
      jdbc.append('?').append(query);
    }
    return new PostgresDialect(jdbc.toString());
  }

  private static String withUserInfo(String rawQuery, String rawUserInfo) {
    String query = rawQuery == null ? "" : rawQuery;
    if (rawUserInfo == null || rawUserInfo.isEmpty()) {
      return query;
    }
    int colon = rawUserInfo.indexOf(':');
    String user = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
    String credentials = "user=" + decode(user)
        + (colon < 0 ? "" : "&password=" + rawUserInfo.substring(colon + 1));
    return query.isEmpty() ? credentials : credentials + "&" + query;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static OperonException malformed(BackendUrl url, String what) {
    return OperonException.of(ErrorKind.CONFIGURATION,
            "Malformed database URL " + url.redacted() + ": " + what)
        .retryable(false).build();
  }
}
