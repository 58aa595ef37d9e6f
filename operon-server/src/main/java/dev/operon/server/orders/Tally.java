package dev.operon.server.orders;

import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The finished sagas of a run and the figures read from their histories. Start and end times are
 * the first and last events' timestamps, taken by the engine that recorded them on the machine's
 * wall clock, which every process of a run shares.
 */
final class Tally {
  private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Outcome, SagaDescription> examples = new EnumMap<>(Outcome.class);
  private final List<String> unexpected = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();
  private Instant firstStart;
  private Instant lastEnd;
  private int stepsRecordedTwice;
  private int transientRetries;
  private int lostAttempts;

  /** When a saga started and ended. */
  private record Span(Instant start, Instant end) {}

  /** Adds finished saga {@code d}, planned to reach the outcome of {@code fate}. */
  void add(SagaDescription d, Fate fate) {
    Outcome outcome = Outcome.of(d);
    outcomes.merge(outcome, 1, Integer::sum);
    examples.putIfAbsent(outcome, d);
    if (outcome != fate.expected()) {
      unexpected.add(d.sagaId() + " (" + fate + "): " + outcome.key() + ", expected " + fate.expected().key()
          + d.failure().map(f -> "; " + f).orElse(""));
    }
    List<HistoryEvent> history = d.history();
    Instant start = history.getFirst().timestamp();
    Instant end = history.getLast().timestamp();
    spans.add(new Span(start, end));
    firstStart = firstStart == null || start.isBefore(firstStart) ? start : firstStart;
    lastEnd = lastEnd == null || end.isAfter(lastEnd) ? end : lastEnd;
    stepsRecordedTwice += recordedTwice(history);
    for (HistoryEvent e : history) {
      if (e.eventType() == EventType.ACTIVITY_TASK_FAILED) {
        if (e.attributes().path("worker_lost").asBoolean()) {
          lostAttempts++;
        } else if (e.attributes().path("will_retry").asBoolean()) {
          transientRetries++;
        }
      }
    }
  }

  /** Activity ids of {@code history} with more than one ActivityTaskCompleted event. */
  static int recordedTwice(List<HistoryEvent> history) {
    Map<String, Integer> completions = new HashMap<>();
    for (HistoryEvent e : history) {
      if (e.eventType() == EventType.ACTIVITY_TASK_COMPLETED) {
        completions.merge(String.valueOf(e.text("activity_id")), 1, Integer::sum);
      }
    }
    return (int) completions.values().stream().filter(n -> n > 1).count();
  }

  int finished() {
    return spans.size();
  }

  Map<Outcome, Integer> outcomes() {
    return Collections.unmodifiableMap(outcomes);
  }

  int count(Outcome outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }

  /** One example saga per outcome: its id, and its state and failure as describe() reports them. */
  Map<Outcome, String> examples() {
    Map<Outcome, String> lines = new LinkedHashMap<>();
    examples.forEach((outcome, d) -> lines.put(outcome, d.sagaId() + ": " + d.state()
        + d.failure().map(f -> " (" + f + ")").orElse("")));
    return lines;
  }

  int stepsRecordedTwice() {
    return stepsRecordedTwice;
  }

  int transientRetries() {
    return transientRetries;
  }

  /** Attempts recorded as failed with {@code worker_lost}: their worker died, they ran again. */
  int lostAttempts() {
    return lostAttempts;
  }

  /** The sagas whose outcome is not the one their fate plans, each as "id (fate): outcome, expected ...". */
  List<String> unexpected() {
    return Collections.unmodifiableList(unexpected);
  }

  /** How many finished sagas had started before {@code instant} and ended after it. */
  int inFlightAt(Instant instant) {
    return (int) spans.stream().filter(s -> s.start().isBefore(instant) && s.end().isAfter(instant)).count();
  }

  /** The last end recorded in a history; empty if none finished. */
  Optional<Instant> lastEnd() {
    return Optional.ofNullable(lastEnd);
  }

  /** The {@code p}-th percentile (nearest rank) of start-to-end latency in ms; 0 if none finished. */
  long percentileMillis(double p) {
    if (spans.isEmpty()) {
      return 0;
    }
    List<Long> sorted = spans.stream().map(s -> Duration.between(s.start(), s.end()).toMillis()).sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Finished sagas per second, from the first start to the last end recorded in the histories. */
  double sagasPerSecond() {
    if (firstStart == null) {
      return 0;
    }
    double seconds = Duration.between(firstStart, lastEnd).toNanos() / 1e9;
    return seconds <= 0 ? 0 : finished() / seconds;
  }
}
