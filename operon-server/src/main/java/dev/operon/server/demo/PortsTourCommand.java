package dev.operon.server.demo;

import dev.operon.id.IdGenerator;
import dev.operon.server.OpenBackends;
import dev.operon.server.PortOptions;
import dev.operon.server.PortUrls;
import dev.operon.server.VerboseOption;
import dev.operon.server.VersionCommand;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.BackendUrl;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code operon demo ports}: a narrated walk through the four storage ports on a real backend: it
 * writes and reads every port and reports what it measured.
 */
@Command(name = "ports",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
        "A narrated walk through Operon's storage that really writes and reads every port.",
        "Appends events with expected ids, shows a conflict refused, reads the global log,",
        "snapshots, publishes and consumes tasks, claims timers and sends a notification, on",
        "the embedded default (a SQLite file, in-process queue and notifier) or the backends",
        "you name."
    })
public final class PortsTourCommand implements Callable<Integer> {
  @Mixin PortOptions ports;
  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Narrator narrator = new Narrator(spec.commandLine().getOut());
    PortUrls urls = ports.urls();
    String runId = runId();
    narrator.plain("Operon demo (run " + runId + ")");
    narrator.plain("  store  " + BackendUrl.parse(urls.store()).redacted()
        + "   (events, snapshots, timers)");
    narrator.plain("  queue  " + urls.queue() + "   (tasks)");
    narrator.plain("  notify " + urls.notifier() + "   (wake-ups)");
    long start = System.nanoTime();
    BackendOptions options = BackendOptions.defaults().withPollInterval(Duration.ofMillis(200));
    try (OpenBackends backends = OpenBackends.open(urls, options)) {
      new EventStoreTour(backends.eventStore(), narrator, runId).run();
      new TaskQueueTour(backends.taskQueue(), narrator, runId).run();
      new TimerTour(backends.timerStore(), narrator, runId).run();
      new NotifierTour(backends.notifier(), narrator, runId).run();
    }
    printSummary(narrator, start);
    return 0;
  }

  private static void printSummary(Narrator narrator, long start) {
    narrator.plain("");
    narrator.plain(String.format(Locale.ROOT, "Summary (%.1f s, every figure measured in this run)",
        Narrator.millisSince(start) / 1000));
    narrator.summary().forEach(line -> narrator.plain("  - " + line));
    narrator.plain("");
    narrator.plain("Next:");
    narrator.plain("  ./operon doctor                                         checks the backends");
    narrator.plain("  ./operon demo ports --store postgres://127.0.0.1:5432/test   the same on PostgreSQL");
    narrator.plain("  ./operon demo                                           order sagas on the same ports");
    narrator.plain("  ./operon bench storage --store sqlite:operon-bench.db   measures a backend");
    narrator.plain("  ./operon test                                           runs every test");
  }

  private static String runId() {
    String id = IdGenerator.system().next().toLowerCase(Locale.ROOT);
    return id.substring(id.length() - 6);
  }
}
