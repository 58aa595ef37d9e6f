package dev.operon.server.demo;

import dev.operon.saga.SagaEngine;
import dev.operon.server.DurationConverter;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortOptions;
import dev.operon.server.VerboseOption;
import dev.operon.server.orders.EffectLedger;
import dev.operon.server.orders.OrderEngine;
import dev.operon.server.orders.WorkerProcesses;
import dev.operon.spi.BackendOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon worker}: a saga engine with the demo's order saga and services, running until the
 * process is stopped or the process that started it ends. {@code operon demo --workers N} starts
 * these; they are not meant to be started by hand.
 */
@Command(name = "worker", hidden = true,
    description = "Runs the demo's order sagas from a shared store and queue until stopped.")
public final class WorkerCommand implements Callable<Integer> {
  @Mixin PortOptions ports;
  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Option(names = "--prefix", defaultValue = "demo_", description = "Table and stream prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--activity-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long one activity attempt may run (default: ${DEFAULT-VALUE}).")
  Duration activityTimeout;

  @Option(names = "--attempt-lease", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long a worker holds an activity attempt without renewing it (default: ${DEFAULT-VALUE}).")
  Duration attemptLease;

  @Option(names = "--loops", defaultValue = "2", description = "Worker loops per queue (default: ${DEFAULT-VALUE}).")
  int loops;

  @Override
  public Integer call() throws InterruptedException {
    BackendOptions options = OrderEngine.backendOptions(prefix);
    CountDownLatch stopped = new CountDownLatch(1);
    try (OpenBackends backends = OpenBackends.open(ports.urls(), options);
        EffectLedger ledger = EffectLedger.open(ports.urls().store(), options);
        SagaEngine engine = OrderEngine.build(backends, ledger, activityTimeout, attemptLease, loops)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "operon-worker-stop"));
      // a worker never outlives the process that started it, even one killed without a chance to stop it
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(stopped::countDown));
      PrintWriter out = spec.commandLine().getOut();
      out.println(WorkerProcesses.READY + " (pid " + ProcessHandle.current().pid() + ")");
      out.flush();
      stopped.await();
    }
    return 0;
  }
}
