package dev.operon.commands;

import dev.operon.commands.internal.CommanderSettings;
import dev.operon.commands.internal.CommitVerification;
import dev.operon.commands.internal.DefaultCommander;
import dev.operon.commands.internal.HandlerRegistry;
import dev.operon.commands.internal.OperationLog;
import dev.operon.commands.internal.OperationLogs;
import dev.operon.error.OperonException;
import dev.operon.notify.ChangeNotifier;
import dev.operon.spi.Backend;
import dev.operon.tracking.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Builds a {@link Commander}: handlers, filters, the backend its operations are stored on. */
public final class CommanderBuilder {
  private final HandlerRegistry handlers = new HandlerRegistry();
  private final List<CommandFilter> filters = new ArrayList<>();
  private final List<OperationCompletionListener> listeners = new ArrayList<>();
  private final List<ComputedValues> computed = new ArrayList<>();
  private final java.util.Map<Class<?>, EventHandler<Object>> eventHandlers = new java.util.LinkedHashMap<>();
  private Duration eventCheckPeriod = Duration.ofSeconds(5);
  private boolean processesEvents = true;
  private boolean startReaders = true;
  private int reprocessRetries;
  private Duration reprocessDelay = Duration.ofMillis(500);
  private String hostId;
  private Clock clock = Clock.systemUTC();
  private Backend backend;
  private OperationLog operationLog;
  private int verifyAttempts = 3;
  private Duration verifyDelay = Duration.ofMillis(250);
  private ChangeNotifier notifier;
  private Duration logCheckPeriod = Duration.ofSeconds(5);
  private Duration operationRetention = Duration.ofMinutes(30);
  private Duration eventRetention = Duration.ofHours(1);
  private Duration trimPeriod = Duration.ofMinutes(15);
  private Telemetry telemetry = Telemetry.none();
  private dev.operon.tracking.OperationTracker tracker;

  CommanderBuilder() {}

  /** Handles commands of {@code type} with {@code handler} (one handler per type). */
  public <C extends Command<R>, R> CommanderBuilder handle(Class<C> type, CommandHandler<C, R> handler) {
    handlers.register(type, handler);
    return this;
  }

  /** Handles the command types of every {@link HandlesCommand} method of {@code service}. */
  public CommanderBuilder service(Object service) {
    handlers.registerService(service);
    return this;
  }

  /**
   * Handles the command types of every {@link HandlesCommand} method that {@code type} declares,
   * called on {@code service}: an instance of it, or a proxy (a framework's subclass, whose
   * overriding methods do not carry the annotation, but apply the framework's transactions).
   */
  public <S> CommanderBuilder service(S service, Class<? super S> type) {
    handlers.registerService(service, type);
    return this;
  }

  /**
   * Processes the event log's events whose value has type {@code type} (or a subtype) with
   * {@code handler}; events whose value is a command run through the commander without one.
   */
  @SuppressWarnings("unchecked")
  public <T> CommanderBuilder onEvent(Class<T> type, EventHandler<? super T> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    if (eventHandlers.putIfAbsent(type, (EventHandler<Object>) handler) != null) {
      throw new OperonException(dev.operon.error.ErrorKind.CONFIGURATION, "Events of type " + type.getName()
          + " have a handler already");
    }
    return this;
  }

  /**
   * Whether this host processes the event log's due events (default true with a backend). A host
   * that only writes operations may leave them to the others.
   */
  public CommanderBuilder processesEvents(boolean value) {
    this.processesEvents = value;
    return this;
  }

  /**
   * Runs an outermost command again, with the same operation id, when its persistent operation
   * failed with a serialization failure (SQLState 40001), a deadlock (40P01) or a concurrency
   * conflict: up to 3 times, 0.5 s apart at first, doubling up to 3 s. Off by default; a transient
   * operation is never run again.
   */
  public CommanderBuilder reprocessing() {
    return reprocessing(3, Duration.ofMillis(500));
  }

  /** Like {@link #reprocessing()}: up to {@code retries} more runs, the first after {@code firstDelay}. */
  public CommanderBuilder reprocessing(int retries, Duration firstDelay) {
    if (retries < 1) {
      throw OperonException.invalid("reprocessing retries must be at least 1 (got " + retries + ")");
    }
    if (firstDelay == null || firstDelay.isNegative()) {
      throw OperonException.invalid("reprocessing delay must not be negative (got " + firstDelay + ")");
    }
    this.reprocessRetries = retries;
    this.reprocessDelay = firstDelay;
    return this;
  }

  /**
   * Whether {@link #build()} starts the readers of the operation log and the outbox (default
   * true). A framework that builds the commander while the application is still being assembled
   * passes false and calls {@link Commander#startReaders()} once it is: until then no event is
   * processed and no other host's operation invalidates anything here; then the events waiting are
   * processed at once. Commands run either way.
   */
  public CommanderBuilder startReaders(boolean value) {
    this.startReaders = value;
    return this;
  }

  /** How often this host polls the event log for due events (default 5 s). */
  public CommanderBuilder eventCheckPeriod(Duration period) {
    if (period == null || !period.isPositive()) {
      throw OperonException.invalid("eventCheckPeriod must be positive (got " + period + ")");
    }
    this.eventCheckPeriod = period;
    return this;
  }

