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
  void aReaderSeesItsOwnHostsRowsByIndexAndHostOnlyAndOtherHostsOperationsDecoded() {
    try (Commander a = commander("host-a").handle(PlaceOrder.class, placing(new ArrayList<>())).build();
        Commander b = commander("host-b").handle(PlaceOrder.class, placing(new ArrayList<>())).build()) {
      a.call(new PlaceOrder("o-a", 1));
      b.call(new PlaceOrder("o-b", 2));

      List<OperationLog.Entry> entries = log.entriesAfter(0, 10, "host-a");
      assertThat(entries).extracting(OperationLog.Entry::hostId).containsExactly("host-a", "host-b");
      assertThat(entries.get(0).operation()).isNull();
      assertThat(entries.get(1).operation().command()).isEqualTo(new PlaceOrder("o-b", 2));
      assertThat(log.entriesAt(List.of(entries.get(1).index(), entries.get(0).index()), "host-b"))
          .extracting(e -> e.operation() == null ? null : (Object) e.operation().command())
          .containsExactly(new PlaceOrder("o-a", 1), null);
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
}
