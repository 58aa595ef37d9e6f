package dev.operon.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.runtime.ManualClock;
import dev.operon.testkit.Eventually;
import dev.operon.tracking.internal.InMemoryTrackingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The background watcher marks operations stalled by the threshold of their name, on its clock. */
class StalledWatcherTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final Tracking tracking = new Tracking(new InMemoryTrackingStore(clock), clock);

  @Test
  void eachNameHasItsThresholdAndTheListenerHearsOfEveryOperationMarked() {
    List<String> heard = new CopyOnWriteArrayList<>();
    String webhook = tracking.start("Webhook.Process", null, null, null);
    String batch = tracking.start("Batch.Nightly", null, null, null);
    String other = tracking.start("Email.Send", null, null, null);
    try (StalledWatcher watcher = StalledWatcher.builder(tracking).threshold("Webhook.Process", Duration.ofMinutes(5))
        .threshold("Batch.Nightly", Duration.ofHours(2)).defaultThreshold(Duration.ofMinutes(30))
        .onStalled(operation -> heard.add(operation.name())).clock(clock).period(Duration.ofMinutes(1)).start()) {

      clock.advance(Duration.ofMinutes(10));
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(heard).containsExactly("Webhook.Process"));

      clock.advance(Duration.ofMinutes(30));
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(heard)
          .containsExactly("Webhook.Process", "Email.Send"));
      assertThat(tracking.snapshot(batch).orElseThrow().status()).isEqualTo(OperationStatus.RUNNING);
      assertThat(watcher.checkNow()).isEmpty();
    }
    assertThat(tracking.snapshot(webhook).orElseThrow().status()).isEqualTo(OperationStatus.STALLED);
    assertThat(tracking.snapshot(other).orElseThrow().status()).isEqualTo(OperationStatus.STALLED);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> StalledWatcher.builder(tracking).threshold("Webhook.Process", Duration.ZERO))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> StalledWatcher.builder(tracking).threshold("bad name", Duration.ofMinutes(1)))
        .hasMessageContaining("not dot-separated words");
  }
}
