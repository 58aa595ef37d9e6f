package dev.operon.inmemory;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.eventstore.EventStore;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.LocalChangeNotifier;
import dev.operon.queue.TaskQueue;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import dev.operon.spi.Health;
import dev.operon.timer.TimerStore;

/**
 * A backend held in this JVM's memory: every port, nothing persisted. Each opened backend is a
 * separate, empty store; its notifier is on the JVM-wide local bus.
 */
final class MemoryBackend implements Backend {
  private final BackendUrl url;
  private final BackendOptions options;
  private EventStore eventStore;
  private TaskQueue taskQueue;
  private TimerStore timerStore;
  private Checkpoints checkpoints;
  private ChangeNotifier notifier;

  MemoryBackend(BackendUrl url, BackendOptions options) {
    this.url = url;
    this.options = options;
  }

  @Override
  public BackendUrl url() {
    return url;
  }

  @Override
  public Health check() {
    return Health.ok("in memory, nothing to connect to (nothing survives the process)");
  }

  @Override
  public synchronized EventStore eventStore() {
    if (eventStore == null) {
      eventStore = new InMemoryEventStore(options);
    }
    return eventStore;
  }

  @Override
  public synchronized TaskQueue taskQueue() {
    if (taskQueue == null) {
      taskQueue = new InMemoryTaskQueue(options);
    }
    return taskQueue;
  }

  @Override
  public synchronized TimerStore timerStore() {
    if (timerStore == null) {
      timerStore = new InMemoryTimerStore(options);
    }
    return timerStore;
  }

  @Override
  public synchronized Checkpoints checkpoints() {
    if (checkpoints == null) {
      checkpoints = new InMemoryCheckpoints();
    }
    return checkpoints;
  }

  @Override
  public synchronized ChangeNotifier notifier() {
    if (notifier == null) {
      notifier = new LocalChangeNotifier(options);
    }
    return notifier;
  }

  @Override
  public synchronized void close() {
    if (notifier != null) {
      notifier.close();
    }
  }
}
