package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.documents.TodoModel.ToggleTodo;
import dev.operon.runtime.ManualClock;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Undo of one signer's own last change, keeping what others changed after it, where the reducers allow. */
class OwnUndoTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final KeyPair aliceKeys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final KeyPair bobKeys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final Signer alice = new Signer("alice", "", 0, "todo", ActionSigning.encode(aliceKeys.getPublic()));
  private final Signer bob = new Signer("bob", "", 0, "todo", ActionSigning.encode(bobKeys.getPublic()));
  private OperationStore store;
  private Documents documents;

  @BeforeEach
  void setUp() {
    store = OperationStores.inMemory();
    documents = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    documents.create("doc", "todo-list", "");
  }

  private Operation as(Signer signer, KeyPair keys, Action action) {
    return documents.dispatch("doc", ActionSigning.sign(action, "doc", documents.hash("doc", "global"), signer,
        keys.getPrivate(), clock.instant())).get(0);
  }

  private Action add(String id) {
    return documents.action("ADD_TODO", "global", new AddTodo(id, id));
  }

  private List<String> ids() {
    return documents.state("doc", GLOBAL).items().stream().map(Todo::id).toList();
  }

  @Test
  void aSignerUndoesTheirOwnLastChangeAndKeepsWhatOthersDidAfterIt() {
    as(alice, aliceKeys, add("a1"));
    as(alice, aliceKeys, add("a2"));
    as(bob, bobKeys, add("b1"));

    Operation undo = as(alice, aliceKeys, Action.undoOwn("u1", "global", clock.instant()));

    assertThat(ids()).containsExactly("a1", "b1");
    assertThat(undo.action().type()).isEqualTo(Action.UNDO_OWN);
    assertThat(undo.action().input().get("operation").asText())
        .isEqualTo(store.getSince("doc", "global", "main", 1).get(0).id());
    Documents fresh = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    assertThat(fresh.hash("doc", "global")).isEqualTo(documents.hash("doc", "global"));

    documents.undo("doc", "global");
    assertThat(ids()).containsExactly("a1", "a2", "b1");
    documents.redo("doc", "global");
    assertThat(ids()).containsExactly("a1", "b1");
    assertThat(Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build().hash("doc", "global"))
        .isEqualTo(documents.hash("doc", "global"));
  }

  @Test
  void anUndoThatALaterChangeDependsOnIsRefusedAndNothingIsStored() {
    as(alice, aliceKeys, add("a1"));
    as(bob, bobKeys, documents.action("TOGGLE_TODO", "global", new ToggleTodo("a1")));

    assertThatThrownBy(() -> as(alice, aliceKeys, Action.undoOwn("u1", "global", clock.instant())))
        .hasMessageContaining("the later change at index 1 depends on it").hasMessageContaining("no to-do a1");
    assertThat(store.getSince("doc", "global", "main", 0)).hasSize(2);
    assertThat(ids()).containsExactly("a1");
  }

  @Test
  void anUnsignedOwnUndoOrOneWithNothingOfTheSignersIsRefused() {
    as(bob, bobKeys, add("b1"));

    assertThatThrownBy(() -> documents.dispatch("doc", Action.undoOwn("u1", "global", clock.instant())))
        .hasMessageContaining("must be signed");
    assertThatThrownBy(() -> as(alice, aliceKeys, Action.undoOwn("u2", "global", clock.instant())))
        .hasMessageContaining("Nothing to undo for signer alice");
    assertThat(store.getSince("doc", "global", "main", 0)).hasSize(1);
  }
}
