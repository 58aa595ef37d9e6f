package dev.operon.server.orders;

import dev.operon.tracking.TrackedOperation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tracked operations of a demo run, counted by kind (the first word of their name: Saga,
 * Activity) and status, and the stalled ones the watcher reported.
 *
 * @param byKind for each kind, the count of each status
 * @param stalled one line per operation reported stalled
 */
public record TrackedCounts(Map<String, Map<String, Long>> byKind, List<String> stalled) {
  public static final TrackedCounts NONE = new TrackedCounts(Map.of(), List.of());

  public TrackedCounts {
    byKind = Map.copyOf(byKind);
    stalled = List.copyOf(stalled);
  }

  public static TrackedCounts of(List<TrackedOperation> operations, List<String> stalled) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (TrackedOperation operation : operations) {
      String kind = operation.name().contains(".") ? operation.name().substring(0, operation.name().indexOf('.'))
          : operation.name();
      counts.computeIfAbsent(kind, k -> new TreeMap<>()).merge(operation.status().name(), 1L, Long::sum);
    }
    return new TrackedCounts(counts, stalled);
  }

  /** How many operations of {@code kind} have {@code status}. */
  public long count(String kind, String status) {
    return byKind.getOrDefault(kind, Map.of()).getOrDefault(status, 0L);
  }
}
