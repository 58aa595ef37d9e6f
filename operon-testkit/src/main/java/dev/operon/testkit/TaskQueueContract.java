package dev.operon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TaskQueue}: every adapter's test extends this class and implements
 * {@link #open(BackendOptions)}.
 *
 * <p>With {@link Capabilities#manualClock()} the suite moves time with the {@link ManualClock};
 * without it, it sets the ack wait to {@link #REAL_ACK_WAIT} and waits for real, polling with a
 * deadline.
 */
public abstract class TaskQueueContract extends ContractSuite {
  /** The ack wait used when the adapter runs on real time. */
  protected static final Duration REAL_ACK_WAIT = Duration.ofSeconds(1);

  /** A short fetch timeout, for fetches that are expected to find nothing. */
  protected static final Duration SHORT = Duration.ofMillis(200);

  protected static final String Q = "work";

  /** Opens the adapter under test with {@code options}; each call must see empty queues for a fresh prefix. */
  protected abstract TaskQueue open(BackendOptions options);

  /** The options of this test: {@link #baseOptions()} with a short ack wait on real time. */
  protected BackendOptions queueOptions() {
    BackendOptions options = baseOptions();
    if (!capabilities().manualClock()) {
      options = options.withQueue(new QueueSettings(REAL_ACK_WAIT, QueueSettings.DEFAULT.maxDeliveries()));
    }
    return options;
  }

  /** The queue of this test, opened with {@link #queueOptions()}. */
  protected TaskQueue queue() {
    return closeAfterTest(open(queueOptions()));
  }

  private boolean manual() {
    return capabilities().manualClock();
  }

  /** Lets {@code duration} pass: on the manual clock at once, on real time by doing nothing (callers poll). */
  protected void letPass(Duration duration) {
    if (manual()) {
      clock.advance(duration);
    }
  }

  /** Lets the ack wait of a fetched task run out. */
  protected void expireAckWait() {
    letPass(QueueSettings.DEFAULT.ackWait().plusSeconds(1));
  }

  /** Fetches until one task arrives (polling with a deadline); fails if none does. */
  protected static Task fetchOne(TaskQueue queue, String name) {
    List<Task> tasks = fetchAtLeast(queue, name, 1, 1);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  /** Fetches in batches of at most {@code max} until {@code count} tasks arrived; fails after the deadline. */
  protected static List<Task> fetchAtLeast(TaskQueue queue, String name, int count, int max) {
    List<Task> tasks = new ArrayList<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (tasks.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fetched " + tasks.size() + " of " + count + " tasks from "
            + name + " within " + DEADLINE);
      }
      List<Task> batch = queue.fetch(name, Math.min(max, count - tasks.size()), SHORT);
      assertThat(batch.size()).isLessThanOrEqualTo(max);
      tasks.addAll(batch);
    }
    return tasks;
  }

  protected static void assertNothingToFetch(TaskQueue queue, String name) {
    assertThat(queue.fetch(name, 10, SHORT)).isEmpty();
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }

  // ---- publish, fetch, ack

  @Test
  void publishedTaskIsFetchedWithItsPayload() {
    TaskQueue queue = queue();
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    String id = queue.publish(Q, payload);
    assertThat(id).isNotBlank();
    Task task = fetchOne(queue, Q);
    assertThat(task.id()).isEqualTo(id);
    assertThat(task.queue()).isEqualTo(Q);
    assertThat(task.payload()).isEqualTo(payload);
    assertThat(task.delivery()).isEqualTo(1);
    if (manual()) {
      assertThat(task.publishedAt()).isEqualTo(clock.instant());
    } else {
      assertThat(task.publishedAt()).isNotNull();
    }
    queue.ack(task);
  }

  @Test
  void publishReturnsDistinctIds() {
    TaskQueue queue = queue();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ids.add(queue.publish(Q, bytes("t" + i)));
    }
    assertThat(ids).hasSize(50);
  }

  @Test
  void publishAllStoresEveryTaskInOrderAndAckAllFinishesThem() {
    TaskQueue queue = queue();
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      payloads.add(bytes("b" + i));
    }
    List<String> ids = queue.publishAll(Q, payloads, PublishOptions.NOW);
    assertThat(ids).hasSize(30).doesNotHaveDuplicates();
    List<Task> fetched = fetchAtLeast(queue, Q, 30, 50);
    assertThat(fetched).extracting(Task::id).containsExactlyInAnyOrderElementsOf(ids);
    for (Task task : fetched) {
      assertThat(text(task.payload())).isEqualTo("b" + ids.indexOf(task.id()));
    }
    queue.ackAll(fetched);
    assertThat(queue.stats(Q).depth()).isZero();
    assertNothingToFetch(queue, Q);
  }

  /** Large enough for a backend's bulk path (PostgreSQL copies rather than inserts from 256 rows). */
  @Test
  void aLargeDelayedPublishAllKeepsEveryPayloadByteForByte() {
    TaskQueue queue = queue();
    List<byte[]> payloads = new ArrayList<>();
    payloads.add(new byte[0]);
    for (int i = 1; i < 1_000; i++) {
      byte[] text = bytes("tâche-" + i + "-\u00e9\u4e2d");
      byte[] payload = java.util.Arrays.copyOf(text, text.length + i % 300);
      for (int b = text.length; b < payload.length; b++) {
        payload[b] = (byte) b;
      }
      payloads.add(payload);
    }
    Duration delay = manual() ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    List<String> ids = queue.publishAll(Q, payloads, PublishOptions.delayed(delay));
    assertThat(ids).hasSize(payloads.size()).doesNotHaveDuplicates();
    assertNothingToFetch(queue, Q);
    letPass(delay);
    List<Task> fetched = fetchAtLeast(queue, Q, payloads.size(), 100);
    assertThat(fetched).extracting(Task::id).containsExactlyInAnyOrderElementsOf(ids);
    for (Task task : fetched) {
      assertThat(task.payload()).as("payload of task %s", task.id()).isEqualTo(payloads.get(ids.indexOf(task.id())));
      assertThat(task.delivery()).isEqualTo(1);
      assertThat(task.queue()).isEqualTo(Q);
    }
    queue.ackAll(fetched);
    assertThat(queue.stats(Q).depth()).isZero();
  }

  @Test
  void publishAllWithADedupKeyIsRejectedAndStoresNothing() {
    TaskQueue queue = queue();
    assertValidation(
        () -> queue.publishAll(Q, List.of(bytes("x"), bytes("y")), PublishOptions.dedup("k")));
    assertThat(queue.stats(Q).depth()).isZero();
  }

  @Test
  void fetchReturnsAtMostMax() {
    TaskQueue queue = queue();
    for (int i = 0; i < 5; i++) {
      queue.publish(Q, bytes("t" + i));
    }
    List<Task> first = queue.fetch(Q, 2, DEADLINE);
    assertThat(first).hasSizeBetween(1, 2);
    List<Task> rest = fetchAtLeast(queue, Q, 5 - first.size(), 10);
    List<Task> all = new ArrayList<>(first);
    all.addAll(rest);
    assertThat(all).extracting(t -> text(t.payload()))
        .containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
    assertNothingToFetch(queue, Q);
  }

  @Test
  void fetchOnAnEmptyQueueReturnsEmpty() {
    TaskQueue queue = queue();
    assertThat(queue.fetch(Q, 10, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void fetchWaitsForATaskPublishedDuringTheWait() throws Exception {
    TaskQueue queue = queue();
    Thread fetcher = Thread.currentThread();
    ExecutorService publisher = Executors.newSingleThreadExecutor();
    try {
      // publishes once the fetch below has found nothing and is blocked, waiting for a task
      Future<String> published = publisher.submit(() -> {
        Eventually.eventually(DEADLINE, () -> assertThat(fetcher.getState()).as("state of the fetching thread")
            .isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING));
        return queue.publish(Q, bytes("late"));
      });
      List<Task> tasks = queue.fetch(Q, 1, DEADLINE);
      assertThat(tasks).hasSize(1);
      assertThat(tasks.get(0).id()).isEqualTo(published.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    } finally {
      publisher.shutdownNow();
    }
  }

  @Test
  void fetchedTaskIsInvisibleToASecondFetch() {
    TaskQueue queue = queue();
    queue.publish(Q, bytes("once"));
    fetchOne(queue, Q);
    assertNothingToFetch(queue, Q);
  }

  @Test
  void ackedTaskIsNeverDeliveredAgain() {
    TaskQueue queue = queue();
    queue.publish(Q, bytes("done"));
    queue.ack(fetchOne(queue, Q));
    if (manual()) {
      clock.advance(Duration.ofHours(1));
      assertNothingToFetch(queue, Q);
    } else {
      assertThat(queue.fetch(Q, 10, REAL_ACK_WAIT.multipliedBy(2))).isEmpty();
    }
    assertThat(queue.stats(Q).depth()).isZero();
    assertThat(queue.deadLetters(Q, 10)).isEmpty();
  }

  @Test
  void queuesAreIsolated() {
    TaskQueue queue = queue();
    queue.publish("alpha", bytes("a"));
    queue.publish("beta", bytes("b"));
    Task alpha = fetchOne(queue, "alpha");
    assertThat(text(alpha.payload())).isEqualTo("a");
    assertThat(alpha.queue()).isEqualTo("alpha");
    assertNothingToFetch(queue, "alpha");
    assertThat(text(fetchOne(queue, "beta").payload())).isEqualTo("b");
    assertThat(queue.stats("gamma").depth()).isZero();
  }

  // ---- redelivery

  @Test
  void nakWithDelayRedeliversAfterTheDelay() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("again"));
    Duration delay = manual() ? Duration.ofSeconds(10) : Duration.ofSeconds(1);
    queue.nak(fetchOne(queue, Q), delay);
    assertNothingToFetch(queue, Q);
    letPass(delay);
    Task again = fetchOne(queue, Q);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.delivery()).isEqualTo(2);
    assertThat(text(again.payload())).isEqualTo("again");
  }

  @Test
  void nakWithoutDelayRedeliversAtOnce() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("again"));
    queue.nak(fetchOne(queue, Q), Duration.ZERO);
    Task again = fetchOne(queue, Q);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.delivery()).isEqualTo(2);
  }

  @Test
  void expiredAckWaitRedelivers() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("slow"));
    Task first = fetchOne(queue, Q);
    assertNothingToFetch(queue, Q);
    expireAckWait();
    Task again = fetchOne(queue, Q);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.delivery()).isEqualTo(first.delivery() + 1);
    queue.ack(again);
  }

  @Test
  void taskDeliveredMaxTimesWithoutAckIsDeadLettered() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("poison"));
    int max = QueueSettings.DEFAULT.maxDeliveries();
    for (int delivery = 1; delivery <= max; delivery++) {
      Task task = fetchOne(queue, Q);
      assertThat(task.delivery()).isEqualTo(delivery);
      expireAckWait();
    }
    awaitDeadLetters(queue, 1);
    assertNothingToFetch(queue, Q);
    DeadLetter dead = queue.deadLetters(Q, 10).get(0);
    assertThat(dead.id()).isEqualTo(id);
    assertThat(dead.queue()).isEqualTo(Q);
    assertThat(dead.payload()).isEqualTo(bytes("poison"));
    assertThat(dead.deliveries()).isEqualTo(max);
    assertThat(dead.reason()).containsIgnoringCase("max").containsIgnoringCase("deliver");
    assertThat(queue.stats(Q).depth()).isZero();
    assertThat(queue.stats(Q).deadLetters()).isEqualTo(1);
  }

  @Test
  void nakAtMaxDeliveriesDeadLetters() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("poison"));
    int max = QueueSettings.DEFAULT.maxDeliveries();
    for (int delivery = 1; delivery <= max; delivery++) {
      Task task = fetchOne(queue, Q);
      assertThat(task.delivery()).isEqualTo(delivery);
      queue.nak(task, Duration.ZERO);
    }
    awaitDeadLetters(queue, 1);
    assertNothingToFetch(queue, Q);
    DeadLetter dead = queue.deadLetters(Q, 10).get(0);
    assertThat(dead.id()).isEqualTo(id);
    assertThat(dead.reason()).containsIgnoringCase("max").containsIgnoringCase("deliver");
  }

  @Test
  void terminateDeadLettersAtOnceWithTheReason() {
    TaskQueue queue = queue();
    String id = queue.publish(Q, bytes("bad"));
    Task task = fetchOne(queue, Q);
    queue.terminate(task, "payload cannot be parsed");
    awaitDeadLetters(queue, 1);
    DeadLetter dead = queue.deadLetters(Q, 10).get(0);
    assertThat(dead.id()).isEqualTo(id);
    assertThat(dead.reason()).contains("payload cannot be parsed");
    assertThat(dead.deliveries()).isEqualTo(1);
    assertThat(dead.payload()).isEqualTo(bytes("bad"));
    if (manual()) {
      assertThat(dead.deadAt()).isEqualTo(clock.instant());
    }
    expireAckWait();
    assertNothingToFetch(queue, Q);
    assertThat(queue.stats(Q).depth()).isZero();
    assertThat(queue.stats(Q).deadLetters()).isEqualTo(1);
  }

  @Test
  void deadLettersAreListedOldestFirstUpToTheLimit() {
    TaskQueue queue = queue();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(queue.publish(Q, bytes("d" + i)));
    }
    Map<String, Task> byId = new ConcurrentHashMap<>();
    fetchAtLeast(queue, Q, 3, 3).forEach(t -> byId.put(t.id(), t));
    for (String id : ids) {
      queue.terminate(byId.get(id), "reason " + id);
      letPass(Duration.ofSeconds(1));
    }
    awaitDeadLetters(queue, 3);
    assertThat(queue.deadLetters(Q, 2)).extracting(DeadLetter::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(queue.deadLetters(Q, 10)).extracting(DeadLetter::id).containsExactlyElementsOf(ids);
  }

  protected static void awaitDeadLetters(TaskQueue queue, int count) {
    eventually(count + " dead letters in " + Q, () -> queue.deadLetters(Q, 100).size() >= count);
    assertThat(queue.deadLetters(Q, 100)).hasSize(count);
  }

  // ---- delays and dedup

  @Test
  void delayedTaskIsInvisibleUntilDue() {
    TaskQueue queue = queue();
    Duration delay = manual() ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    String id = queue.publish(Q, bytes("later"), PublishOptions.delayed(delay));
    assertNothingToFetch(queue, Q);
    if (manual()) {
      clock.advance(delay.minusSeconds(1));
      assertNothingToFetch(queue, Q);
      clock.advance(Duration.ofSeconds(1));
    }
    Task task = fetchOne(queue, Q);
    assertThat(task.id()).isEqualTo(id);
    assertThat(task.delivery()).isEqualTo(1);
  }

  @Test
  void dedupKeyReturnsTheFirstIdAndStoresOneTask() {
    TaskQueue queue = queue();
    String first = queue.publish(Q, bytes("one"), PublishOptions.dedup("order-7"));
    String second = queue.publish(Q, bytes("two"), PublishOptions.dedup("order-7"));
    assertThat(second).isEqualTo(first);
    assertThat(queue.stats(Q).depth()).isEqualTo(1);
    Task task = fetchOne(queue, Q);
    assertThat(task.id()).isEqualTo(first);
    assertThat(text(task.payload())).isEqualTo("one");
    assertNothingToFetch(queue, Q);
  }

  @Test
  void dedupKeysAreScopedToTheirQueue() {
    TaskQueue queue = queue();
    String alpha = queue.publish("alpha", bytes("a"), PublishOptions.dedup("k"));
    String beta = queue.publish("beta", bytes("b"), PublishOptions.dedup("k"));
    assertThat(beta).isNotEqualTo(alpha);
    assertThat(text(fetchOne(queue, "beta").payload())).isEqualTo("b");
  }

  @Test
  void dedupKeyIsFreeAgainOnceItsTaskIsAcked() {
    Assumptions.assumeTrue(capabilities().exactDedup(), "capability exactDedup");
    TaskQueue queue = queue();
    String first = queue.publish(Q, bytes("one"), PublishOptions.dedup("k"));
    queue.ack(fetchOne(queue, Q));
    String second = queue.publish(Q, bytes("two"), PublishOptions.dedup("k"));
    assertThat(second).isNotEqualTo(first);
    assertThat(text(fetchOne(queue, Q).payload())).isEqualTo("two");
  }

  // ---- stats

  @Test
  void statsReportDepthOldestAgeAndDeadLetters() {
    TaskQueue queue = queue();
    assertThat(queue.stats(Q)).isEqualTo(new QueueStats(0, java.util.Optional.empty(), 0));
    queue.publish(Q, bytes("a"));
    queue.publish(Q, bytes("b"));
    letPass(Duration.ofSeconds(5));
    queue.publish(Q, bytes("c"), PublishOptions.delayed(Duration.ofMinutes(10)));
    QueueStats stats = queue.stats(Q);
    assertThat(stats.depth()).isEqualTo(3);
    assertThat(stats.deadLetters()).isZero();
    if (capabilities().queueOldestAge()) {
      assertThat(stats.oldestAge()).isPresent();
      if (manual()) {
        assertThat(stats.oldestAge()).contains(Duration.ofSeconds(5));
      }
    }
    List<Task> tasks = fetchAtLeast(queue, Q, 2, 2);
    assertThat(queue.stats(Q).depth()).as("in-flight tasks count in depth").isEqualTo(3);
    queue.ack(tasks.get(0));
    queue.terminate(tasks.get(1), "test");
    awaitDeadLetters(queue, 1);
    stats = queue.stats(Q);
    assertThat(stats.depth()).isEqualTo(1);
    assertThat(stats.deadLetters()).isEqualTo(1);
  }

  @Test
  void statsOfAFinishedQueueHaveNoOldestAge() {
    Assumptions.assumeTrue(capabilities().queueOldestAge(), "capability queueOldestAge");
    TaskQueue queue = queue();
    queue.publish(Q, bytes("a"));
    queue.ack(fetchOne(queue, Q));
    assertThat(queue.stats(Q).oldestAge()).isEmpty();
    assertThat(queue.stats(Q).depth()).isZero();
  }

  // ---- concurrency

  @Test
  void concurrentConsumersAckEveryTaskExactlyOnce() throws Exception {
    TaskQueue queue = closeAfterTest(open(baseOptions().withQueue(QueueSettings.DEFAULT)));
    int total = 200;
    Set<String> published = new HashSet<>();
    for (int i = 0; i < total; i++) {
      published.add(queue.publish(Q, bytes("task " + i)));
    }
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    EventStoreContract.runConcurrently(4, consumer -> {
      while (acked.get() < total && System.nanoTime() < deadline) {
        for (Task task : queue.fetch(Q, 10, SHORT)) {
          deliveries.computeIfAbsent(task.id(), k -> new AtomicInteger()).incrementAndGet();
          queue.ack(task);
          acked.incrementAndGet();
        }
      }
    });
    assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(published);
    assertThat(deliveries).allSatisfy((id, count) -> assertThat(count.get()).as(id).isEqualTo(1));
    assertThat(acked.get()).isEqualTo(total);
    assertThat(queue.stats(Q).depth()).isZero();
  }

  // ---- bad input

  @Test
  void invalidQueueNameIsRejected() {
    TaskQueue queue = queue();
    for (String bad : List.of("", "has space", "slash/no", "x".repeat(65), "star*")) {
      assertValidation(() -> queue.publish(bad, bytes("x")));
      assertValidation(() -> queue.fetch(bad, 1, SHORT));
      assertValidation(() -> queue.stats(bad));
      assertValidation(() -> queue.deadLetters(bad, 10));
    }
    assertValidation(() -> queue.publish(null, bytes("x")));
  }

  @Test
  void validQueueNamesAreAccepted() {
    TaskQueue queue = queue();
    for (String good : List.of("a", "saga-workflows", "Mixed_Case.v2", "x".repeat(64))) {
      queue.publish(good, bytes(good));
      assertThat(text(fetchOne(queue, good).payload())).isEqualTo(good);
    }
  }

  protected static void assertValidation(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(OperonException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
  }
}
