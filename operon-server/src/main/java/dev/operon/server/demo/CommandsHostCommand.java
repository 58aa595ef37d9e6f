package dev.operon.server.demo;

import com.example.inventory.InventoryHost;
import dev.operon.spi.Backend;
import dev.operon.spi.BackendOptions;
import dev.operon.spi.Backends;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon commands-host}: one host of the example inventory service, answering on stdout the
 * requests {@code operon demo commands} makes on stdin ({@code stock SKU}, or {@code adjust SKU
 * DELTA}, answered with the new stock); ends when stdin ends.
 * Not meant to be started by hand.
 */
@Command(name = "commands-host", hidden = true, description = "One host of the commands demo, driven on stdin.")
public final class CommandsHostCommand implements Callable<Integer> {
  static final String READY = "commands host ready";

  @Spec CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "URL") String store;

  @Option(names = "--notify", required = true, paramLabel = "URL") String notify;

  @Option(names = "--host", required = true) String host;

  @Option(names = "--prefix", defaultValue = "operon_") String prefix;

  @Option(names = "--table", defaultValue = "inventory") String table;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AtomicInteger events = new AtomicInteger();
    try (Backend backend = Backends.open(store, BackendOptions.defaults().withTablePrefix(prefix));
        Backend signals = notify.equals(store) ? null : Backends.open(notify);
        InventoryHost inventory = new InventoryHost(host, backend,
            signals == null ? backend.notifier() : signals.notifier(), changed -> events.incrementAndGet(), table)) {
      out.println(READY);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 3 && words[0].equals("adjust")) {
          inventory.adjust(words[1], Integer.parseInt(words[2]));
          words = new String[] {"stock", words[1]};
        }
        if (words.length == 2 && words[0].equals("stock")) {
          int stock = inventory.stock(words[1]);
          out.println("stock " + words[1] + " " + stock + " " + inventory.computations() + " " + events.get());
        } else {
          out.println("unknown request: " + line);
        }
        out.flush();
      }
    }
    return 0;
  }
}
