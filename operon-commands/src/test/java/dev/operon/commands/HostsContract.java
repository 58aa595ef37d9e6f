package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operations between hosts on one backend: the operation log read by the other hosts, its trimming,
 * a host that fell behind it, and commands run again by the reprocessor.
 */
abstract class HostsContract extends OperationStorageContract {
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
        clock.advance(Duration.ofSeconds(6));
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
    try (Commander b = commander("host-b").notifier(deaf()).logCheckPeriod(Duration.ofMinutes(50))
            .computedValues(cacheOnB).handle(PlaceOrder.class, placing(onB)).build();
        Commander a = commander("host-a").notifier(deaf()).logCheckPeriod(Duration.ofMinutes(50))
            .handle(PlaceOrder.class, placing(new ArrayList<>())).build()) {
      cacheOnB.get("anything", () -> "cached");
      a.call(new PlaceOrder("missed-1", 1));
      a.call(new PlaceOrder("missed-2", 2));
      clock.advance(Duration.ofMinutes(31));
      dev.operon.testkit.Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(log.after(0, 10)).isEmpty());
      a.call(new PlaceOrder("kept", 3));
      assertThat(cacheOnB.isKept("anything")).isTrue();

      clock.advance(Duration.ofMinutes(25));

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

  /** A failure that goes away when the command runs again, on every backend (a database adds 40001 and 40P01). */
  private static Exception serializationFailure() {
    return new OperonException(ErrorKind.CONCURRENCY, "could not serialize access: stream o-1 moved on");
  }

  @Test
  void theReprocessorRunsACommandAgainWithTheSameOperationIdAfterASerializationFailure() {
    List<String> ids = new ArrayList<>();
    try (Commander commander = commander("host-a").reprocessing(3, Duration.ZERO)
        .handle(PlaceOrder.class, failingFirst(2, ids, true, HostsContract::serializationFailure))
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
            .handle(PlaceOrder.class, failingFirst(100, always, true, HostsContract::serializationFailure))
            .build();
        Commander inMemoryOnly = commander("host-b").reprocessing(3, Duration.ZERO)
            .handle(PlaceOrder.class, failingFirst(100, transientOnes, false,
                HostsContract::serializationFailure)).build();
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
