package dev.operon.bench.peers;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.workflow.Workflow;

/** The DBOS side of the shapes: a workflow of steps that do no work of their own. */
public final class DbosChainWorkflow implements DbosChain {
  private final DBOS dbos;

  DbosChainWorkflow(DBOS dbos) {
    this.dbos = dbos;
  }

  @Override
  @Workflow(name = "chain")
  public Integer run(Integer steps) {
    int value = 0;
    for (int i = 0; i < steps; i++) {
      int input = value;
      value = dbos.runStep(() -> input + 1, "no-op-step");
    }
    return value;
  }
}
