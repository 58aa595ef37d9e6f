package dev.operon.server;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.BackendUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file behind a {@code sqlite:PATH} URL. */
public final class SqliteFiles {
  private SqliteFiles() {}

  /** Whether {@code url} is a SQLite URL. */
  public static boolean isSqlite(String url) {
    return BackendUrl.parse(url).scheme().equals("sqlite");
  }

  /** The database file of a {@code sqlite:PATH} URL ({@code sqlite:///abs} and {@code ?params} allowed). */
  public static Path path(String url) {
    String rest = BackendUrl.parse(url).rest();
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    return Path.of(rest);
  }

  /** Creates the directory of a SQLite file if {@code url} is a SQLite URL; else does nothing. */
  public static void createParentDirectory(String url) {
    if (!isSqlite(url) || path(url).toString().isEmpty()) {
      return;
    }
    Path parent = path(url).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "Cannot create the directory " + parent + " for " + url + " (" + e + ");"
                  + " give a path in a writable directory")
          .cause(e).retryable(false).build();
    }
  }
}
