package dev.operon.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.saga.internal.Json;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an activity knows about the execution it runs in, and how it reports progress.
 *
 * <p>An activity with a heartbeat timeout ({@link ActivityOptions#heartbeatTimeout()}) must call
 * {@link #heartbeat} more often than that timeout, starting within it: an attempt that stops
 * heart-beating is timed out and retried per its retry policy. The details of the last heartbeat
 * are recorded with the attempt's failure, and the next attempt reads them with
 * {@link #lastHeartbeat}, to resume where the failed one stopped.
 */
public final class ActivityContext {
  private final String sagaId;
  private final String activityId;
  private final String activityType;
  private final int attempt;
  private final String idempotencyKey;
  private final JsonNode previousHeartbeat;
  private final Consumer<Object> heartbeats;

  /**
   * A context without heartbeat reporting (heartbeats go nowhere, none is known from earlier
   * attempts), e.g. to call an activity directly in a test.
   *
   * @param sagaId the saga the step belongs to
   * @param activityId the step's id within the saga (stable across retries)
   * @param activityType the activity's type id
   * @param attempt which try this is, 1 for the first
   */
  public ActivityContext(String sagaId, String activityId, String activityType, int attempt) {
    this(sagaId, activityId, activityType, attempt, null, details -> { });
  }

  /**
   * A context whose heartbeats go to {@code heartbeats}, with {@code previousHeartbeat} (JSON, or
   * null) the details of the last heartbeat recorded by an earlier attempt of the step.
   */
  public ActivityContext(String sagaId, String activityId, String activityType, int attempt,
      JsonNode previousHeartbeat, Consumer<Object> heartbeats) {
    this(sagaId, activityId, activityType, attempt, previousHeartbeat, heartbeats, activityId);
  }

  /**
   * A context as {@link #ActivityContext(String, String, String, int, JsonNode, Consumer)} whose
   * {@link #idempotencyKey()} is that of step {@code keyActivityId} rather than of
   * {@code activityId}: a compensation run again by {@link SagaEngine#retryCompensation(String)}
   * runs under a new activity id and keeps the key of its first run.
   */
  public ActivityContext(String sagaId, String activityId, String activityType, int attempt,
      JsonNode previousHeartbeat, Consumer<Object> heartbeats, String keyActivityId) {
    this.sagaId = Objects.requireNonNull(sagaId, "sagaId");
    this.activityId = Objects.requireNonNull(activityId, "activityId");
    this.activityType = Objects.requireNonNull(activityType, "activityType");
    this.attempt = attempt;
    this.idempotencyKey = sagaId + "/" + Objects.requireNonNull(keyActivityId, "keyActivityId");
    this.previousHeartbeat = previousHeartbeat;
    this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats");
  }

  /** The saga the step belongs to. */
  public String sagaId() {
    return sagaId;
  }

  /**
   * The step's id within the saga (stable across retries; a compensation that an operator runs
   * again with {@link SagaEngine#retryCompensation(String)} gets a new one).
   */
  public String activityId() {
    return activityId;
  }

  /** The activity's type id. */
  public String activityType() {
    return activityType;
  }

  /** Which try this is, 1 for the first (a compensation run again by an operator starts again at 1). */
  public int attempt() {
    return attempt;
  }

  /**
   * A key that is the same for every attempt and every redelivery of this step, and different for
   * every other step: pass it to the system the activity calls so that a repeated call has no
   * second effect. A compensation run again with {@link SagaEngine#retryCompensation(String)}
   * keeps the key of its first run: it is the same compensation of the same step, so a downstream
   * system that did apply an earlier run (whose result was lost or timed out) recognises it.
   * Such a system must not keep a failed call's answer under the key, or the retry gets it again
   * (the same holds for the attempts of one run).
   */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Reports that the attempt is alive and how far it got; {@code details} (encoded as JSON, may be
   * null) are kept for the next attempt if this one fails. Cheap: nothing is written per call.
   */
  public void heartbeat(Object details) {
    heartbeats.accept(details);
  }

  /**
   * The details of the last heartbeat an earlier attempt of this step sent before it failed or
   * timed out, as a {@code type}; empty on the first attempt or if none was sent.
   */
  public <T> Optional<T> lastHeartbeat(Class<T> type) {
    return Optional.ofNullable(Json.value(previousHeartbeat, type));
  }

  @Override
  public String toString() {
    return "ActivityContext[saga=" + sagaId + ", step=" + activityId + ", type=" + activityType
        + ", attempt=" + attempt + "]";
  }
}
