package dev.operon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = new ManualClock();
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(clock.advance(Duration.ofMillis(1500))).isEqualTo(ManualClock.DEFAULT_START.plusMillis(1500));
    assertThat(clock.millis()).isEqualTo(ManualClock.DEFAULT_START.toEpochMilli() + 1500);
  }

  @Test
  void setMovesToAnyInstant() {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    clock.set(Instant.parse("2031-05-06T07:08:09Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z"));
  }

  @Test
  void refusesToGoBackwardsByAdvance() {
    assertThatThrownBy(() -> new ManualClock().advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runsInUtc() {
    ManualClock clock = new ManualClock();
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneId.of("Z"))).isSameAs(clock);
    assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Paris")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void concurrentAdvancesAreAllCounted() throws Exception {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 1000; i++) {
          clock.advance(Duration.ofMillis(1));
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusMillis(8000));
  }
}
