package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.SagaFailure;

/** How a replay of the workflow code ended. */
public sealed interface ReplayOutcome {
  /** It stopped at a step, timer or signal that has no result yet. */
  record Paused() implements ReplayOutcome {}

  /** It returned its result. */
  record Returned(JsonNode output) implements ReplayOutcome {}

  /** It called continueAsNew with {@code input}. */
  record ContinuedAsNew(JsonNode input) implements ReplayOutcome {}

  /** It threw. */
  record Threw(SagaFailure failure) implements ReplayOutcome {}
}
