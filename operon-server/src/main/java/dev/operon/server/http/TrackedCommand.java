package dev.operon.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.server.DurationConverter;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code operon tracked ...}: tracked operations on a running {@code operon server}. */
@Command(name = "tracked", description = "Shows tracked operations of a running 'operon server': the stalled ones, or one.",
    subcommands = {TrackedCommand.Stalled.class, TrackedCommand.Show.class})
public final class TrackedCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static void line(PrintWriter out, JsonNode operation, String indent) {
    String percent = operation.path("percent").isNumber() ? operation.get("percent").asInt() + "%" : "";
    out.printf(Locale.ROOT, "%s%-36s %-28s %-9s %4s  updated %s%s%n", indent, operation.path("id").asText(),
        operation.path("name").asText(), operation.path("status").asText(), percent,
        operation.path("updatedAt").asText(),
        operation.path("message").isTextual() ? "  " + operation.get("message").asText() : "");
  }

  @Command(name = "stalled", description = "Running operations with no progress for --older-than.")
  static final class Stalled implements Callable<Integer> {
    @Mixin ApiCall api;

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
        description = "No progress for at least this long (default: ${DEFAULT-VALUE}).")
    Duration olderThan;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode answer = api.call("GET", "/api/tracked/stalled?olderThan=" + olderThan + "&limit=" + limit, null);
      return ApiCall.print(spec, answer, json, out -> {
        if (answer.path("operations").isEmpty()) {
          out.println("No operation has gone " + olderThan.toSeconds() + " s without progress");
        } else {
          answer.path("operations").forEach(operation -> line(out, operation, ""));
        }
      });
    }
  }

  @Command(name = "show", description = "One tracked operation and its children.")
  static final class Show implements Callable<Integer> {
    @Mixin ApiCall api;

    @Parameters(index = "0", paramLabel = "OPERATION_ID") String id;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode answer = api.call("GET", "/api/tracked/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
          .replace("+", "%20"), null);
      return ApiCall.print(spec, answer, json, out -> {
        line(out, answer, "");
        answer.path("children").forEach(child -> line(out, child, "  "));
      });
    }
  }
}
