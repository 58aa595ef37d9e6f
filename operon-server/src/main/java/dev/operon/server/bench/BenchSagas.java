package dev.operon.server.bench;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityContext;
import dev.operon.saga.Workflow;
import dev.operon.saga.WorkflowContext;

/** The workflows and the activity the saga benchmark runs: steps that do no work of their own. */
final class BenchSagas {
  /** How many side effects the long saga records: with its start and its end, 10,000 events. */
  static final int LONG_SAGA_SIDE_EFFECTS = 9_998;

  private BenchSagas() {}

  /** An activity that adds one to its input, so the engine's own cost is all that is measured. */
  static final class BenchStep implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer input) {
      return input + 1;
    }
  }

  /** Three steps one after the other. */
  static final class ThreeStepSaga implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer input) {
      int first = ctx.activity(BenchStep.class, input);
      int second = ctx.activity(BenchStep.class, first);
      return ctx.activity(BenchStep.class, second);
    }
  }

  /** A history of 10,000 events written by one workflow task, to time a replay of that length. */
  static final class LongSaga implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer input) {
      int sum = 0;
      for (int i = 0; i < LONG_SAGA_SIDE_EFFECTS; i++) {
        int value = i;
        sum += ctx.sideEffect(Integer.class, () -> value);
      }
      return sum;
    }
  }
}
