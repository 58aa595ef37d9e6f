package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.OperationLogs;
import dev.operon.commands.internal.OperationState;
import dev.operon.commands.internal.OutboxEntry;
import dev.operon.commands.internal.OutboxState;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Persistent operations on one backend: what a command that makes its operation persistent
 * stores, and what it does not store when it fails. Each backend runs it through a subclass.
 */
abstract class OperationStorageContract {
  record PlaceOrder(String orderId, long cents) implements Command<String> {}

  record AddLine(String sku, int quantity) implements Command<Integer> {}

  record OrderPlaced(String orderId, long cents) {}

  /** An event value Jackson cannot encode. */
  static final class Opaque {
    private final Object self = this;

    @Override
    public String toString() {
      return "opaque";
    }

    public Object getSelf() {
      return self;
    }
  }

  protected final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
  protected Backend backend;
  protected OperationLog log;

  /** A backend of fresh tables, on {@link #clock}. */
  protected abstract Backend open();

  @BeforeEach
  void openBackend() {
    backend = open();
    log = OperationLogs.of(backend, clock);
  }

  @AfterEach
  void closeBackend() throws Exception {
    backend.close();
  }

  protected CommanderBuilder commander(String hostId) {
    return Commander.builder().backend(backend).clock(clock).hostId(hostId).commitVerification(3, Duration.ZERO)
        .processesEvents(false);
  }

