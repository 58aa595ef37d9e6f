package dev.operon.saga.internal.worker;

import dev.operon.error.OperonException;
import dev.operon.queue.Task;
import dev.operon.saga.internal.SagaBlocks;
import dev.operon.saga.internal.SagaRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker loops on virtual threads: some fetch workflow tasks, some activity tasks, one fires due
 * timers. Each loop keeps up to {@value #IN_FLIGHT} tasks running at once, each on a virtual thread
 * of its own, so that many sagas move at the same time and their writes share group commits. A
 * task is acknowledged once handled (an activity task once its attempt's lease is taken); a
 * workflow task that finds non-determinism or an activity not registered here parks the saga,
 * recording why, to be resumed by fixed code; any other error gives the task back for a later
 * retry.
 */
public final class SagaWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SagaWorker.class);
  private static final Duration FETCH_WAIT = Duration.ofMillis(200);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final int IN_FLIGHT = 16;
  /** Sagas whose first step runs here at start, at most; beyond, the step goes to the queue. */
  private static final int LOCAL_RUNS = 64;

  private final SagaRuntime runtime;
  private final WorkflowTaskProcessor workflows;
  private final ActivityTaskProcessor activities;
  private final TimerFiring timers;
  private final boolean continueLocally;
  private final BooleanSupplier paused;
  private final List<Thread> threads = new ArrayList<>();
  private final Semaphore localRuns = new Semaphore(LOCAL_RUNS);
  private final SagaBlocks blocks;
  private volatile boolean running = true;

  /**
   * Workers over {@code runtime}'s queues; with {@code continueLocally}, a workflow task that
   * schedules an activity this worker can run runs it at once (see {@link ActivityTaskProcessor}).
   */
  public SagaWorker(SagaRuntime runtime, WorkflowTaskProcessor workflows, ActivityTaskProcessor activities,
      TimerFiring timers, boolean continueLocally) {
    this(runtime, workflows, activities, timers, continueLocally, () -> false);
  }

  /** As above; the loops fetch nothing and fire no timers while {@code paused} says so (an open circuit breaker). */
  public SagaWorker(SagaRuntime runtime, WorkflowTaskProcessor workflows, ActivityTaskProcessor activities,
      TimerFiring timers, boolean continueLocally, BooleanSupplier paused) {
    this.paused = paused;
    this.runtime = runtime;
    this.continueLocally = continueLocally;
    this.workflows = workflows;
    this.activities = activities;
    this.timers = timers;
    this.blocks = new SagaBlocks(runtime);
  }

  /** Starts {@code loops} workflow and {@code loops} activity loops, and a timer loop unless {@code timerPoll} is zero. */
  public void start(int loops, Duration timerPoll) {
    for (int i = 0; i < loops; i++) {
      threads.add(Thread.ofVirtual().name("saga-workflows-" + i)
          .start(() -> poll(runtime.workflowQueue(), this::workflowTask)));
      threads.add(Thread.ofVirtual().name("saga-activities-" + i)
          .start(() -> poll(runtime.activityQueue(), this::activityTask)));
    }
    if (!timerPoll.isZero()) {
      threads.add(Thread.ofVirtual().name("saga-timers").start(() -> fireTimers(timerPoll)));
    }
  }

  private void poll(String queue, Consumer<Task> handler) {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    while (running) {
      if (paused.getAsBoolean()) {
        pause(FETCH_WAIT);
        continue;
      }
      try {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        List<Task> tasks = fetch(queue, free);
        slots.release(free - tasks.size());
        for (Task task : tasks) {
          Thread.ofVirtual().name(queue + "-task").start(() -> {
            try {
              handler.accept(task);
            } finally {
              slots.release();
            }
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    awaitInFlight(slots);
  }

  private List<Task> fetch(String queue, int max) {
    try {
      return runtime.queue().fetch(queue, max, FETCH_WAIT);
    } catch (RuntimeException e) {
      if (running) {
        LOG.warn("Fetching from queue {} failed: {}", queue, e.toString());
        pause(RETRY_DELAY);
      }
      return List.of();
    }
  }

  private static void awaitInFlight(Semaphore slots) {
    try {
      if (!slots.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS)) {
        LOG.warn("Stopped waiting for {} running task(s) after 10 s", IN_FLIGHT - slots.availablePermits());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs {@code next} (and the steps after it) on a virtual thread of its own, unless the worker is
   * closing or already runs {@value #LOCAL_RUNS} such chains; returns whether it took it.
   */
  public boolean offer(Continuation next) {
    if (!running || !localRuns.tryAcquire()) {
      return false;
    }
    Thread.ofVirtual().name("saga-local").start(() -> {
      try {
        activities.continueWith(next);
      } catch (RuntimeException e) {
        LOG.warn("Saga {}: running its steps here failed: {}", next.task().sagaId(), e.toString());
      } finally {
        localRuns.release();
      }
    });
    return true;
  }

  /**
   * Runs a workflow task. One that cannot decide its saga for good (non-determinism, an activity
   * not registered here) parks the saga, recording why (see {@link SagaBlocks}), and is
   * acknowledged: no retry of it on this code could help.
   */
  private void workflowTask(Task task) {
    WorkflowTaskMessage message = SagaRuntime.decode(task.payload(), WorkflowTaskMessage.class);
    handle(task, () -> {
      try {
        if (continueLocally) {
          workflows.processAndKeep(message.sagaId()).ifPresent(activities::continueWith);
        } else {
          workflows.process(message.sagaId());
        }
      } catch (OperonException e) {
        if (!SagaBlocks.blocks(e)) {
          throw e;
        }
        blocks.record(message.sagaId(), e);
      }
    });
  }

  /**
   * Runs an activity task; the task is acknowledged as soon as this worker holds the attempt's
   * lease (its timer then brings the attempt back if this worker dies), not when it ends.
   */
  private void activityTask(Task task) {
    ActivityTaskMessage message = SagaRuntime.decode(task.payload(), ActivityTaskMessage.class);
    AtomicBoolean acked = new AtomicBoolean();
    Runnable ack = () -> {
      if (acked.compareAndSet(false, true)) {
        runtime.queue().ack(task);
      }
    };
    handle(task, () -> activities.process(message, ack), acked);
  }

  private void handle(Task task, Runnable work) {
    handle(task, work, new AtomicBoolean());
  }

  /** Runs {@code work}, then acks the task unless {@code acked} says it was; on failure gives it back or dead-letters it. */
  private void handle(Task task, Runnable work, AtomicBoolean acked) {
    try {
      work.run();
      if (acked.compareAndSet(false, true)) {
        runtime.queue().ack(task);
      }
    } catch (RuntimeException e) {
      if (acked.get()) {
        LOG.warn("Task {} on {} failed after it was acknowledged; the attempt's lease timer or recovery takes it"
            + " from here: {}", task.id(), task.queue(), e.toString());
        return;
      }
      giveBack(task, e);
    }
  }

  private void giveBack(Task task, RuntimeException e) {
    if (e instanceof OperonException) {
      LOG.warn("Task {} on {} failed, retrying later: {}", task.id(), task.queue(), e.toString());
    } else {
      LOG.warn("Task {} on {} failed, retrying later", task.id(), task.queue(), e);
    }
    runtime.queue().nak(task, RETRY_DELAY);
  }

  private void fireTimers(Duration every) {
    while (running) {
      try {
        if (!paused.getAsBoolean()) {
          timers.fireDue(100);
        }
      } catch (RuntimeException e) {
        LOG.warn("Firing timers failed: {}", e.toString());
      }
      pause(every);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the loops and waits for them to finish their running tasks. */
  @Override
  public void close() {
    running = false;
    try {
      if (localRuns.tryAcquire(LOCAL_RUNS, 10, TimeUnit.SECONDS)) {
        localRuns.release(LOCAL_RUNS);
      } else {
        LOG.warn("Stopped waiting for sagas running their steps here after 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
