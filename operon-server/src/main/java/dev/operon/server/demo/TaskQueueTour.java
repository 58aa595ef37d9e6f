package dev.operon.server.demo;

import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Publishes, fetches, acks, naks and dead-letters tasks on a real task queue. */
final class TaskQueueTour {
  private static final Duration WAIT = Duration.ofSeconds(2);
  private static final int THROUGHPUT_TASKS = 1000;

  private final TaskQueue queue;
  private final Narrator narrator;
  private final String name;
  private final String loadName;

  TaskQueueTour(TaskQueue queue, Narrator narrator, String runId) {
    this.queue = queue;
    this.narrator = narrator;
    this.name = "shipping-" + runId;
    this.loadName = "load-" + runId;
  }

  void run() {
    narrator.section("Task queue: publish, fetch, ack, nak and dead letters on queue " + name);
    publish();
    List<Task> first = fetch("first fetch");
    settle(first);
    retryUntilDeadLetter();
    delayed();
    showStats();
    throughput();
  }

  private void publish() {
    String a = queue.publish(name, text("ship order 1"), PublishOptions.dedup("ship:order-1"));
    String again = queue.publish(name, text("ship order 1 (again)"), PublishOptions.dedup("ship:order-1"));
    narrator.say("published 'ship order 1' with dedup key ship:order-1 -> %s", a);
    narrator.say("published it again with the same key -> %s (%s)", again,
        a.equals(again) ? "same task, nothing new stored" : "a NEW task: dedup did not apply");
    for (String text : List.of("ship order 2", "ship order 3", "ship order 4")) {
      narrator.say("published '%s' -> %s", text, queue.publish(name, text(text)));
    }
  }

  private List<Task> fetch(String what) {
    List<Task> tasks = queue.fetch(name, 10, WAIT);
    narrator.say("%s: %d task(s) %s", what, tasks.size(),
        tasks.stream().map(t -> "'" + text(t) + "' (delivery " + t.delivery() + ")").toList());
    return tasks;
  }

  private void settle(List<Task> tasks) {
    if (tasks.size() < 4) {
      narrator.say("expected 4 tasks; skipping the ack/nak/terminate steps");
      tasks.forEach(queue::ack);
      return;
    }
    queue.ack(tasks.get(0));
    queue.ack(tasks.get(1));
    narrator.say("ack '%s' and '%s': done, never delivered again", text(tasks.get(0)), text(tasks.get(1)));
    queue.nak(tasks.get(2), Duration.ZERO);
    narrator.say("nak '%s': the consumer failed, the task goes back to the queue", text(tasks.get(2)));
    queue.terminate(tasks.get(3), "address unknown");
    narrator.say("terminate '%s': straight to the dead-letter queue", text(tasks.get(3)));
    List<Task> redelivered = fetch("second fetch");
    redelivered.forEach(queue::ack);
    narrator.figure("task queue: dedup kept 1 task for 2 publishes; 1 nak redelivered as delivery %s;"
        + " 1 terminated", redelivered.isEmpty() ? "?" : String.valueOf(redelivered.get(0).delivery()));
  }

  private void retryUntilDeadLetter() {
    queue.publish(name, text("charge card 9"));
    int deliveries = 0;
    for (int i = 0; i < 10; i++) {
      List<Task> tasks = queue.fetch(name, 1, Duration.ofMillis(500));
      if (tasks.isEmpty()) {
        break;
      }
      deliveries = tasks.get(0).delivery();
      queue.nak(tasks.get(0), Duration.ZERO);
    }
    narrator.say("'charge card 9' failed on each of its %d deliveries and went to the dead-letter"
        + " queue by itself", deliveries);
  }

  private void delayed() {
    queue.publish(name, text("send survey"), PublishOptions.delayed(Duration.ofSeconds(1)));
    List<Task> now = queue.fetch(name, 1, Duration.ofMillis(100));
    narrator.say("published 'send survey' with a 1 s delay; fetched at once: %d task(s)", now.size());
    now.forEach(queue::ack);
    long start = System.nanoTime();
    List<Task> later = queue.fetch(name, 1, Duration.ofSeconds(5));
    narrator.say("fetched again, waiting up to 5 s: %d task(s) after %.0f ms", later.size(),
        Narrator.millisSince(start));
    later.forEach(queue::ack);
  }

  private void showStats() {
    QueueStats stats = queue.stats(name);
    narrator.say("queue stats: depth %d, dead letters %d", stats.depth(), stats.deadLetters());
    for (DeadLetter dead : queue.deadLetters(name, 10)) {
      narrator.say("dead letter '%s' after %d deliveries: %s",
          new String(dead.payload(), StandardCharsets.UTF_8), dead.deliveries(), dead.reason());
    }
    narrator.figure("task queue: %d dead letters (1 terminated, 1 after max deliveries), depth %d",
        stats.deadLetters(), stats.depth());
  }

  private void throughput() {
    long start = System.nanoTime();
    for (int i = 0; i < THROUGHPUT_TASKS; i++) {
      queue.publish(loadName, text("task " + i));
    }
    String publishRate = Narrator.rate(THROUGHPUT_TASKS, start);
    long consumeStart = System.nanoTime();
    List<Task> done = new ArrayList<>();
    while (done.size() < THROUGHPUT_TASKS) {
      List<Task> batch = queue.fetch(loadName, 100, WAIT);
      if (batch.isEmpty()) {
        break;
      }
      batch.forEach(queue::ack);
      done.addAll(batch);
    }
    String consumeRate = Narrator.rate(done.size(), consumeStart);
    narrator.say("one thread published %,d tasks at %s/s, then fetched (100 at a time) and acked"
        + " %,d at %s/s", THROUGHPUT_TASKS, publishRate, done.size(), consumeRate);
    narrator.figure("task queue, one thread: publish %s tasks/s, fetch+ack %s tasks/s",
        publishRate, consumeRate);
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Task task) {
    return new String(task.payload(), StandardCharsets.UTF_8);
  }
}
