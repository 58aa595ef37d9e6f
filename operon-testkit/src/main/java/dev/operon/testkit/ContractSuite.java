package dev.operon.testkit;

import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every contract suite shares: a fresh {@link ManualClock} and a fresh table prefix per test,
 * options derived from {@link BackendOptions#defaults()}, closing what a test opened, waiting with
 * a deadline, and the per-adapter summary line.
 */
@ExtendWith(ContractSummary.class)
public abstract class ContractSuite {
  /** Unique per JVM run, so that reruns against a shared database never see old tables. */
  private static final String RUN = randomTag(6);

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** How long a test waits for something that should happen, before it fails. */
  protected static final Duration DEADLINE = Duration.ofSeconds(20);

  /** The clock of this test; adapters with {@link Capabilities#manualClock()} get it in their options. */
  protected ManualClock clock;

  /** The table prefix of this test, unique in this run and across runs. */
  protected String prefix;

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** What the adapter under test supports; the default is everything. */
  protected Capabilities capabilities() {
    return Capabilities.all();
  }

  @BeforeEach
  final void freshClockAndPrefix() {
    clock = new ManualClock();
    prefix = "t" + RUN + "_" + COUNTER.incrementAndGet() + "_";
  }

  @AfterEach
  final void closeOpened() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The options of this test: defaults with this test's prefix, the manual clock if the adapter
   * honours it (else the system clock) and a 100 ms poll interval.
   */
  protected BackendOptions baseOptions() {
    Clock time = capabilities().manualClock() ? clock : Clock.systemUTC();
    return BackendOptions.defaults()
        .withClock(time)
        .withTablePrefix(prefix)
        .withPollInterval(Duration.ofMillis(100));
  }

  /** Remembers {@code resource} to close it after the test; returns it. */
  protected <T extends AutoCloseable> T closeAfterTest(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Waits until {@code condition} holds; fails naming {@code what} after {@link #DEADLINE} (see {@link Eventually}). */
  protected static void eventually(String what, BooleanSupplier condition) {
    Eventually.eventually(DEADLINE, () -> {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("waiting for: " + what);
      }
    });
  }

  private static String randomTag(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder tag = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      tag.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return tag.toString();
  }
}
