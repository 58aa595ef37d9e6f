package dev.operon.jdbc.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.eventstore.StreamPrefix;
import org.junit.jupiter.api.Test;

class PrefixRangeTest {
  private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

  @Test
  void theSuccessorRaisesTheLastCodePoint() {
    assertThat(PrefixRange.successor("order-")).contains("order.");
    assertThat(PrefixRange.successor("a%")).contains("a&");
    assertThat(PrefixRange.successor("\uD83D\uDE00")).contains("\uD83D\uDE01");
    assertThat(PrefixRange.successor("a\uFFFF")).contains("a\uD800\uDC00");
  }

  @Test
  void theSuccessorSkipsTheSurrogateRange() {
    assertThat(PrefixRange.successor("a\uD7FF")).contains("a\uE000");
    assertThat(PrefixRange.successor("a\uD83D")).as("a lone surrogate").contains("a\uE000");
  }

  @Test
  void trailingHighestCodePointsAreDropped() {
    assertThat(PrefixRange.successor("ab" + MAX + MAX)).contains("ac");
    assertThat(PrefixRange.successor(MAX)).isEmpty();
  }

  @Test
  void theRangeStartsAtThePrefix() {
    PrefixRange range = PrefixRange.of(StreamPrefix.of("saga-"));
    assertThat(range.from()).isEqualTo("saga-");
    assertThat(range.until()).contains("saga.");
  }
}
