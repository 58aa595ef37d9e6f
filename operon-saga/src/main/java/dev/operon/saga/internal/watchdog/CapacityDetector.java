package dev.operon.saga.internal.watchdog;

import dev.operon.queue.QueueStats;
import dev.operon.saga.WatchdogFinding;
import dev.operon.saga.WatchdogFinding.Detector;
import dev.operon.saga.WatchdogFinding.Level;
import dev.operon.saga.WatchdogSettings;
import dev.operon.saga.internal.SagaRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reports a BACKLOG on a saga queue holding at least {@code backlogDepth} tasks or whose oldest
 * task is at least {@code backlogAge} old: more workers are needed, or they are stuck. Reports
 * only; scaling is the operator's call.
 */
final class CapacityDetector {
  private final SagaRuntime runtime;
  private final WatchdogSettings settings;

  CapacityDetector(SagaRuntime runtime, WatchdogSettings settings) {
    this.runtime = runtime;
    this.settings = settings;
  }

  List<WatchdogFinding> check(Instant now) {
    List<WatchdogFinding> findings = new ArrayList<>();
    for (String queue : List.of(runtime.workflowQueue(), runtime.activityQueue())) {
      QueueStats stats = runtime.queue().stats(queue);
      Duration age = stats.oldestAge().orElse(Duration.ZERO);
      if (stats.depth() >= settings.backlogDepth() || age.compareTo(settings.backlogAge()) >= 0) {
        findings.add(new WatchdogFinding(Optional.empty(), Detector.CAPACITY, Level.BACKLOG, now.minus(age),
            "Queue " + queue + " holds " + stats.depth() + " tasks (limit " + settings.backlogDepth()
                + "), the oldest " + age.toSeconds() + " s old (limit " + settings.backlogAge().toSeconds()
                + " s), " + stats.deadLetters() + " dead letters"));
      }
    }
    return findings;
  }
}
