package dev.operon.nats;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.queue.DeadLetter;
import dev.operon.queue.PublishOptions;
import dev.operon.queue.QueueNames;
import dev.operon.queue.QueueStats;
import dev.operon.queue.Task;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskQueue} on NATS JetStream: one work-queue stream per table prefix, a durable pull
 * consumer per queue (explicit ack, the configured ack wait), a dead-letter stream beside it.
 *
 * <p>Differences from the database queues, by design: dedup keys use JetStream's duplicate window
 * (two minutes by default) rather than lasting until the task is finished; time is the server's
 * and the system clock, not an injected clock. Max deliveries is enforced here: a task redelivered
 * after its last delivery ran out of ack wait, or nak'ed on its last delivery, goes to the
 * dead-letter stream with a reason naming max deliveries.
 */
public final class NatsTaskQueue implements TaskQueue {
  private static final Logger log = LoggerFactory.getLogger(NatsTaskQueue.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DELAYED_CHECK_INTERVAL = Duration.ofMillis(50);
  private static final Duration LONGEST_SINGLE_WAIT = Duration.ofMillis(200);
  private static final int MAX_BATCH = 10_000;

  private final Connection connection;
  private final boolean ownsConnection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final QueueNaming naming;
  private final QueueTopology topology;
  private final PullRequests pulls;
  private final AckProtocol acks;
  private final DelayedTasks delayed;
  private final DelayedCheckSchedule delayedChecks = new DelayedCheckSchedule(DELAYED_CHECK_INTERVAL);
  private final DeadLetterStream deadLetters;
  private final QueueDepth depth;
  private final IdGenerator ids = IdGenerator.system();
  private final Clock clock = Clock.systemUTC();
  private final int maxDeliveries;
  private final LastDeliveries lastDeliveries;

  private NatsTaskQueue(Connection connection, boolean ownsConnection, BackendOptions options) {
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.maxDeliveries = options.queue().maxDeliveries();
    this.lastDeliveries = new LastDeliveries(options.queue().ackWait());
    this.naming = new QueueNaming(options.tablePrefix());
    try {
      this.jetStream = connection.jetStream();
      this.management = connection.jetStreamManagement();
    } catch (IOException e) {
      throw OperonException.of(ErrorKind.TASK_QUEUE,
          "JetStream is not enabled on the NATS server: " + NatsConnector.START_HINT)
          .cause(e).retryable(false).build();
    }
    this.topology = new QueueTopology(management, naming, options.queue().ackWait());
    this.pulls = new PullRequests(connection);
    this.acks = new AckProtocol(connection);
    this.delayed = new DelayedTasks(jetStream, pulls, acks, naming, clock);
    this.deadLetters = new DeadLetterStream(jetStream, management, naming);
    this.depth = new QueueDepth(management, naming, deadLetters, clock);
    topology.createStreams();
  }

  /** Connects to {@code url} and opens the queues of {@code options.tablePrefix()}. */
  public static NatsTaskQueue open(BackendUrl url, BackendOptions options) {
    Connection connection = NatsConnector.connect(url, ErrorKind.TASK_QUEUE);
    try {
      return new NatsTaskQueue(connection, true, options);
    } catch (RuntimeException e) {
      NatsBackend.closeQuietly(connection);
      throw e;
    }
  }

  /** Opens the queues of {@code options.tablePrefix()} on a connection the caller keeps. */
  public static NatsTaskQueue on(Connection connection, BackendOptions options) {
    return new NatsTaskQueue(Objects.requireNonNull(connection, "connection"), false, options);
  }

  @Override
  public String publish(String queue, byte[] payload, PublishOptions options) {
    QueueNames.require(queue);
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(options, "options");
    String id = ids.next();
    NatsMessage message = taskMessage(queue, id, clock.instant(), payload, options);
    PublishAck ack = JetStreamCall.run("publish a task", queue,
        () -> jetStream.publishAsync(message).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    return ack.isDuplicate() ? originalId(queue, ack.getSeqno(), id) : id;
  }

  /**
   * Publishes every task with {@code publishAsync} and then waits for all of JetStream's publish
   * acks, so that the whole batch is one pipelined burst; when it returns, every task is stored.
   */
  @Override
  public List<String> publishAll(String queue, List<byte[]> payloads, PublishOptions options) {
    TaskQueue.requireBatch(queue, payloads, options);
    Instant now = clock.instant();
    List<String> taskIds = new ArrayList<>(payloads.size());
    List<CompletableFuture<PublishAck>> acked = new ArrayList<>(payloads.size());
    for (byte[] payload : payloads) {
      String id = ids.next();
      taskIds.add(id);
      NatsMessage message = taskMessage(queue, id, now, payload, options);
      acked.add(JetStreamCall.run("publish a task", queue, () -> jetStream.publishAsync(message)));
    }
    long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
    for (CompletableFuture<PublishAck> ack : acked) {
      long left = Math.max(0, deadline - System.nanoTime());
      JetStreamCall.run("publish a task", queue, () -> ack.get(left, TimeUnit.NANOSECONDS));
    }
    return List.copyOf(taskIds);
  }

  @Override
  public List<Task> fetch(String queue, int max, Duration timeout) {
    QueueNames.require(queue);
    requireFetchArguments(max, timeout);
    topology.ensureQueue(queue);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      releaseDelayed(queue);
      List<Task> tasks = admit(queue,
          pulls.available(naming.taskStream(), naming.taskConsumer(queue), max));
      long left = deadline - System.nanoTime();
      if (!tasks.isEmpty() || left <= 0) {
        return tasks;
      }
      tasks = waitForOne(queue, max, Duration.ofNanos(Math.min(left, LONGEST_SINGLE_WAIT.toNanos())));
      if (!tasks.isEmpty()) {
        return tasks;
      }
    }
  }

  private NatsMessage taskMessage(String queue, String id, Instant now, byte[] payload, PublishOptions options) {
    Headers headers = TaskHeaders.of(id, now);
    String subject = naming.taskSubject(queue);
    if (options.delay().isPositive()) {
      subject = naming.delayedSubject(queue);
      headers.put(TaskHeaders.NOT_BEFORE, Long.toString(now.plus(options.delay()).toEpochMilli()));
    }
    if (options.dedupKey() != null) {
      headers.put(TaskHeaders.MSG_ID, queue + ":" + options.dedupKey());
    }
    return NatsMessage.builder().subject(subject).headers(headers).data(payload).build();
  }

  @Override
  public void ack(Task task) {
    acks.ack(requireTask(task).queue(), task.receipt());
    lastDeliveries.settled(task.receipt());
  }

  /**
   * Sends every ack, then waits for every confirmation (pipelined: one round trip's wait for the
   * whole batch); when it returns, each task is acked.
   */
  @Override
  public void ackAll(List<Task> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    if (tasks.isEmpty()) {
      return;
    }
    tasks.forEach(NatsTaskQueue::requireTask);
    List<String> receipts = tasks.stream().map(Task::receipt).toList();
    acks.ackAll(tasks.get(0).queue(), receipts);
    receipts.forEach(lastDeliveries::settled);
  }

  @Override
  public void nak(Task task, Duration delay) {
    requireTask(task);
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw OperonException.invalid("nak delay must not be negative, was " + delay);
    }
    if (task.delivery() >= maxDeliveries) {
      deadLetter(task, task.delivery(), "max deliveries (" + maxDeliveries
          + ") reached: nak'ed on delivery " + task.delivery());
      return;
    }
    acks.nak(task.queue(), task.receipt(), delay);
    lastDeliveries.settled(task.receipt());
  }

