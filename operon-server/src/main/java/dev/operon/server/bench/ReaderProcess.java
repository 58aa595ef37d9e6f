package dev.operon.server.bench;

import dev.operon.server.orders.WorkerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An event-log reader of {@code bench commands} in a child process ({@link OutboxReaderCommand}). */
record ReaderProcess(Process process, BufferedReader out) {

  /** What a reader processed: how many events, and each one's start and latency in microseconds. */
  record Report(long processed, List<long[]> latencies) {}

  static ReaderProcess start(String store, String prefix, String host, Path log) throws IOException {
    List<String> command = WorkerProcesses.javaCommand();
    command.addAll(List.of("bench-outbox-reader", "--store", store, "--prefix", prefix, "--host", host));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!OutboxReaderCommand.READY.equals(line)) {
      process.destroyForcibly();
      throw new IOException("An event-log reader did not start (it said: " + line + "); see " + log.toAbsolutePath());
    }
    return new ReaderProcess(process, out);
  }

  /** Stops the reader and reads its report. */
  Report finish() throws IOException, InterruptedException {
    process.getOutputStream().close();
    long processed = -1;
    List<long[]> latencies = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("processed ")) {
        processed = Long.parseLong(line.substring("processed ".length()).trim());
      } else if (line.startsWith("latencies")) {
        for (String value : line.substring("latencies".length()).trim().split(" ")) {
          int colon = value.indexOf(':');
          if (colon > 0) {
            latencies.add(new long[] {Long.parseLong(value.substring(0, colon)),
                Long.parseLong(value.substring(colon + 1))});
          }
        }
      }
    }
    if (!process.waitFor(30, TimeUnit.SECONDS) || processed < 0) {
      process.destroyForcibly();
      throw new IOException("An event-log reader did not report how many events it processed");
    }
    return new Report(processed, latencies);
  }

  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
