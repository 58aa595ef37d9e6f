package dev.operon.tracking.internal.jdbc;

import dev.operon.tracking.TrackingChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Changes cut, in order, into runs in which no operation appears twice: one statement each. */
final class ChangeRuns {
  private ChangeRuns() {}

  static List<List<TrackingChange>> of(List<TrackingChange> changes) {
    List<List<TrackingChange>> runs = new ArrayList<>();
    List<TrackingChange> run = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (TrackingChange change : changes) {
      if (!ids.add(change.operation().id())) {
        runs.add(run);
        run = new ArrayList<>();
        ids.clear();
        ids.add(change.operation().id());
      }
      run.add(change);
    }
    runs.add(run);
    return runs;
  }
}
