package dev.operon.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.eventstore.NewEvent;
import dev.operon.notify.FileSystemChangeNotifier;
import dev.operon.notify.LocalChangeNotifier;
import dev.operon.notify.PollingChangeNotifier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
  private static final BackendOptions OPTIONS = BackendOptions.defaults();

  @Test
  void unknownSchemeIsAConfigurationErrorNamingTheUrlAndTheKnownSchemes() {
    assertThatThrownBy(() -> Backends.open("mongodb://alice:s3cret@db:27017/app", OPTIONS))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage())
              .contains("mongodb://alice:***@db:27017/app")
              .doesNotContain("s3cret")
              .contains("memory").contains("local").contains("poll").contains("fs");
        });
  }

  @Test
  void coreRegistersMemoryLocalPollAndFs() {
    assertThat(Backends.knownSchemes()).contains("memory", "local", "poll", "fs").isSorted();
  }

  @Test
  void memoryBackendProvidesEveryPort() {
    try (Backend backend = Backends.open("memory:", OPTIONS)) {
      assertThat(backend.check().ok()).isTrue();
      assertThat(backend.url().scheme()).isEqualTo("memory");
      backend.eventStore().append("s", 0, new NewEvent("T", new byte[0]));
      assertThat(backend.eventStore().currentId("s")).isEqualTo(1);
      assertThat(backend.eventStore()).isSameAs(backend.eventStore());
      assertThat(backend.taskQueue().publish("q", new byte[0])).isNotBlank();
      assertThat(backend.timerStore().nextDue()).isEmpty();
      assertThat(backend.notifier()).isInstanceOf(LocalChangeNotifier.class);
    }
  }

  @Test
  void eachMemoryBackendIsEmpty() {
    try (Backend first = Backends.open("memory:", OPTIONS); Backend second = Backends.open("local", OPTIONS)) {
      first.eventStore().append("s", 0, new NewEvent("T", new byte[0]));
      assertThat(second.eventStore().exists("s")).isFalse();
    }
  }

  @Test
  void pollBackendProvidesOnlyANotifier() {
    try (Backend backend = Backends.open("poll", OPTIONS)) {
      assertThat(backend.check().ok()).isTrue();
      assertThat(backend.notifier()).isInstanceOf(PollingChangeNotifier.class);
      assertThatThrownBy(backend::eventStore)
          .isInstanceOfSatisfying(OperonException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
            assertThat(e.getMessage()).contains("poll").contains("event store");
          });
    }
  }

  @Test
  void fsBackendWatchesItsDirectory(@TempDir Path dir) {
    try (Backend backend = Backends.open("fs:" + dir.resolve("signals"), OPTIONS)) {
      assertThat(backend.notifier()).isInstanceOf(FileSystemChangeNotifier.class);
      assertThat(backend.check().ok()).isTrue();
      assertThat(dir.resolve("signals")).isDirectory();
    }
  }

  @Test
  void fsWithoutADirectoryIsAConfigurationError() {
    assertThatThrownBy(() -> Backends.open("fs:", OPTIONS))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
          assertThat(e.getMessage()).contains("fs:/path/to/dir");
        });
  }
}
