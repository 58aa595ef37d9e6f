package dev.operon.saga.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.id.IdGenerator;
import dev.operon.saga.EventType;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaState;
import dev.operon.saga.internal.Json;
import dev.operon.saga.internal.SagaRuntime;
import dev.operon.saga.internal.history.Attr;
import dev.operon.saga.internal.history.SagaHistory;
import dev.operon.saga.internal.replay.ReplayContext;
import dev.operon.saga.internal.replay.WorkflowHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends updates: validates the argument against the saga's replayed state before recording
 * anything, records UpdateAccepted (appended with the expected last id, so the validator saw
 * exactly the history the update follows), wakes the saga, and waits for the UpdateCompleted its
 * handler's run records.
 *
 * <p>A rejected update is not recorded (no UpdateRejected event): rejection is input validation,
 * and a caller sending bad updates must not be able to grow a saga's history.
 */
public final class WorkflowUpdates {
  private static final long POLL_MILLIS = 5;

  private final SagaRuntime runtime;
  private final SagaClient client;
  private final WorkflowQueries replays;
  private final IdGenerator ids;

  public WorkflowUpdates(SagaRuntime runtime, SagaClient client, WorkflowQueries replays) {
    this.runtime = runtime;
    this.client = client;
    this.replays = replays;
    this.ids = new IdGenerator(runtime.clock());
  }

  /**
   * Sends update {@code name} with {@code arg} to saga {@code sagaId} and waits up to
   * {@code timeout} for its result as a {@code resultType}.
   */
  public <R> R update(String sagaId, String name, Object arg, Class<R> resultType, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resultType, "resultType");
    if (timeout == null || timeout.isNegative()) {
      throw OperonException.invalid("update timeout must be zero or positive, was " + timeout);
    }
    String updateId = accept(sagaId, name, arg);
    HistoryEvent completed = awaitCompletion(sagaId, name, updateId, timeout);
    JsonNode failure = completed.attributes().get(Attr.FAILURE);
    if (failure != null && !failure.isNull()) {
      SagaFailure f = Json.value(failure, SagaFailure.class);
      throw OperonException.of(f.kind(), "Update '" + name + "' of saga " + sagaId + " failed: " + f.message())
          .id(OperonException.Ids.SAGA, sagaId).id("update", updateId).retryable(false).build();
    }
    return Json.value(completed.attributes().get(Attr.OUTPUT), resultType);
  }

  private String accept(String sagaId, String name, Object arg) {
    String updateId = ids.next();
    return runtime.appendRetrying(sagaId, "recording update '" + name + "'", () -> {
      // a saga that moved on while the validator ran is validated again against its new history
      SagaHistory history = client.existing(sagaId);
      JsonNode tree = validate(history, name, arg);
      long last = runtime.histories().append(history,
          List.of(runtime.events().updateAccepted(sagaId, updateId, name, tree)));
      runtime.wake(sagaId, last);
      return updateId;
    });
  }

  /** {@code arg} as a tree, checked to fit the handler's argument type and accepted by its validator. */
  private JsonNode validate(SagaHistory history, String name, Object arg) {
    String sagaId = history.sagaId();
    if (history.state() != SagaState.RUNNING && history.state() != SagaState.PAUSED) {
      throw OperonException.invalid("Cannot send update '" + name + "' to saga " + sagaId + " ("
          + history.workflowType() + "): it is " + history.state() + ", and only a running or paused"
          + " workflow handles updates");
    }
    ReplayContext ctx = replays.replay(history);
    WorkflowHandlers.Update handler = ctx.handlers().update(name).orElseThrow(() -> OperonException.invalid(
        "Saga " + sagaId + " has no handler for update '" + name + "' at the point it reached (handlers: "
            + ctx.handlers().updateNames() + ")"));
    JsonNode tree = InputCheck.fitting(arg, handler.argType(), "Argument of update '" + name + "' for saga "
        + sagaId + " (" + history.workflowType() + ")");
    Object value = Json.value(tree, handler.argType());
    if (handler.validator() == null) {
      return tree;
    }
    try {
      handler.validator().accept(value);
    } catch (RuntimeException e) {
      throw OperonException.of(ErrorKind.VALIDATION, "Update '" + name + "' of saga " + sagaId
              + " was rejected by its validator: " + e.getMessage())
          .id(OperonException.Ids.SAGA, sagaId).cause(e).retryable(false).build();
    }
    return tree;
  }

  private HistoryEvent awaitCompletion(String sagaId, String name, String updateId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      SagaHistory history = client.existing(sagaId);
      Optional<HistoryEvent> done = history.events().stream()
          .filter(e -> e.eventType() == EventType.UPDATE_COMPLETED && updateId.equals(e.text(Attr.UPDATE_ID)))
          .findFirst();
      if (done.isPresent()) {
        return done.get();
      }
      if (history.terminal()) {
        throw OperonException.of(ErrorKind.WORKFLOW_EXECUTION, "Saga " + sagaId + " finished in state "
                + history.state() + " before it handled update '" + name + "'")
            .id(OperonException.Ids.SAGA, sagaId).id("update", updateId).retryable(false).build();
      }
      if (System.nanoTime() >= deadline) {
        throw OperonException.of(ErrorKind.TIMEOUT, "Update '" + name + "' of saga " + sagaId + " was accepted"
                + " but has no result within " + timeout + "; it will still run when the saga next moves")
            .id(OperonException.Ids.SAGA, sagaId).id("update", updateId).build();
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperonException(ErrorKind.CANCELLED, "Interrupted while waiting for update '" + name
            + "' of saga " + sagaId, e);
      }
    }
  }
}
