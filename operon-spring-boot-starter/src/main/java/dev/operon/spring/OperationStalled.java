package dev.operon.spring;

import dev.operon.tracking.TrackedOperation;

/**
 * Published as an application event for each tracked operation the stalled watcher marked STALLED
 * (no news for longer than its threshold): handle it with {@code @EventListener} to alert.
 */
public record OperationStalled(TrackedOperation operation) {}
