package dev.operon.commands.internal;

import dev.operon.runtime.ClockedLoop;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old entries: operations logged longer ago than the operation log's retention (30 min by
 * default: every host has read them by then), and processed or discarded events due longer ago
 * than the event log's (1 h); a New event is never deleted. Deletes in batches of 4,096 until none
 * is left, every check period (15 min). Several hosts may trim the same log: a row goes once.
 */
final class LogTrimmer implements AutoCloseable {
  static final int BATCH = 4_096;
  private static final Logger LOG = LoggerFactory.getLogger(LogTrimmer.class);

  private final OperationLog log;
  private final Clock clock;
  private final Duration operationRetention;
  private final Duration eventRetention;
  private final ClockedLoop loop;

  LogTrimmer(OperationLog log, Clock clock, Duration operationRetention, Duration eventRetention, Duration period,
      String hostId) {
    this.log = log;
    this.clock = clock;
    this.operationRetention = operationRetention;
    this.eventRetention = eventRetention;
    this.loop = new ClockedLoop("operon-log-trimmer-" + hostId, clock, period, 0.25, this::trim);
  }

  /** Trims both logs now; returns how many rows went. */
  int trim() {
    int operations = 0;
    int batch;
    do {
      batch = log.trimOperations(clock.instant().minus(operationRetention), BATCH);
      operations += batch;
    } while (batch == BATCH);
    int events = 0;
    do {
      batch = log.trimEvents(clock.instant().minus(eventRetention), BATCH);
      events += batch;
    } while (batch == BATCH);
    if (operations + events > 0) {
      LOG.debug("Trimmed {} operations and {} events", operations, events);
    }
    return operations + events;
  }

  @Override
  public void close() {
    loop.close();
  }
}
