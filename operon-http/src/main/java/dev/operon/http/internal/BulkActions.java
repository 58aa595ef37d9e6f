package dev.operon.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.saga.SagaEngine;
import dev.operon.saga.SagaPage;
import dev.operon.saga.SagaQuery;
import dev.operon.saga.SagaState;
import dev.operon.saga.SagaSummary;
import dev.operon.tracking.AuditEvent;
import dev.operon.tracking.AuditLog;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk actions by filter: cancel or signal every saga a filter matches, or re-queue every
 * discarded event of the event log (of one value type). A dry run answers how many the filter
 * matches now; the real run must say that count back ({@code
 * expectedCount}) and is refused (409) if the filter matches another number by then, so nobody
 * acts on more sagas than they saw. It then runs in the background over the sagas matched when it
 * started, its progress readable at {@code /api/bulk/{bulkId}}, and, when it ends, it is written
 * to the audit log (if the server has one) with who ran it, the filter and the tallies.
 */
public final class BulkActions {
  /** The most sagas one bulk action may cover: a filter matching more must be narrowed. */
  static final int MOST = 100_000;
  private static final int PAGE = 1_000;
  private static final int ERRORS_KEPT = 10;
  private static final Set<String> FILTER_KEYS = Set.of("state", "type", "startedFrom", "startedBefore");
  private static final Set<String> BODY_KEYS = Set.of("action", "filter", "dryRun", "expectedCount", "signal");
  private static final Logger LOG = LoggerFactory.getLogger(BulkActions.class);

  private static final Set<String> REQUEUE_KEYS = Set.of("filter", "dryRun", "expectedCount");

