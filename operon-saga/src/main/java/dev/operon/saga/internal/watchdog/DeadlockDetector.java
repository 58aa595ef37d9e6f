package dev.operon.saga.internal.watchdog;

import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.WatchdogSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds unfinished sagas that wait on each other in a circle. A parent waits on each unfinished
 * child it started and has no outcome of (its StartChildWorkflowInitiated {@code child_saga_id},
 * or the child's WorkflowExecutionStarted {@code parent_saga_id}); a circle of such waits can
 * never move. A
 * circle stuck (no event in any of its sagas) for {@code deadlockWarningAfter} is a WARNING, for
 * {@code deadlockedAfter} DEADLOCKED: the watchdog then stops its sagas, which compensates them.
 */
final class DeadlockDetector {
  private final WatchdogSettings settings;

  DeadlockDetector(WatchdogSettings settings) {
    this.settings = settings;
  }

  /** Who waits on whom among {@code sagas} (all unfinished), by saga id. */
  static Map<String, Set<String>> waits(Map<String, WatchedSaga> sagas) {
    Map<String, Set<String>> waits = new LinkedHashMap<>();
    for (WatchedSaga saga : sagas.values()) {
      for (String child : saga.children()) {
        if (sagas.containsKey(child)) {
          waits.computeIfAbsent(saga.sagaId(), id -> new LinkedHashSet<>()).add(child);
        }
      }
      saga.parent().filter(sagas::containsKey)
          .ifPresent(parent -> waits.computeIfAbsent(parent, id -> new LinkedHashSet<>()).add(saga.sagaId()));
    }
    return waits;
  }

  /** One finding per saga on a circle of waits that has been stuck long enough. */
  List<WatchdogFinding> check(Map<String, WatchedSaga> sagas, Map<String, Set<String>> waits, Instant now) {
    List<WatchdogFinding> findings = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (List<String> circle : circles(waits)) {
      if (!reported.addAll(circle)) {
        continue;
      }
      Instant since = circle.stream().map(id -> sagas.get(id).lastProgress()).max(Instant::compareTo).orElseThrow();
      Duration stuck = Duration.between(since, now);
      Level level = stuck.compareTo(settings.deadlockedAfter()) >= 0 ? Level.DEADLOCKED
          : stuck.compareTo(settings.deadlockWarningAfter()) >= 0 ? Level.WARNING : null;
      if (level == null) {
        continue;
      }
      String path = String.join(" -> ", circle) + " -> " + circle.get(0);
      for (String id : circle) {
        findings.add(new WatchdogFinding(java.util.Optional.of(id), Detector.DEADLOCK, level, since,
            "Saga " + id + " waits in a circle (" + path + "), stuck for " + stuck.toSeconds() + " s"));
      }
    }
    return findings;
  }

  /** The circles of the wait graph, each as the saga ids along it. */
  static List<List<String>> circles(Map<String, Set<String>> waits) {
    List<List<String>> circles = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : waits.keySet()) {
      walk(start, waits, new ArrayList<>(), new HashSet<>(), done, circles);
    }
    return circles;
  }

  private static void walk(String node, Map<String, Set<String>> waits, List<String> path, Set<String> onPath,
      Set<String> done, List<List<String>> circles) {
    if (onPath.contains(node)) {
      circles.add(List.copyOf(path.subList(path.indexOf(node), path.size())));
      return;
    }
    if (!done.add(node)) {
      return;
    }
    path.add(node);
    onPath.add(node);
    for (String next : waits.getOrDefault(node, Set.of())) {
      walk(next, waits, path, onPath, done, circles);
    }
    path.remove(path.size() - 1);
    onPath.remove(node);
  }
}
