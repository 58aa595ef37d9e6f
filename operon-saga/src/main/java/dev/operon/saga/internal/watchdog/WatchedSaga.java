package dev.operon.saga.internal.watchdog;

import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.timer.Timer;
import dev.operon.timer.TimerStatus;
import dev.operon.timer.TimerType;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An unfinished saga as the watchdog sees it: its history and its live timers (pending or being
 * fired), apart from the workflow timeout, which says nothing about progress.
 */
record WatchedSaga(SagaHistory history, List<Timer> liveTimers) {
  static final String PARENT_SAGA_ID = "parent_saga_id";
  static final String CHILD_SAGA_ID = "child_saga_id";

  static WatchedSaga of(SagaHistory history, List<Timer> timers) {
    return new WatchedSaga(history, timers.stream()
        .filter(t -> t.status() == TimerStatus.PENDING || t.status() == TimerStatus.PROCESSING)
        .filter(t -> t.type() != TimerType.WORKFLOW_TIMEOUT)
        .toList());
  }

  String sagaId() {
    return history.sagaId();
  }

  Instant lastProgress() {
    List<HistoryEvent> events = history.events();
    return events.get(events.size() - 1).timestamp();
  }

  /** Whether it waits on a timer due after {@code now} (a sleep, a signal, a retry, an activity's timeout). */
  boolean waitsOnLaterTimer(Instant now) {
    return liveTimers.stream().anyMatch(t -> t.fireAt().isAfter(now));
  }

  /** When it should have moved last: its last event, or a live timer that came due after it. */
  Instant expectedProgress() {
    Instant latest = lastProgress();
    for (Timer t : liveTimers) {
      if (t.fireAt().isAfter(latest)) {
        latest = t.fireAt();
      }
    }
    return latest;
  }

  /** The children it started and waits on (no outcome recorded yet), by saga id. */
  Set<String> children() {
    Set<String> children = new LinkedHashSet<>();
    for (HistoryEvent initiated : history.children().unfinished()) {
      if (initiated.text(CHILD_SAGA_ID) != null) {
        children.add(initiated.text(CHILD_SAGA_ID));
      }
    }
    return children;
  }

  /** The saga that started it as a child, if one did. */
  Optional<String> parent() {
    return Optional.ofNullable(history.started().text(PARENT_SAGA_ID));
  }
}
