package dev.operon.commands.internal;

import dev.operon.commands.CommandFilter;
import dev.operon.commands.OperationCompletionListener;
import dev.operon.notify.ChangeNotifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What a commander is built from. */
public record CommanderSettings(
    String hostId,
    Clock clock,
    HandlerRegistry handlers,
    List<CommandFilter> filters,
    List<OperationCompletionListener> listeners,
    OperationLog operationLog,
    CommitVerification verification,
    ChangeNotifier notifier,
    Duration logCheckPeriod,
    boolean readsLog,
    List<dev.operon.commands.ComputedValues> computed,
    Duration operationRetention,
    Duration eventRetention,
    Duration trimPeriod,
    java.util.Map<Class<?>, dev.operon.commands.EventHandler<Object>> eventHandlers,
    Duration eventCheckPeriod,
    boolean processesEvents,
    int reprocessRetries,
    Duration reprocessDelay,
    dev.operon.tracking.Telemetry telemetry,
    dev.operon.tracking.OperationTracker tracker) {}
