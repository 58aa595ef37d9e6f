package dev.operon.server.bench;

import dev.operon.commands.Commander;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon bench-outbox-reader}: one event-log reader process of {@code bench commands}. Processes
 * the benchmark's events until its stdin ends, then prints how many it processed and, for each, when
 * its operation started and its latency ({@code start:latency}, microseconds). Not meant to be
 * started by hand.
 */
@Command(name = "bench-outbox-reader", hidden = true, description = "An event-log reader of bench commands.")
public final class OutboxReaderCommand implements Callable<Integer> {
  static final String READY = "outbox reader ready";

  @Spec CommandSpec spec;

  @Option(names = "--store", required = true) String store;

  @Option(names = "--prefix", required = true) String prefix;

  @Option(names = "--host", required = true) String host;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AtomicLong processed = new AtomicLong();
    ConcurrentLinkedQueue<String> latencies = new ConcurrentLinkedQueue<>();
    try (Backend backend = Backends.open(store, BackendOptions.defaults().withTablePrefix(prefix));
        Commander reader = Commander.builder().backend(backend).hostId(host).eventCheckPeriod(Duration.ofMillis(200))
            .onEvent(CommandsBenchmark.Sent.class, sent -> {
              latencies.add(sent.atMicros() + ":" + (CommandsBenchmark.micros(Instant.now()) - sent.atMicros()));
              processed.incrementAndGet();
            }).build()) {
      out.println(READY);
      out.flush();
      while (System.in.read() >= 0) {
        // runs until the benchmark closes this process's stdin
      }
    }
    StringBuilder line = new StringBuilder("latencies");
    for (String latency : latencies) {
      line.append(' ').append(latency);
    }
    out.println("processed " + processed.get());
    out.println(line);
    out.flush();
    return 0;
  }
}
