package dev.operon.saga;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;

/**
 * Why a step or a saga failed, as recorded in the history.
 *
 * @param kind the error kind (its category decides retries)
 * @param message the error's message
 * @param type the exception class that was thrown
 */
public record SagaFailure(
    @JsonProperty("kind") ErrorKind kind,
    @JsonProperty("message") String message,
    @JsonProperty("type") String type) {

  /** The failure that {@code error} describes. */
  public static SagaFailure of(Throwable error) {
    ErrorKind kind = error instanceof OperonException o ? o.kind() : ErrorKind.ACTIVITY_EXECUTION;
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new SagaFailure(kind, message, error.getClass().getName());
  }

  @Override
  public String toString() {
    return kind + ": " + message;
  }
}
