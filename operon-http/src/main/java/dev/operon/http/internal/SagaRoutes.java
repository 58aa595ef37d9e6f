package dev.operon.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.HistoryEvent;
import dev.operon.saga.SagaDescription;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaHandle;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The saga routes: start (idempotent with a business id), list with filters and keyset page
 * tokens, describe, history (paged by event id), signal and cancel.
 */
public final class SagaRoutes {
  /** Events per history page unless {@code limit} says otherwise, and the most. */
  static final int HISTORY_PAGE = 200;
  static final int HISTORY_MAX = 1000;

  private final SagaEngine engine;
  private final SagaStream stream;

  /** @param stopping set once the server stops: live streams then end */
  public SagaRoutes(SagaEngine engine, java.util.concurrent.atomic.AtomicBoolean stopping) {
    this.engine = engine;
    this.stream = new SagaStream(engine, stopping);
  }

  public List<Route> routes() {
    return List.of(
        Route.act("/api/sagas", this::start),
        Route.read("/api/sagas", this::list),
        Route.read("/api/sagas/counts", ctx -> ApiJson.answer(ctx, 200, stream.counts(ctx.queryParam("type")))),
        Route.read("/api/sagas/stream", ctx -> stream.serve(ctx, query(ctx, List.of("state", "type", "limit")))),
        Route.read("/api/sagas/{sagaId}", this::describe),
        Route.read("/api/sagas/{sagaId}/history", this::history),
        Route.act("/api/sagas/{sagaId}/signals/{name}", this::signal),
        Route.act("/api/sagas/{sagaId}/cancel", this::cancel),
        Route.act("/api/sagas/{sagaId}/updates/{name}", this::update),
        Route.read("/api/sagas/{sagaId}/queries/{name}", this::query));
  }

