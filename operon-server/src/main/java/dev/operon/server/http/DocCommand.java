package dev.operon.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code operon doc ...}: documents on a running {@code operon server}. */
@Command(name = "doc", description = "Shows documents of a running 'operon server': one, or a scope's history.",
    subcommands = {DocCommand.Show.class, DocCommand.History.class})
public final class DocCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Command(name = "show", description = "A document: its type and each scope's revision and state hash.")
  static final class Show implements Callable<Integer> {
    @Mixin ApiCall api;

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID") String id;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode answer = api.call("GET", "/api/documents/" + path(id), null);
      return ApiCall.print(spec, answer, json, out -> {
        out.printf(Locale.ROOT, "%s  %s (model %d)  '%s'  created %s%n", answer.path("id").asText(),
            answer.path("documentType").asText(), answer.path("modelVersion").asInt(), answer.path("name").asText(),
            answer.path("createdAt").asText());
        answer.path("scopes").forEach(scope -> out.printf(Locale.ROOT, "  %-10s revision %-5d hash %s%n",
            scope.path("name").asText(), scope.path("revision").asInt(), scope.path("hash").asText()));
      });
    }
  }

  @Command(name = "history", description = "A scope's operations, and its state at a revision.")
  static final class History implements Callable<Integer> {
    @Mixin ApiCall api;

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID") String id;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "global",
        description = "The scope (default: ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--revision", paramLabel = "N", description = "Up to this revision (default: the latest).")
    Integer revision;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode answer = api.call("GET", "/api/documents/" + path(id) + "/history?scope="
          + URLEncoder.encode(scope, StandardCharsets.UTF_8) + (revision == null ? "" : "&revision=" + revision), null);
      return ApiCall.print(spec, answer, json, out -> {
        for (JsonNode operation : answer.path("operations")) {
          JsonNode action = operation.path("action");
          out.printf(Locale.ROOT, "%4d  %s  %-12s %s%s%s%n", operation.path("index").asInt(),
              operation.path("timestamp").asText(), action.path("type").asText(), action.path("input"),
              action.path("context").path("signatures").isEmpty() ? "" : "  signed",
              operation.path("error").isTextual() ? "  failed: " + operation.get("error").asText() : "");
        }
        out.printf(Locale.ROOT, "state at revision %d of %d: %s%n", answer.path("revision").asInt(),
            answer.path("latestRevision").asInt(), answer.path("state"));
      });
    }
  }
}
