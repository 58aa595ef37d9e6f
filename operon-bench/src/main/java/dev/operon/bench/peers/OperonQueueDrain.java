package dev.operon.bench.peers;

import dev.operon.queue.PublishOptions;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Operon's task queue draining tasks as a user would: every task published in one
 * {@code publishAll}, then as many consumers as db-scheduler has threads, each fetching a batch,
 * counting it as executed and acknowledging it with one {@code ackAll}.
 */
final class OperonQueueDrain {
  static final int CONSUMERS = DbSchedulerDrain.THREADS;
  static final int FETCH_BATCH = 50;
  static final Duration FETCH_WAIT = Duration.ofMillis(100);
  static final String QUEUE = "peers-drain";

  private final ScratchDatabase scratch;
  private final PeersSettings settings;
  private final PrintWriter progress;

  OperonQueueDrain(ScratchDatabase scratch, PeersSettings settings, PrintWriter progress) {
    this.scratch = scratch;
    this.settings = settings;
    this.progress = progress;
  }

  DrainTiming run() throws Exception {
    try (ScratchBackends backends = ScratchBackends.open(scratch, settings, progress)) {
      TaskQueue queue = backends.ports().taskQueue();
      DrainCount count = new DrainCount("Operon's task queue", settings.tasks());
      List<byte[]> payloads = Collections.nCopies(settings.tasks(), new byte[0]);
      long begin = System.nanoTime();
      queue.publishAll(QUEUE, payloads, PublishOptions.NOW);
      long published = System.nanoTime();
      List<Thread> consumers = new ArrayList<>();
      for (int i = 0; i < CONSUMERS; i++) {
        consumers.add(Thread.ofPlatform().name("peers-consumer-" + i).start(() -> consume(queue, count)));
      }
      long drained;
      try {
        count.await(DbSchedulerDrain.DRAIN_LIMIT);
        drained = System.nanoTime();
      } finally {
        count.stop();
        for (Thread consumer : consumers) {
          consumer.join();
        }
      }
      DrainTiming timing = new DrainTiming(settings.tasks(), (published - begin) / 1e9, (drained - published) / 1e9);
      progress.printf(Locale.ROOT, "  %-24s %,12.0f tasks/s  (%,d published in %.2f s, drained in %.2f s)%n",
          "Operon task queue", timing.perSecond(), timing.tasks(), timing.publishSeconds(), timing.drainSeconds());
      return timing;
    }
  }

  private static void consume(TaskQueue queue, DrainCount count) {
    try {
      while (!count.finished()) {
        List<Task> tasks = queue.fetch(QUEUE, FETCH_BATCH, FETCH_WAIT);
        if (!tasks.isEmpty()) {
          queue.ackAll(tasks);
          count.add(tasks.size());
        }
      }
    } catch (RuntimeException e) {
      count.fail(e);
    }
  }
}
