package dev.operon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.operon.spi.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void runsEndToEndInMemory() {
    CliRun run = CliRun.of("demo", "ports", "--store", "memory:");
    assertThat(run.status()).as(run.err()).isZero();
    assertThatItWalkedThroughEveryPort(run.out());
  }

  @Test
  void runsEndToEndOnASqliteFileTwice() {
    assumeTrue(Backends.knownSchemes().contains("sqlite"), "the sqlite adapter is not on the class path yet");
    Path file = dir.resolve("data/operon.db");
    for (int i = 0; i < 2; i++) {
      CliRun run = CliRun.of("demo", "ports", "--store", "sqlite:" + file);
      assertThat(run.status()).as(run.err()).isZero();
      assertThatItWalkedThroughEveryPort(run.out());
    }
    assertThat(Files.exists(file)).isTrue();
  }

  static void assertThatItWalkedThroughEveryPort(String out) {
    assertThat(out)
        .contains("expecting 0 -> id 1", "expecting 2 -> id 3")
        .contains("refused: Conflict{", "expected=1, actual=3")
        .contains("read after id 1 returns ids [2, 3]")
        .contains("(7 saved); the store keeps 5, the latest up to event 10")
        .contains("same task, nothing new stored")
        .contains("second fetch: 1 task(s)", "(delivery 2)")
        .contains("went to the dead-letter queue by itself")
        .contains("cancel it again -> false")
        .contains("the subscriber woke up after")
        .contains("Summary")
        .doesNotContain("UNEXPECTED", "NO wake-up");
  }
}
