package dev.operon.saga.internal;

/**
 * An activity attempt that a worker keeps to run itself instead of publishing it, with the saga's
 * history as that worker appended it (so it need not read it again).
 */
public record Continuation(ActivityTaskMessage task, SagaHistory history) {}
