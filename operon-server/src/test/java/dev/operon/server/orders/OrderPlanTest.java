package dev.operon.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.server.orders.DemoSettings.FateRates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrderPlanTest {
  private static DemoSettings settings(int sagas, long seed) {
    return settings(sagas, seed, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  private static DemoSettings settings(int sagas, long seed, Duration sleep, Duration approvalTimeout) {
    return new DemoSettings(sagas, FateRates.DEFAULT, sleep, approvalTimeout, Duration.ofSeconds(30),
        new WorkerPlan(0, Duration.ofSeconds(5), null, List.of()), seed, "operon_");
  }

  @Test
  void approvalsAndCancelsGoWithinTheSleepPlus300MsAndAtMostHalfTheApprovalTimeoutAfterIt() {
    assertThat(OrderDemo.signalSpread(settings(1, 1, Duration.ofMillis(200), Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(OrderDemo.signalSpread(settings(1, 1, Duration.ofMillis(50), Duration.ofMillis(200))))
        .isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void eachFaultGetsItsShareOfTheOrdersRounded() {
    Map<Fate, Long> fates = OrderPlan.orders("r", settings(50, 42)).stream()
        .collect(Collectors.groupingBy(OrderInput::fate, Collectors.counting()));
    assertThat(fates).containsEntry(Fate.OUT_OF_STOCK, 3L).containsEntry(Fate.DECLINED, 5L)
        .containsEntry(Fate.NOT_APPROVED, 5L).containsEntry(Fate.UNDELIVERABLE, 3L)
        .containsEntry(Fate.CANCELLED, 5L).containsEntry(Fate.SHIPPED, 29L);
  }

  @Test
  void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
    Function<Long, List<Fate>> plan = seed -> OrderPlan.orders("r", settings(200, seed)).stream()
        .map(OrderInput::fate).toList();
    assertThat(plan.apply(7L)).isEqualTo(plan.apply(7L)).isNotEqualTo(plan.apply(8L));
  }

  @Test
  void ordersAreNumberedUnderTheRunAndAShareAreFlaky() {
    List<OrderInput> orders = OrderPlan.orders("abc", settings(100, 1));
    assertThat(orders).extracting(OrderInput::orderId).startsWith("o-abc-1", "o-abc-2").endsWith("o-abc-100");
    assertThat(orders).filteredOn(o -> !o.flakyStep().isEmpty()).hasSize(10)
        .allMatch(o -> List.of("reserve", "charge", "ship").contains(o.flakyStep()));
  }
}
