package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.Activity;
import dev.operon.saga.ActivityOptions;
import dev.operon.saga.ActivityRegistry;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.history.Attr;

/**
 * The options a step runs with: those given to the call ({@code ctx.step(...).options(...)}),
 * recorded in its ActivityTaskScheduled event so that every worker and every retry uses them, or
 * else its activity class's defaults.
 */
public final class StepOptions {
  private static final String OPTIONS = "options";

  private StepOptions() {}

  /** {@code scheduled} with {@code options} recorded in it (unchanged if null). */
  static HistoryEvent record(HistoryEvent scheduled, ActivityOptions options) {
    if (options != null) {
      ((ObjectNode) scheduled.attributes()).set(OPTIONS, Json.tree(options));
    }
    return scheduled;
  }

  /** The options of the step {@code scheduled} records, with {@code type}'s defaults if none were given. */
  public static ActivityOptions of(HistoryEvent scheduled, ActivityRegistry activities) {
    JsonNode recorded = scheduled.attributes().get(OPTIONS);
    if (recorded != null && !recorded.isNull()) {
      return Json.value(recorded, ActivityOptions.class);
    }
    return activities.get(scheduled.text(Attr.ACTIVITY_TYPE)).map(Activity::options).orElse(ActivityOptions.DEFAULT);
  }
}
