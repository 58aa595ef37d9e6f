package dev.operon.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.operon.saga.CompensationRecord;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaBlock;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaFailure;
import dev.operon.saga.SagaSummary;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's JSON: how sagas and their events are written, and how bodies are read. */
public final class ApiJson {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ApiJson() {}

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write JSON: " + e.getMessage(), e);
    }
  }

  /** Answers {@code ctx} with {@code status} and {@code body} as JSON. */
  static void answer(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(bytes(body));
  }

  /** The request body as JSON; a missing body is null, a malformed one a 400. */
  static JsonNode body(Context ctx) throws java.io.IOException {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return NullNode.getInstance();
    }
    String type = ctx.contentType();
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiProblem(415, "Unsupported media type",
          "The request body must be application/json, was " + type);
    }
    return MAPPER.readTree(bytes);
  }

  /** A body that must be a JSON object. */
  static ObjectNode objectBody(Context ctx) throws java.io.IOException {
    JsonNode body = body(ctx);
    if (!(body instanceof ObjectNode object)) {
      throw ApiProblem.badRequest("The request body must be a JSON object, was "
          + (body.isNull() ? "empty" : body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return object;
  }

  static ObjectNode summary(SagaSummary saga) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("sagaId", saga.sagaId());
    node.put("workflowType", saga.workflowType());
    node.put("state", saga.state().name());
    node.put("terminal", saga.terminal());
    node.put("startedAt", saga.startedAt().toString());
    node.put("closedAt", saga.closedAt().map(Instant::toString).orElse(null));
    node.put("lastProgressAt", saga.lastProgressAt().toString());
    node.put("lastEventId", saga.lastEventId());
    node.set("searchAttributes", MAPPER.valueToTree(saga.searchAttributes()));
    node.set("blocked", block(saga.blocked()));
    return node;
  }

  static ObjectNode description(SagaDescription saga) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("sagaId", saga.sagaId());
    node.put("workflowType", saga.workflowType());
    node.put("state", saga.state().name());
    node.put("terminal", saga.terminal());
    node.put("compensationFailed", saga.compensationFailed());
    node.put("codeVersion", saga.codeVersion().orElse(null));
    node.put("events", saga.history().size());
    if (!saga.history().isEmpty()) {
      node.put("startedAt", saga.history().get(0).timestamp().toString());
      node.put("lastEventAt", saga.history().get(saga.history().size() - 1).timestamp().toString());
    }
    node.set("pendingSteps", MAPPER.valueToTree(saga.pendingSteps()));
    node.set("plannedCompensations", MAPPER.valueToTree(saga.plannedCompensations()));
    node.set("failure", failure(saga.failure()));
    node.set("searchAttributes", MAPPER.valueToTree(saga.searchAttributes()));
    node.set("blocked", block(saga.blocked()));
    node.set("children", children(saga.history()));
    node.set("pendingTimers", pendingTimers(saga.history()));
    ArrayNode compensations = node.putArray("compensations");
    for (CompensationRecord record : saga.compensations()) {
      ObjectNode c = compensations.addObject();
      c.put("activityId", record.activityId());
      c.put("compensationType", record.compensationType());
      c.put("stepId", record.stepId());
      c.put("status", record.status().name());
      c.put("attempts", record.attempts());
      c.set("failure", failure(record.failure()));
    }
    return node;
  }

  /** The child sagas the history started, each with where it stands as the parent saw it last. */
  private static ArrayNode children(List<HistoryEvent> history) {
    Map<String, ObjectNode> byStep = new java.util.LinkedHashMap<>();
    for (HistoryEvent event : history) {
      String step = event.text("activity_id");
      switch (event.eventType()) {
        case START_CHILD_WORKFLOW_INITIATED -> {
          ObjectNode child = MAPPER.createObjectNode();
          child.put("sagaId", event.text("child_saga_id"));
          child.put("workflowType", event.text("workflow_type"));
          child.put("stepId", step);
          child.put("status", "STARTING");
          byStep.put(step, child);
        }
        case START_CHILD_WORKFLOW_FAILED, CHILD_WORKFLOW_STARTED, CHILD_WORKFLOW_COMPLETED, CHILD_WORKFLOW_FAILED,
            CHILD_WORKFLOW_CANCELED, CHILD_WORKFLOW_TIMED_OUT, CHILD_WORKFLOW_TERMINATED -> {
          ObjectNode child = byStep.get(step);
          if (child != null) {
            child.put("status", event.eventType() == dev.operon.saga.EventType.START_CHILD_WORKFLOW_FAILED
                ? "START_FAILED" : event.eventType().name().substring("CHILD_WORKFLOW_".length()));
          }
        }
        default -> { }
      }
    }
    ArrayNode list = MAPPER.createArrayNode();
    byStep.values().forEach(list::add);
    return list;
  }

  /** The timers the history created that have neither fired nor been cancelled: id, due time, purpose. */
  private static ArrayNode pendingTimers(List<HistoryEvent> history) {
    Map<String, ObjectNode> pending = new java.util.LinkedHashMap<>();
    for (HistoryEvent event : history) {
      String id = event.text("timer_id");
      switch (event.eventType()) {
        case TIMER_CREATED -> {
          ObjectNode timer = MAPPER.createObjectNode();
          timer.put("timerId", id);
          timer.put("fireAt", event.text("fire_at"));
          timer.put("purpose", event.text("purpose"));
          timer.put("signal", event.text("signal_name"));
          pending.put(id, timer);
        }
        case TIMER_FIRED, TIMER_CANCELED -> pending.remove(id);
        default -> { }
      }
    }
    ArrayNode list = MAPPER.createArrayNode();
    pending.values().forEach(list::add);
    return list;
  }

  static ObjectNode event(HistoryEvent event) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("eventId", event.eventId());
    node.put("type", event.eventType().typeName());
    node.put("category", event.category().name());
    node.put("timestamp", event.timestamp().toString());
    node.put("retry", event.retry());
    node.put("traceId", event.traceId());
    node.set("attributes", event.attributes());
    return node;
  }

  private static JsonNode failure(Optional<SagaFailure> failure) {
    if (failure.isEmpty()) {
      return NullNode.getInstance();
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", failure.get().kind().name());
    node.put("message", failure.get().message());
    node.put("type", failure.get().type());
    return node;
  }

  private static JsonNode block(Optional<SagaBlock> block) {
    if (block.isEmpty()) {
      return NullNode.getInstance();
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", block.get().kind().name());
    node.put("message", block.get().message());
    node.put("since", block.get().since().toString());
    return node;
  }

  static Map<String, String> ids(String name, String value) {
    return Map.of(name, value);
  }
}
