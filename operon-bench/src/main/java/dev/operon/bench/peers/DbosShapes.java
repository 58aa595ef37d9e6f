package dev.operon.bench.peers;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.WorkflowHandle;
import dev.operon.bench.peers.ClosedLoop.Outcome;

/**
 * DBOS Transact in the two shapes, its system database being the scratch database (schema
 * {@code dbos}, made by its own migrations at launch). Each run is a DBOS instance of its own,
 * launched and shut down here; it gets a pool of the same size as Operon's.
 */
final class DbosShapes {
  private final PeerRun run;

  DbosShapes(PeerRun run) {
    this.run = run;
  }

  /** The version of the DBOS library on the class path. */
  static String version() {
    return DBOS.version();
  }

  WorkflowShapes run() throws Exception {
    PeersSettings settings = run.settings();
    // closed in reverse order: DBOS shuts down before its pool closes
    try (HikariDataSource pool = run.scratch().pool("dbos", settings.poolSize());
        DBOS dbos = new DBOS(DBOSConfig.defaults("operon-peers").withDataSource(pool))) {
      DbosChain chain = dbos.registerProxy(DbosChain.class, new DbosChainWorkflow(dbos));
      dbos.launch();
      ClosedLoop loop = new ClosedLoop(run.progress());
      loop.run("DBOS warm-up", settings.warmUp(), settings.starters(), w -> startAndWait(dbos, chain, 3));
      Outcome concurrent = loop.run("DBOS 3-step workflows", settings.duration(), settings.starters(),
          w -> startAndWait(dbos, chain, 3));
      Outcome sequential = loop.run("DBOS " + settings.steps() + "-step, 1 thread", settings.duration(), 1,
          w -> startAndWait(dbos, chain, settings.steps()));
      return new WorkflowShapes(concurrent, sequential, settings.steps());
    }
  }

  private static void startAndWait(DBOS dbos, DbosChain chain, int steps) {
    WorkflowHandle<Integer, RuntimeException> handle = dbos.startWorkflow(() -> chain.run(steps));
    Integer result = handle.getResult();
    if (result == null || result != steps) {
      throw new IllegalStateException("DBOS workflow " + handle.workflowId() + " returned " + result
          + ", not " + steps);
    }
  }
}
