package dev.operon.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The transition table of docs/tracking.md is the one OperationStatus enforces. */
class TransitionTableTest {

  static String table() {
    StringBuilder out = new StringBuilder("| from \\ to | ");
    out.append(Stream.of(OperationStatus.values()).map(Enum::name).collect(Collectors.joining(" | "))).append(" |\n");
    out.append("|---|").append("---|".repeat(OperationStatus.values().length)).append('\n');
    for (OperationStatus from : OperationStatus.values()) {
      out.append("| ").append(from.name()).append(" | ");
      out.append(Stream.of(OperationStatus.values()).map(to -> from.canMoveTo(to) ? (from == to ? "same" : "yes") : "—")
          .collect(Collectors.joining(" | "))).append(" |\n");
    }
    return out.toString();
  }

  @Test
  void theDocsShowTheTableTheCodeEnforces() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "tracking.md"));
    assertThat(docs).as("docs/tracking.md must contain, verbatim:%n%s", table()).contains(table());
  }

  @Test
  void finalStatusesOnlyRepeatThemselves() {
    for (OperationStatus status : OperationStatus.values()) {
      if (status.terminal()) {
        assertThat(status.next()).containsExactly(status);
      } else {
        assertThat(status.canMoveTo(OperationStatus.RUNNING)).isTrue();
      }
    }
  }
}