  @Test
  void aPersistentOperationIsStoredWithItsCommandItemsNestedOperationsAndEvents() {
    List<Operation> completed = new ArrayList<>();
    try (Commander commander = commander("host-a")
        .handle(AddLine.class, (command, context) -> {
          context.operation().items().set("sku", command.sku());
          return command.quantity();
        })
        .handle(PlaceOrder.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          context.persist();
          context.operation().items().set("customer", "c-7");
          context.commander().call(new AddLine("pen", 2));
          context.operation().addEvent(new OrderPlaced(command.orderId(), command.cents()));
          return context.operation().id();
        })
        .completionListener((operation, local) -> completed.add(operation))
        .build()) {
      String id = commander.call(new PlaceOrder("o-1", 1250));

      assertThat(id).doesNotEndWith("-local").hasSize(26);
      OperationState stored = log.byId(id).orElseThrow();
      assertThat(stored.index()).isPositive();
      assertThat(stored.hostId()).isEqualTo("host-a");
      assertThat(stored.loggedAt()).contains(clock.instant());
      assertThat(stored.command()).isEqualTo(new PlaceOrder("o-1", 1250));
      assertThat(stored.items().snapshot()).isEqualTo(Map.of("customer", "c-7"));
      assertThat(stored.nestedOperations()).containsExactly(new NestedOperation(new AddLine("pen", 2),
          Map.of("sku", "pen")));
      assertThat(log.after(0, 10)).extracting(Operation::id).containsExactly(id);
      assertThat(completed).singleElement().satisfies(operation -> {
        assertThat(operation.isTransient()).isFalse();
        assertThat(operation.index()).isEqualTo(stored.index());
      });
      OutboxEntry event = log.event(completed.get(0).events().get(0).id()).orElseThrow();
      assertThat(event.state()).isEqualTo(OutboxState.NEW);
      assertThat(event.delayUntil()).isEqualTo(clock.instant());
      assertThat(event.valueType()).isEqualTo(OrderPlaced.class.getName());
    }
  }

  @Test
  void anOperationThatMustNotBeStoredLeavesNoOperationRowButItsEventsAndACommitMarker() {
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> {
          context.persist();
          context.operation().mustStore(false);
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), 1)).withId("e-1"));
          return context.operation().id();
        }).build()) {
      String id = commander.call(new PlaceOrder("o-2", 1));

      assertThat(log.byId(id)).isEmpty();
      assertThat(log.after(0, 10)).isEmpty();
      assertThat(log.event("e-1")).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(OutboxState.NEW));
      assertThat(log.event("~op-" + id)).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(OutboxState.PROCESSED));
    }
  }

  @Test
  void aCommandThatThrowsAfterMakingItsOperationPersistentStoresNothing() {
    List<Operation> completed = new ArrayList<>();
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> {
          context.persist();
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), 1)).withId("e-fail"));
          throw new IllegalStateException("out of stock");
        })
        .completionListener((operation, local) -> completed.add(operation)).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-3", 1)))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND))
          .hasMessageContaining(PlaceOrder.class.getName()).hasMessageContaining("out of stock")
          .hasMessageContaining("rolled back");
    }
    assertThat(log.after(0, 10)).isEmpty();
    assertThat(log.event("e-fail")).isEmpty();
    assertThat(completed).isEmpty();
  }

  @Test
  void anEventValueThatCannotBeEncodedFailsTheCommandAndStoresNothing() {
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> {
          context.persist();
          context.operation().addEvent(OperationEvent.of(new OrderPlaced("fine", 1)).withId("e-fine"));
          context.operation().addEvent(OperationEvent.of(new Opaque()).withId("e-opaque"));
          return "unreachable";
        }).build()) {
      assertThatThrownBy(() -> commander.call(new PlaceOrder("o-4", 1)))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.COMMAND))
          .hasMessageContaining(PlaceOrder.class.getName())
          .hasMessageContaining("the value of event e-opaque").hasMessageContaining(Opaque.class.getName());
    }
    assertThat(log.after(0, 10)).isEmpty();
    assertThat(log.event("e-fine")).isEmpty();
  }

  @Test
  void eventIdsConflictByStrategyFailSkipOrUpdateWhileNew() {
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> {
          context.persist();
          ConflictStrategy strategy = ConflictStrategy.valueOf(command.orderId());
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), command.cents()))
              .withId("shared").onConflict(strategy));
          return command.orderId();
        }).build()) {
      commander.call(new PlaceOrder("FAIL", 1));
      assertThatThrownBy(() -> commander.call(new PlaceOrder("FAIL", 2))).hasMessageContaining(PlaceOrder.class.getName());
      assertThat(log.after(0, 10)).hasSize(1);

      commander.call(new PlaceOrder("SKIP", 3));
      assertThat(log.event("shared").orElseThrow().value()).contains("\"cents\":1");

      commander.call(new PlaceOrder("UPDATE", 4));
      OutboxEntry updated = log.event("shared").orElseThrow();
      assertThat(updated.value()).contains("\"cents\":4");
      assertThat(updated.version()).isEqualTo(2);
      assertThat(log.after(0, 10)).hasSize(3);
    }
  }

  @Test
  void delayedEventsInOneQuantumBecomeOneEvent() {
    try (Commander commander = commander("host-a")
        .handle(PlaceOrder.class, (command, context) -> {
          context.persist();
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), command.cents()))
              .delayedUntil(clock.instant().plusSeconds(command.cents()), Duration.ofMinutes(1), "reminder"));
          return context.operation().events().get(0).id();
        }).build()) {
      String first = commander.call(new PlaceOrder("o-5", 10));
      String second = commander.call(new PlaceOrder("o-6", 50));

      assertThat(second).isEqualTo(first).startsWith("reminder-at-");
      OutboxEntry event = log.event(first).orElseThrow();
      assertThat(event.delayUntil()).isEqualTo(Instant.parse("2026-12-04T10:01:00Z"));
      assertThat(event.value()).contains("o-5");
    }
  }

  /** A handler of PlaceOrder that records, per host, the orders it invalidated and with which items. */
  protected static CommandHandler<PlaceOrder, String> placing(List<String> invalidated) {
    return (command, context) -> {
      if (Invalidation.isActive()) {
        synchronized (invalidated) {
          invalidated.add(command.orderId() + " " + context.operation().items().snapshot());
        }
        return null;
      }
      context.persist();
      context.operation().items().set("cents", command.cents());
      return context.operation().id();
    };
  }

  @Test
  void aCommandOnOneHostIsReplayedInInvalidationModeOnEveryOtherHostOnce() {
    List<String> onA = new ArrayList<>();
    List<String> onB = new ArrayList<>();
    List<Boolean> localOnB = new ArrayList<>();
    try (Commander a = commander("host-a").handle(PlaceOrder.class, placing(onA)).build();
        Commander b = commander("host-b").handle(PlaceOrder.class, placing(onB))
            .completionListener((operation, local) -> localOnB.add(local)).build()) {
      a.call(new PlaceOrder("o-1", 300));
      b.call(new PlaceOrder("o-2", 400));

      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (onB) {
          assertThat(onB).containsExactlyInAnyOrder("o-2 {cents=400}", "o-1 {cents=300}");
        }
        synchronized (onA) {
          assertThat(onA).containsExactlyInAnyOrder("o-1 {cents=300}", "o-2 {cents=400}");
        }
      });
      assertThat(localOnB).containsExactlyInAnyOrder(true, false);
    }
  }

  @Test
  void aHostThatHearsNoAnnouncementFindsOtherHostsOperationsByPolling() {
    List<String> onB = new ArrayList<>();
    dev.operon.notify.ChangeNotifier deaf = new dev.operon.notify.ChangeNotifier() {
      @Override
      public void notify(String channel) {}

      @Override
      public dev.operon.notify.Subscription subscribe(String channel, Runnable listener) {
        return () -> {};
      }
    };
    try (Commander a = commander("host-a").handle(PlaceOrder.class, placing(new ArrayList<>())).build();
        Commander b = commander("host-b").notifier(deaf).logCheckPeriod(Duration.ofSeconds(5))
            .handle(PlaceOrder.class, placing(onB)).build()) {
      a.call(new PlaceOrder("o-1", 300));
      clock.advance(Duration.ofSeconds(1));
      assertThat(onB).as("nothing wakes host B before its check period").isEmpty();

      clock.advance(Duration.ofSeconds(5));

      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> {
        synchronized (onB) {
          assertThat(onB).containsExactly("o-1 {cents=300}");
        }
      });
    }
  }

  @Test
  void aHostThatStartsReadsOnlyTheOperationsOfTheLastThreeSeconds() {
    List<String> onB = new ArrayList<>();
    try (Commander a = commander("host-a").handle(PlaceOrder.class, placing(new ArrayList<>())).build()) {
      a.call(new PlaceOrder("old", 1));
      clock.advance(Duration.ofSeconds(10));
      a.call(new PlaceOrder("recent", 2));
      clock.advance(Duration.ofSeconds(1));
      try (Commander b = commander("host-b").handle(PlaceOrder.class, placing(onB)).build()) {
        clock.advance(Duration.ofSeconds(5));
        dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> {
          synchronized (onB) {
            assertThat(onB).containsExactly("recent {cents=2}");
          }
        });
      }
    }
  }

  private static dev.operon.notify.ChangeNotifier deaf() {
    return new dev.operon.notify.ChangeNotifier() {
      @Override
      public void notify(String channel) {}

      @Override
      public dev.operon.notify.Subscription subscribe(String channel, Runnable listener) {
        return () -> {};
      }
    };
  }

  @Test
  void operationsOlderThanTheRetentionAreTrimmedAndNewEventsStay() {
    try (Commander a = commander("host-a").retention(Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofMinutes(15))
        .handle(PlaceOrder.class, (command, context) -> {
          if (Invalidation.isActive()) {
            return null;
          }
          context.persist();
          context.operation().addEvent(OperationEvent.of(new OrderPlaced(command.orderId(), 1))
              .withId("e-" + command.orderId()));
          if (command.cents() == 0) {
            context.operation().mustStore(false);
          }
          return context.operation().id();
        }).build()) {
      a.call(new PlaceOrder("o-1", 1));
      String unstored = a.call(new PlaceOrder("o-2", 0));
      clock.advance(Duration.ofMinutes(31));
      a.call(new PlaceOrder("o-3", 1));

      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () ->
          assertThat(log.after(0, 10)).extracting(o -> ((PlaceOrder) o.command()).orderId()).containsExactly("o-3"));
      assertThat(log.event("~op-" + unstored)).as("a processed event younger than an hour stays").isPresent();

      clock.advance(Duration.ofMinutes(31));
      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () ->
          assertThat(log.event("~op-" + unstored)).isEmpty());
      assertThat(log.event("e-o-1")).as("a new event is never trimmed").isPresent();
    }
  }

  @Test
  void aHostWhoseReaderFellBehindTheRetentionInvalidatesEverythingAndJumpsForward() {
    List<String> onB = new ArrayList<>();
    ComputedValues cacheOnB = ComputedValues.create(10);
    try (Commander b = commander("host-b").notifier(deaf()).logCheckPeriod(Duration.ofHours(1))
            .computedValues(cacheOnB).handle(PlaceOrder.class, placing(onB)).build();
        Commander a = commander("host-a").notifier(deaf()).logCheckPeriod(Duration.ofHours(1))
            .handle(PlaceOrder.class, placing(new ArrayList<>())).build()) {
      cacheOnB.get("anything", () -> "cached");
      a.call(new PlaceOrder("missed-1", 1));
      a.call(new PlaceOrder("missed-2", 2));
      clock.advance(Duration.ofMinutes(31));
      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(log.after(0, 10)).isEmpty());
      a.call(new PlaceOrder("kept", 3));
      assertThat(cacheOnB.isKept("anything")).isTrue();

      clock.advance(Duration.ofMinutes(30));

      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(cacheOnB.isKept("anything")).isFalse();
        synchronized (onB) {
          assertThat(onB).containsExactly("kept {cents=3}");
        }
      });
    }
  }

  private CommandHandler<PlaceOrder, String> failingFirst(int failures, List<String> ids, boolean persist,
      java.util.function.Supplier<Exception> failure) {
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    return (command, context) -> {
      if (Invalidation.isActive()) {
        return null;
      }
      if (persist) {
        context.persist();
      }
      ids.add(context.operation().id());
      if (runs.incrementAndGet() <= failures) {
        throw failure.get();
      }
      return context.operation().id();
    };
  }

  private static Exception serializationFailure() {
    return new java.sql.SQLException("could not serialize access due to concurrent update", "40001");
  }

  @Test
  void theReprocessorRunsACommandAgainWithTheSameOperationIdAfterASerializationFailure() {
    List<String> ids = new ArrayList<>();
    try (Commander commander = commander("host-a").reprocessing(3, Duration.ZERO)
        .handle(PlaceOrder.class, failingFirst(2, ids, true, OperationStorageContract::serializationFailure))
        .build()) {
      String id = commander.call(new PlaceOrder("o-1", 1));

      assertThat(ids).hasSize(3).containsOnly(id);
      assertThat(log.after(0, 10)).extracting(Operation::id).containsExactly(id);
    }
  }

  @Test
  void theReprocessorGivesUpAfterThreeRetriesAndNeverRetriesATransientOperationOrAnotherFailure() {
    List<String> always = new ArrayList<>();
    List<String> transientOnes = new ArrayList<>();
    List<String> otherFailure = new ArrayList<>();
    try (Commander alwaysFailing = commander("host-a").reprocessing(3, Duration.ZERO)
            .handle(PlaceOrder.class, failingFirst(100, always, true, OperationStorageContract::serializationFailure))
            .build();
        Commander inMemoryOnly = commander("host-b").reprocessing(3, Duration.ZERO)
            .handle(PlaceOrder.class, failingFirst(100, transientOnes, false,
                OperationStorageContract::serializationFailure)).build();
        Commander domainFailure = commander("host-c").reprocessing(3, Duration.ZERO)
            .handle(PlaceOrder.class, failingFirst(100, otherFailure, true,
                () -> new IllegalStateException("out of stock"))).build()) {
      assertThatThrownBy(() -> alwaysFailing.call(new PlaceOrder("o-1", 1))).hasMessageContaining("serialize");
      assertThatThrownBy(() -> inMemoryOnly.call(new PlaceOrder("o-2", 1))).hasMessageContaining("serialize");
      assertThatThrownBy(() -> domainFailure.call(new PlaceOrder("o-3", 1))).hasMessageContaining("out of stock");

      assertThat(always).hasSize(4);
      assertThat(transientOnes).hasSize(1);
      assertThat(otherFailure).hasSize(1);
      assertThat(log.after(0, 10)).isEmpty();
    }
  }
}
