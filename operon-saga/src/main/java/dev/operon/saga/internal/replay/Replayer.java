package dev.operon.saga.internal.replay;

import dev.operon.error.OperonException;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.Workflow;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.EventFactory;
import dev.operon.saga.internal.history.SagaHistory;
import java.time.Clock;

/** Re-executes workflow code against a history. */
public final class Replayer {
  private final ActivityRegistry activities;
  private final EventFactory events;
  private final Clock clock;
  private final ReplayServices services;

  public Replayer(ActivityRegistry activities, EventFactory events, Clock clock, ReplayServices services) {
    this.activities = activities;
    this.events = events;
    this.clock = clock;
    this.services = services;
  }

  /** The result of a replay: how the code ended and what it decided to record. */
  public record Result(ReplayOutcome outcome, Decision decision) {}

  /**
   * Runs {@code workflow} over {@code history}.
   *
   * @throws OperonException of kind REPLAY if the code asks for steps the history does not hold, of
   *     kind CONFIGURATION if it asks for an activity this worker has not registered
   */
  public Result replay(Workflow<?, ?> workflow, SagaHistory history) {
    ReplayContext ctx = new ReplayContext(history, activities, events, clock, services);
    ReplayOutcome outcome = run(workflow, ctx);
    if (ctx.engineError().isPresent()) {
      throw ctx.engineError().get();
    }
    return new Result(ctx.paused() ? new ReplayOutcome.Paused() : outcome, ctx.decision());
  }

  /**
   * Runs {@code workflow} over {@code history} to see the state it reaches, for a query or an
   * update's validator: the context afterwards holds the handlers the code registered. Whatever
   * the run decides is dropped; nothing is written.
   *
   * @throws OperonException of kind REPLAY or CONFIGURATION as {@link #replay} does
   */
  public ReplayContext inspect(Workflow<?, ?> workflow, SagaHistory history) {
    ReplayContext ctx = new ReplayContext(history, activities, events, clock,
        new ReplayServices(null, services.workflows()));
    run(workflow, ctx);
    if (ctx.engineError().isPresent()) {
      throw ctx.engineError().get();
    }
    return ctx;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ReplayOutcome run(Workflow workflow, ReplayContext ctx) {
    try {
      Object input = Json.value(ctx.input(), workflow.inputType());
      Object output = workflow.run(ctx, input);
      ctx.requireAllCommandsReplayed();
      ctx.codeEnded();
      return new ReplayOutcome.Returned(Json.tree(output));
    } catch (WorkflowPause pause) {
      return new ReplayOutcome.Paused();
    } catch (ContinueAsNewRequest request) {
      ctx.codeEnded();
      return new ReplayOutcome.ContinuedAsNew(request.input());
    } catch (RuntimeException e) {
      ctx.codeEnded();
      return new ReplayOutcome.Threw(SagaFailure.of(e));
    }
  }
}
