package dev.operon.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operon.server.DurationConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code operon ops ...}: the operation log and the outbox of a running {@code operon server}'s store. */
@Command(name = "ops", description = "The operation log and the outbox of a running 'operon server': tail the log,"
    + " look at the outbox, re-queue a discarded event.",
    subcommands = {OpsCommand.Tail.class, OpsCommand.Outbox.class, OpsCommand.Requeue.class})
public final class OpsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "tail", description = "The last operations of the log; with --follow, then each new one as it is logged.")
  static final class Tail implements Callable<Integer> {
    @Mixin ApiCall api;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
        description = "How many of the last operations to show first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep going: show operations as they are logged (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
        description = "How often --follow asks the server (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--json", description = "Print each operation as the server's JSON, one per line.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode page = api.call("GET", "/api/operations?limit=" + limit, null);
      print(out, page);
      String next = page.path("next").asText();
      while (follow && !Thread.currentThread().isInterrupted()) {
        Thread.sleep(poll.toMillis());
        page = api.call("GET", "/api/operations?limit=1000&after=" + next, null);
        print(out, page);
        next = page.path("next").asText(next);
      }
      return 0;
    }

    private void print(PrintWriter out, JsonNode page) {
      for (JsonNode operation : page.path("operations")) {
        if (json) {
          out.println(operation.toString());
        } else {
          String type = operation.path("commandType").asText();
          out.printf(Locale.ROOT, "%8d  %s  %-14s %s %s%n", operation.path("index").asLong(),
              operation.path("loggedAt").asText(), operation.path("hostId").asText(),
              type.substring(type.lastIndexOf('.') + 1).replace('$', '.'), operation.path("command"));
        }
      }
      out.flush();
    }
  }

  @Command(name = "outbox", description = "The outbox: its backlog, the age of its oldest event, the discarded events.")
  static final class Outbox implements Callable<Integer> {
    @Mixin ApiCall api;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "At most N discarded events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the server's JSON answers.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode summary = api.call("GET", "/api/outbox", null);
      JsonNode discarded = api.call("GET", "/api/outbox/events?state=DISCARDED&limit=" + limit, null);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(summary.toPrettyString());
        out.println(discarded.toPrettyString());
      } else {
        JsonNode age = summary.path("oldestNewAgeMillis");
        out.printf(Locale.ROOT, "backlog %d%s%n", summary.path("backlog").asLong(),
            age.isNumber() ? ", oldest waiting " + age.asLong() / 1000.0 + " s" : "");
        JsonNode events = discarded.path("events");
        out.println(events.isEmpty() ? "no discarded event" : events.size() + " discarded:");
        for (JsonNode event : events) {
          out.printf(Locale.ROOT, "  %-36s %s  %d tries  %s%n", event.path("id").asText(),
              event.path("valueType").asText(), event.path("attempts").asInt(), event.path("lastError").asText(""));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "requeue", description = "Makes a discarded event New again, due now, its tries counted from zero.")
  static final class Requeue implements Callable<Integer> {
    @Mixin ApiCall api;

    @Parameters(index = "0", paramLabel = "EVENT_ID") String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      api.call("POST", "/api/outbox/events/" + DocCommand.path(id) + "/requeue", null);
      PrintWriter out = spec.commandLine().getOut();
      out.println("re-queued " + id);
      out.flush();
      return 0;
    }
  }
}