  private final SagaEngine engine;
  private final dev.operon.commands.OperationLogView outbox;
  private final AuditLog audit;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  /**
   * @param engine the sagas cancelled or signalled, or null for none
   * @param outbox the event log whose discarded events are re-queued, or null for none
   * @param audit where finished bulk actions are recorded, or null
   */
  public BulkActions(SagaEngine engine, dev.operon.commands.OperationLogView outbox, AuditLog audit) {
    this.engine = engine;
    this.outbox = outbox;
    this.audit = audit;
  }

  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    if (engine != null) {
      routes.add(Route.act("/api/sagas/bulk", this::start));
    }
    if (outbox != null) {
      routes.add(Route.act("/api/outbox/requeue", this::startRequeue));
    }
    routes.add(Route.read("/api/bulk/{bulkId}", this::progress));
    return routes;
  }

  /** One bulk action: what, on which sagas, how far. */
  private static final class Run {
    final String id;
    final String target;
    final String action;
    final JsonNode filter;
    final String by;
    final int total;
    volatile int done;
    volatile int skipped;
    volatile int failed;
    volatile boolean finished;
    final List<String> errors = new ArrayList<>();

    Run(String id, String target, String action, JsonNode filter, String by, int total) {
      this.id = id;
      this.target = target;
      this.action = action;
      this.filter = filter;
      this.by = by;
      this.total = total;
    }

    synchronized ObjectNode json() {
      ObjectNode node = ApiJson.MAPPER.createObjectNode();
      node.put("bulkId", id);
      node.put("action", action);
      node.set("filter", filter);
      node.put("by", by);
      node.put("total", total);
      node.put("done", done);
      node.put("skipped", skipped);
      node.put("failed", failed);
      node.put("state", finished ? "DONE" : "RUNNING");
      ArrayNode list = node.putArray("errors");
      errors.forEach(list::add);
      return node;
    }
  }

  private void start(Context ctx) throws Exception {
    ObjectNode body = knownFields(ApiJson.objectBody(ctx), BODY_KEYS, "a bulk action");
    String action = body.path("action").asText("");
    if (!action.equals("cancel") && !action.equals("signal")) {
      throw ApiProblem.badRequest("'action' must be \"cancel\" or \"signal\", was " + body.get("action"));
    }
    String signalName = null;
    JsonNode payload = null;
    if (action.equals("signal")) {
      JsonNode signal = body.path("signal");
      if (!signal.path("name").isTextual() || signal.path("name").asText().isBlank()) {
        throw ApiProblem.badRequest("A bulk signal needs 'signal': {\"name\": ..., \"payload\": ...}");
      }
      signalName = signal.get("name").asText();
      payload = signal.get("payload");
    }
    JsonNode filter = body.path("filter");
    if (!filter.isObject()) {
      throw ApiProblem.badRequest("'filter' must be an object with any of " + FILTER_KEYS + " (an empty one matches every saga)");
    }
    List<String> ids = matching(query(filter));
    String name = signalName;
    JsonNode signalPayload = payload == null || payload.isNull() ? null : payload;
    confirmAndRun(ctx, body, "saga", action, filter, ids, "sagas", id -> {
      if (action.equals("cancel")) {
        return engine.cancel(id);
      }
      engine.signal(id, name, signalPayload);
      return true;
    });
  }

  /** Re-queues every discarded event of the event log (of one value type, with {@code filter.valueType}). */
  private void startRequeue(Context ctx) throws Exception {
    ObjectNode body = knownFields(ApiJson.objectBody(ctx), REQUEUE_KEYS, "a bulk re-queue");
    JsonNode filter = body.path("filter");
    if (filter.isMissingNode() || filter.isNull()) {
      filter = ApiJson.MAPPER.createObjectNode();
    }
    if (!filter.isObject()) {
      throw ApiProblem.badRequest("'filter' must be an object: {} or {\"valueType\": ...}");
    }
    filter.fieldNames().forEachRemaining(name -> {
      if (!name.equals("valueType")) {
        throw ApiProblem.badRequest("Unknown filter field '" + name + "': a re-queue filter takes valueType");
      }
    });
    String valueType = filter.path("valueType").isTextual() ? filter.get("valueType").asText() : null;
    confirmAndRun(ctx, body, "outbox", "requeue", filter, discarded(valueType), "discarded events",
        id -> outbox.events().requeue(id));
  }

  /** {@code body}, if each of its fields is one of {@code keys}; else a 400 naming the first that is not. */
  private static ObjectNode knownFields(ObjectNode body, Set<String> keys, String what) {
    body.fieldNames().forEachRemaining(name -> {
      if (!keys.contains(name)) {
        throw ApiProblem.badRequest("Unknown field '" + name + "': " + what + " takes " + keys);
      }
    });
    return body;
  }

  /**
   * Answers a dry run with the count of {@code ids}; otherwise checks the confirmed count and acts on
   * each id in the background ({@code act} returns false for one skipped).
   */
  private void confirmAndRun(Context ctx, ObjectNode body, String target, String action, JsonNode filter,
      List<String> ids, String what, java.util.function.Predicate<String> act) {
    if (!body.path("dryRun").isBoolean()) {
      throw ApiProblem.badRequest("'dryRun' must be true (count first) or false (act), was " + body.get("dryRun"));
    }
    ObjectNode answer = ApiJson.MAPPER.createObjectNode();
    if (body.get("dryRun").asBoolean()) {
      answer.put("dryRun", true);
      answer.put("count", ids.size());
      ApiJson.answer(ctx, 200, answer);
      return;
    }
    JsonNode expected = body.get("expectedCount");
    if (expected == null || !expected.canConvertToInt()) {
      throw ApiProblem.badRequest("A bulk action that acts needs 'expectedCount': the count its dry run answered");
    }
    if (expected.asInt() != ids.size()) {
      throw new ApiProblem(409, "Conflict", "The filter now matches " + ids.size() + " " + what + ", not "
          + expected.asInt() + ": run the dry run again and confirm the new count");
    }
    Access.Caller caller = ctx.attribute(Access.CALLER);
    String by = caller == null || caller.name() == null ? "local" : caller.name();
    Run run = new Run(UUID.randomUUID().toString(), target, action, filter, by, ids.size());
    runs.put(run.id, run);
    Thread.ofVirtual().name("operon-bulk-" + run.id).start(() -> execute(run, ids, act));
    answer.put("dryRun", false);
    answer.put("bulkId", run.id);
    answer.put("count", ids.size());
    ctx.header("Location", ctx.contextPath() + "/api/bulk/" + run.id);
    ApiJson.answer(ctx, 202, answer);
  }

  /** The ids of the discarded events (of {@code valueType}, if not null), earliest due first; 400 beyond {@value #MOST}. */
  private List<String> discarded(String valueType) {
    List<String> ids = new ArrayList<>();
    dev.operon.commands.EventLogEntry after = null;
    while (true) {
      List<dev.operon.commands.EventLogEntry> page = outbox.eventsIn("DISCARDED", after, PAGE);
      for (dev.operon.commands.EventLogEntry entry : page) {
        if (valueType == null || valueType.equals(entry.valueType())) {
          ids.add(entry.id());
        }
      }
      if (ids.size() > MOST) {
        throw ApiProblem.badRequest("More than " + MOST + " discarded events match: narrow the filter (valueType)");
      }
      if (page.size() < PAGE) {
        return ids;
      }
      after = page.get(page.size() - 1);
    }
  }

  private void progress(Context ctx) {
    Run run = runs.get(ctx.pathParam("bulkId"));
    if (run == null) {
      throw ApiProblem.notFound("bulk", ctx.pathParam("bulkId"));
    }
    ApiJson.answer(ctx, 200, run.json());
  }

  private void execute(Run run, List<String> ids, java.util.function.Predicate<String> act) {
    for (String id : ids) {
      try {
        boolean acted = act.test(id);
        synchronized (run) {
          if (acted) {
            run.done++;
          } else {
            run.skipped++;
          }
        }
      } catch (RuntimeException e) {
        synchronized (run) {
          run.failed++;
          if (run.errors.size() < ERRORS_KEPT) {
            run.errors.add(id + ": " + e.getMessage());
          }
        }
      }
    }
    // recorded before it shows as DONE, so whoever sees DONE finds it in the audit log
    record(run);
    run.finished = true;
  }

  private void record(Run run) {
    if (audit == null) {
      return;
    }
    try {
      audit.write(new AuditEvent(UUID.randomUUID().toString(), Clock.systemUTC().instant(), run.target + ".bulk." + run.action,
          "Bulk " + run.action + " by " + run.by + ": " + run.done + " done, " + run.skipped + " skipped, "
              + run.failed + " failed of " + run.total,
          run.failed == 0 ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.WARNING,
          List.of(new AuditEvent.Anchor("BulkAction", run.id, "Subject")),
          new AuditEvent.Actor("ApiToken", run.by, run.by), run.json().put("state", "DONE").toString(), null));
    } catch (RuntimeException e) {
      LOG.warn("Could not record bulk action {} in the audit log: {}", run.id, e.toString());
    }
  }

  /** The ids of every saga {@code query} matches, oldest start first; 400 beyond {@value #MOST}. */
  private List<String> matching(SagaQuery query) {
    List<String> ids = new ArrayList<>();
    SagaQuery page = query.limit(PAGE);
    while (true) {
      SagaPage found = engine.list(page);
      for (SagaSummary saga : found.sagas()) {
        ids.add(saga.sagaId());
      }
      if (ids.size() > MOST) {
        throw ApiProblem.badRequest("The filter matches more than " + MOST + " sagas: narrow it (state, type, time)");
      }
      if (found.nextPageToken().isEmpty()) {
        return ids;
      }
      page = page.pageToken(found.nextPageToken().get());
    }
  }

  private static SagaQuery query(JsonNode filter) {
    filter.fieldNames().forEachRemaining(name -> {
      if (!FILTER_KEYS.contains(name)) {
        throw ApiProblem.badRequest("Unknown filter field '" + name + "': a filter takes " + FILTER_KEYS);
      }
    });
    SagaQuery query = SagaQuery.all();
    JsonNode state = filter.path("state");
    if (!state.isMissingNode() && !state.isNull()) {
      List<SagaState> states = new ArrayList<>();
      for (JsonNode one : state.isArray() ? state : ApiJson.MAPPER.createArrayNode().add(state)) {
        states.add(Params.state(one.asText()));
      }
      query = query.states(states.toArray(SagaState[]::new));
    }
    if (filter.path("type").isTextual()) {
      query = query.workflowType(filter.get("type").asText());
    }
    Instant from = Params.instant("startedFrom", filter.path("startedFrom").asText(null));
    Instant before = Params.instant("startedBefore", filter.path("startedBefore").asText(null));
    if (from != null || before != null) {
      query = query.startedBetween(from, before);
    }
    return query;
  }
}
