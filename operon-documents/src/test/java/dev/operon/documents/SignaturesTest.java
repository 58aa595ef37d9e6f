package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.internal.CanonicalJson;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed actions: refused unsigned where required, by the wrong key, or changed after signing, on every path. */
class SignaturesTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final KeyPair keys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
  private final Signer signer = new Signer("0xabc", "eip155", 1, "Connect", ActionSigning.encode(keys.getPublic()));
  private OperationStore store;
  private Documents documents;

  @BeforeEach
  void setUp() {
    store = OperationStores.inMemory();
    documents = Documents.builder().store(store).model(TodoModel.signed()).clock(clock).build();
    documents.create("doc", "todo-list", "");
  }

  private Action signed(Action action, KeyPair with, Signer as) {
    return ActionSigning.sign(action, "doc", documents.hash("doc", "global"), as, with.getPrivate(), clock.instant());
  }

  private Action add(String id, String text) {
    return documents.action("ADD_TODO", "global", new AddTodo(id, text));
  }

  private void assertRefused(Action action, String why) {
    assertThatThrownBy(() -> documents.dispatch("doc", action))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.ids()).containsEntry("document", "doc").containsEntry("scope", "global")
              .containsEntry("index", String.valueOf(documents.history("doc", "global").operations().size()));
        })
        .hasMessageContaining("is refused: " + why);
  }

  @Test
  void aSignedActionIsAppliedAndItsSignatureIsStoredWithIt() {
    Operation operation = documents.dispatch("doc", signed(add("t1", "milk"), keys, signer)).get(0);

    ActionContext context = store.getSince("doc", "global", "main", 0).get(0).action().context();
    assertThat(context.signer()).isEqualTo(signer);
    assertThat(context.signatures()).singleElement().satisfies(s -> {
      assertThat(s.appKey()).isEqualTo(signer.appKey());
      assertThat(s.signedAt()).isEqualTo(clock.instant().getEpochSecond());
      assertThat(s.previousStateHash()).isEqualTo(CanonicalJson.hash(TodoModel.TodoList.EMPTY, HashAlgorithm.SHA_1));
    });
    assertThat(operation.action().context()).isEqualTo(context);
  }

  @Test
  void unsignedActionsAreRefusedWhereSignaturesAreRequiredAndNothingIsStored() {
    assertRefused(add("t1", "milk"), "the action is not signed");
    assertRefused(documents.action("ADD_TODO", "global", new AddTodo("t1", "milk"))
        .withContext(new ActionContext(signer, List.of())), "its signer gave no signature");
    assertThatThrownBy(() -> documents.undo("doc", "global")).hasMessageContaining("not signed");
    assertThat(store.revisions("doc", "main")).isEmpty();
  }

  @Test
  void aSignatureByAnotherKeyOrOverAnotherInputIsRefused() {
    KeyPair other = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
    assertRefused(signed(add("t1", "milk"), other, signer), "its signature does not verify");

    Signer impostor = new Signer("0xabc", "eip155", 1, "Connect", ActionSigning.encode(other.getPublic()));
    Action byOther = signed(add("t1", "milk"), other, impostor);
    assertRefused(byOther.withContext(new ActionContext(signer, byOther.context().signatures())),
        "its last signature was made by another key than its signer's app key");

    Action good = signed(add("t1", "milk"), keys, signer);
    Action tampered = new Action(good.id(), good.type(), good.scope(),
        CanonicalJson.mapper().valueToTree(new AddTodo("t1", "whisky")), good.timestamp(), good.context());
    assertRefused(tampered, "its signature is for another action");
    assertThat(store.revisions("doc", "main")).isEmpty();
  }

  @Test
  void ed25519SignsAsWell() {
    KeyPair ed = ActionSigning.newKeyPair(SignatureScheme.ED25519);
    Signer edSigner = new Signer("0xdef", "eip155", 1, "Connect", ActionSigning.encode(ed.getPublic()));

    documents.dispatch("doc", signed(add("t1", "milk"), ed, edSigner));

    assertThat(documents.state("doc", GLOBAL).items()).hasSize(1);
  }

  @Test
  void signedUndoAndRedoAreAcceptedAndCheckedAgainOnLoad() {
    documents.dispatch("doc", signed(add("t1", "milk"), keys, signer));
    documents.dispatch("doc", signed(Action.undo("u1", "global", clock.instant()), keys, signer));
    documents.dispatch("doc", signed(Action.redo("r1", "global", clock.instant()), keys, signer));

    Documents loader = Documents.builder().store(store).model(TodoModel.signed()).clock(clock).build();
    assertThat(loader.state("doc", GLOBAL).items()).hasSize(1);
    assertThat(loader.hash("doc", "global")).isEqualTo(documents.hash("doc", "global"));
  }

  @Test
  void anOperationWhoseInputWasChangedInTheStoreIsRefusedOnLoadEvenWithItsHashRecomputed() {
    Operation stored = documents.dispatch("doc", signed(add("t1", "milk"), keys, signer)).get(0);
    Action changed = new Action(stored.action().id(), stored.action().type(), "global",
        CanonicalJson.mapper().valueToTree(new AddTodo("t1", "whisky")), stored.timestamp(), stored.action().context());
    var state = new TodoModel.TodoList(List.of(new TodoModel.Todo("t1", "whisky", false)));
    documents.create("copy", "todo-list", "");
    store.apply("copy", "global", "main", 0, List.of(new Operation(stored.id(), 0, 0, stored.timestamp(),
        CanonicalJson.hash(state, HashAlgorithm.SHA_1), null, changed)));

    Documents loader = Documents.builder().store(store).model(TodoModel.signed()).clock(clock).build();
    assertThatThrownBy(() -> loader.state("copy", GLOBAL))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.ids()).containsEntry("document", "copy")
            .containsEntry("index", "0"))
        .hasMessageContaining("its signature is for another action");
  }
}
