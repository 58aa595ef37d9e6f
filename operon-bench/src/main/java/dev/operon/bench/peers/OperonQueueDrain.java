package dev.operon.bench.peers;

import dev.operon.queue.PublishOptions;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

  private final PeerRun run;

  OperonQueueDrain(PeerRun run) {
    this.run = run;
  }

  DrainTiming run() throws Exception {
    PeersSettings settings = run.settings();
    try (ScratchBackends backends = ScratchBackends.open(run)) {
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
      return DrainTiming.report(run.progress(), "Operon task queue", "published", settings.tasks(), begin,
          published, drained);
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
