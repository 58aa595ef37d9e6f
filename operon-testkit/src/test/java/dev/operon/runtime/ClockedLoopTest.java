package dev.operon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ClockedLoopTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final ManualClock clock = new ManualClock();
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void runsEachTimeTheClockPassesThePeriod() {
    try (ClockedLoop loop = new ClockedLoop("test-loop", clock, Duration.ofMinutes(1), runs::incrementAndGet)) {
      clock.advance(Duration.ofMinutes(1));
      eventually("the first run", () -> runs.get() == 1);
      clock.advance(Duration.ofMinutes(1));
      eventually("the second run", () -> runs.get() == 2);
    }
  }

  @Test
  void aWakeUpRunsTheActionWithoutTheClockMoving() {
    try (ClockedLoop loop = new ClockedLoop("test-loop", clock, Duration.ofHours(1), runs::incrementAndGet)) {
      loop.wake();
      eventually("a run after the wake-up", () -> runs.get() == 1);
      loop.wake();
      eventually("a run after the second wake-up", () -> runs.get() == 2);
    }
  }

  @Test
  void anActionThatThrowsRunsAgainAtItsNextDueTime() {
    Runnable failingOnce = () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("first run fails");
      }
    };
    try (ClockedLoop loop = new ClockedLoop("test-loop", clock, Duration.ofSeconds(30), failingOnce)) {
      clock.advance(Duration.ofSeconds(30));
      eventually("the failing run", () -> runs.get() == 1);
      clock.advance(Duration.ofSeconds(30));
      eventually("the run after the failure", () -> runs.get() == 2);
    }
  }

  @Test
  void withJitterLoopsStartedTogetherFallDueAtDifferentTimesWithinTheBound() {
    AtomicInteger ran = new AtomicInteger();
    java.util.List<ClockedLoop> loops = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        loops.add(new ClockedLoop("jitter-" + i, clock, Duration.ofMinutes(10), 0.1, ran::incrementAndGet));
      }
      clock.advance(Duration.ofMinutes(10));
      eventually("a loop due before the 10th minute", () -> ran.get() >= 1);
      assertThat(ran.get()).as("loops due after the 10th minute have not run").isLessThan(20);

      clock.advance(Duration.ofMinutes(1));
      eventually("every loop, all due by the 11th minute", () -> ran.get() >= 20);
    } finally {
      loops.forEach(ClockedLoop::close);
    }
  }

  @Test
  void theJitterMustBeBetweenZeroAndAHalf() {
    for (double bad : new double[] {-0.1, 0.6, Double.NaN}) {
      assertThatThrownBy(() -> new ClockedLoop("test-loop", clock, Duration.ofSeconds(1), bad, runs::incrementAndGet))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
          .hasMessageContaining("jitter");
    }
  }

  @Test
  void afterCloseNothingRuns() {
    ClockedLoop loop = new ClockedLoop("test-loop", clock, Duration.ofSeconds(1), runs::incrementAndGet);
    loop.close();
    loop.wake();
    clock.advance(Duration.ofMinutes(5));
    assertThat(runs.get()).isZero();
  }

  @Test
  void thePeriodMustBePositive() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> new ClockedLoop("test-loop", clock, bad, runs::incrementAndGet))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    }
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + DEADLINE + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
