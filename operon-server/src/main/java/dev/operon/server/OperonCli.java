package dev.operon.server;

import dev.operon.error.OperonException;
import dev.operon.server.bench.BenchCommand;
import dev.operon.server.demo.DemoCommand;
import dev.operon.server.demo.WorkerCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code operon} program: the root command and its error handling. */
@Command(
    name = "operon",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    versionProvider = VersionCommand.Provider.class,
    description = "Durable operations for Java: event streams, task queues, timers and change"
        + " notifications on SQLite, PostgreSQL, NATS and Redis.",
    footer = {
        "",
        "Backend URLs:",
        "  --store   sqlite:./operon-data/operon.db | memory: | postgres://host:5432/db?user=u",
        "  --queue   local | jdbc (the store's database) | nats://host:4222",
        "  --notify  local | poll | postgres (the store's) | redis://host:6379 | fs:DIR | nats://host:4222",
        "",
        "Examples:",
        "  operon demo",
        "  operon demo --sagas 500 --json",
        "  operon doctor --store postgres://127.0.0.1:5432/test --queue nats://127.0.0.1:4222"
            + " --notify redis://127.0.0.1:6379",
        "  operon bench storage --store sqlite:operon-bench.db --json",
        "  operon token add --role operator --name ci",
        "  operon server --port 7070",
        "  OPERON_TOKEN=... operon saga list --state PAUSED --json",
        "Exit status: 0 ok, 1 a check or benchmark failed, 2 bad input or an Operon error."
    },
    subcommands = {
        VersionCommand.class, DoctorCommand.class, DemoCommand.class, BenchCommand.class, WorkerCommand.class,
        dev.operon.server.http.ServerCommand.class, dev.operon.server.http.TokenCommand.class,
        dev.operon.server.http.SagaCommand.class, dev.operon.server.http.TrackedCommand.class,
        dev.operon.server.http.DocCommand.class, dev.operon.server.http.OpsCommand.class,
        dev.operon.server.demo.CommandsHostCommand.class, dev.operon.server.bench.OutboxReaderCommand.class,
        CommandLine.HelpCommand.class
    })
public final class OperonCli implements Runnable {
  /** Exit status of an {@link OperonException} or of bad command-line input. */
  public static final int ERROR_EXIT = 2;

  @Mixin VerboseOption verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the program and exits with its status. */
  public static void main(String[] args) {
    configureLogging(Arrays.asList(args).contains("--verbose"));
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the program with the given output streams; returns the exit status. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new OperonCli(), out, err, args);
  }

  /**
   * Runs picocli command {@code command} (this program or another entry point of Operon's, such as
   * {@code bench peers}) with the given output streams, reporting a failure as this program does;
   * returns the exit status.
   */
  public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine cli = new CommandLine(command);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, err, verbose));
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  private static int report(Exception e, PrintWriter err, boolean verbose) {
    if (e instanceof OperonException operon) {
      err.println("error: " + operon.getMessage());
    } else {
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return e instanceof OperonException ? ERROR_EXIT : 1;
  }

  /** Logs to stderr, warnings only unless {@code verbose}; call before any logger is made. */
  public static void configureLogging(boolean verbose) {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(key) == null) {
      System.setProperty(key, verbose ? "info" : "warn");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    String tracking = "org.slf4j.simpleLogger.log.operon.tracking";
    if (!verbose && System.getProperty(tracking) == null) {
      // the structured events of tracked operations (operation.failed, operation.stalled) are for the
      // application's log; the commands report what they found themselves
      System.setProperty(tracking, "error");
    }
    if (!verbose) {
      // client libraries that log through java.util.logging (the NATS client) stay quiet:
      // doctor and the other commands report failures themselves
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
  }
}
