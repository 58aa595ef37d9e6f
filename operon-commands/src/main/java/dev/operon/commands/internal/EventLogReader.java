package dev.operon.commands.internal;

import dev.operon.commands.Command;
import dev.operon.commands.EventHandler;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.Subscription;
import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the due events of the event log: claims a batch (no other reader holds those events
 * until the lease of 5 min ends), processes them concurrently, marks those that succeeded Processed
 * in one transaction, and each that failed due
 * again after a wait (1 s, doubling, at most 5 min), or Discarded after its 5th failed try. An
 * event whose value is a command runs through the commander as an outermost command; any other
 * value goes to the handler registered for its type, in the span and with the correlation context
 * of the command that stored it ({@link OutboxObserver}). Wakes when a host announces events on
 * {@link #CHANNEL}, and polls every check period whatever happens.
 */
final class EventLogReader implements AutoCloseable {
  static final String CHANNEL = "operon.eventlog";
  static final int BATCH = 64;
  static final int TRIES = 5;
  static final Duration LEASE = Duration.ofMinutes(5);
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);

  private final EventLogStore events;
  private final DefaultCommander commander;
  private final Map<Class<?>, EventHandler<Object>> handlers;
  private final Clock clock;
  private final String owner;
  private final ClockedLoop loop;
  private final Subscription subscription;
  private final OutboxObserver observer;

  EventLogReader(EventLogStore events, DefaultCommander commander, Map<Class<?>, EventHandler<Object>> handlers,
      Clock clock, String hostId, Duration checkPeriod, ChangeNotifier notifier, OutboxObserver observer) {
    this.observer = observer;
    this.events = events;
    this.commander = commander;
    this.handlers = handlers;
    this.clock = clock;
    this.owner = hostId + "/" + java.util.UUID.randomUUID();
    this.loop = new ClockedLoop("operon-event-log-reader-" + hostId, clock, checkPeriod, 0.1, this::processDue);
    this.subscription = notifier == null ? null : notifier.subscribe(CHANNEL, loop::wake);
  }

  /** Processes every event due now, batch after batch. */
  void processDue() {
    List<EventLogStore.ClaimedEvent> batch;
    do {
      batch = events.claimDue(owner, clock.instant(), LEASE, BATCH);
      List<Thread> running = new ArrayList<>(batch.size());
      java.util.Queue<EventLogStore.ClaimedEvent> done = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (EventLogStore.ClaimedEvent event : batch) {
        running.add(Thread.ofVirtual().name("operon-event-" + event.id()).start(() -> {
          if (process(event)) {
            done.add(event);
          }
        }));
      }
      for (Thread thread : running) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      List<EventLogStore.ClaimedEvent> lostEvents = events.markAllProcessed(List.copyOf(done));
      observer.processed(done.size() - lostEvents.size());
      for (EventLogStore.ClaimedEvent lost : lostEvents) {
        LOG.info("Event {} was processed, but another reader took it over or it was updated meanwhile;"
            + " it will be processed again", lost.id());
      }
    } while (batch.size() == BATCH);
  }

  /** Processes {@code event}; true if it succeeded (to be marked Processed with its batch). */
  private boolean process(EventLogStore.ClaimedEvent event) {
    try {
      observer.handle(event, () -> {
        Object value = OperationCodec.value(event.valueType(), event.value());
        if (value instanceof Command<?> command) {
          commander.call(command);
        } else {
          handlerOf(value.getClass()).handle(value);
        }
      });
      return true;
    } catch (Exception | Error e) {
      failed(event, e);
      return false;
    }
  }

  private void failed(EventLogStore.ClaimedEvent event, Throwable e) {
    String error = e.getClass().getName() + ": " + e.getMessage();
    observer.failed(event.attempts() >= TRIES);
    if (event.attempts() >= TRIES) {
      LOG.warn("Event {} failed {} times and is discarded (list it with commander.events().discarded(),"
          + " try it again with requeue): {}", event.id(), event.attempts(), error);
      events.markFailed(event, null, error);
      return;
    }
    long waitMillis = Math.min(LONGEST_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(20, event.attempts() - 1));
    Instant retryAt = clock.instant().plusMillis(waitMillis);
    LOG.debug("Event {} failed (try {} of {}), due again at {}: {}", event.id(), event.attempts(), TRIES, retryAt,
        error);
    events.markFailed(event, retryAt, error);
  }

  private EventHandler<Object> handlerOf(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      EventHandler<Object> handler = handlers.get(c);
      if (handler != null) {
        return handler;
      }
      for (Class<?> i : c.getInterfaces()) {
        EventHandler<Object> fromInterface = handlers.get(i);
        if (fromInterface != null) {
          return fromInterface;
        }
      }
    }
    throw new OperonException(ErrorKind.CONFIGURATION, "No handler for events of type " + type.getName()
        + ": register one with CommanderBuilder.onEvent(" + type.getSimpleName() + ".class, ...)");
  }

  /** Wakes the reader (an operation with events committed on this host). */
  void wake() {
    loop.wake();
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    loop.close();
  }
}
