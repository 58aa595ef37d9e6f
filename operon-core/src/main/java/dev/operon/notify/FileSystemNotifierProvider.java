package dev.operon.notify;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendProvider;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Opens {@code fs:DIR}: a {@link FileSystemChangeNotifier} over the directory DIR. */
public final class FileSystemNotifierProvider implements BackendProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("fs");
  }

  @Override
  public Backend open(BackendUrl url, BackendOptions options) {
    if (url.rest().isBlank()) {
      throw OperonException.of(ErrorKind.CONFIGURATION,
              "The notifier URL " + url + " names no directory; write it as fs:/path/to/dir")
          .retryable(false).build();
    }
    Path dir = Path.of(url.rest());
    FileSystemChangeNotifier notifier = new FileSystemChangeNotifier(dir, options);
    return new NotifierBackend(url, notifier, () -> health(dir));
  }

  private static Health health(Path dir) {
    if (Files.isDirectory(dir) && Files.isWritable(dir)) {
      return Health.ok("directory " + dir.toAbsolutePath() + " is writable");
    }
    return Health.failed("directory " + dir.toAbsolutePath() + " is missing or not writable",
        "create it and give this process write access, or choose another fs:DIR");
  }
}