  @Override
  public void terminate(Task task, String reason) {
    requireTask(task);
    if (reason == null || reason.isBlank()) {
      throw OperonException.invalid("terminate reason must not be blank, was '" + reason + "'");
    }
    deadLetter(task, task.delivery(), reason);
  }

  @Override
  public QueueStats stats(String queue) {
    QueueNames.require(queue);
    topology.ensureQueue(queue);
    deadLetterExpiredLastDeliveries(queue);
    return depth.stats(queue);
  }

  @Override
  public List<DeadLetter> deadLetters(String queue, int limit) {
    QueueNames.require(queue);
    if (limit < 1) {
      throw OperonException.invalid("limit must be >= 1, was " + limit);
    }
    deadLetterExpiredLastDeliveries(queue);
    return deadLetters.read(queue, limit);
  }

  /** Deletes the streams of this prefix with every task and dead letter: for tests and teardown. */
  public void deleteStreams() {
    topology.deleteStreams();
  }

  @Override
  public void close() {
    if (ownsConnection) {
      NatsBackend.closeQuietly(connection);
    }
  }

  private void releaseDelayed(String queue) {
    if (delayedChecks.due(queue)) {
      delayed.releaseDue(queue);
    }
  }

  private List<Task> waitForOne(String queue, int max, Duration wait) {
    List<Message> first = pulls.waitFor(naming.taskStream(), naming.taskConsumer(queue), 1, wait);
    if (first.isEmpty()) {
      return List.of();
    }
    List<Message> messages = new ArrayList<>(first);
    if (max > 1) {
      messages.addAll(pulls.available(naming.taskStream(), naming.taskConsumer(queue), max - 1));
    }
    return admit(queue, messages);
  }

