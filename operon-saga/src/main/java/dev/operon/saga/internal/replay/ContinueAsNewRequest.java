package dev.operon.saga.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Thrown through workflow code by {@code continueAsNew}: this run ends and a new one starts with
 * {@link #input()}. An {@link Error}, so that workflow code catching exceptions does not swallow it.
 */
final class ContinueAsNewRequest extends Error {
  private static final long serialVersionUID = 1L;

  private final transient JsonNode input;

  ContinueAsNewRequest(JsonNode input) {
    super("workflow continues as new", null, false, false);
    this.input = input;
  }

  JsonNode input() {
    return input;
  }
}
