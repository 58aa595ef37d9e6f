package dev.operon.server.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link CommandsMicroBenchmarks} in a forked JVM: 3 warm-up and 5 measured iterations of 1 s each. */
final class CommandsMicroRun {
  private CommandsMicroRun() {}

  /** The average ns per call of each benchmark, with its error (99.9%), by figure name. */
  static Map<String, Object> run(PrintWriter progress) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(CommandsMicroBenchmarks.class.getName() + ".")
        .forks(1)
        .threads(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xmx512m")
        .verbosity(VerboseMode.SILENT)
        .build();
    progress.println("  JMH: transient command, computed hit, invalidate + call (about 30 s)");
    progress.flush();
    Map<String, Object> figures = new LinkedHashMap<>();
    for (RunResult result : new Runner(options).run()) {
      String name = result.getParams().getBenchmark();
      String figure = switch (name.substring(name.lastIndexOf('.') + 1)) {
        case "transientCommand" -> "transient_ns_per_command";
        case "computedHit" -> "computed_hit_ns";
        case "invalidateAndCall" -> "invalidate_ns";
        default -> name;
      };
      double score = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      figures.put(figure, Math.round(score * 10) / 10.0);
      figures.put(figure + "_error", Double.isNaN(error) ? null : Math.round(error * 10) / 10.0);
      progress.printf("  %-28s %10.1f ns%n", figure, score);
      progress.flush();
    }
    return figures;
  }
}
