package dev.operon.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.runtime.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Operations recorded with an older version of an action are upgraded on read by the model's upcasters. */
class UpcasterTest {
  /** Version 2 of ADD_TODO's input: the text is called the title. */
  record AddTodoV2(String id, String title) {}

  private static final DocumentModel V2 = DocumentModel.builder("todo-list").version(2)
      .scope(TodoModel.GLOBAL).scope(TodoModel.LOCAL)
      .action("ADD_TODO", TodoModel.GLOBAL, AddTodoV2.class,
          (list, add) -> list.with(new Todo(add.id(), add.title(), false)))
      .upcast("ADD_TODO", input -> {
        ObjectNode upgraded = ((ObjectNode) input);
        upgraded.set("title", upgraded.remove("text"));
        return upgraded;
      })
      .build();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final OperationStore store = OperationStores.inMemory();

  @Test
  void operationsOfVersionOneAreReadByAVersionTwoReducerThroughTheUpcaster() {
    Documents old = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    old.create("doc", "todo-list", "");
    for (int i = 0; i < 12; i++) {
      old.dispatch("doc", old.action("ADD_TODO", "global", new AddTodo("t" + i, "item " + i)));
    }

    Documents upgraded = Documents.builder().store(store).model(V2).clock(clock).build();

    assertThat(upgraded.hash("doc", "global")).isEqualTo(old.hash("doc", "global"));
    assertThat(upgraded.state("doc", TodoModel.GLOBAL).items()).hasSize(12).first()
        .isEqualTo(new Todo("t0", "item 0", false));
    Operation next = upgraded.dispatch("doc", upgraded.action("ADD_TODO", "global", new AddTodoV2("n", "new"))).get(0);
    assertThat(next.action().version()).isEqualTo(2);
    assertThat(store.getSince("doc", "global", "main", 0)).extracting(o -> o.action().version())
        .containsOnly(1, 2);
    upgraded.undo("doc", "global");
    upgraded.undo("doc", "global");
    upgraded.redo("doc", "global");
    assertThat(upgraded.state("doc", TodoModel.GLOBAL).items()).hasSize(12);

    Documents reloaded = Documents.builder().store(store).model(V2).clock(clock).build();
    assertThat(reloaded.state("doc", TodoModel.GLOBAL)).isEqualTo(upgraded.state("doc", TodoModel.GLOBAL));
  }

  @Test
  void anActionNewerThanTheModelKnowsIsRefused() {
    Documents upgraded = Documents.builder().store(store).model(V2).clock(clock).build();
    upgraded.create("doc", "todo-list", "");
    upgraded.dispatch("doc", upgraded.action("ADD_TODO", "global", new AddTodoV2("n", "new")));

    Documents old = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();

    assertThatThrownBy(() -> old.state("doc", TodoModel.GLOBAL))
        .hasMessageContaining("Action ADD_TODO of version 2 on document doc is newer than this model knows (version 1)");
    assertThatThrownBy(() -> DocumentModel.builder("x").scope(TodoModel.GLOBAL).upcast("NOPE", i -> i))
        .hasMessageContaining("has no action NOPE");
  }
}
