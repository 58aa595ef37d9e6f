package dev.operon.notify;

import dev.operon.spi.BackendOptions;
import dev.operon.testkit.ChangeNotifierContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Two notifiers of one test share a directory, as two hosts share a file system. */
class FileSystemChangeNotifierTest extends ChangeNotifierContract {
  @TempDir
  static Path root;

  @Override
  protected ChangeNotifier open(BackendOptions options) {
    return new FileSystemChangeNotifier(root.resolve(options.tablePrefix()), options);
  }
}
