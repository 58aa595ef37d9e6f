package dev.operon.server.bench;

import dev.operon.server.SqliteFiles;
import dev.operon.spi.BackendUrl;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The plain JDBC URL of an Operon store URL, for measuring the database beside the adapter. */
public final class JdbcUrls {
  private JdbcUrls() {}

  /**
   * {@code sqlite:PATH -> jdbc:sqlite:PATH}; {@code postgres://[user[:pw]@]host:port/db?params ->
   * jdbc:postgresql://host:port/db?params&user=..&password=..}; empty for anything else.
   */
  public static Optional<String> of(String storeUrl) {
    BackendUrl url = BackendUrl.parse(storeUrl);
    return switch (url.scheme()) {
      case "sqlite" -> Optional.of("jdbc:sqlite:" + SqliteFiles.path(storeUrl));
      case "postgres", "postgresql" -> Optional.of(postgres(url.rest()));
      default -> Optional.empty();
    };
  }

  public static boolean isSqlite(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  private static String postgres(String rest) {
    String address = rest.startsWith("//") ? rest.substring(2) : rest;
    String credentials = "";
    int at = address.lastIndexOf('@');
    if (at >= 0) {
      credentials = address.substring(0, at);
      address = address.substring(at + 1);
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(address);
    if (!credentials.isEmpty()) {
      int colon = credentials.indexOf(':');
      String user = colon < 0 ? credentials : credentials.substring(0, colon);
      jdbc.append(address.contains("?") ? '&' : '?').append("user=").append(encode(user));
      if (colon >= 0) {
        jdbc.append("&password=").append(encode(credentials.substring(colon + 1)));
      }
    }
    return jdbc.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
