package dev.operon.commands.internal;

import dev.operon.commands.OperationCompletionListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes each operation once: remembers the ids of the last 16,384 completed operations for 15
 * minutes and ignores an operation it has completed already (the log reader may read one twice),
 * tells the listeners, then hands a {@link Completion} to the pipeline for its invalidation pass.
 * A listener that throws is logged; completion goes on. For an operation of another host, the
 * time from its commit to the end of that pass, on this host's clock, goes to the
 * {@code operon.invalidation.latency} timer.
 */
final class Completions {
  static final int REMEMBERED = 16_384;
  static final Duration REMEMBERED_FOR = Duration.ofMinutes(15);
  static final String LATENCY = "operon.invalidation.latency";
  private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

  private final DefaultCommander commander;
  private final List<OperationCompletionListener> listeners;
  private final Clock clock;
  private final Map<String, Instant> completed = new LinkedHashMap<>();
  private final Timer latency;

  Completions(DefaultCommander commander, List<OperationCompletionListener> listeners, Clock clock,
      MeterRegistry meters) {
    this.commander = commander;
    this.listeners = listeners;
    this.clock = clock;
    this.latency = Timer.builder(LATENCY).description("From the commit of an operation on one host to the end"
        + " of its invalidation pass on another").register(meters);
  }

  /** Completes {@code operation} unless it was completed already; returns whether it ran. */
  boolean complete(OperationState operation, boolean local) {
    if (!firstTime(operation.id())) {
      return false;
    }
    for (OperationCompletionListener listener : listeners) {
      try {
        listener.completed(operation, local);
      } catch (RuntimeException e) {
        LOG.warn("A completion listener failed on operation {}", operation.id(), e);
      }
    }
    try {
      commander.runOutermost(new Completion(operation, local));
    } catch (RuntimeException e) {
      LOG.warn("The completion of operation {} failed", operation.id(), e);
    }
    if (!local && operation.loggedAt().isPresent()) {
      Duration since = Duration.between(operation.loggedAt().get(), clock.instant());
      latency.record(since.isNegative() ? Duration.ZERO : since);
    }
    return true;
  }

  private synchronized boolean firstTime(String id) {
    Instant now = clock.instant();
    Instant oldest = now.minus(REMEMBERED_FOR);
    Iterator<Instant> entries = completed.values().iterator();
    while (entries.hasNext() && entries.next().isBefore(oldest)) {
      entries.remove();
    }
    if (completed.containsKey(id)) {
      return false;
    }
    completed.put(id, now);
    if (completed.size() > REMEMBERED) {
      entries = completed.values().iterator();
      entries.next();
      entries.remove();
    }
    return true;
  }
}
