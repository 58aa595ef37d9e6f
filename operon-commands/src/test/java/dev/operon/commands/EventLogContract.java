package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.commands.internal.OutboxState;
import dev.operon.testkit.Eventually;
import dev.operon.tracking.CorrelationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The event log (outbox) on one backend: processing, retries, discarding, requeueing, two readers. */
abstract class EventLogContract extends HostsContract {
  record SendReceipt(String orderId) implements Command<Void> {}

  /** A command whose operation stores {@code count} events carrying OrderPlaced values. */
  record Emit(String prefix, int count, long delaySeconds) implements Command<Void> {}

  /** {@link #emitting} with a handler that adds each OrderPlaced's order id to {@code placed}. */
  private CommanderBuilder collecting(String host, List<String> placed) {
    return emitting(host).onEvent(OrderPlaced.class, value -> {
      synchronized (placed) {
        placed.add(value.orderId());
      }
    });
  }

  private CommanderBuilder emitting(String host) {
    return commander(host).processesEvents(true).eventCheckPeriod(Duration.ofSeconds(1))
        .handle(Emit.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          context.persist();
          for (int i = 0; i < command.count(); i++) {
            OperationEvent event = OperationEvent.of(new OrderPlaced(command.prefix() + "-" + i, i))
                .withId(command.prefix() + "-" + i);
            if (command.delaySeconds() > 0) {
              event = event.delayedUntil(clock.instant().plusSeconds(command.delaySeconds()));
            }
            context.operation().addEvent(event);
          }
          return null;
        });
  }

  @Test
  void anEventIsProcessedAfterItsOperationCommitsAndACommandEventRunsThroughTheCommander() {
    List<String> placed = new ArrayList<>();
    List<String> receipts = new ArrayList<>();
    try (Commander commander = collecting("host-a", placed)
        .handle(SendReceipt.class, (command, context) -> {
          if (!Invalidation.isActive()) {
            synchronized (receipts) {
              receipts.add(command.orderId());
            }
          }
          return null;
        })
        .handle(PlaceOrder.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          context.persist();
          context.operation().addEvent(OperationEvent.of(new SendReceipt(command.orderId())).withId("receipt"));
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), 1)).withId("placed"));
          return null;
        }).processesEvents(true).build()) {
      commander.call(new PlaceOrder("o-1", 1));

      Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(log.event("receipt").orElseThrow().state()).isEqualTo(OutboxState.PROCESSED);
        assertThat(log.event("placed").orElseThrow().state()).isEqualTo(OutboxState.PROCESSED);
      });
      assertThat(receipts).containsExactly("o-1");
      assertThat(placed).containsExactly("o-1");
      assertThat(commander.events().backlog()).isZero();
    }
  }

  @Test
  void anOperatorsViewPagesTheLogAndTheEventsByStateAsStored() {
    try (Commander commander = emitting("host-a").processesEvents(false).build()) {
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(1));
        commander.call(new Emit("v" + i, 2, 60));
      }
    }
    OperationLogView view = OperationLogView.of(backend, clock);

    assertThat(view.newestIndex()).isPositive();
    List<LoggedOperation> firstTwo = view.after(0, 2);
    assertThat(firstTwo).hasSize(2);
    assertThat(firstTwo.get(0).commandType()).isEqualTo(Emit.class.getName());
    assertThat(firstTwo.get(0).commandJson()).contains("\"prefix\":\"v0\"");
    assertThat(firstTwo.get(0).hostId()).isEqualTo("host-a");
    List<LoggedOperation> rest = view.after(firstTwo.get(1).index(), 10);
    assertThat(rest).singleElement().satisfies(last -> {
      assertThat(last.commandJson()).contains("v2");
      assertThat(last.index()).isEqualTo(view.newestIndex());
    });

    List<String> seen = new ArrayList<>();
    EventLogEntry after = null;
    for (int page = 0; page < 4; page++) {
      List<EventLogEntry> entries = view.eventsIn("new", after, 4);
      entries.forEach(entry -> seen.add(entry.id()));
      if (entries.size() < 4) {
        break;
      }
      after = entries.get(entries.size() - 1);
    }
    assertThat(seen).containsExactly("v0-0", "v0-1", "v1-0", "v1-1", "v2-0", "v2-1");
    assertThat(view.eventsIn("DISCARDED", null, 10)).isEmpty();
    assertThat(view.events().backlog()).isEqualTo(6);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.eventsIn("LOST", null, 10))
        .hasMessageContaining("LOST").hasMessageContaining("DISCARDED");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.after(0, 0)).hasMessageContaining("limit");
  }

  @Test
  void aFailingEventIsTriedFiveTimesWithGrowingWaitsThenDiscardedAndCanBeRequeued() {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<String> placed = new ArrayList<>();
    try (Commander commander = emitting("host-a")
        .onEvent(OrderPlaced.class, value -> {
          if (broken.get()) {
            throw new IllegalStateException("mail server down");
          }
          synchronized (placed) {
            placed.add(value.orderId());
          }
        }).build()) {
      commander.call(new Emit("e", 1, 0));
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(log.event("e-0").orElseThrow().attempts()).isEqualTo(1);
        assertThat(log.event("e-0").orElseThrow().delayUntil()).as("due again 1 s later")
            .isEqualTo(clock.instant().plusSeconds(1));
      });
      for (int tries = 2; tries <= 5; tries++) {
        clock.advance(Duration.ofMinutes(6));
        int expected = tries;
        Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(log.event("e-0").orElseThrow())
            .as("tried, and its failure marked (not claimed any more) before the clock moves again")
            .satisfies(event -> {
              assertThat(event.attempts()).isEqualTo(expected);
              assertThat(event.claimedBy()).isNull();
            }));
      }
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(commander.events().discarded(10))
          .singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo("e-0");
            assertThat(entry.attempts()).isEqualTo(5);
            assertThat(entry.lastError()).contains("mail server down");
          }));
      assertThat(commander.events().backlog()).isZero();
      assertThat(placed).isEmpty();

      broken.set(false);
      assertThat(commander.events().requeue("e-0")).isTrue();
      assertThat(commander.events().requeue("e-0")).as("only a discarded event is requeued").isFalse();

      Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (placed) {
          assertThat(placed).containsExactly("e-0");
        }
      });
      assertThat(commander.events().discarded(10)).isEmpty();
    }
  }

  @Test
  void aDelayedEventWaitsUntilItIsDueAndCountsInTheBacklog() {
    List<String> placed = new ArrayList<>();
    try (Commander commander = collecting("host-a", placed).build()) {
      commander.call(new Emit("later", 2, 60));
      clock.advance(Duration.ofSeconds(30));

      assertThat(commander.events().backlog()).isEqualTo(2);
      assertThat(commander.events().oldestNewAge()).contains(Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(20));
      assertThat(placed).as("not due for another 10 s").isEmpty();

      clock.advance(Duration.ofSeconds(11));
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (placed) {
          assertThat(placed).containsExactlyInAnyOrder("later-0", "later-1");
        }
        assertThat(commander.events().backlog()).as("marked Processed with their batch").isZero();
      });
      assertThat(commander.events().oldestNewAge()).isEmpty();
    }
  }

  @Test
  void theAgeIsThatOfTheOldestEventStillNew() {
    List<String> placed = new ArrayList<>();
    try (Commander commander = collecting("host-a", placed).build()) {
      commander.call(new Emit("soon", 1, 20));
      clock.advance(Duration.ofSeconds(10));
      commander.call(new Emit("later", 1, 600));
      assertThat(commander.events().oldestNewAge()).contains(Duration.ofSeconds(10));

      clock.advance(Duration.ofSeconds(15));
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(commander.events().backlog()).isEqualTo(1));
      assertThat(placed).containsExactly("soon-0");
      assertThat(commander.events().oldestNewAge()).as("the event logged 15 s ago is the oldest New one now")
          .contains(Duration.ofSeconds(15));
    }
  }

  @Test
  void anEventsHandlerRunsInTheCorrelationContextAndTraceOfTheCommandThatStoredIt() {
    List<CorrelationContext> seen = new ArrayList<>();
    CorrelationContext caller = new CorrelationContext("order-42", null, "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", clock.instant(), Map.of("tenant", "acme"), "vendor=value");
    try (Commander commander = emitting("host-a")
        .onEvent(OrderPlaced.class, value -> {
          synchronized (seen) {
            seen.add(CorrelationContext.current().orElse(null));
          }
        }).build()) {
      try (CorrelationContext.Scope scope = caller.activate()) {
        commander.call(new Emit("traced", 1, 0));
      }
      commander.call(new Emit("untraced", 1, 0));

      Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (seen) {
          assertThat(seen).hasSize(2);
        }
      });
      assertThat(log.event("traced-0").orElseThrow().headers()).contains("order-42");
      assertThat(log.event("untraced-0").orElseThrow().headers()).isNull();
      assertThat(seen).containsOnlyOnce((CorrelationContext) null).anySatisfy(context -> {
        assertThat(context).isNotNull();
        assertThat(context.correlationId()).isEqualTo("order-42");
        assertThat(context.traceId()).isEqualTo(caller.traceId());
        assertThat(context.traceState()).isEqualTo("vendor=value");
        assertThat(context.tags()).containsEntry("tenant", "acme");
      });
    }
  }

  @Test
  void twoReadersNeverProcessOneEventTwice() {
    Map<String, Integer> processed = new ConcurrentHashMap<>();
    EventHandler<OrderPlaced> counting = value -> processed.merge(value.orderId(), 1, Integer::sum);
    try (Commander a = emitting("host-a").onEvent(OrderPlaced.class, counting).build();
        Commander b = emitting("host-b").onEvent(OrderPlaced.class, counting).build()) {
      for (int i = 0; i < 20; i++) {
        (i % 2 == 0 ? a : b).call(new Emit("batch" + i, 10, 0));
      }

      Eventually.eventually(Duration.ofSeconds(20), () -> {
        assertThat(processed).hasSize(200);
        assertThat(a.events().backlog()).isZero();
      });
      assertThat(processed.values()).containsOnly(1);
    }
  }
}
