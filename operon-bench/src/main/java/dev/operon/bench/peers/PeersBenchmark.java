package dev.operon.bench.peers;

import dev.operon.spi.BackendUrl;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the phases one after the other in one scratch database on the same PostgreSQL: the raw
 * commit rate, DBOS Transact's workflows, Operon's sagas, db-scheduler's drain and Operon's task
 * queue drain. Each phase closes what it opened before the next starts; the database is dropped at
 * the end, also when a phase fails.
 */
final class PeersBenchmark {
  private static final int PHASES = 5;

  private final PeersSettings settings;
  private final PrintWriter progress;

  PeersBenchmark(PeersSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs every phase and returns the figures, in the order they are printed. */
  Map<String, Object> run() throws Exception {
    PeerFigures figures = new PeerFigures(settings);
    progress.println("Operon beside DBOS Transact " + DbosShapes.version() + " and db-scheduler "
        + DbSchedulerDrain.version() + " on " + BackendUrl.parse(settings.store()).redacted());
    String name;
    try (ScratchDatabase scratch = ScratchDatabase.create(settings.store())) {
      name = scratch.name();
      figures.scratchDatabase(name);
      progress.println("  scratch database " + name + ", dropped at the end");
      PeerRun run = new PeerRun(scratch, settings, progress);
      phase(1, "the database's single-row commits, " + RawCommitRate.WRITERS + " writers");
      figures.rawCommits(RawCommitRate.measure(scratch.jdbcUrl(), settings.duration(), progress));
      phase(2, "DBOS Transact: " + settings.starters() + " starters of 3-step workflows, then 1 of "
          + settings.steps() + " steps");
      figures.dbos(new DbosShapes(run).run());
      phase(3, "Operon: " + settings.starters() + " starters of 3-step sagas, then 1 of " + settings.steps()
          + " steps");
      figures.operon(new OperonShapes(run).run());
      phase(4, "db-scheduler: " + count(settings.tasks()) + " one-time tasks scheduled, then drained by "
          + DbSchedulerDrain.THREADS + " threads");
      figures.dbScheduler(new DbSchedulerDrain(run).run());
      phase(5, "Operon's task queue: " + count(settings.tasks()) + " tasks published, then drained by "
          + OperonQueueDrain.CONSUMERS + " consumers");
      figures.operonQueue(new OperonQueueDrain(run).run());
    }
    progress.println("  cleaned up: dropped database " + name);
    progress.flush();
    return figures.finish();
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private void phase(int number, String what) {
    progress.println("[" + number + "/" + PHASES + "] " + what);
    progress.flush();
  }
}
