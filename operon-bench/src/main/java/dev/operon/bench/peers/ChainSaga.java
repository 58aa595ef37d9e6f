package dev.operon.bench.peers;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;

/** The Operon side of the shapes: a saga of {@code input} no-op steps in a row; it returns {@code input}. */
final class ChainSaga implements Workflow<Integer, Integer> {
  @Override
  public Integer run(WorkflowContext ctx, Integer steps) {
    int value = 0;
    for (int i = 0; i < steps; i++) {
      value = ctx.activity(NoOpStep.class, value);
    }
    return value;
  }

  /** A step that adds one to its input, so the engine's own cost is all that is measured. */
  static final class NoOpStep implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer input) {
      return input + 1;
    }
  }
}
