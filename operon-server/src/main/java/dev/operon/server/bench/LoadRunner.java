package dev.operon.server.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs groups of worker threads for a bounded time and counts what the counted groups did,
 * printing progress once a second. A worker stops early when its step returns a negative number;
 * the first exception a step throws stops the whole phase and is rethrown.
 */
public final class LoadRunner {
  /** One step of a worker; returns how many units it did, or a negative number to stop. */
  @FunctionalInterface
  public interface Step {
    long run(int worker) throws Exception;
  }

  /** {@code threads} workers running {@code step}; only counted groups add to the result. */
  public record Group(String name, int threads, Step step, boolean counted) {}

  /** What a phase did: units counted and the seconds it took. */
  public record Result(long units, double seconds) {
    public double perSecond() {
      return seconds <= 0 ? 0 : units / seconds;
    }
  }

  private final Duration duration;
  private final PrintWriter progress;

  public LoadRunner(Duration duration, PrintWriter progress) {
    this.duration = duration;
    this.progress = progress;
  }

  public Result run(String label, String unit, List<Group> groups) throws InterruptedException {
    LongAdder units = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger countedRunning = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (Group group : groups) {
      for (int i = 0; i < group.threads(); i++) {
        if (group.counted()) {
          countedRunning.incrementAndGet();
        }
        threads.add(startWorker(group, i, deadline, units, failure, countedRunning));
      }
    }
    Thread reporter = Thread.ofPlatform().daemon().start(
        () -> report(label, unit, units, start, countedRunning));
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    reporter.interrupt();
    reporter.join();
    rethrow(failure.get());
    Result result = new Result(units.sum(), seconds);
    progress.printf(Locale.ROOT, "  %-24s %,12.0f %s/s  (%,d in %.1f s)%n",
        label, result.perSecond(), unit, result.units(), seconds);
    progress.flush();
    return result;
  }

  private static Thread startWorker(Group group, int index, long deadline, LongAdder units,
      AtomicReference<Throwable> failure, AtomicInteger countedRunning) {
    return Thread.ofPlatform().name(group.name() + "-" + index).start(() -> {
      try {
        while (System.nanoTime() < deadline && failure.get() == null
            && (group.counted() || countedRunning.get() > 0)) {
          long done = group.step().run(index);
          if (done < 0) {
            break;
          }
          if (group.counted()) {
            units.add(done);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      } finally {
        if (group.counted()) {
          countedRunning.decrementAndGet();
        }
      }
    });
  }

  private void report(String label, String unit, LongAdder units, long start, AtomicInteger running) {
    long last = 0;
    long lastAt = start;
    while (!Thread.currentThread().isInterrupted() && running.get() > 0) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long sum = units.sum();
      progress.printf(Locale.ROOT, "  %-24s %5.1f s  %,12.0f %s/s%n", label,
          (now - start) / 1e9, (sum - last) / ((now - lastAt) / 1e9), unit);
      progress.flush();
      last = sum;
      lastAt = now;
    }
  }

  private static void rethrow(Throwable failure) {
    if (failure == null) {
      return;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(failure.getMessage(), failure);
  }
}
