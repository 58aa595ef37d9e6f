package dev.operon.saga;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A workflow started on a cron schedule (see {@link SagaEngine#schedule}).
 *
 * @param scheduleId the schedule's id, chosen by its creator
 * @param cron the cron expression (Unix syntax, five fields, UTC)
 * @param workflowType the workflow each firing starts
 * @param input the input each firing starts it with, as JSON
 * @param nextFireAt when it fires next after now, empty if the expression never matches again
 */
public record SagaSchedule(String scheduleId, String cron, String workflowType, JsonNode input,
    Optional<Instant> nextFireAt) {

  /**
   * The business id (and so the saga id) of the saga that the firing at {@code fireAt} starts:
   * {@code scheduleId@fireAt}, so that a firing handled twice starts one saga.
   */
  public static String sagaIdOf(String scheduleId, Instant fireAt) {
    return scheduleId + "@" + fireAt;
  }
}
