package dev.operon.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
  private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]{26}";

  @Test
  void idsAre26CrockfordCharacters() {
    String id = IdGenerator.system().next();
    assertThat(id).hasSize(26).matches(CROCKFORD);
  }

  @Test
  void tenThousandIdsMadeInATightLoopStrictlyIncrease() {
    IdGenerator generator = new IdGenerator(Clock.systemUTC());
    List<String> ids = new ArrayList<>(10_000);
    for (int i = 0; i < 10_000; i++) {
      ids.add(generator.next());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i)).as("id %d", i).isGreaterThan(ids.get(i - 1));
    }
  }

  @Test
  void idsStrictlyIncreaseOnAFrozenClock() {
    IdGenerator generator = new IdGenerator(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    String previous = generator.next();
    for (int i = 0; i < 1_000; i++) {
      String next = generator.next();
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  void idsSortByTheClockTime() {
    String early = new IdGenerator(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
    String late = new IdGenerator(Clock.fixed(Instant.parse("2030-01-01T00:00:01Z"), ZoneOffset.UTC)).next();
    assertThat(late).isGreaterThan(early);
  }

  @Test
  void transientIdsEndInLocalAndAreRecognised() {
    String id = IdGenerator.system().nextTransient();
    assertThat(id).endsWith("-local").hasSize(26 + "-local".length());
    assertThat(id.substring(0, 26)).matches(CROCKFORD);
    assertThat(IdGenerator.isTransient(id)).isTrue();
    assertThat(IdGenerator.isTransient(IdGenerator.system().next())).isFalse();
    assertThat(IdGenerator.isTransient(null)).isFalse();
    assertThat(IdGenerator.TRANSIENT_SUFFIX).isEqualTo("-local");
  }

  @Test
  void nullClockIsRejected() {
    assertThatThrownBy(() -> new IdGenerator(null)).isInstanceOf(NullPointerException.class);
  }
}
