package dev.operon.bench.peers;

import dev.operon.bench.peers.ClosedLoop.Outcome;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaHandle;
import dev.operon.server.OpenBackends;
import java.time.Duration;

/**
 * Operon's saga engine in the two shapes, built through its public API as {@code bench saga}
 * builds it: the store's event store, timer store and atomic transitions, the task queue of
 * {@code --queue}, the engine's default workers and local continuation.
 */
final class OperonShapes {
  static final Duration RESULT_WAIT = Duration.ofMinutes(2);

  private final PeerRun run;

  OperonShapes(PeerRun run) {
    this.run = run;
  }

  WorkflowShapes run() throws Exception {
    PeersSettings settings = run.settings();
    try (ScratchBackends backends = ScratchBackends.open(run);
        SagaEngine engine = engine(backends.ports())) {
      ClosedLoop loop = new ClosedLoop(run.progress());
      loop.run("Operon warm-up", settings.warmUp(), settings.starters(), w -> startAndWait(engine, 3));
      Outcome concurrent = loop.run("Operon 3-step sagas", settings.duration(), settings.starters(),
          w -> startAndWait(engine, 3));
      Outcome sequential = loop.run("Operon " + settings.steps() + "-step, 1 thread", settings.duration(), 1,
          w -> startAndWait(engine, settings.steps()));
      return new WorkflowShapes(concurrent, sequential, settings.steps());
    }
  }

  private static SagaEngine engine(OpenBackends backends) {
    return SagaEngine.builder()
        .eventStore(backends.eventStore()).taskQueue(backends.taskQueue()).timerStore(backends.timerStore())
        .transactor(backends.transactor())
        .activities(new ChainSaga.NoOpStep())
        .workflows(new ChainSaga())
        .recoverOnStart(false)
        .build();
  }

  private static void startAndWait(SagaEngine engine, int steps) {
    SagaHandle<Integer> handle = engine.start(ChainSaga.class, steps);
    Integer result = handle.result(RESULT_WAIT);
    if (result == null || result != steps) {
      throw new IllegalStateException("Saga " + handle.id() + " returned " + result + ", not " + steps);
    }
  }
}
