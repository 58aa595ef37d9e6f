package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sync between two stores: sending, receiving, merging concurrent edits, refusing tampered operations. */
class DocumentSyncTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private OperationStore storeA;
  private OperationStore storeB;
  private Documents a;
  private Documents b;
  private DocumentSync sync;

  @BeforeEach
  void setUp() {
    storeA = OperationStores.inMemory();
    storeB = OperationStores.inMemory();
    a = Documents.builder().store(storeA).model(TodoModel.MODEL).clock(clock).build();
    b = Documents.builder().store(storeB).model(TodoModel.MODEL).clock(clock).build();
    a.create("doc", "todo-list", "shared");
    sync = new DocumentSync(a, SyncChannel.of(storeB));
  }

  private void add(Documents side, String id) {
    clock.advance(Duration.ofMillis(1));
    side.dispatch("doc", side.action("ADD_TODO", "global", new AddTodo(id, id)));
  }

  private List<String> ids(Documents side) {
    return side.state("doc", GLOBAL).items().stream().map(Todo::id).toList();
  }

  @Test
  void aDocumentGoesToTheOtherSideAndChangesComeBackBothWays() {
    add(a, "a1");
    assertThat(sync.sync("doc")).isEqualTo(new SyncResult(0, 1, 0));
    assertThat(storeB.header("doc")).isEqualTo(storeA.header("doc"));
    assertThat(ids(b)).containsExactly("a1");

    add(b, "b1");
    assertThat(sync.sync("doc")).isEqualTo(new SyncResult(1, 0, 0));
    assertThat(ids(a)).containsExactly("a1", "b1");
    assertThat(sync.sync("doc")).isEqualTo(SyncResult.NOTHING);
  }

  @Test
  void concurrentEditsAreMergedByTimestampAndBothSidesEndWithTheSameHashes() {
    add(a, "a1");
    sync.sync("doc");
    add(a, "a2");
    add(b, "b2");
    add(a, "a3");

    SyncResult result = sync.sync("doc");

    assertThat(result.merged()).isEqualTo(3);
    assertThat(ids(a)).containsExactly("a1", "a2", "b2", "a3");
    assertThat(ids(b)).containsExactly("a1", "a2", "b2", "a3");
    assertThat(b.hash("doc", "global")).isEqualTo(a.hash("doc", "global"));
    assertThat(storeB.getSince("doc", "global", "main", 0)).isEqualTo(storeA.getSince("doc", "global", "main", 0));
  }

  @Test
  void attachmentsTheOperationsReferToTravelWithThem() {
    Attachment photo = a.attach(new byte[] {1, 2, 3}, "image/png", "p.png");
    a.dispatch("doc", a.action("ADD_TODO", "global", new AddTodo("p", photo.uri())));

    sync.sync("doc");

    assertThat(storeB.attachment(photo.hash())).get().extracting(Attachment::data).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void anOperationWhoseHashDoesNotMatchIsRefusedAndNothingIsStored() {
    add(a, "a1");
    sync.sync("doc");
    add(b, "b1");
    Operation good = storeB.getSince("doc", "global", "main", 1).get(0);
    OperationStore forged = OperationStores.inMemory();
    forged.create(storeB.header("doc").orElseThrow());
    forged.apply("doc", "global", "main", 0, storeB.getSince("doc", "global", "main", 0).subList(0, 1));
    forged.apply("doc", "global", "main", 1, List.of(new Operation(good.id(), 1, 0, good.timestamp(), "AAAA", null,
        good.action())));

    assertThatThrownBy(() -> new DocumentSync(a, SyncChannel.of(forged)).sync("doc"))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.REPLAY);
          assertThat(e.ids()).containsEntry("document", "doc").containsEntry("scope", "global")
              .containsEntry("index", "1");
        });
    assertThat(storeA.getSince("doc", "global", "main", 0)).hasSize(1);
  }

  @Test
  void aSharedOperationWhoseCopyWasChangedOnOneSideStopsTheSync() {
    add(a, "a1");
    sync.sync("doc");
    Operation shared = storeA.getSince("doc", "global", "main", 0).get(0);
    OperationStore changed = OperationStores.inMemory();
    changed.create(storeA.header("doc").orElseThrow());
    changed.apply("doc", "global", "main", 0, List.of(new Operation(shared.id(), 0, 0, shared.timestamp(),
        shared.hash(), null, new Action(shared.action().id(), "ADD_TODO", "global",
            dev.operon.documents.internal.CanonicalJson.mapper().valueToTree(new AddTodo("a1", "whisky")),
            shared.timestamp()))));

    assertThatThrownBy(() -> new DocumentSync(a, SyncChannel.of(changed)).sync("doc"))
        .hasMessageContaining("has the same id and hash on both sides but not the same action");
  }

  @Test
  void anUndoMergedWithConcurrentEditsStillUndoesTheChangeItFollowedEvenAtTheSameInstant() {
    add(a, "a1");
    sync.sync("doc");
    clock.advance(Duration.ofMillis(5));
    for (int round = 0; round < 5; round++) {
      b.dispatch("doc", b.action("ADD_TODO", "global", new AddTodo("b" + round, "b" + round)));
      b.undo("doc", "global");
      a.dispatch("doc", a.action("ADD_TODO", "global", new AddTodo("a" + (round + 2), "a")));
    }

    sync.sync("doc");

    assertThat(ids(a)).containsExactly("a1", "a2", "a3", "a4", "a5", "a6");
    assertThat(ids(b)).isEqualTo(ids(a));
  }
}
