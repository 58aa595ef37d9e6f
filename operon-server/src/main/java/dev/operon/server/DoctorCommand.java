package dev.operon.server;

import dev.operon.spi.BackendOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code operon doctor}: connects to each configured backend and says whether it is usable. */
@Command(name = "doctor",
    description = {
        "Connect to the backend of each port, check its schema version, and print one line per"
            + " backend: ok, or what failed and what to do.",
        "Exit status 0 only if every backend is ok."
    })
public final class DoctorCommand implements Callable<Integer> {
  @Mixin PortOptions ports;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long to wait for each backend to answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = verbose.on() ? spec.commandLine().getErr() : null;
    BackendOptions options = BackendOptions.defaults().withPoolSize(2);
    List<BackendReport> reports;
    try (BackendChecker checker =
        new BackendChecker(options, Duration.ofSeconds(timeoutSeconds), err)) {
      reports = checker.checkAll(ports.urls());
    }
    reports.forEach(r -> out.println(r.line()));
    out.flush();
    return reports.stream().allMatch(BackendReport::ok) ? 0 : 1;
  }
}
