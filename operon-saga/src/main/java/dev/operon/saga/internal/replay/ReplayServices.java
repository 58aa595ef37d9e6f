package dev.operon.saga.internal.replay;

import dev.operon.saga.internal.WorkflowRegistry;

/**
 * What a replay needs beyond the history for local activities and child workflows.
 *
 * @param localActivities runs local activities in this process; null when only verifying, so that
 *     a local activity without a recorded result pauses the replay instead of running
 * @param workflows the registered workflows (child workflow types, continue-as-new input types)
 */
public record ReplayServices(LocalActivityRunner localActivities, WorkflowRegistry workflows) {}
