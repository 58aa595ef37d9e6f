package dev.operon.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.testkit.Eventually;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Computed values: kept until invalidated, with their dependencies, safe against late computations. */
class ComputedValuesTest {
  private final ComputedValues values = ComputedValues.create(1_000);
  private final Map<String, Long> prices = new ConcurrentHashMap<>(Map.of("pen", 120L, "ink", 80L));
  private final AtomicInteger computations = new AtomicInteger();

  private long price(String sku) {
    return values.get("price:" + sku, () -> {
      computations.incrementAndGet();
      return prices.get(sku);
    });
  }

  private long basket() {
    return values.get("basket", () -> {
      computations.incrementAndGet();
      return price("pen") * 2 + price("ink");
    });
  }

  @Test
  void aValueIsComputedOnceAndKeptUntilInvalidated() {
    assertThat(price("pen")).isEqualTo(120);
    assertThat(price("pen")).isEqualTo(120);
    assertThat(computations).hasValue(1);

    prices.put("pen", 150L);
    values.invalidate("price:pen");

    assertThat(price("pen")).isEqualTo(150);
    assertThat(computations).hasValue(2);
  }

  @Test
  void invalidatingAValueInvalidatesEverythingComputedFromIt() {
    assertThat(basket()).isEqualTo(320);
    assertThat(values.isKept("basket")).isTrue();

    prices.put("ink", 100L);
    values.invalidate("price:ink");

    assertThat(values.isKept("basket")).isFalse();
    assertThat(values.isKept("price:pen")).as("what the basket read stays valid").isTrue();
    assertThat(basket()).isEqualTo(340);
  }

  @Test
  void inInvalidationModeAskingForAValueInvalidatesItInsteadOfComputingIt() throws Exception {
    basket();
    int before = computations.get();

    Object answer = Invalidation.run(() -> values.get("price:pen", () -> {
      throw new AssertionError("computed in invalidation mode");
    }));

    assertThat(answer).isNull();
    assertThat(computations).hasValue(before);
    assertThat(values.isKept("price:pen")).isFalse();
    assertThat(values.isKept("basket")).isFalse();
  }

  @Test
  void aComputationThatRanWhenItsValueWasInvalidatedDoesNotKeepItsStaleResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    Thread slow = Thread.ofVirtual().start(() -> values.get("price:pen", () -> {
      long stale = prices.get("pen");
      started.countDown();
      await(resume);
      return stale;
    }));
    started.await();
    prices.put("pen", 200L);
    values.invalidate("price:pen");
    resume.countDown();
    slow.join();

    assertThat(values.isKept("price:pen")).isFalse();
    assertThat(price("pen")).isEqualTo(200);
  }

  @Test
  void aComputationWhoseDependencyWasInvalidatedMeanwhileDoesNotKeepItsResult() throws Exception {
    price("ink");
    CountDownLatch readInk = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    Thread slow = Thread.ofVirtual().start(() -> values.get("basket", () -> {
      long ink = price("ink");
      readInk.countDown();
      await(resume);
      return ink + price("pen") * 2;
    }));
    readInk.await();
    prices.put("ink", 90L);
    values.invalidate("price:ink");
    resume.countDown();
    slow.join();

    assertThat(values.isKept("basket")).isFalse();
    assertThat(basket()).isEqualTo(330);
  }

  @Test
  void concurrentCallersOfOneValueShareItsComputation() throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Thread first = Thread.ofVirtual().start(() -> values.get("slow", () -> {
      runs.incrementAndGet();
      await(resume);
      return "done";
    }));
    Eventually.eventually(Duration.ofSeconds(5), () -> assertThat(runs).hasValue(1));
    Thread[] others = new Thread[4];
    String[] answers = new String[others.length];
    for (int i = 0; i < others.length; i++) {
      int slot = i;
      others[i] = Thread.ofVirtual().start(() -> answers[slot] = values.get("slow", () -> {
        runs.incrementAndGet();
        return "again";
      }));
    }
    resume.countDown();
    first.join();
    for (Thread other : others) {
      other.join();
    }
    assertThat(answers).containsOnly("done");
    assertThat(runs).hasValue(1);
  }

  @Test
  void errorsAreNotKept() {
    assertThatThrownBy(() -> values.get("broken", () -> {
      throw new IllegalStateException("database down");
    })).hasMessage("database down");
    assertThat(values.isKept("broken")).isFalse();
    assertThat(values.<String>get("broken", () -> "fine")).isEqualTo("fine");
  }

  @Test
  void atMostTheMaximumSizeIsKeptAndAnEvictedValueInvalidatesWhatWasComputedFromIt() {
    ComputedValues small = ComputedValues.create(10);
    for (int i = 0; i < 100; i++) {
      int n = i;
      small.get("root-" + n, () -> small.get("leaf-" + n, () -> n));
    }
    Eventually.eventually(Duration.ofSeconds(5), () -> assertThat(small.size()).isLessThanOrEqualTo(10));
    int leavesGone = 0;
    for (int i = 0; i < 100; i++) {
      if (!small.isKept("leaf-" + i)) {
        leavesGone++;
        assertThat(small.isKept("root-" + i)).as("root-%d, computed from an evicted leaf", i).isFalse();
      }
    }
    assertThat(leavesGone).isGreaterThanOrEqualTo(90);
  }

  public interface Catalog {
    @Computed
    long price(String sku);

    @Computed
    long total(String first, String second);

    String name();
  }

  @Test
  void aProxyKeepsTheResultsOfItsComputedMethodsPerArguments() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Catalog catalog = values.proxy(Catalog.class, new Catalog() {
      @Override
      public long price(String sku) {
        calls.incrementAndGet();
        return prices.get(sku);
      }

      @Override
      public long total(String first, String second) {
        calls.incrementAndGet();
        return values.proxy(Catalog.class, this).price(first) + price(second);
      }

      @Override
      public String name() {
        calls.incrementAndGet();
        return "catalog";
      }
    });

    assertThat(catalog.price("pen")).isEqualTo(120);
    assertThat(catalog.price("pen")).isEqualTo(120);
    assertThat(catalog.price("ink")).isEqualTo(80);
    assertThat(calls).hasValue(2);
    catalog.name();
    catalog.name();
    assertThat(calls).as("a method without @Computed runs every time").hasValue(4);

    prices.put("pen", 130L);
    assertThat(Invalidation.run(() -> catalog.price("pen"))).as("zero for a primitive in invalidation mode")
        .isZero();
    assertThat(catalog.price("pen")).isEqualTo(130);
    assertThat(catalog.price("ink")).isEqualTo(80);
    assertThat(calls).hasValue(5);
  }

  @Test
  void aValueThatAsksForItselfIsAnError() {
    assertThatThrownBy(() -> values.get("loop", () -> values.get("loop", () -> 1)))
        .hasMessageContaining("depends on itself");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
