package dev.operon.commands;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A commander built with startReaders(false), as a framework builds it while the application is
 * being assembled: commands run and store their events, which wait until startReaders() starts the
 * outbox reader.
 */
class DeferredReadersTest {
  record Place(String orderId) implements Command<Void> {}

  record Placed(String orderId) {}

  @Test
  void eventsWaitForStartReaders() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    List<String> processed = new CopyOnWriteArrayList<>();
    try (Backend backend = Backends.open("memory:", BackendOptions.defaults().withClock(clock));
        Commander commander = Commander.builder().backend(backend).clock(clock).startReaders(false)
            .eventCheckPeriod(Duration.ofSeconds(1))
            .handle(Place.class, (command, context) -> {
              if (!Invalidation.isActive()) {
                context.persist();
                context.operation().addEvent(new Placed(command.orderId()));
              }
              return null;
            })
            .onEvent(Placed.class, event -> processed.add(event.orderId())).build()) {
      commander.call(new Place("o-1"));
      clock.advance(Duration.ofSeconds(5));
      assertThat(commander.events().backlog()).as("no reader runs before startReaders").isEqualTo(1);
      assertThat(processed).isEmpty();

      commander.startReaders();
      commander.startReaders();
      eventually(Duration.ofSeconds(10), () -> assertThat(processed).containsExactly("o-1"));
      assertThat(commander.events().backlog()).isZero();
    }
  }
}
