package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.RemoveTodo;
import dev.operon.documents.TodoModel.TodoList;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.documents.TodoModel.ToggleTodo;
import dev.operon.documents.internal.InMemoryOperationStore;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random action sequences with undo and redo: the document agrees, step by step, with a reference
 * written the obvious way (a stack of earlier states and a clipboard), also when every seventh step
 * is taken by a fresh copy loaded from the newest keyframe (so undo reaches back before it and redo
 * finds the keyframe's clipboard); and another copy that loads the stored history (checking every
 * hash) reaches the same hashes and states at every revision.
 */
class UndoRedoPropertiesTest {

  /** One step of a sequence: an action on the to-do list, or an undo or redo. */
  record Step(String kind, int item) {}

  @Provide
  Arbitrary<List<Step>> sequences() {
    Arbitrary<Step> step = Arbitraries.of("add", "add", "toggle", "remove", "undo", "undo", "redo")
        .flatMap(kind -> Arbitraries.integers().between(0, 5).map(item -> new Step(kind, item)));
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 200)
  void aDocumentAgreesWithAStackOfStatesAndReplaysToTheSameHashes(@ForAll("sequences") @Size(max = 60) List<Step> steps) {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    InMemoryOperationStore store = new InMemoryOperationStore();
    Documents documents = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).keyframeEvery(3)
        .build();
    documents.create("doc", "todo-list", "");
    Reference reference = new Reference();
    List<TodoList> statesByRevision = new ArrayList<>(List.of(TodoList.EMPTY));

    int taken = 0;
    for (Step step : steps) {
      if (++taken % 7 == 0) {
        documents = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).keyframeEvery(3).build();
      }
      boolean expectedAccepted = reference.apply(step);
      boolean accepted = dispatch(documents, step);
      assertThat(accepted).as("accepted %s", step).isEqualTo(expectedAccepted);
      assertThat(documents.state("doc", GLOBAL)).as("after %s", step).isEqualTo(reference.current);
      if (accepted) {
        statesByRevision.add(reference.current);
      }
    }

    Documents other = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    assertThat(other.hash("doc", "global")).isEqualTo(documents.hash("doc", "global"));
    DocumentHistory history = other.history("doc", "global");
    assertThat(history.operations()).hasSize(statesByRevision.size() - 1);
    for (int revision = 0; revision < statesByRevision.size(); revision++) {
      assertThat(history.stateAt(revision, TodoList.class)).isEqualTo(statesByRevision.get(revision));
    }
  }

  private static boolean dispatch(Documents documents, Step step) {
    try {
      switch (step.kind()) {
        case "undo" -> documents.undo("doc", "global");
        case "redo" -> documents.redo("doc", "global");
        default -> documents.dispatch("doc", documents.action(type(step), "global", input(step)));
      }
      return true;
    } catch (OperonException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      return false;
    }
  }

  private static String type(Step step) {
    return switch (step.kind()) {
      case "add" -> "ADD_TODO";
      case "toggle" -> "TOGGLE_TODO";
      default -> "REMOVE_TODO";
    };
  }

  private static Object input(Step step) {
    String id = "t" + step.item();
    return switch (step.kind()) {
      case "add" -> new AddTodo(id, "item " + step.item());
      case "toggle" -> new ToggleTodo(id);
      default -> new RemoveTodo(id);
    };
  }

  /** The reference: the states before each effective action on a stack, undone actions on a clipboard. */
  private static final class Reference {
    private record Done(TodoList before, Step action) {}

    TodoList current = TodoList.EMPTY;
    final Deque<Done> done = new ArrayDeque<>();
    final Deque<Step> clipboard = new ArrayDeque<>();

    /** Applies a step; false if the document must refuse it (nothing to undo or redo). */
    boolean apply(Step step) {
      switch (step.kind()) {
        case "undo" -> {
          if (done.isEmpty()) {
            return false;
          }
          Done last = done.pop();
          current = last.before();
          clipboard.push(last.action());
        }
        case "redo" -> {
          if (clipboard.isEmpty()) {
            return false;
          }
          reduce(clipboard.pop());
        }
        default -> {
          clipboard.clear();
          reduce(step);
        }
      }
      return true;
    }

    private void reduce(Step step) {
      String id = "t" + step.item();
      TodoList next = switch (step.kind()) {
        case "add" -> current.with(new Todo(id, "item " + step.item(), false));
        case "toggle" -> current.items().stream().anyMatch(t -> t.id().equals(id)) ? current.toggled(id) : null;
        default -> current.without(id);
      };
      if (next != null) {
        done.push(new Done(current, step));
        current = next;
      }
    }
  }
}
