package dev.operon.server.demo;

import dev.operon.server.orders.WorkerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A host of the example inventory service in a child process ({@code operon commands-host}), asked
 * for a stock on its stdin; it answers with the stock, how many times it read the database, and how
 * many stock-changed events it processed.
 */
public record CommandsHostProcess(Process process, BufferedReader answers, Writer questions) implements AutoCloseable {

  public record Answer(int stock, int computations, int events) {}

  public static CommandsHostProcess start(String store, String notify, Path log) throws IOException {
    return start(store, notify, log, "operon_", "inventory");
  }

  /** Host B on tables starting with {@code prefix}, its stock in {@code table}. */
  public static CommandsHostProcess start(String store, String notify, Path log, String prefix, String table)
      throws IOException {
    List<String> command = WorkerProcesses.javaCommand();
    command.addAll(List.of("commands-host", "--store", store, "--notify", notify, "--host", "host-b",
        "--prefix", prefix, "--table", table));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    BufferedReader answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    CommandsHostProcess host = new CommandsHostProcess(process, answers, new java.io.OutputStreamWriter(process.getOutputStream(),
        StandardCharsets.UTF_8));
    String line = answers.readLine();
    if (!CommandsHostCommand.READY.equals(line)) {
      host.close();
      throw new IOException("Host B did not start (it said: " + line + "); see " + log.toAbsolutePath());
    }
    return host;
  }

  public long pid() {
    return process.pid();
  }

  public Answer ask(String sku) throws IOException {
    return request("stock " + sku);
  }

  /** Has host B itself change the stock of {@code sku} (its own operation, completed before it answers). */
  public Answer adjust(String sku, int delta) throws IOException {
    return request("adjust " + sku + " " + delta);
  }

  private Answer request(String request) throws IOException {
    questions.write(request + "\n");
    questions.flush();
    String line = answers.readLine();
    String[] words = line == null ? new String[0] : line.split(" ");
    if (words.length != 5 || !words[0].equals("stock")) {
      throw new IOException("Host B answered '" + line + "'");
    }
    return new Answer(Integer.parseInt(words[2]), Integer.parseInt(words[3]), Integer.parseInt(words[4]));
  }

  @Override
  public void close() {
    try {
      questions.close();
    } catch (IOException e) {
      // it is going away anyway
    }
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