  /** Adds {@code filter} to the pipeline, at its priority. */
  public CommanderBuilder filter(CommandFilter filter) {
    filters.add(Objects.requireNonNull(filter, "filter"));
    return this;
  }

  /** Tells {@code listener} about every completed operation. */
  public CommanderBuilder completionListener(OperationCompletionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Computed values this host keeps: all of them are invalidated when this host finds that it
   * missed operations (the operation log was trimmed past its reader's position).
   */
  public CommanderBuilder computedValues(ComputedValues values) {
    computed.add(Objects.requireNonNull(values, "values"));
    return this;
  }

  /** This host's id in the operation log (default: a random one per commander). */
  public CommanderBuilder hostId(String hostId) {
    if (hostId == null || hostId.isBlank()) {
      throw OperonException.invalid("hostId must not be blank (got " + hostId + ")");
    }
    this.hostId = hostId;
    return this;
  }

  public CommanderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The backend whose database stores the operations (the operation log and event log tables of a
   * JDBC backend; on the in-memory backend, a log shared by the commanders on it). Without one,
   * operations are kept in a log of this commander alone.
   */
  public CommanderBuilder backend(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * Where hosts announce the operations they commit, so that the others read them at once (default:
   * the backend's notifier). Reading never depends on it: every host also polls the log.
   */
  public CommanderBuilder notifier(ChangeNotifier notifier) {
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    return this;
  }

  /**
   * How long operations stay in the operation log (default 30 min; every host must read them in
   * that time) and processed or discarded events in the event log (default 1 h); trimmed every
   * {@code period} (default 15 min).
   */
  public CommanderBuilder retention(Duration operations, Duration events, Duration period) {
    for (var entry : java.util.Map.of("operations", operations == null ? Duration.ZERO : operations,
        "events", events == null ? Duration.ZERO : events, "period", period == null ? Duration.ZERO : period)
        .entrySet()) {
      if (!entry.getValue().isPositive()) {
        throw OperonException.invalid("retention " + entry.getKey() + " must be positive (got " + entry.getValue() + ")");
      }
    }
    this.operationRetention = operations;
    this.eventRetention = events;
    this.trimPeriod = period;
    return this;
  }

  /** How often this host polls the operation log for other hosts' operations (default 5 s). */
  public CommanderBuilder logCheckPeriod(Duration period) {
    if (period == null || !period.isPositive()) {
      throw OperonException.invalid("logCheckPeriod must be positive (got " + period + ")");
    }
    this.logCheckPeriod = period;
    return this;
  }

  /**
   * How a COMMIT that failed is checked: the operation is looked for on a fresh connection up to
   * {@code attempts} times, {@code delay} apart at first and doubling (default 3 tries from 250 ms).
   */
  public CommanderBuilder commitVerification(int attempts, Duration delay) {
    if (attempts < 1) {
      throw OperonException.invalid("commitVerification attempts must be at least 1 (got " + attempts + ")");
    }
    if (delay == null || delay.isNegative()) {
      throw OperonException.invalid("commitVerification delay must not be negative (got " + delay + ")");
    }
    this.verifyAttempts = attempts;
    this.verifyDelay = delay;
    return this;
  }

  /**
   * Where this commander reports its meters and spans (default {@link Telemetry#none()}): a
   * counter and a timer of the commands run, the event log's backlog and age, its events by
   * outcome, the latency of other hosts' invalidation; a span per command run and per event
   * processed, the event's span a child of the span of the command that stored it.
   */
  public CommanderBuilder telemetry(Telemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    return this;
  }

  /**
   * Tracks every persistent operation (default: none are) as an operation {@code Command.<Type>}
   * under the operation's id, correlated by the ambient correlation id: recorded SUCCEEDED in the
   * operation's own transaction (so it commits with the business writes when the tracker's store is
   * on the commander's database), or FAILED, with the error, once the transaction rolled back.
   * Transient commands are not tracked: they leave nothing behind to follow.
   */
  public CommanderBuilder tracking(dev.operon.tracking.OperationTracker tracker) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    return this;
  }

  /** The operation log to use instead of the backend's (tests that break a commit on purpose). */
  CommanderBuilder operationLog(OperationLog log) {
    this.operationLog = Objects.requireNonNull(log, "log");
    return this;
  }

  public Commander build() {
    OperationLog log = operationLog != null ? operationLog
        : backend != null ? OperationLogs.of(backend, clock) : OperationLogs.privateLog();
    ChangeNotifier announcements = notifier != null ? notifier : backend != null ? notifierOf(backend) : null;
    DefaultCommander commander = new DefaultCommander(new CommanderSettings(hostId != null ? hostId : "host-" + UUID.randomUUID(),
        clock, handlers.copy(), List.copyOf(filters), List.copyOf(listeners), log,
        new CommitVerification(verifyAttempts, verifyDelay), announcements, logCheckPeriod, backend != null,
        List.copyOf(computed), operationRetention, eventRetention, trimPeriod, java.util.Map.copyOf(eventHandlers),
        eventCheckPeriod, processesEvents, reprocessRetries, reprocessDelay, telemetry, tracker));
    if (startReaders) {
      commander.start(false);
    }
    return commander;
  }

  private static ChangeNotifier notifierOf(Backend backend) {
    try {
      return backend.notifier();
    } catch (OperonException e) {
      return null;
    }
  }
}
