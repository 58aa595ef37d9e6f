package dev.operon.server.orders;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Worker JVMs started with this JVM's java binary and class path (the shaded jar, or a test's
 * class path), each running {@code operon worker}. They never outlive this process: {@link #close()}
 * ends them, and a shutdown hook does if this process is stopped first.
 */
public final class WorkerProcesses implements AutoCloseable {
  /** The line a worker prints on stdout once its engine runs. */
  public static final String READY = "operon worker ready";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String MAIN_CLASS = "dev.operon.server.OperonCli";

  private final List<String> workerArgs;
  private final Path logDir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::destroyAll, "operon-demo-workers-shutdown");
  private int killed;
  private int replacements;

  private WorkerProcesses(List<String> workerArgs, Path logDir) {
    this.workerArgs = List.copyOf(workerArgs);
    this.logDir = logDir;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code count} workers with {@code workerArgs} (the {@code worker} command's options)
   * and waits until each says it is ready; stderr of worker i goes to {@code logDir/worker-i.log}.
   */
  public static WorkerProcesses start(int count, List<String> workerArgs, Path logDir) {
    WorkerProcesses workers = new WorkerProcesses(workerArgs, logDir);
    try {
      Files.createDirectories(logDir);
      workers.launchAndAwait(count);
      return workers;
    } catch (IOException | RuntimeException e) {
      workers.close();
      throw startFailure(e);
    }
  }

  private static OperonException startFailure(Exception e) {
    return e instanceof OperonException o ? o : OperonException.of(ErrorKind.CONFIGURATION,
        "Could not start the worker processes: " + e).cause(e).retryable(false).build();
  }

  /** Starts {@code count} more workers, numbered after those started before, and waits until each is ready. */
  private void launchAndAwait(int count) throws IOException {
    int first;
    synchronized (this) {
      first = processes.size();
      for (int i = 1; i <= count; i++) {
        launch(first + i);
      }
    }
    for (int i = first; i < first + count; i++) {
      awaitReady(i);
    }
  }

  private void launch(int index) throws IOException {
    List<String> command = javaCommand();
    command.add("worker");
    command.addAll(workerArgs);
    Path log = logDir.resolve("worker-" + index + ".log");
    logs.add(log);
    processes.add(new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start());
  }

  /** The command that starts this program in another JVM, with the same class path, before its arguments. */
  public static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    return command;
  }

  private static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    int java = Runtime.version().feature();
    if (java >= 22) {
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    if (java >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }

  private void awaitReady(int i) {
    Process process;
    synchronized (this) {
      process = processes.get(i);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(READY)) {
            Thread.ofVirtual().start(() -> drain(out));
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    boolean started;
    try {
      started = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      started = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started = false;
    } catch (java.util.concurrent.ExecutionException e) {
      started = false;
    }
    if (!started) {
      throw OperonException.of(ErrorKind.CONFIGURATION, "Worker process " + (i + 1) + " did not start within "
          + START_TIMEOUT.toSeconds() + " s (alive: " + process.isAlive() + "); see " + logs.get(i))
          .retryable(false).build();
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // a worker prints nothing after it is ready; keep its pipe from filling up
      }
    } catch (IOException ignored) {
      // the worker ended
    }
  }

  /** How many were killed by {@link #killOne()} and {@link #replaceAll()}. */
  public synchronized int killed() {
    return killed;
  }

  /** How many were started by {@link #replaceAll()} in place of killed ones. */
  public synchronized int replacements() {
    return replacements;
  }

  /** The live workers' process ids, in start order. */
  public synchronized List<Long> pids() {
    return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  /**
   * Kills the first live worker with SIGKILL ({@link Process#destroyForcibly()} on Linux): no
   * shutdown hook, no ack, no cleanup. Returns its pid, or -1 if none was alive.
   */
  public synchronized long killOne() {
    for (Process process : processes) {
      if (process.isAlive()) {
        process.destroyForcibly();
        awaitExit(process);
        killed++;
        return process.pid();
      }
    }
    return -1;
  }

  /**
   * Kills every live worker with SIGKILL, then starts as many fresh ones (which recover on start,
   * like any engine) and waits until they are ready. Returns the pids killed.
   */
  public List<Long> replaceAll() {
    List<Process> victims;
    synchronized (this) {
      victims = processes.stream().filter(Process::isAlive).toList();
      victims.forEach(Process::destroyForcibly);
      victims.forEach(WorkerProcesses::awaitExit);
      killed += victims.size();
      replacements += victims.size();
    }
    try {
      launchAndAwait(victims.size());
    } catch (IOException e) {
      throw startFailure(e);
    }
    return victims.stream().map(Process::pid).toList();
  }

  private static void awaitExit(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends every worker: SIGTERM, then SIGKILL for any still alive after 5 s. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private void destroyAll() {
    List<Process> all;
    synchronized (this) {
      all = List.copyOf(processes);
    }
    all.forEach(Process::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Process process : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
