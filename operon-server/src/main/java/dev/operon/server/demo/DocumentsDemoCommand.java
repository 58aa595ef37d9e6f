package dev.operon.server.demo;

import com.example.shopping.ShoppingList;
import com.example.shopping.ShoppingLists;
import com.example.shopping.Shopper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.operon.documents.Action;
import dev.operon.documents.DocumentSync;
import dev.operon.documents.Documents;
import dev.operon.documents.Operation;
import dev.operon.documents.OperationStore;
import dev.operon.documents.OperationStores;
import dev.operon.documents.SyncChannel;
import dev.operon.documents.SyncResult;
import dev.operon.error.OperonException;
import dev.operon.spi.Backend;
import dev.operon.spi.Backends;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code operon demo documents}: the example shopping list (examples/) edited by two people on two
 * stores at once, each change signed; one undoes a change; a sync merges the concurrent edits and
 * both stores end with the same hashes; an operation changed after it was signed is refused.
 */
@Command(name = "documents", mixinStandardHelpOptions = true,
    description = {
        "The example shopping list (examples/) edited by Alice and Bob on two stores at once, every change"
            + " signed with its author's key. Bob undoes one of his changes; a sync merges the concurrent edits"
            + " and prints both stores' hashes, which must be equal; then an operation whose input was changed"
            + " after signing arrives through a sync and must be refused. Exit status 1 if the stores do not"
            + " converge or the changed operation is accepted.",
    },
    footer = {
        "",
        "Examples:",
        "  operon demo documents",
        "  operon demo documents --json",
        "  operon demo documents --store-b postgres://127.0.0.1:5432/test",
    })
public final class DocumentsDemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--store-a", paramLabel = "URL", defaultValue = "sqlite:./operon-data/documents-alice.db",
      description = "Alice's store: sqlite:PATH, postgres://HOST:PORT/DB or memory (default: ${DEFAULT-VALUE}).")
  String storeA;

  @Option(names = "--store-b", paramLabel = "URL", defaultValue = "sqlite:./operon-data/documents-bob.db",
      description = "Bob's store (default: ${DEFAULT-VALUE}).")
  String storeB;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout, no narration.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (String url : List.of(storeA, storeB)) {
      if (url.startsWith("sqlite:")) {
        Files.createDirectories(Path.of(url.substring("sqlite:".length())).toAbsolutePath().getParent());
      }
    }
    String list = "weekend-" + Long.toString(System.currentTimeMillis(), 36);
    Clock clock = Clock.systemUTC();
    try (Backend a = Backends.open(storeA); Backend b = Backends.open(storeB)) {
      OperationStore aliceStore = OperationStores.of(a);
      OperationStore bobStore = OperationStores.of(b);
      Shopper alice = new Shopper("Alice", Documents.builder().store(aliceStore).model(ShoppingLists.MODEL)
          .clock(clock).build(), clock);
      Shopper bob = new Shopper("Bob", Documents.builder().store(bobStore).model(ShoppingLists.MODEL)
          .clock(clock).build(), clock);
      alice.documents().create(list, ShoppingLists.TYPE, "Weekend");
      DocumentSync sync = new DocumentSync(alice.documents(), SyncChannel.of(bobStore));
      sync.sync(list);
      say(out, "Alice (" + storeA + ") created shopping list " + list + " and shared it with Bob (" + storeB + ").");

      alice.add(list, "milk", "milk", 2);
      bob.add(list, "eggs", "eggs", 12);
      alice.add(list, "bread", "bread", 1);
      bob.add(list, "jam", "jam", 1);
      Operation undo = bob.undo(list);
      alice.putInBasket(list, "milk");
      say(out, "Offline, each on their own store: Alice adds milk and bread and puts the milk in her basket;"
          + " Bob adds eggs and jam, then undoes the jam (a NOOP skipping " + undo.skip() + ").");
      say(out, "  Alice sees: " + describe(alice.list(list)));
      say(out, "  Bob sees:   " + describe(bob.list(list)));

      SyncResult merged = sync.sync(list);
      String hashA = alice.documents().hash(list, "global");
      String hashB = bob.documents().hash(list, "global");
      boolean converged = hashA.equals(hashB) && alice.list(list).equals(bob.list(list));
      say(out, "Sync: " + merged.merged() + " operations merged by timestamp and written to both stores.");
      say(out, "  Alice sees: " + describe(alice.list(list)));
      say(out, "  Bob sees:   " + describe(bob.list(list)));
      say(out, "  hashes: Alice " + hashA + ", Bob " + hashB + (hashA.equals(hashB) ? " (equal)" : " (DIFFERENT)"));

      bob.add(list, "coffee", "coffee", 1);
      String refusal = tamperedRefusal(alice, bobStore, list);
      say(out, "Bob adds 1 coffee; on its way to Alice, Mallory changes it to 20, keeping Bob's signature:");
      say(out, refusal == null ? "  ACCEPTED, which must not happen" : "  refused: " + refusal);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("document", list);
      summary.put("store_a", storeA);
      summary.put("store_b", storeB);
      summary.put("merged_operations", merged.merged());
      summary.put("hash_a", hashA);
      summary.put("hash_b", hashB);
      summary.put("converged", converged);
      summary.put("items", alice.list(list).items().size());
      summary.put("tampered_operation_refused", refusal != null);
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
      }
      out.flush();
      return converged && refusal != null ? 0 : 1;
    }
  }

  /** Bob's store as Mallory passes it on, his coffee changed to 20, synced into Alice's: the error, or null if accepted. */
  private static String tamperedRefusal(Shopper alice, OperationStore bobStore, String list) {
    OperationStore mallory = OperationStores.inMemory();
    mallory.create(bobStore.header(list).orElseThrow());
    List<Operation> copied = new ArrayList<>();
    for (Operation operation : bobStore.getSince(list, "global", "main", 0)) {
      Action action = operation.action();
      if (action.type().equals("ADD_ITEM") && action.input().path("id").asText().equals("coffee")) {
        var changed = action.input().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed).put("quantity", 20);
        action = new Action(action.id(), action.type(), action.scope(), changed, action.timestamp(), action.context(),
            action.version());
      }
      copied.add(new Operation(operation.id(), operation.index(), operation.skip(), operation.timestamp(),
          operation.hash(), operation.error(), action));
    }
    mallory.apply(list, "global", "main", 0, copied);
    try {
      new DocumentSync(alice.documents(), SyncChannel.of(mallory)).sync(list);
      return alice.list(list).items().stream().anyMatch(i -> i.name().equals("coffee")) ? null
          : "(nothing arrived)";
    } catch (OperonException e) {
      return e.getMessage();
    }
  }

  private static String describe(ShoppingList list) {
    List<String> items = new ArrayList<>();
    for (ShoppingList.Item item : list.items()) {
      items.add(item.quantity() + " " + item.name() + (item.inBasket() ? " (in basket)" : ""));
    }
    return items.isEmpty() ? "(empty)" : String.join(", ", items);
  }

  private void say(PrintWriter out, String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }
}
