package dev.operon.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live sagas for the dashboard: a server-sent event stream ({@code text/event-stream}) that sends
 * {@code event: sagas} with the first page of a query and the counts per state once at the start
 * and again whenever they changed (looked at every {@value #LOOK_MILLIS} ms), and a comment every
 * {@value #HEARTBEAT_MILLIS} ms otherwise, until the client goes away or the server stops. Counts
 * stop at {@value #COUNT_CAP} per state ("capped").
 */
final class SagaStream {
  static final long LOOK_MILLIS = 1_000;
  static final long HEARTBEAT_MILLIS = 15_000;
  static final int COUNT_CAP = 1_000;

  private final SagaEngine engine;
  private final AtomicBoolean stopping;

  SagaStream(SagaEngine engine, AtomicBoolean stopping) {
    this.engine = engine;
    this.stopping = stopping;
  }

  /** The number of sagas in each state (of workflow type {@code type}, if given). */
  ObjectNode counts(String type) {
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    ObjectNode counts = answer.putObject("counts");
    boolean capped = false;
    for (SagaState state : SagaState.values()) {
      SagaQuery query = SagaQuery.all().states(state).limit(COUNT_CAP);
      if (type != null && !type.isBlank()) {
        query = query.workflowType(type);
      }
      SagaPage page = engine.list(query);
      counts.put(state.name(), page.sagas().size());
      capped |= page.nextPageToken().isPresent();
    }
    answer.put("capped", capped);
    return answer;
  }

  /** Streams {@code query}'s first page and the counts until the client leaves or the server stops. */
  void serve(Context ctx, SagaQuery query) throws IOException, InterruptedException {
    HttpServletResponse response = ctx.res();
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    OutputStream out = response.getOutputStream();
    String type = query.workflowType().orElse(null);
    String last = null;
    long quietSince = System.nanoTime();
    try {
      while (!stopping.get()) {
        String payload = snapshot(query, type).toString();
        if (!payload.equals(last)) {
          send(out, "event: sagas\ndata: " + payload + "\n\n");
          last = payload;
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > HEARTBEAT_MILLIS * 1_000_000) {
          send(out, ": still here\n\n");
          quietSince = System.nanoTime();
        }
        Thread.sleep(LOOK_MILLIS);
      }
    } catch (IOException gone) {
      // the client closed the stream
    }
  }

  private ObjectNode snapshot(SagaQuery query, String type) {
    SagaPage page = engine.list(query);
    ObjectNode payload = ApiJson.MAPPER.createObjectNode();
    ArrayNode sagas = payload.putArray("sagas");
    for (SagaSummary saga : page.sagas()) {
      sagas.add(ApiJson.summary(saga));
    }
    payload.put("nextCursor", page.nextPageToken().orElse(null));
    ObjectNode counts = counts(type);
    payload.set("counts", counts.get("counts"));
    payload.set("capped", counts.get("capped"));
    return payload;
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
