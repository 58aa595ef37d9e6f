package dev.operon.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way tests wait for something that happens on another thread: an assertion retried until
 * it passes or a timeout runs out. Between tries it backs off briefly (1 ms, doubling to 50 ms);
 * that is waiting, not synchronising: nothing a test checks depends on how long a try sleeps. Only
 * an {@link AssertionError} is retried; any other exception ends the wait at once.
 *
 * <pre>{@code
 * eventually(Duration.ofSeconds(20), () -> assertThat(queue.stats("q").depth()).isZero());
 * }</pre>
 */
public final class Eventually {
  private static final Duration FIRST_PAUSE = Duration.ofMillis(1);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(50);

  private Eventually() {}

  /** An assertion that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    /** Runs the assertion; returns normally once it holds. */
    void run() throws Throwable;
  }

  /** A computation whose result is wanted once it passes its assertions. */
  @FunctionalInterface
  public interface ThrowingSupplier<T> {
    /** Returns the result, or throws an {@link AssertionError} while it is not there yet. */
    T get() throws Throwable;
  }

  /**
   * Runs {@code assertion} until it passes. After {@code timeout} it throws the last
   * {@link AssertionError}, its message prefixed with how long it waited and how many tries it took.
   */
  public static void eventually(Duration timeout, ThrowingRunnable assertion) {
    Objects.requireNonNull(assertion, "assertion");
    eventually(timeout, () -> {
      assertion.run();
      return null;
    });
  }

  /**
   * Calls {@code supplier} until it returns instead of throwing an {@link AssertionError}, and
   * returns what it returned; fails as {@link #eventually(Duration, ThrowingRunnable)} does.
   */
  public static <T> T eventually(Duration timeout, ThrowingSupplier<T> supplier) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(supplier, "supplier");
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Duration pause = FIRST_PAUSE;
    int tries = 0;
    while (true) {
      tries++;
      AtomicReference<AssertionError> failed = new AtomicReference<>();
      T result = attempt(supplier, failed);
      if (failed.get() == null) {
        return result;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        throw timedOut(failed.get(), Duration.ofNanos(now - start), tries);
      }
      sleep(min(pause, Duration.ofNanos(deadline - now)), failed.get());
      pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
    }
  }

  private static <T> T attempt(ThrowingSupplier<T> supplier, AtomicReference<AssertionError> failed) {
    try {
      return supplier.get();
    } catch (AssertionError e) {
      failed.set(e);
      return null;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("the awaited assertion threw " + e, e);
    }
  }

  private static AssertionError timedOut(AssertionError last, Duration waited, int tries) {
    AssertionError error = new AssertionError("still failing after waiting " + waited.toMillis() + " ms ("
        + tries + " tries): " + last.getMessage(), last);
    error.setStackTrace(last.getStackTrace());
    return error;
  }

  private static void sleep(Duration pause, AssertionError last) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AssertionError interrupted = new AssertionError("interrupted while waiting: " + last.getMessage(), last);
      interrupted.addSuppressed(e);
      throw interrupted;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
