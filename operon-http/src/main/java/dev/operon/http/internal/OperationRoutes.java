package dev.operon.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.commands.EventLogEntry;
import dev.operon.commands.LoggedOperation;
import dev.operon.commands.OperationLogView;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The operation log and the event log (outbox) of the server's store: the log tailed by index, the
 * outbox's backlog and age, its events by state (keyset cursor on due time and id), and a
 * discarded event re-queued. Commands are shown as the JSON they were stored as: the server needs
 * none of the command classes.
 */
public final class OperationRoutes {
  private final OperationLogView view;

  public OperationRoutes(OperationLogView view) {
    this.view = view;
  }

  public List<Route> routes() {
    return List.of(
        Route.read("/api/operations", this::operations),
        Route.read("/api/outbox", this::outbox),
        Route.read("/api/outbox/events", this::events),
        Route.act("/api/outbox/events/{eventId}/requeue", this::requeue));
  }

  private void operations(Context ctx) {
    int limit = limit(ctx);
    long newest = view.newestIndex();
    String afterParam = ctx.queryParam("after");
    long after = afterParam == null || afterParam.isBlank() ? Math.max(0, newest - limit)
        : DocumentJson.number("after", afterParam, 0);
    List<LoggedOperation> found = view.after(after, limit);
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("newestIndex", newest);
    ArrayNode list = answer.putArray("operations");
    for (LoggedOperation operation : found) {
      ObjectNode node = list.addObject();
      node.put("index", operation.index());
      node.put("id", operation.id());
      node.put("hostId", operation.hostId());
      node.put("loggedAt", operation.loggedAt().toString());
      node.put("commandType", operation.commandType());
      node.set("command", parsed(operation.commandJson()));
      node.set("items", parsed(operation.itemsJson()));
      node.set("nested", parsed(operation.nestedJson()));
    }
    answer.put("next", String.valueOf(found.isEmpty() ? after : found.get(found.size() - 1).index()));
    ApiJson.answer(ctx, 200, answer);
  }

  private void outbox(Context ctx) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("backlog", view.events().backlog());
    Duration age = view.events().oldestNewAge().orElse(null);
    if (age == null) {
      answer.putNull("oldestNewAgeMillis");
    } else {
      answer.put("oldestNewAgeMillis", age.toMillis());
    }
    ArrayNode discarded = answer.putArray("discarded");
    view.eventsIn("DISCARDED", null, 10).forEach(entry -> discarded.add(event(entry)));
    ApiJson.answer(ctx, 200, answer);
  }

  private void events(Context ctx) {
    String state = DocumentJson.required("state", ctx.queryParam("state"));
    int limit = limit(ctx);
    EventLogEntry after = cursor(ctx.queryParam("cursor"));
    List<EventLogEntry> found;
    try {
      found = view.eventsIn(state, after, limit);
    } catch (dev.operon.error.OperonException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode list = answer.putArray("events");
    found.forEach(entry -> list.add(event(entry)));
    answer.put("next", found.size() < limit ? null : cursorOf(found.get(found.size() - 1)));
    ApiJson.answer(ctx, 200, answer);
  }

  private void requeue(Context ctx) {
    String id = ctx.pathParam("eventId");
    if (!view.events().requeue(id)) {
      throw new ApiProblem(404, "Not found", "No discarded event has the id '" + id + "' (only a discarded event"
          + " can be re-queued)", Map.of("event", id));
    }
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("eventId", id);
    answer.put("requeued", true);
    ApiJson.answer(ctx, 200, answer);
  }

  static ObjectNode event(EventLogEntry entry) {
    ObjectNode node = ApiJson.MAPPER.createObjectNode();
    node.put("id", entry.id());
    node.put("state", entry.state());
    node.put("attempts", entry.attempts());
    node.put("loggedAt", entry.loggedAt().toString());
    node.put("delayUntil", entry.delayUntil().toString());
    node.put("valueType", entry.valueType());
    node.put("lastError", entry.lastError());
    return node;
  }

  /** A page's cursor: the last entry's due time and id, Base64url. */
  private static String cursorOf(EventLogEntry last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((last.delayUntil() + " " + last.id())
        .getBytes(StandardCharsets.UTF_8));
  }

  private static EventLogEntry cursor(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int space = text.indexOf(' ');
      return new EventLogEntry(text.substring(space + 1), null, 0, null, Instant.parse(text.substring(0, space)),
          null, null);
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("'cursor' is not one this server gave out; start again without it");
    }
  }

  private static JsonNode parsed(String json) {
    if (json == null) {
      return ApiJson.MAPPER.nullNode();
    }
    try {
      return ApiJson.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      return ApiJson.MAPPER.getNodeFactory().textNode(json);
    }
  }

  private static int limit(Context ctx) {
    long limit = DocumentJson.number("limit", ctx.queryParam("limit"), 100);
    if (limit < 1 || limit > OperationLogView.MOST) {
      throw ApiProblem.badRequest("'limit' must be within 1.." + OperationLogView.MOST + ", was " + limit);
    }
    return (int) limit;
  }
}