  private void start(Context ctx) throws Exception {
    ObjectNode body = ApiJson.objectBody(ctx);
    JsonNode type = body.get("workflowType");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw ApiProblem.badRequest("'workflowType' must name a registered workflow, as a string");
    }
    JsonNode businessId = body.get("businessId");
    if (businessId != null && !businessId.isNull() && !businessId.isTextual()) {
      throw ApiProblem.badRequest("'businessId' must be a string or absent");
    }
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("workflowType", "input", "businessId").contains(name)) {
        throw ApiProblem.badRequest("Unknown field '" + name + "': a start takes workflowType, input and businessId");
      }
    }
    String id = businessId == null || businessId.isNull() ? null : businessId.asText();
    SagaHandle<Object> handle = engine.start(type.asText(), body.get("input"), id);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("sagaId", handle.id());
    answer.put("workflowType", type.asText());
    ctx.header("Location", ctx.contextPath() + "/api/sagas/" + handle.id());
    ApiJson.answer(ctx, 201, answer);
  }

  private void list(Context ctx) {
    SagaPage page = engine.list(query(ctx, List.of("state", "type", "startedFrom", "startedBefore", "limit", "cursor",
        "blocked")));
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode sagas = answer.putArray("sagas");
    for (SagaSummary saga : page.sagas()) {
      sagas.add(ApiJson.summary(saga));
    }
    answer.put("nextCursor", page.nextPageToken().orElse(null));
    ApiJson.answer(ctx, 200, answer);
  }

  /** The query the parameters of {@code ctx} ask for; 400 for a parameter not in {@code allowed}. */
  private static SagaQuery query(Context ctx, List<String> allowed) {
    SagaQuery query = SagaQuery.all();
    List<String> states = ctx.queryParams("state");
    if (!states.isEmpty()) {
      List<SagaState> parsed = new ArrayList<>();
      for (String value : states) {
        for (String one : value.split(",")) {
          parsed.add(Params.state(one));
        }
      }
      query = query.states(parsed.toArray(SagaState[]::new));
    }
    String type = ctx.queryParam("type");
    if (type != null && !type.isBlank()) {
      query = query.workflowType(type);
    }
    Instant from = Params.instant("startedFrom", ctx.queryParam("startedFrom"));
    Instant before = Params.instant("startedBefore", ctx.queryParam("startedBefore"));
    if (from != null || before != null) {
      query = query.startedBetween(from, before);
    }
    query = query.limit(integer(ctx, "limit", SagaQuery.DEFAULT_LIMIT));
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !cursor.isBlank()) {
      query = query.pageToken(cursor);
    }
    if ("true".equals(ctx.queryParam("blocked"))) {
      query = query.blocked();
    }
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      String name = param.getKey();
      if (name.startsWith("attr.")) {
        query = query.searchAttribute(name.substring("attr.".length()), param.getValue().get(0));
      } else if (!allowed.contains(name)) {
        throw ApiProblem.badRequest("Unknown query parameter '" + name + "': this route takes "
            + String.join(", ", allowed) + " and attr.<name>");
      }
    }
    return query;
  }

  private void describe(Context ctx) {
    ApiJson.answer(ctx, 200, ApiJson.description(existing(ctx)));
  }

  private void history(Context ctx) {
    SagaDescription saga = existing(ctx);
    long after = integer(ctx, "after", 0);
    int limit = integer(ctx, "limit", HISTORY_PAGE);
    if (after < 0) {
      throw ApiProblem.badRequest("'after' must be an event id >= 0, was " + after);
    }
    if (limit < 1 || limit > HISTORY_MAX) {
      throw ApiProblem.badRequest("'limit' must be within 1.." + HISTORY_MAX + ", was " + limit);
    }
    List<HistoryEvent> events = saga.history();
    int from = (int) Math.min(after, events.size());
    int to = Math.min(events.size(), from + limit);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("sagaId", saga.sagaId());
    ArrayNode list = answer.putArray("events");
    for (HistoryEvent event : events.subList(from, to)) {
      list.add(ApiJson.event(event));
    }
    answer.put("nextAfter", to < events.size() ? Long.valueOf(to) : null);
    ApiJson.answer(ctx, 200, answer);
  }

  private void signal(Context ctx) throws Exception {
    String sagaId = requireExisting(ctx);
    String name = ctx.pathParam("name");
    JsonNode payload = ApiJson.body(ctx);
    engine.signal(sagaId, name, payload.isNull() ? null : payload);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("sagaId", sagaId);
    answer.put("signal", name);
    ApiJson.answer(ctx, 202, answer);
  }

  /** Sends an update and waits for its result (up to {@code timeout}, default 30 s, at most 5 min). */
  private void update(Context ctx) throws Exception {
    String sagaId = requireExisting(ctx);
    String name = ctx.pathParam("name");
    JsonNode argument = ApiJson.body(ctx);
    java.time.Duration timeout = Params.duration("timeout", ctx.queryParam("timeout"), java.time.Duration.ofSeconds(30),
        java.time.Duration.ofMinutes(5));
    JsonNode result = engine.update(sagaId, name, argument.isNull() ? null : argument, JsonNode.class, timeout);
    answerResult(ctx, sagaId, "update", name, result);
  }

  /** Answers a query from the saga's state (writes nothing). */
  private void query(Context ctx) {
    String sagaId = requireExisting(ctx);
    String name = ctx.pathParam("name");
    answerResult(ctx, sagaId, "query", name, engine.query(sagaId, name, JsonNode.class));
  }

  /** Answers {@code {"sagaId", <kind>: name, "result"}}: what an update or a query handler returned. */
  private static void answerResult(Context ctx, String sagaId, String kind, String name, JsonNode result) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("sagaId", sagaId);
    answer.put(kind, name);
    answer.set("result", result);
    ApiJson.answer(ctx, 200, answer);
  }

  private void cancel(Context ctx) {
    String sagaId = requireExisting(ctx);
    boolean requested = engine.cancel(sagaId);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("sagaId", sagaId);
    answer.put("cancelRequested", requested);
    ApiJson.answer(ctx, 200, answer);
  }

  private SagaDescription existing(Context ctx) {
    return engine.describe(requireExisting(ctx));
  }

  private String requireExisting(Context ctx) {
    String sagaId = ctx.pathParam("sagaId");
    if (!engine.exists(sagaId)) {
      throw ApiProblem.notFound("saga", sagaId);
    }
    return sagaId;
  }

  private static int integer(Context ctx, String name, int fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("'" + name + "' must be a whole number, was '" + value + "'");
    }
  }
}
