package dev.operon.bench.peers;

import dev.operon.server.bench.LoadRunner;
import dev.operon.server.bench.LoadRunner.Group;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Starters that each start one workflow and wait for its result, then start the next, for a
 * bounded time: how many finished per second, and how long each took from start to result.
 */
final class ClosedLoop {
  /** Starts one workflow and waits for its result; throws if the result is wrong. */
  @FunctionalInterface
  interface StartAndWait {
    void run(int starter) throws Exception;
  }

  /** What a loop did: workflows finished, per second, and the median and mean time of one. */
  record Outcome(long completed, double perSecond, double p50Millis, double meanMillis) {}

  private final PrintWriter progress;

  ClosedLoop(PrintWriter progress) {
    this.progress = progress;
  }

  Outcome run(String label, Duration duration, int starters, StartAndWait call) throws InterruptedException {
    Queue<Long> nanos = new ConcurrentLinkedQueue<>();
    LoadRunner.Result result = new LoadRunner(duration, progress).run(label, "workflows",
        List.of(new Group("starter", starters, w -> {
          long start = System.nanoTime();
          call.run(w);
          nanos.add(System.nanoTime() - start);
          return 1;
        }, true)));
    List<Long> sorted = nanos.stream().sorted().toList();
    if (sorted.isEmpty()) {
      throw new IllegalStateException(label + ": no workflow finished in " + duration.toMillis() + " ms");
    }
    double mean = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
    long median = sorted.get(sorted.size() / 2);
    return new Outcome(result.units(), result.perSecond(), median / 1e6, mean / 1e6);
  }
}
