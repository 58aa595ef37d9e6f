package dev.operon.http;

import static dev.operon.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.commands.Command;
import dev.operon.commands.Commander;
import dev.operon.commands.Invalidation;
import dev.operon.commands.OperationEvent;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A commander on the fixture's backend, on a manual clock, whose orders each store an
 * OrderPlaced event ({@code placed-<orderId>}) that its handler fails to process while
 * {@code broken} is set: what an operator finds in the outbox after a mail server went down.
 */
final class FailingOrders implements AutoCloseable {
  record PlaceOrder(String orderId) implements Command<Void> {}

  record OrderPlaced(String orderId) {}

  final ManualClock clock = new ManualClock(Instant.now());
  final AtomicBoolean broken = new AtomicBoolean(true);
  /** The orders whose event was processed. */
  final List<String> placed = new ArrayList<>();
  final Commander commander;

  FailingOrders(HttpFixture fixture) {
    this.commander = Commander.builder().backend(fixture.backend).clock(clock).hostId("host-a")
        .processesEvents(true).eventCheckPeriod(Duration.ofSeconds(1))
        .handle(PlaceOrder.class, (command, context) -> {
          if (!Invalidation.isActive()) {
            context.persist();
            context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId()))
                .withId("placed-" + command.orderId()));
          }
          return null;
        })
        .onEvent(OrderPlaced.class, value -> {
          if (broken.get()) {
            throw new IllegalStateException("mail server down");
          }
          synchronized (placed) {
            placed.add(value.orderId());
          }
        }).build();
  }

  void place(String orderId) {
    commander.call(new PlaceOrder(orderId));
  }

  /**
   * Moves the clock past each retry of the {@code count} events until the fifth try fails and all
   * are discarded (tries 1 s, 2 s, ... apart: 6 min covers each wait).
   */
  void discardAll(HttpFixture fixture, int count, Duration wait) {
    for (int tries = 1; tries < 5; tries++) {
      int expected = tries;
      // a try counts when it starts: wait for its failure to be marked (due again later), or the
      // clock would move before the retry's due time is set and the retry land past the next move
      eventually(wait, () -> assertThat(fixture.operations.eventsIn("NEW", null, 10))
          .as("every event tried %d times, its failure marked", expected)
          .hasSize(count).allSatisfy(e -> {
            assertThat(e.attempts()).isEqualTo(expected);
            assertThat(e.delayUntil()).isAfter(clock.instant());
          }));
      clock.advance(Duration.ofMinutes(6));
    }
    eventually(wait, () -> assertThat(fixture.operations.eventsIn("DISCARDED", null, 10))
        .hasSize(count).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(5)));
  }

  /** Lets the reader poll again: past its check period of 1 s and its jitter. */
  void nextPoll() {
    clock.advance(Duration.ofSeconds(2));
  }

  @Override
  public void close() {
    commander.close();
  }
}
