package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.queue.DeadLetter;
import dev.operon.queue.QueueStats;
import dev.operon.saga.SagaEngine;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The saga engine's queues: each one's depth, the age of its oldest task and its dead-letter
 * count, and its dead letters (a payload that is JSON is shown as JSON, any other in Base64).
 */
public final class QueueRoutes {
  private final SagaEngine engine;

  public QueueRoutes(SagaEngine engine) {
    this.engine = engine;
  }

  public List<Route> routes() {
    return List.of(
        Route.read("/api/queues", this::queues),
        Route.read("/api/queues/{queue}/dead-letters", this::deadLetters));
  }

  private void queues(Context ctx) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ArrayNode list = answer.putArray("queues");
    for (Map.Entry<String, QueueStats> queue : engine.queues().entrySet()) {
      ObjectNode node = list.addObject();
      node.put("name", queue.getKey());
      node.put("depth", queue.getValue().depth());
      if (queue.getValue().oldestAge().isPresent()) {
        node.put("oldestAgeMillis", queue.getValue().oldestAge().get().toMillis());
      } else {
        node.putNull("oldestAgeMillis");
      }
      node.put("deadLetters", queue.getValue().deadLetters());
    }
    ApiJson.answer(ctx, 200, answer);
  }

  private void deadLetters(Context ctx) {
    String queue = ctx.pathParam("queue");
    if (!engine.queues().containsKey(queue)) {
      throw ApiProblem.notFound("queue", queue);
    }
    long limit = DocumentJson.number("limit", ctx.queryParam("limit"), 100);
    if (limit < 1 || limit > 1_000) {
      throw ApiProblem.badRequest("'limit' must be within 1..1000, was " + limit);
    }
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    answer.put("queue", queue);
    ArrayNode list = answer.putArray("deadLetters");
    for (DeadLetter letter : engine.deadLetters(queue, (int) limit)) {
      ObjectNode node = list.addObject();
      node.put("id", letter.id());
      node.put("deliveries", letter.deliveries());
      node.put("reason", letter.reason());
      node.put("deadAt", letter.deadAt().toString());
      com.fasterxml.jackson.databind.JsonNode json = json(letter.payload());
      if (json != null) {
        node.set("payload", json);
      } else {
        node.put("payloadBase64", Base64.getEncoder().encodeToString(letter.payload()));
      }
    }
    ApiJson.answer(ctx, 200, answer);
  }

  /** {@code bytes} as JSON, or null if they are not JSON. */
  private static com.fasterxml.jackson.databind.JsonNode json(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode parsed = ApiJson.MAPPER.readTree(bytes);
      return parsed == null || parsed.isMissingNode() ? null : parsed;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
