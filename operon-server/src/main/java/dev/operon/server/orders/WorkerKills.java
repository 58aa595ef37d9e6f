package dev.operon.server.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kills of one run, on a thread of their own: at each of the plan's points after the first
 * start, one worker process is killed with SIGKILL for good, or every worker is and as many fresh
 * ones are started (they recover on start, as any engine does). Nothing else is done for the killed
 * workers' sagas: the survivors or the fresh workers take their work over by themselves. Each
 * kill's time is taken on the machine's wall clock just before the signal goes, the clock the
 * engines stamp history events with.
 */
final class WorkerKills implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerKills.class);

  private final WorkerPlan plan;
  private final WorkerProcesses workers;
  private final ProgressBar progress;
  private final List<Instant> done = new CopyOnWriteArrayList<>();
  private Instant firstStart;
  private Thread thread;

  WorkerKills(WorkerPlan plan, WorkerProcesses workers, ProgressBar progress) {
    this.plan = plan;
    this.workers = workers;
    this.progress = progress;
  }

  /** Starts counting the kill points from {@code firstStart}, the first saga's start. */
  void start(Instant firstStart) {
    this.firstStart = firstStart;
    if (workers != null && plan.kills()) {
      thread = Thread.ofPlatform().daemon().name("operon-demo-kills").start(this::run);
    }
  }

  private void run() {
    try {
      for (Duration point : plan.killPoints()) {
        long wait = Duration.between(Instant.now(), firstStart.plus(point)).toMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the run ended before the next kill
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        LOG.debug("The run ended while workers were being replaced: {}", e.toString());
      } else {
        LOG.warn("Killing or replacing the worker processes failed: {}", e.toString());
      }
    }
  }

  private void kill() {
    Instant at = Instant.now();
    if (plan.killOneAfter() != null) {
      long pid = workers.killOne();
      done.add(at);
      progress.note(String.format(Locale.ROOT, "%.1f s: killed worker pid %d with SIGKILL; the survivors take"
          + " over its work", millisAfterFirstStart(at) / 1000.0, pid));
    } else {
      done.add(at);
      List<Long> pids = workers.replaceAll();
      progress.note(String.format(Locale.ROOT, "%.1f s: killed workers %s with SIGKILL; %d fresh ones ready"
          + " after %.1f s, pids %s", millisAfterFirstStart(at) / 1000.0, pids, pids.size(),
          Duration.between(at, Instant.now()).toMillis() / 1000.0, workers.pids()));
    }
  }

  /** When each kill happened, in ms after the first start. */
  List<Long> atMillis() {
    return done.stream().map(this::millisAfterFirstStart).toList();
  }

  /** When each kill happened. */
  List<Instant> times() {
    return List.copyOf(done);
  }

  private long millisAfterFirstStart(Instant at) {
    return Duration.between(firstStart, at).toMillis();
  }

  /** Stops the kills still to come and waits for a replacement under way to end. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(70));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
