package dev.operon.server.demo;

import dev.operon.server.DurationConverter;
import dev.operon.server.PortOptions;
import dev.operon.server.VerboseOption;
import dev.operon.server.VersionCommand;
import dev.operon.server.orders.DemoSettings;
import dev.operon.server.orders.DemoSettings.FateRates;
import dev.operon.server.orders.DemoSummary;
import dev.operon.server.orders.OrderDemo;
import dev.operon.server.orders.StallWatch;
import dev.operon.server.orders.WorkerPlan;
import dev.operon.spi.BackendUrl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon demo}: order-fulfilment sagas with injected faults, a live progress bar and a
 * summary; {@code operon demo ports} is the storage walk-through.
 */
@Command(name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
        "Runs N order-fulfilment sagas (reserve inventory -> charge payment -> durable sleep ->"
            + " approval signal with a timeout -> ship) with injected faults, so that some complete,"
            + " some are rolled back (LIFO compensation), some time out and some are cancelled"
            + " mid-way; then prints started, completed, compensated, cancelled, failed, lost and"
            + " duplicate steps (counted by the services themselves), p50/p99 latency and sagas per"
            + " second, and the sagas whose outcome is not the one their order's fate plans. With"
            + " --workers N the sagas run in N worker processes; --kill-worker-after kills one of them"
            + " with SIGKILL for good, --kill-all-workers-at kills all of them at each point and starts"
            + " fresh ones. The exit status is 1 if a saga was lost, ran a step twice or ended otherwise"
            + " than planned.",
    },
    footer = {
        "",
        "Examples:",
        "  operon demo",
        "  operon demo --sagas 500 --json",
        "  operon demo --store postgres://127.0.0.1:5432/test --queue nats://127.0.0.1:4222 \\",
        "              --workers 3 --kill-worker-after 2s",
        "  operon demo --store postgres://127.0.0.1:5432/test --queue nats://127.0.0.1:4222 \\",
        "              --workers 3 --kill-all-workers-at 1s,3s",
        "  operon demo ports          the storage walk-through",
        "  operon demo commands       the example inventory service on two hosts",
    },
    subcommands = {PortsTourCommand.class, CommandsDemoCommand.class, DocumentsDemoCommand.class})
public final class DemoCommand implements Callable<Integer> {
  @Mixin PortOptions ports;
  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Option(names = "--sagas", paramLabel = "N", defaultValue = "200", description = "Sagas to run (default: ${DEFAULT-VALUE}).")
  int sagas;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout, no progress.")
  boolean json;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
      description = "Worker processes to run the sagas (default: ${DEFAULT-VALUE}, this process runs them);"
          + " needs a shared queue (jdbc or nats://).")
  int workers;

  @Option(names = "--kill-worker-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Kill one worker process with SIGKILL this long after the first saga starts; the"
          + " others finish its sagas (needs --workers 2 or more).")
  Duration killWorkerAfter;

  @Option(names = "--kill-all-workers-at", paramLabel = "DURATION[,DURATION...]", split = ",",
      converter = DurationConverter.class,
      description = "At each of these times after the first saga starts, kill every worker process with"
          + " SIGKILL and start as many fresh ones, which recover on start (needs --workers 1 or more).")
  List<Duration> killAllWorkersAt;

  // 5 s like the queue's ack wait and the timer claim timeout of the demo's backends (OrderEngine),
  // so that a killed worker's attempts, like its tasks and timers, move within seconds
  @Option(names = "--attempt-lease", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "The activity attempt lease of the engines that run the sagas: a killed worker's attempts"
          + " run again within it (default: ${DEFAULT-VALUE}; the engine's own default is 30s).")
  Duration attemptLease;

  @Option(names = "--sleep", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationConverter.class,
      description = "The durable sleep of each saga (default: ${DEFAULT-VALUE}).")
  Duration sleep;

  @Option(names = "--approval-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "How long a saga waits for its approval (default: ${DEFAULT-VALUE}).")
  Duration approvalTimeout;

  @Option(names = "--activity-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long one activity attempt may run before it is retried (default: ${DEFAULT-VALUE}).")
  Duration activityTimeout;

  @Option(names = "--out-of-stock-rate", paramLabel = "RATE", defaultValue = "0.05",
      description = "Share of orders whose reservation fails: nothing to roll back, FAILED (default: ${DEFAULT-VALUE}).")
  double outOfStock;

  @Option(names = "--decline-rate", paramLabel = "RATE", defaultValue = "0.10",
      description = "Share of orders whose payment is declined: compensated (default: ${DEFAULT-VALUE}).")
  double declined;

  @Option(names = "--no-approval-rate", paramLabel = "RATE", defaultValue = "0.10",
      description = "Share of orders never approved: the signal times out, compensated (default: ${DEFAULT-VALUE}).")
  double notApproved;

  @Option(names = "--undeliverable-rate", paramLabel = "RATE", defaultValue = "0.05",
      description = "Share of orders whose shipping fails after approval: compensated (default: ${DEFAULT-VALUE}).")
  double undeliverable;

  @Option(names = "--cancel-rate", paramLabel = "RATE", defaultValue = "0.10",
      description = "Share of orders cancelled mid-way: cancelled (default: ${DEFAULT-VALUE}).")
  double cancelled;

  @Option(names = "--flaky-rate", paramLabel = "RATE", defaultValue = "0.10",
      description = "Share of orders with one step failing once, transiently: retried (default: ${DEFAULT-VALUE}).")
  double flaky;

  @Option(names = "--stall-threshold", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "Steps without progress this long are marked stalled and reported (default: ${DEFAULT-VALUE}).")
  Duration stallThreshold;

  @Option(names = "--hang", paramLabel = "DURATION", defaultValue = "6s", converter = DurationConverter.class,
      description = "One order's reservation hangs this long on its first attempt, to be seen stalling;"
          + " 0s for none (default: ${DEFAULT-VALUE}).")
  Duration hang;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the plan of faults (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--prefix", defaultValue = "demo_",
      description = "Table and stream prefix of the run's backends, apart from other applications'"
          + " (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() throws InterruptedException {
    DemoSettings settings = new DemoSettings(sagas,
        new FateRates(outOfStock, declined, notApproved, undeliverable, cancelled, flaky),
        sleep, approvalTimeout, activityTimeout,
        new WorkerPlan(workers, attemptLease, killWorkerAfter, killAllWorkersAt), seed, prefix);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String runId = OrderDemo.newRunId();
    if (!json) {
      out.printf("Order-fulfilment demo, run %s: %d sagas on %s, queue %s, %s%n", runId, sagas,
          BackendUrl.parse(ports.urls().store()).redacted(), ports.urls().queue(),
          workers == 0 ? "run in this process" : workers + " worker processes");
      out.flush();
    }
    Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "operon-demo-" + runId);
    DemoSummary summary = new OrderDemo(settings, ports.urls(), runId, json ? null : err, logDir)
        .stalls(new StallWatch(stallThreshold, hang)).run();
    if (json) {
      out.println(summary.toJson());
      out.flush();
    } else {
      summary.printTable(out);
      if (workers > 0) {
        out.println("Worker logs: " + logDir);
      }
      out.flush();
    }
    return summary.passed() ? 0 : 1;
  }
}
