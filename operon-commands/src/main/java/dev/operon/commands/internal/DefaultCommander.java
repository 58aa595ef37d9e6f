package dev.operon.commands.internal;

import dev.operon.commands.Cancellation;
import dev.operon.commands.Command;
import dev.operon.commands.CommandFilter;
import dev.operon.commands.Commander;
import dev.operon.commands.Invalidation;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The commander: runs commands through the pipeline, and operations through completion. */
public final class DefaultCommander implements Commander {
  private final CommanderSettings settings;
  private final Pipeline pipeline;
  private final IdGenerator ids;
  private final Completions completions;
  private volatile OperationLogReader reader;
  private volatile LogTrimmer trimmer;
  private volatile EventLogReader eventReader;
  private boolean started;
  private boolean closed;
  private final Announcer operationAnnouncer;
  private final Announcer eventAnnouncer;
  private final CommandObserver commands;
  private final OutboxObserver outbox;

  public DefaultCommander(CommanderSettings settings) {
    this.settings = settings;
    this.ids = new IdGenerator(settings.clock());
    this.commands = new CommandObserver(settings.telemetry());
    this.outbox = new OutboxObserver(settings.telemetry(), settings.operationLog().events(), settings.clock(),
        settings.hostId());
    this.completions = new Completions(this, settings.listeners(), settings.clock(), settings.telemetry().meters());
    List<CommandFilter> filters = new ArrayList<>(settings.filters());
    if (settings.reprocessRetries() > 0) {
      filters.add(new OperationReprocessor(settings.operationLog(), settings.reprocessRetries(), settings.reprocessDelay(),
          Duration.ofSeconds(3)));
    }
    filters.add(new NestedOperationLogger());
    filters.add(new TransientScopeProvider(this));
    filters.add(new StoredScopeProvider(this));
    filters.add(new InvalidatingCompletionHandler(this));
    this.pipeline = new Pipeline(filters, settings.handlers());
    this.operationAnnouncer = settings.notifier() == null ? null
        : new Announcer(settings.notifier(), OperationLogReader.CHANNEL);
    this.eventAnnouncer = settings.notifier() == null ? null : new Announcer(settings.notifier(), EventLogReader.CHANNEL);
  }

  /** Starts the readers (see {@link #start}), and has the outbox reader process what waits at once. */
  @Override
  public void startReaders() {
    start(true);
  }

  /**
   * Starts the readers of the operation log and the outbox and the trimmer (with a backend), once;
   * {@link dev.operon.commands.CommanderBuilder#build()} does, unless told to leave it to the
   * caller. {@code processWaitingNow}: the outbox reader's first look is now rather than after its
   * check period (a commander started late has events waiting).
   */
  public synchronized void start(boolean processWaitingNow) {
    if (started || closed) {
      return;
    }
    started = true;
    this.reader = settings.readsLog() ? new OperationLogReader(settings.operationLog(), completions,
        settings.hostId(), settings.clock(), settings.logCheckPeriod(), settings.notifier(),
        settings.operationRetention(), () -> settings.computed().forEach(dev.operon.commands.ComputedValues::invalidateAll)) : null;
    this.trimmer = settings.readsLog() ? new LogTrimmer(settings.operationLog(), settings.clock(),
        settings.operationRetention(), settings.eventRetention(), settings.trimPeriod(), settings.hostId()) : null;
    this.eventReader = settings.readsLog() && settings.processesEvents() ? new EventLogReader(settings.operationLog().events(), this,
        settings.eventHandlers(), settings.clock(), settings.hostId(), settings.eventCheckPeriod(),
        settings.notifier(), outbox) : null;
    if (processWaitingNow && eventReader != null) {
      eventReader.wake();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R call(Command<R> command, Cancellation cancellation) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(cancellation, "cancellation");
    ExecutionContext running = Contexts.currentOrNull();
    ExecutionContext outer = running != null && running.commander() == this ? running : null;
    ExecutionContext context = new ExecutionContext(this, command, outer,
        outer != null ? outer.cancellation() : cancellation);
    return (R) (Invalidation.isActive() ? run(context) : commands.observe(context, () -> run(context)));
  }

  /**
   * Runs {@code command} in invalidation mode as an outermost command whose operation is
   * {@code operation} (with the items of the entry replayed).
   */
  void invalidate(Command<?> command, OperationState operation) {
    ExecutionContext context = new ExecutionContext(this, command, null, Cancellation.none());
    context.operation(operation);
    try {
      Invalidation.run(() -> run(context));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code command} as an outermost command, whatever runs on this thread (a completion). */
  void runOutermost(Command<?> command) {
    run(new ExecutionContext(this, command, null, Cancellation.none()));
  }

  private Object run(ExecutionContext context) {
    ExecutionContext previous = Contexts.enter(context);
    try {
      return pipeline.run(context);
    } catch (OperonException e) {
      if (e.kind() == ErrorKind.COMMAND) {
        throw e;
      }
      throw failure(context, e, e.retryable());
    } catch (Exception e) {
      throw failure(context, e, false);
    } finally {
      Contexts.restore(previous);
    }
  }

  private static OperonException failure(ExecutionContext context, Exception e, boolean retryable) {
    OperationState operation = context.operationState();
    OperonException.Builder error = OperonException.of(ErrorKind.COMMAND, "Command "
        + context.command().getClass().getName() + " failed: " + e.getMessage()
        + (operation != null && !operation.isTransient() ? "; its transaction was rolled back" : ""))
        .cause(e).retryable(retryable);
    if (operation != null) {
      error.id(OperonException.Ids.OPERATION, operation.id());
    }
    return error.build();
  }

  /** Runs the completion of {@code operation}, which this host ran and committed. */
  void completeLocal(OperationState operation) {
    completions.complete(operation, true);
  }

  OperationState newOperation(Command<?> command, String reusedId) {
    return new OperationState(reusedId != null ? reusedId : ids.next(), settings.hostId(), command);
  }

  OperationLog operationLog() {
    return settings.operationLog();
  }

  CommanderSettings settings() {
    return settings;
  }

  Clock clock() {
    return settings.clock();
  }

  @Override
  public String hostId() {
    return settings.hostId();
  }

  /** Announces that {@code operation} is in the operation log, so other hosts read it at once. */
  void announceStored(OperationState operation) {
    if (!operation.events().isEmpty()) {
      if (eventReader != null) {
        eventReader.wake();
      }
      announce(EventLogReader.CHANNEL, operation);
    }
    if (operation.mustStore()) {
      announce(OperationLogReader.CHANNEL, operation);
    }
  }

  private void announce(String channel, OperationState operation) {
    Announcer announcer = channel.equals(OperationLogReader.CHANNEL) ? operationAnnouncer : eventAnnouncer;
    if (announcer != null) {
      announcer.announce();
    }
  }

  /** Reads the operation log now (other hosts' operations), as the reader's loop does. */
  void readLogNow() {
    if (reader != null) {
      reader.readAll();
    }
  }

  OperationLogReader reader() {
    return reader;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (reader != null) {
      reader.close();
    }
    if (trimmer != null) {
      trimmer.close();
    }
    if (eventReader != null) {
      eventReader.close();
    }
    outbox.close();
  }

  @Override
  public dev.operon.commands.EventLog events() {
    return new OperatorEventLog(settings.operationLog().events(), settings.clock(), () -> {
      if (eventReader != null) {
        eventReader.wake();
      }
    });
  }
}
