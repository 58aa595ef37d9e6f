package dev.operon.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code operon saga ...}: sagas on a running {@code operon server}, for scripts and people. */
@Command(name = "saga", description = "Starts, signals, cancels, describes and lists sagas on a running 'operon server'.",
    subcommands = {SagaCommand.Start.class, SagaCommand.Signal.class, SagaCommand.Cancel.class,
        SagaCommand.Describe.class, SagaCommand.ListSagas.class})
public final class SagaCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String path(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The options every subcommand has: the server, the token, --json. */
  abstract static class Call implements Callable<Integer> {
    @Mixin ApiCall api;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode answer = run();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(answer.toPrettyString());
      } else {
        print(answer, out);
      }
      out.flush();
      return 0;
    }

    abstract JsonNode run();

    abstract void print(JsonNode answer, PrintWriter out);
  }

  @Command(name = "start", description = "Starts a saga; prints its id. With --business-id, starting it again returns the same saga.")
  static final class Start extends Call {
    @Parameters(index = "0", paramLabel = "WORKFLOW_TYPE", description = "The workflow type, e.g. OrderSaga.")
    String type;

    @Option(names = "--input", paramLabel = "JSON", description = "The input as JSON.")
    String input;

    @Option(names = "--business-id", paramLabel = "ID", description = "The saga's id, making the start idempotent.")
    String businessId;

    @Override
    JsonNode run() {
      ObjectNode body = ApiCall.JSON.createObjectNode();
      body.put("workflowType", type);
      body.set("input", input == null ? ApiCall.JSON.nullNode() : ApiCall.json("--input", input));
      if (businessId != null) {
        body.put("businessId", businessId);
      }
      return api.call("POST", "/api/sagas", body);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(answer.path("sagaId").asText());
    }
  }

  @Command(name = "signal", description = "Sends a signal to a saga.")
  static final class Signal extends Call {
    @Parameters(index = "0", paramLabel = "SAGA_ID") String sagaId;
    @Parameters(index = "1", paramLabel = "NAME", description = "The signal's name, e.g. approve.") String name;

    @Option(names = "--payload", paramLabel = "JSON", description = "The signal's payload as JSON.")
    String payload;

    @Override
    JsonNode run() {
      return api.call("POST", "/api/sagas/" + path(sagaId) + "/signals/" + path(name),
          payload == null ? null : ApiCall.json("--payload", payload));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println("Signal '" + name + "' sent to saga " + sagaId);
    }
  }

  @Command(name = "cancel", description = "Asks a saga to cancel; its completed steps are compensated.")
  static final class Cancel extends Call {
    @Parameters(index = "0", paramLabel = "SAGA_ID") String sagaId;

    @Override
    JsonNode run() {
      return api.call("POST", "/api/sagas/" + path(sagaId) + "/cancel", null);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(answer.path("cancelRequested").asBoolean()
          ? "Saga " + sagaId + " is cancelling" : "Saga " + sagaId + " had already ended or was cancelling");
    }
  }

  @Command(name = "describe", description = "What a saga is doing and has done.")
  static final class Describe extends Call {
    @Parameters(index = "0", paramLabel = "SAGA_ID") String sagaId;

    @Override
    JsonNode run() {
      return api.call("GET", "/api/sagas/" + path(sagaId), null);
    }

    @Override
    void print(JsonNode saga, PrintWriter out) {
      out.printf(Locale.ROOT, "%s  %s  %s  (%d events, started %s)%n", saga.path("sagaId").asText(),
          saga.path("workflowType").asText(), saga.path("state").asText(), saga.path("events").asInt(),
          saga.path("startedAt").asText());
      if (!saga.path("pendingSteps").isEmpty()) {
        out.println("  pending steps: " + join(saga.path("pendingSteps")));
      }
      if (!saga.path("plannedCompensations").isEmpty()) {
        out.println("  would compensate: " + join(saga.path("plannedCompensations")));
      }
      if (!saga.path("failure").isNull() && !saga.path("failure").isMissingNode()) {
        out.println("  failure: " + saga.path("failure").path("kind").asText() + ": "
            + saga.path("failure").path("message").asText());
      }
      if (!saga.path("blocked").isNull() && !saga.path("blocked").isMissingNode()) {
        out.println("  blocked: " + saga.path("blocked").path("message").asText());
      }
    }

    private static String join(JsonNode array) {
      StringBuilder text = new StringBuilder();
      array.forEach(item -> text.append(text.isEmpty() ? "" : ", ").append(item.asText()));
      return text.toString();
    }
  }

  @Command(name = "list", description = "Lists sagas, oldest start first, one page at a time.")
  static final class ListSagas extends Call {
    @Option(names = "--state", paramLabel = "STATE", split = ",",
        description = "Only these states: RUNNING, PAUSED, COMPLETED, FAILED, COMPENSATING, CANCELLED.")
    List<String> states;

    @Option(names = "--type", paramLabel = "WORKFLOW_TYPE", description = "Only this workflow type.")
    String type;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Sagas per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "The page after the one that printed this cursor.")
    String cursor;

    @Override
    JsonNode run() {
      StringBuilder query = new StringBuilder("/api/sagas?limit=").append(limit);
      if (states != null) {
        states.forEach(s -> query.append("&state=").append(path(s)));
      }
      if (type != null) {
        query.append("&type=").append(path(type));
      }
      if (cursor != null) {
        query.append("&cursor=").append(path(cursor));
      }
      return api.call("GET", query.toString(), null);
    }

    @Override
    void print(JsonNode page, PrintWriter out) {
      for (JsonNode saga : page.path("sagas")) {
        out.printf(Locale.ROOT, "%-28s %-20s %-12s %s%n", saga.path("sagaId").asText(),
            saga.path("workflowType").asText(), saga.path("state").asText(), saga.path("startedAt").asText());
      }
      if (!page.path("nextCursor").isNull() && !page.path("nextCursor").isMissingNode()) {
        out.println("more: --cursor " + page.path("nextCursor").asText());
      }
    }
  }
}
