package dev.operon.jdbc.queue;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.jdbc.internal.DatabaseContext;
import dev.operon.jdbc.internal.EpochNanos;
import dev.operon.jdbc.internal.GroupCommitter;
import dev.operon.jdbc.internal.Transactions;
import dev.operon.notify.ChangeNotifier;
import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueNames;
import dev.operon.queue.QueueSettings;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task queue on SQLite or PostgreSQL: a row per unfinished task, claimed in one statement
 * ({@link TaskTable}) with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL. A claim makes the task
 * invisible until now + ack wait and gives it a new lease token, carried by {@link Task#receipt()}:
 * ack, nak and terminate only act while that lease is current, so a late ack from a consumer whose
 * ack wait ran out never removes the redelivered task. An ack deletes the row; a dead task moves to
 * the dead-letter table. Concurrent fetchers of a queue in one process share their claims
 * ({@link SharedClaims}). Every time comparison binds the injected clock's now, never the
 * database's. Fetch polls with a short back-off and is woken at once by publishes in this JVM.
 * Publishes without a dedup key and single acks made outside a caller's transaction are
 * group-committed ({@link QueueWriteBatch}): concurrent callers share one statement and commit,
 * each returning once it committed; {@link #publishAll} joins that group commit with all its rows,
 * {@link #ackAll} deletes its batch in one statement of its own. Acks outside a caller's
 * transaction commit without waiting for the WAL flush on PostgreSQL (a lost ack only redelivers).
 * On PostgreSQL the tasks table has aggressive per-table autovacuum settings (migration V2) so
 * that claims do not slow down as finished tasks pile up as dead entries in the ready index, and
 * a publish of many tasks refreshes the table's statistics ({@link TaskStatistics}) so that claims
 * keep reading the head of that index.
 */
public final class JdbcTaskQueue implements TaskQueue {
  private static final ErrorKind KIND = ErrorKind.TASK_QUEUE;
  private static final long FIRST_BACKOFF_NANOS = 1_000_000;
  private static final long MAX_BACKOFF_NANOS = 50_000_000;
  private static final int MAX_BATCH = 512;

  private final DatabaseContext context;
  private final Transactions transactions;
  private final TaskTable tasks;
  private final DeadLetterTable deadLetters;
  private final QueueSettings settings;
  private final Clock clock;
  private final IdGenerator ids;
  private final GroupCommitter<QueueWrite> publishes;
  private final GroupCommitter<QueueWrite> acks;
  private final QueueWakeUps wakeUps;
  private final TaskStatistics statistics;
  private final Map<String, Idle> idle = new ConcurrentHashMap<>();
  private final SharedClaims sharedClaims = new SharedClaims();

  public JdbcTaskQueue(DatabaseContext context) {
    this.context = context;
    this.transactions = context.transactions();
    this.tasks = new TaskTable(context.tables(), context.transactions().statements(), context.dialect());
    this.deadLetters = new DeadLetterTable(context.tables());
    this.settings = context.options().queue();
    this.clock = context.options().clock();
    this.ids = new IdGenerator(clock);
    this.publishes = new GroupCommitter<>("operon-publish-" + context.tables().prefix(), 1, MAX_BATCH, KIND,
        new QueueWriteBatch(transactions, tasks));
    this.acks = new GroupCommitter<>("operon-ack-" + context.tables().prefix(), 1, MAX_BATCH, KIND,
        new QueueWriteBatch(transactions, tasks));
    this.wakeUps = new QueueWakeUps(context.signals());
    this.statistics = new TaskStatistics(context);
  }

  /**
   * Announces every publish on {@code notifier} (after its commit) and wakes this queue's waiting
   * fetchers when another process announces one, instead of leaving them to their next poll.
   */
  @Override
  public void wakeUpsVia(ChangeNotifier notifier) {
    wakeUps.via(Objects.requireNonNull(notifier, "notifier"));
  }

  @Override
  public String publish(String queue, byte[] payload, PublishOptions options) {
    QueueNames.require(queue);
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(options, "options");
    Instant now = clock.instant();
    NewTaskRow row = new NewTaskRow(ids.next(), queue, payload.clone(), EpochNanos.plus(now, options.delay()),
        EpochNanos.of(now), options.dedupKey());
    String id;
    if (options.dedupKey() != null) {
      id = publishDeduplicated(row);
    } else if (transactions.bound()) {
      id = transactions.write(KIND, c -> tasks.insert(c, row) ? row.id() : null);
    } else {
      groupCommit(publishes, new QueueWrite.Publish(List.of(row)));
      id = row.id();
    }
    transactions.afterCommit("wake the fetchers of queue " + queue, () -> wakeUps.announce(queue));
    return id;
  }

  /**
   * Inserts every task in one statement and one transaction: the caller's when one is bound, else
   * a group commit shared with concurrent publishes.
   */
  @Override
  public List<String> publishAll(String queue, List<byte[]> payloads, PublishOptions options) {
    TaskQueue.requireBatch(queue, payloads, options);
    if (payloads.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    long visibleAt = EpochNanos.plus(now, options.delay());
    long publishedAt = EpochNanos.of(now);
    List<NewTaskRow> rows = new ArrayList<>(payloads.size());
    List<String> taskIds = new ArrayList<>(payloads.size());
    for (byte[] payload : payloads) {
      NewTaskRow row = new NewTaskRow(ids.next(), queue, payload.clone(), visibleAt, publishedAt, null);
      rows.add(row);
      taskIds.add(row.id());
    }
    if (transactions.bound()) {
      transactions.write(KIND, c -> {
        tasks.insertAll(c, rows);
        return null;
      });
    } else {
      groupCommit(publishes, new QueueWrite.Publish(rows));
    }
    transactions.afterCommit("wake the fetchers of queue " + queue, () -> {
      wakeUps.announce(queue);
      statistics.published(rows.size());
    });
    return List.copyOf(taskIds);
  }

  private String publishDeduplicated(NewTaskRow row) {
    while (true) {
      String id = transactions.write(KIND, c -> tasks.insert(c, row)
          ? row.id() : tasks.idByDedupKey(c, row.queue(), row.dedupKey()).orElse(null));
      if (id != null) {
        return id;
      }
      // The first task finished between our insert and our look-up: publish again.
    }
  }

  @Override
  public List<Task> fetch(String queue, int max, Duration timeout) {
    QueueNames.require(queue);
    if (max < 1) {
      throw OperonException.invalid("max must be >= 1, was " + max);
    }
    if (timeout == null || timeout.isNegative()) {
      throw OperonException.invalid("timeout must be zero or positive, was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (timeout.isPositive()) {
      wakeUps.listen(queue);
    }
    try {
      while (true) {
        long generation = context.signals().generation(queue);
        Idle last = idle.get(queue);
        long now = System.nanoTime();
        if (timeout.isPositive() && last != null && last.generation() == generation
            && now - last.at() < last.backoff()) {
          // a claim found the queue empty moments ago and nothing was published since: wait out its
          // back-off (woken by a publish) instead of claiming again at once
          long left = deadline - now;
          if (left <= 0) {
            return List.of();
          }
          context.signals().await(queue, generation, Math.min(left, last.at() + last.backoff() - now));
          continue;
        }
        List<Task> claimed = sharedClaims.claim(queue, max, wanted -> claim(queue, wanted));
        long left = deadline - System.nanoTime();
        if (!claimed.isEmpty()) {
          idle.remove(queue);
          return claimed;
        }
        long backoff = last == null || last.generation() != generation ? FIRST_BACKOFF_NANOS
            : Math.min(last.backoff() * 2, Math.min(MAX_BACKOFF_NANOS, context.options().pollInterval().toNanos()));
        idle.put(queue, new Idle(generation, System.nanoTime(), backoff));
        if (left <= 0) {
          return claimed;
        }
        context.signals().await(queue, generation, Math.min(left, backoff));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /**
   * The last claim of a queue that found nothing: the queue's signal generation then, when, and
   * the back-off before the next claim. Shared by every fetcher of the queue in this process and
   * kept across fetch calls, so idle fetch loops claim at most once per back-off between them
   * instead of each restarting at the shortest one.
   */
  private record Idle(long generation, long at, long backoff) {}

  private List<Task> claim(String queue, int max) {
    while (true) {
      Instant now = clock.instant();
      String lease = ids.next();
      List<Task> claimed = transactions.writeStatement(KIND, c -> tasks.claim(c, queue, max, lease,
          EpochNanos.of(now), EpochNanos.plus(now, settings.ackWait())));
      List<Task> deliverable = new ArrayList<>(claimed.size());
      for (Task task : claimed) {
        if (task.delivery() > settings.maxDeliveries()) {
          moveToDeadLetters(task, "max deliveries (" + settings.maxDeliveries() + ") reached");
        } else {
          deliverable.add(task);
        }
      }
      if (!deliverable.isEmpty() || claimed.isEmpty()) {
        return deliverable;
      }
    }
  }

  @Override
  public void ack(Task task) {
    requireTask(task);
    if (transactions.bound()) {
      transactions.write(KIND, c -> tasks.delete(c, task.id(), task.receipt()));
    } else {
      groupCommit(acks, new QueueWrite.Ack(List.of(task.id()), List.of(task.receipt())));
    }
  }

  /**
   * Deletes every task whose lease is still current in one statement (stale receipts are skipped,
   * as with {@link #ack}): inside the caller's transaction when one is bound, else auto-committed.
   */
  @Override
  public void ackAll(List<Task> tasksToAck) {
    Objects.requireNonNull(tasksToAck, "tasks");
    if (tasksToAck.isEmpty()) {
      return;
    }
    List<String> taskIds = new ArrayList<>(tasksToAck.size());
    List<String> leases = new ArrayList<>(tasksToAck.size());
    for (Task task : tasksToAck) {
      requireTask(task);
      taskIds.add(task.id());
      leases.add(task.receipt());
    }
    boolean relaxed = !transactions.bound();
    transactions.writeStatement(KIND, c -> {
      tasks.deleteAll(c, taskIds, leases, relaxed);
      return null;
    });
  }

  private static void groupCommit(GroupCommitter<QueueWrite> committer, QueueWrite write) {
    committer.submit(write);
    write.await(KIND);
  }

  @Override
  public void nak(Task task, Duration delay) {
    requireTask(task);
    if (delay == null || delay.isNegative()) {
      throw OperonException.invalid("nak delay of task " + task.id() + " must be zero or positive, was " + delay);
    }
    if (task.delivery() >= settings.maxDeliveries()) {
      moveToDeadLetters(task, "max deliveries (" + settings.maxDeliveries() + ") reached");
      return;
    }
    long visibleAt = EpochNanos.plus(clock.instant(), delay);
    transactions.writeStatement(KIND, c -> tasks.release(c, task.id(), task.receipt(), visibleAt));
    wakeUps.announce(task.queue());
  }

  @Override
  public void terminate(Task task, String reason) {
    requireTask(task);
    moveToDeadLetters(task, reason == null || reason.isBlank() ? "terminated" : reason);
  }

  private void moveToDeadLetters(Task task, String reason) {
    long now = EpochNanos.of(clock.instant());
    transactions.write(KIND, c -> deadLetters.moveOne(c, task.id(), task.receipt(), reason, now));
  }

  @Override
  public QueueStats stats(String queue) {
    QueueNames.require(queue);
    sweepExhausted(queue);
    Instant now = clock.instant();
    return transactions.read(KIND, c -> QueueStatsQuery.of(c, context.tables(), queue, now));
  }

  @Override
  public List<DeadLetter> deadLetters(String queue, int limit) {
    QueueNames.require(queue);
    if (limit < 1) {
      throw OperonException.invalid("limit must be >= 1, was " + limit);
    }
    sweepExhausted(queue);
    return transactions.read(KIND, c -> deadLetters.list(c, queue, limit));
  }

  private void sweepExhausted(String queue) {
    long now = EpochNanos.of(clock.instant());
    transactions.write(KIND, c -> deadLetters.moveExhausted(c, queue, settings.maxDeliveries(), now));
  }

  private static void requireTask(Task task) {
    Objects.requireNonNull(task, "task");
    if (task.receipt() == null || task.id() == null) {
      throw OperonException.invalid("Task " + task.id() + " has no receipt: pass a task returned by fetch");
    }
  }

  @Override
  public void close() {
    wakeUps.close();
    publishes.close();
    acks.close();
  }
}
