package dev.operon.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValuesTest {
  @Test
  void checksumIsLowerCaseHexSha256() {
    assertThat(Snapshot.checksumOf("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Snapshot.checksumOf(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void snapshotIsIntactOnlyWhileStateMatchesChecksum() {
    byte[] state = {1, 2, 3};
    Snapshot good = new Snapshot("s", 3, state, Snapshot.checksumOf(state), Instant.EPOCH);
    assertThat(good.intact()).isTrue();
    assertThat(new Snapshot("s", 3, new byte[] {1, 2, 4}, good.checksum(), Instant.EPOCH).intact()).isFalse();
    assertThat(new Snapshot("s", 3, null, good.checksum(), Instant.EPOCH).intact()).isFalse();
    assertThat(new Snapshot("s", 3, state, null, Instant.EPOCH).intact()).isFalse();
  }

  @Test
  void newEventNeedsATypeAndCopiesItsMetadata() {
    Map<String, String> metadata = new HashMap<>(Map.of("trace", "t-1"));
    NewEvent event = new NewEvent("OrderPlaced", new byte[0], metadata);
    metadata.put("late", "x");
    assertThat(event.metadata()).containsOnlyKeys("trace");
    assertThat(new NewEvent("T", new byte[0], null).metadata()).isEmpty();
    assertThatThrownBy(() -> new NewEvent(" ", new byte[0]))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> new NewEvent("T", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void streamPrefixIsOneToTwoHundredCharactersNotBlank() {
    assertThat(StreamPrefix.of("order-").value()).isEqualTo("order-");
    assertThat(StreamPrefix.of("x".repeat(StreamPrefix.MAX_LENGTH)).value()).hasSize(200);
    for (String bad : new String[] {null, "", "  ", "x".repeat(StreamPrefix.MAX_LENGTH + 1)}) {
      assertThatThrownBy(() -> StreamPrefix.of(bad)).isInstanceOfSatisfying(OperonException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
        assertThat(e.getMessage()).contains("stream prefix");
      });
    }
  }

  @Test
  void streamPrefixMatchesLiterallyAndCaseSensitively() {
    StreamPrefix prefix = StreamPrefix.of("a_b%");
    assertThat(prefix.matches("a_b%-1")).isTrue();
    assertThat(prefix.matches("a_b%")).isTrue();
    assertThat(prefix.matches("axb%-1")).isFalse();
    assertThat(prefix.matches("A_B%-1")).isFalse();
    assertThat(prefix.matches("a_b")).isFalse();
    assertThat(prefix.matches(null)).isFalse();
  }
}
