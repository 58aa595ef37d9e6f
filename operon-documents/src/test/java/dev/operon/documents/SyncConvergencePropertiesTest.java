package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.RemoveTodo;
import dev.operon.documents.TodoModel.SetNote;
import dev.operon.documents.TodoModel.ToggleTodo;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Two stores edit one document concurrently and sync now and then: after a final sync both hold the
 * same operations (ids and hashes) in every scope, a fresh copy of each loads them with every hash
 * checked, and a second sync has nothing to do.
 */
class SyncConvergencePropertiesTest {

  /** One step: side A or B does something (or a sync runs), some milliseconds after the last one. */
  record Step(String side, String kind, int item, int millis) {}

  @Provide
  Arbitrary<List<Step>> sequences() {
    Arbitrary<Step> step = Combinators.combine(Arbitraries.of("A", "B"),
        Arbitraries.of("add", "add", "toggle", "remove", "note", "undo", "redo", "sync"),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3)).as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(50);
  }

  @Property(tries = 150)
  void concurrentEditsConvergeAfterASync(@ForAll("sequences") List<Step> steps) {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    OperationStore storeA = OperationStores.inMemory();
    OperationStore storeB = OperationStores.inMemory();
    Documents a = Documents.builder().store(storeA).model(TodoModel.MODEL).clock(clock).keyframeEvery(4).build();
    Documents b = Documents.builder().store(storeB).model(TodoModel.MODEL).clock(clock).keyframeEvery(4).build();
    a.create("doc", "todo-list", "shared");
    DocumentSync sync = new DocumentSync(a, SyncChannel.of(storeB));
    sync.sync("doc");

    for (Step step : steps) {
      clock.advance(Duration.ofMillis(step.millis()));
      if (step.kind().equals("sync")) {
        sync.sync("doc");
      } else {
        apply(step.side().equals("A") ? a : b, step);
      }
    }
    sync.sync("doc");

    for (String scope : List.of("global", "local")) {
      List<Operation> onA = storeA.getSince("doc", scope, "main", 0);
      List<Operation> onB = storeB.getSince("doc", scope, "main", 0);
      assertThat(onB).extracting(Operation::id).containsExactlyElementsOf(onA.stream().map(Operation::id).toList());
      assertThat(onB).extracting(Operation::hash)
          .containsExactlyElementsOf(onA.stream().map(Operation::hash).toList());
      assertThat(b.hash("doc", scope)).isEqualTo(a.hash("doc", scope));
      Documents freshA = Documents.builder().store(storeA).model(TodoModel.MODEL).clock(clock).build();
      Documents freshB = Documents.builder().store(storeB).model(TodoModel.MODEL).clock(clock).build();
      assertThat(freshB.hash("doc", scope)).isEqualTo(freshA.hash("doc", scope)).isEqualTo(a.hash("doc", scope));
    }
    assertThat(b.state("doc", GLOBAL)).isEqualTo(a.state("doc", GLOBAL));
    assertThat(sync.sync("doc")).isEqualTo(SyncResult.NOTHING);
  }

  private static void apply(Documents side, Step step) {
    String id = "t" + step.item();
    try {
      switch (step.kind()) {
        case "add" -> side.dispatch("doc", side.action("ADD_TODO", "global", new AddTodo(id, "item " + step.item())));
        case "toggle" -> side.dispatch("doc", side.action("TOGGLE_TODO", "global", new ToggleTodo(id)));
        case "remove" -> side.dispatch("doc", side.action("REMOVE_TODO", "global", new RemoveTodo(id)));
        case "note" -> side.dispatch("doc", side.action("SET_NOTE", "local", new SetNote("note " + step.item())));
        case "undo" -> side.undo("doc", step.item() % 2 == 0 ? "global" : "local");
        default -> side.redo("doc", "global");
      }
    } catch (OperonException refused) {
      assertThat(refused.getMessage()).containsAnyOf("Nothing to undo", "Nothing to redo");
    }
  }
}