  /** Tasks to hand out; a task past its last delivery goes to the dead letters instead. */
  private List<Task> admit(String queue, List<Message> messages) {
    List<Task> tasks = new ArrayList<>(messages.size());
    for (Message message : messages) {
      Task task = TaskHeaders.toTask(queue, message);
      if (task.delivery() > maxDeliveries) {
        deadLetter(task, maxDeliveries, notAckedReason());
        continue;
      }
      if (task.delivery() == maxDeliveries) {
        lastDeliveries.delivered(task, message.metaData().streamSequence());
      }
      tasks.add(task);
    }
    return tasks;
  }

  /** Dead-letters the tasks whose last delivery here ran out of ack wait and are still stored. */
  private void deadLetterExpiredLastDeliveries(String queue) {
    for (LastDeliveries.Pending pending : lastDeliveries.takeExpired(queue)) {
      boolean unfinished = JetStreamCall.run("check an expired task", queue,
          () -> isStored(pending.streamSequence()));
      try {
        if (unfinished) {
          deadLetter(pending.task(), pending.task().delivery(), notAckedReason());
        }
      } catch (OperonException e) {
        log.warn("Could not dead-letter expired task {} of queue {}: {}",
            pending.task().id(), queue, e.getMessage());
      }
    }
  }

  private boolean isStored(long sequence) throws IOException, JetStreamApiException {
    try {
      management.getMessage(naming.taskStream(), sequence);
      return true;
    } catch (JetStreamApiException e) {
      if (JetStreamCall.isNoMessage(e)) {
        return false;
      }
      throw e;
    }
  }

  private String notAckedReason() {
    return "max deliveries (" + maxDeliveries + ") reached: not acknowledged within the ack wait";
  }

  private void deadLetter(Task task, int deliveries, String reason) {
    deadLetters.put(task, deliveries, reason);
    acks.term(task.queue(), task.receipt());
    lastDeliveries.settled(task.receipt());
    log.debug("Task {} of queue {} dead-lettered: {}", task.id(), task.queue(), reason);
  }

  /** The id of the task a duplicate publish matched, if it is still in the stream. */
  private String originalId(String queue, long sequence, String unusedId) {
    try {
      var original = management.getMessage(naming.taskStream(), sequence);
      String id = original.getHeaders() == null
          ? null : original.getHeaders().getFirst(TaskHeaders.TASK_ID);
      return id != null ? id : "seq-" + sequence;
    } catch (IOException | JetStreamApiException e) {
      log.debug("Duplicate publish on queue {} matched stream sequence {}, which is gone: {}",
          queue, sequence, e.toString());
      return unusedId;
    }
  }

  private static Task requireTask(Task task) {
    Objects.requireNonNull(task, "task");
    QueueNames.require(task.queue());
    AckProtocol.requireReceipt(task.receipt());
    return task;
  }

  private static void requireFetchArguments(int max, Duration timeout) {
    if (max < 1 || max > MAX_BATCH) {
      throw OperonException.invalid("max must be between 1 and " + MAX_BATCH + ", was " + max);
    }
    if (timeout == null || timeout.isNegative()) {
      throw OperonException.invalid("timeout must be zero or positive, was " + timeout);
    }
  }
}
