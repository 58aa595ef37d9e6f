package dev.operon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import org.junit.jupiter.api.Test;

class NotifierNamesTest {
  @Test
  void channelNamesFollowTheRule() {
    assertThat(ChannelNames.require("saga:42:events")).isEqualTo("saga:42:events");
    assertThat(ChannelNames.require("c".repeat(200))).hasSize(200);
    for (String bad : new String[] {null, "", "a b", "a/b", "c".repeat(201), "a*"}) {
      assertThatThrownBy(() -> ChannelNames.require(bad))
          .isInstanceOfSatisfying(OperonException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
            assertThat(e.getMessage()).contains("channel name");
          });
    }
  }

  @Test
  void trackerFileIsNamedByThe32FirstHexCharsOfSha256() {
    // SHA-256("orders") = 7ba4a4bb...; the name keeps 32 hex characters.
    String name = TrackerFiles.fileName("orders");
    assertThat(name).matches("[0-9a-f]{32}\\.tracker");
    assertThat(TrackerFiles.fileName("orders")).isEqualTo(name);
    assertThat(TrackerFiles.fileName("invoices")).isNotEqualTo(name);
  }
}
