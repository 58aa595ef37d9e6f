package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.WatchdogFinding;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.TrackingEvent;
import dev.operon.tracking.TrackingStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracked operations (a snapshot with its children, its timeline of evidence events, those of one
 * correlation, the stalled ones) and the saga watchdog's findings: what the problems panel reads.
 */
public final class TrackingRoutes {
  static final int MOST = 1_000;

  private final TrackingStore store;
  private final SagaEngine sagas;

  /**
   * @param store the tracked operations' store, or null for none (then only the watchdog's route)
   * @param sagas the saga engine whose watchdog's findings are served, or null for none
   */
  public TrackingRoutes(TrackingStore store, SagaEngine sagas) {
    this.store = store;
    this.sagas = sagas;
  }

  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    if (sagas != null) {
      routes.add(Route.read("/api/watchdog/findings", this::findings));
    }
    if (store != null) {
      routes.add(Route.read("/api/tracked/stalled", this::stalled));
      routes.add(Route.read("/api/tracked", this::byCorrelation));
      routes.add(Route.read("/api/tracked/{operationId}", this::snapshot));
      routes.add(Route.read("/api/tracked/{operationId}/timeline", this::timeline));
    }
    return routes;
  }

  private void findings(Context ctx) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode list = answer.putArray("findings");
    for (WatchdogFinding finding : sagas.watchdog().findings()) {
      ObjectNode node = list.addObject();
      node.put("sagaId", finding.sagaId().orElse(null));
      node.put("detector", finding.detector().name());
      node.put("level", finding.level().name());
      node.put("since", finding.since().toString());
      node.put("message", finding.message());
    }
    answer.put("circuit", sagas.watchdog().circuit().name());
    ApiJson.answer(ctx, 200, answer);
  }

  private void stalled(Context ctx) {
    Duration olderThan = duration(ctx.queryParam("olderThan"), Duration.ofSeconds(60));
    int limit = limit(ctx);
    ApiJson.answer(ctx, 200, operations(store.findStalled(olderThan, limit), "olderThan", olderThan.toString()));
  }

  private void byCorrelation(Context ctx) {
    String correlation = ctx.queryParam("correlation");
    if (correlation == null || correlation.isBlank()) {
      throw ApiProblem.badRequest("'correlation' is required: GET /api/tracked?correlation=<id>"
          + " (or /api/tracked/stalled, /api/tracked/<operation id>)");
    }
    ApiJson.answer(ctx, 200, operations(store.byCorrelation(correlation), "correlation", correlation));
  }

  private void snapshot(Context ctx) {
    TrackedOperation operation = existing(ctx);
    ObjectNode answer = operation(operation);
    ArrayNode children = answer.putArray("children");
    store.children(operation.id()).forEach(child -> children.add(operation(child)));
    ApiJson.answer(ctx, 200, answer);
  }

  private void timeline(Context ctx) {
    TrackedOperation operation = existing(ctx);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("operationId", operation.id());
    ArrayNode events = answer.putArray("events");
    for (TrackingEvent event : store.events(operation.id())) {
      ObjectNode node = events.addObject();
      node.put("id", event.id());
      node.put("occurredAt", event.occurredAt().toString());
      node.put("kind", event.kind());
      node.put("message", event.message());
      node.put("data", event.dataJson());
    }
    ApiJson.answer(ctx, 200, answer);
  }

  private TrackedOperation existing(Context ctx) {
    String id = ctx.pathParam("operationId");
    return store.find(id).orElseThrow(() -> ApiProblem.notFound("operation", id));
  }

  private static ObjectNode operations(List<TrackedOperation> found, String by, String value) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put(by, value);
    ArrayNode list = answer.putArray("operations");
    found.forEach(operation -> list.add(operation(operation)));
    return answer;
  }

  static ObjectNode operation(TrackedOperation operation) {
    ObjectNode node = ApiJson.MAPPER.createObjectNode();
    node.put("id", operation.id());
    node.put("name", operation.name());
    node.put("status", operation.status().name());
    node.put("startedAt", operation.startedAt().toString());
    node.put("updatedAt", operation.updatedAt().toString());
    node.put("completedAt", operation.completedAt() == null ? null : operation.completedAt().toString());
    if (operation.percent() == null) {
      node.putNull("percent");
    } else {
      node.put("percent", operation.percent());
    }
    node.put("message", operation.message());
    node.put("correlationId", operation.correlationId());
    node.put("parentId", operation.parentId());
    node.set("tags", ApiJson.MAPPER.valueToTree(operation.tags()));
    return node;
  }

  private static Duration duration(String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration parsed = Duration.parse(value);
      if (parsed.isNegative()) {
        throw ApiProblem.badRequest("'olderThan' must not be negative, was " + value);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("'olderThan' must be an ISO-8601 duration such as PT60S, was '" + value + "'");
    }
  }

  private static int limit(Context ctx) {
    String value = ctx.queryParam("limit");
    if (value == null || value.isBlank()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit < 1 || limit > MOST) {
        throw ApiProblem.badRequest("'limit' must be within 1.." + MOST + ", was " + limit);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("'limit' must be a whole number, was '" + value + "'");
    }
  }
}
