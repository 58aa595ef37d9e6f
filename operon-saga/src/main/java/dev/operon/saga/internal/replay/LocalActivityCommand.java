package dev.operon.saga.internal.replay;

import dev.operon.saga.Activity;
import dev.operon.saga.ActivityFailedException;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.ScheduledStep;
import java.util.Objects;

/**
 * A local activity call of workflow code: served from its recorded LocalActivityCompleted or
 * LocalActivityFailed event, or run now in this process and recorded in the task's decision, after
 * which the code goes on within the same workflow task.
 */
final class LocalActivityCommand {
  private LocalActivityCommand() {}

  @SuppressWarnings("unchecked")
  static <O> O run(ReplayContext ctx, Class<?> type, Object input, Class<?> compensationClass,
      ActivityOptions options) {
    Activity<?, ?> activity = ctx.registered(type);
    String compensation = compensationClass == null ? null : ctx.registered(compensationClass).typeId();
    String activityId = String.valueOf(ctx.nextSeq());
    String wanted = "local activity '" + activity.typeId() + "'"
        + (compensation == null ? "" : " compensated by '" + compensation + "'");
    HistoryEvent recorded = ctx.expect(wanted, e -> isLocal(e)
        && activity.typeId().equals(e.text(Attr.ACTIVITY_TYPE))
        && Objects.equals(compensation, e.text(Attr.COMPENSATION)));
    if (recorded == null) {
      recorded = runNow(ctx, activity, options == null ? activity.options() : options,
          new ScheduledStep(activityId, activity.typeId(), Json.tree(input), compensation, null));
    } else {
      ctx.reached(recorded);
    }
    if (recorded.eventType() == EventType.LOCAL_ACTIVITY_COMPLETED) {
      return (O) Json.value(recorded.attributes().get(Attr.OUTPUT), activity.outputType());
    }
    SagaFailure failure = Json.value(recorded.attributes().get(Attr.FAILURE), SagaFailure.class);
    throw new ActivityFailedException(ctx.sagaId(), activityId, activity.typeId(), failure);
  }

  private static HistoryEvent runNow(ReplayContext ctx, Activity<?, ?> activity, ActivityOptions options,
      ScheduledStep step) {
    ctx.requireNotCancelled();
    LocalActivityRunner runner = ctx.services().localActivities();
    if (runner == null) {
      throw ctx.pause();
    }
    LocalActivityRunner.Result result;
    try {
      result = runner.run(activity, options, ctx.sagaId(), step.activityId(), step.input());
    } catch (RuntimeException e) {
      throw ctx.engineFailure(e);
    }
    HistoryEvent event = ctx.events().localActivity(ctx.sagaId(), step, result.output(), result.failure(),
        result.attempts());
    ctx.decision().add(event);
    return event;
  }

  static boolean isLocal(HistoryEvent e) {
    return e.eventType() == EventType.LOCAL_ACTIVITY_COMPLETED || e.eventType() == EventType.LOCAL_ACTIVITY_FAILED;
  }
}
