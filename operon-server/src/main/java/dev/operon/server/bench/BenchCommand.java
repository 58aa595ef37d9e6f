package dev.operon.server.bench;

import dev.operon.server.VerboseOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code operon bench}: benchmarks that print their figures, as JSON if asked. */
@Command(name = "bench", description = "Measure storage backends, the saga engine and codecs.",
    subcommands = {BenchStorageCommand.class, BenchSagaCommand.class, BenchVisibilityCommand.class,
        BenchCodecsCommand.class, BenchCommandsCommand.class, BenchDocumentsCommand.class, BenchTrackingCommand.class,
        BenchServerCommand.class})
public final class BenchCommand implements Runnable {
  @Mixin VerboseOption verbose;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
