package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static dev.operon.documents.TodoModel.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.Note;
import dev.operon.documents.TodoModel.RemoveTodo;
import dev.operon.documents.TodoModel.SetNote;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.documents.TodoModel.TodoList;
import dev.operon.documents.TodoModel.ToggleTodo;
import dev.operon.documents.internal.CanonicalJson;
import dev.operon.documents.internal.OperationIds;
import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Documents on a store, the same on every store: dispatch, bad input, reducer errors, undo and redo,
 * hashes, revision checks, idempotent re-apply, history, keyframes, concurrent writers.
 */
abstract class DocumentsContract {
  protected final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00.123456789Z"));
  protected OperationStore store;
  protected Documents documents;

  /** A store with no document in it (a fresh table prefix). */
  protected abstract OperationStore openStore();

  @BeforeEach
  void setUp() {
    store = openStore();
    documents = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    documents.create("doc-1", "todo-list", "Groceries");
  }

  @AfterEach
  void tearDown() {
    closeStore();
  }

  protected void closeStore() {}

  private Operation add(String id, String text) {
    return documents.dispatch("doc-1", documents.action("ADD_TODO", "global", new AddTodo(id, text))).get(0);
  }

  private List<String> texts() {
    return documents.state("doc-1", GLOBAL).items().stream().map(Todo::text).toList();
  }

  @Test
  void anActionBecomesAnOperationWithIndexHashAndADerivedId() {
    Action action = Action.of("a-1", "ADD_TODO", "global", new AddTodo("t1", "milk"), clock.instant());

    Operation operation = documents.dispatch("doc-1", action).get(0);

    assertThat(operation.index()).isZero();
    assertThat(operation.skip()).isZero();
    assertThat(operation.error()).isNull();
    assertThat(operation.timestamp()).isEqualTo(clock.instant());
    assertThat(operation.id()).hasSize(32).isEqualTo(OperationIds.of("doc-1", "global", "main", "a-1"));
    TodoList expected = new TodoList(List.of(new Todo("t1", "milk", false)));
    assertThat(documents.state("doc-1", GLOBAL)).isEqualTo(expected);
    assertThat(operation.hash()).isEqualTo(CanonicalJson.hash(expected, HashAlgorithm.SHA_1))
        .isEqualTo(documents.hash("doc-1", "global"));
    assertThat(store.revisions("doc-1", "main")).isEqualTo(Map.of("global", 1));
  }

  @Test
  void canonicalJsonSortsKeysAndDropsWhitespace() throws Exception {
    var mapper = CanonicalJson.mapper();
    assertThat(CanonicalJson.of(mapper.readTree("{ \"b\": [1, {\"z\": 1, \"a\": \"x\"}], \"a\": null }")))
        .isEqualTo("{\"a\":null,\"b\":[1,{\"a\":\"x\",\"z\":1}]}");
    assertThat(CanonicalJson.hash(mapper.readTree("{\"a\":1,\"b\":2}"), HashAlgorithm.SHA_1))
        .isEqualTo(CanonicalJson.hash(mapper.readTree("{\"b\": 2, \"a\": 1}"), HashAlgorithm.SHA_1))
        .hasSize(28);
    assertThat(CanonicalJson.hash(mapper.readTree("{}"), HashAlgorithm.SHA_256)).hasSize(44);
  }

  @Test
  void canonicalJsonWritesEveryKindOfValueAsJacksonDoes() throws Exception {
    var mapper = CanonicalJson.mapper();
    String json = "{\"s\":\"tab\\t quote\\\" \\u00e9 \\u2028 \\\\\",\"i\":-7,\"l\":12345678901234,"
        + "\"d\":1.5E-7,\"big\":123456789012345678901234567890,\"dec\":0.1,\"t\":true,\"f\":false,\"n\":null,"
        + "\"a\":[1,\"x\",{}],\"o\":{}}";
    var tree = mapper.readTree(json);
    StringBuilder expected = new StringBuilder("{");
    java.util.List<String> names = new java.util.ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    java.util.Collections.sort(names);
    for (int i = 0; i < names.size(); i++) {
      expected.append(i == 0 ? "" : ",").append(mapper.writeValueAsString(names.get(i))).append(':')
          .append(tree.get(names.get(i)).toString());
    }
    expected.append('}');

    assertThat(CanonicalJson.of(tree)).isEqualTo(expected.toString());
  }

  @Test
  void sha256IsAnOptionPerDocumentType() {
    Documents strong = Documents.builder().store(store)
        .model(TodoModel.model(HashAlgorithm.SHA_256)).clock(clock).build();
    strong.create("doc-2", "todo-list", "");
    Operation operation = strong.dispatch("doc-2", strong.action("ADD_TODO", "global", new AddTodo("t", "x"))).get(0);
    assertThat(operation.hash()).isEqualTo(CanonicalJson.hash(strong.state("doc-2", GLOBAL), HashAlgorithm.SHA_256));
  }

  @Test
  void inputThatFailsValidationIsRefusedAndNothingIsStored() {
    add("t1", "milk");

    assertThatThrownBy(() -> add("t2", " "))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.ids()).containsEntry("document", "doc-1").containsEntry("scope", "global")
              .containsEntry("index", "1");
        })
        .hasMessageContaining("ADD_TODO").hasMessageContaining("the text of a to-do is blank");
    assertThat(store.getSince("doc-1", "global", "main", 0)).hasSize(1);
    assertThat(texts()).containsExactly("milk");
  }

  @Test
  void unknownActionsScopesTypesAndDocumentsAreRefusedByName() {
    assertThatThrownBy(() -> documents.dispatch("doc-1", documents.action("PAINT", "global", Map.of())))
        .hasMessageContaining("has no action PAINT");
    assertThatThrownBy(() -> documents.dispatch("doc-1", documents.action("ADD_TODO", "local", new AddTodo("t", "x"))))
        .hasMessageContaining("belongs to scope global");
    assertThatThrownBy(() -> documents.dispatch("doc-1", documents.action("ADD_TODO", "private", new AddTodo("t", "x"))))
        .hasMessageContaining("no scope 'private'");
    assertThatThrownBy(() -> documents.create("doc-9", "invoice", ""))
        .hasMessageContaining("Unknown document type 'invoice'");
    assertThatThrownBy(() -> documents.dispatch("nope", documents.action("ADD_TODO", "global", new AddTodo("t", "x"))))
        .hasMessageContaining("There is no document nope");
    assertThatThrownBy(() -> documents.dispatch("doc-1", documents.action("ADD_TODO", "global", Map.of("id", List.of()))))
        .hasMessageContaining("is not a AddTodo");
    assertThat(store.revisions("doc-1", "main")).isEmpty();
  }

  @Test
  void aReducerThatThrowsRecordsTheOperationWithItsErrorAndLeavesTheState() {
    add("t1", "milk");
    String before = documents.hash("doc-1", "global");

    Operation failed = documents.dispatch("doc-1", documents.action("TOGGLE_TODO", "global", new ToggleTodo("t9")))
        .get(0);

    assertThat(failed.failed()).isTrue();
    assertThat(failed.error()).contains("no to-do t9");
    assertThat(failed.index()).isEqualTo(1);
    assertThat(failed.hash()).isEqualTo(before);
    assertThat(texts()).containsExactly("milk");
    assertThat(store.getSince("doc-1", "global", "main", 0)).extracting(Operation::error)
        .containsExactly(null, failed.error());
  }

  @Test
  void undoStoresANoopThatSkipsBackAndRedoReappliesTheLastUndoneAction() {
    add("t1", "milk");
    add("t2", "eggs");
    add("t3", "bread");
    String afterMilk = documents.history("doc-1", "global").operations().get(0).hash();

    Operation undo1 = documents.undo("doc-1", "global");
    assertThat(undo1.action().type()).isEqualTo(Action.NOOP);
    assertThat(undo1.skip()).isEqualTo(1);
    assertThat(texts()).containsExactly("milk", "eggs");
    Operation undo2 = documents.undo("doc-1", "global");
    assertThat(undo2.skip()).isEqualTo(3);
    assertThat(undo2.hash()).isEqualTo(afterMilk);
    assertThat(texts()).containsExactly("milk");

    Operation redo = documents.redo("doc-1", "global");
    assertThat(redo.action().type()).isEqualTo(Action.REDO);
    assertThat(redo.action().input().get("type").asText()).isEqualTo("ADD_TODO");
    assertThat(texts()).containsExactly("milk", "eggs");
    documents.redo("doc-1", "global");
    assertThat(texts()).containsExactly("milk", "eggs", "bread");
    assertThatThrownBy(() -> documents.redo("doc-1", "global")).hasMessageContaining("Nothing to redo");

    documents.undo("doc-1", "global");
    add("t4", "jam");
    assertThat(texts()).containsExactly("milk", "eggs", "jam");
    assertThatThrownBy(() -> documents.redo("doc-1", "global")).hasMessageContaining("Nothing to redo");
    assertThat(store.getSince("doc-1", "global", "main", 0)).hasSize(9);
  }

  @Test
  void undoPassesOverFailedOperationsAndStopsAtTheStart() {
    add("t1", "milk");
    documents.dispatch("doc-1", documents.action("TOGGLE_TODO", "global", new ToggleTodo("t9")));

    documents.undo("doc-1", "global");
    assertThat(texts()).isEmpty();
    assertThatThrownBy(() -> documents.undo("doc-1", "global"))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.ids()).containsEntry("index", "3"))
        .hasMessageContaining("Nothing to undo in scope global of document doc-1");
    assertThatThrownBy(() -> documents.dispatch("doc-1", documents.action(Action.NOOP, "global", null)))
        .hasMessageContaining("dispatch UNDO instead");
  }

  @Test
  void scopesHaveTheirOwnHistoriesAndUndo() {
    add("t1", "milk");
    documents.dispatch("doc-1", documents.action("SET_NOTE", "local", new SetNote("draft")));

    documents.undo("doc-1", "local");

    assertThat(documents.state("doc-1", LOCAL)).isEqualTo(new Note(""));
    assertThat(texts()).containsExactly("milk");
    assertThat(store.revisions("doc-1", "main")).isEqualTo(Map.of("global", 1, "local", 2));
  }

  @Test
  void severalActionsOfOneDispatchAreAppliedInOrderAndStoredTogether() {
    List<Operation> operations = documents.dispatch("doc-1",
        documents.action("ADD_TODO", "global", new AddTodo("t1", "milk")),
        documents.action("TOGGLE_TODO", "global", new ToggleTodo("t1")),
        documents.action("SET_NOTE", "local", new SetNote("n")));

    assertThat(operations).extracting(Operation::index).containsExactly(0, 1, 0);
    assertThat(documents.state("doc-1", GLOBAL).items()).containsExactly(new Todo("t1", "milk", true));
  }

  @Test
  void aDispatchWithOneBadActionStoresNoneOfIt() {
    add("t1", "milk");
    assertThatThrownBy(() -> documents.dispatch("doc-1",
        documents.action("ADD_TODO", "global", new AddTodo("t2", "eggs")),
        documents.action("ADD_TODO", "global", new AddTodo("t3", ""))))
        .hasMessageContaining("blank");

    assertThat(texts()).containsExactly("milk");
    assertThat(documents.history("doc-1", "global").operations()).hasSize(1);
    assertThat(add("t4", "jam").index()).isEqualTo(1);
  }

  @Test
  void reapplyingTheSameOperationsReturnsWhatIsStoredAndAnotherOperationAtAStoredIndexIsAMismatch() {
    Operation first = add("t1", "milk");

    assertThat(store.apply("doc-1", "global", "main", 0, List.of(first))).containsExactly(first);
    assertThat(store.getSince("doc-1", "global", "main", 0)).hasSize(1);

    Operation other = new Operation(OperationIds.of("doc-1", "global", "main", "zzz"), 0, 0, clock.instant(),
        first.hash(), null, first.action());
    assertThatThrownBy(() -> store.apply("doc-1", "global", "main", 0, List.of(other)))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY))
        .hasMessageContaining("expected revision 0 but it is 1");
    Operation gap = new Operation("x", 5, 0, clock.instant(), first.hash(), null, first.action());
    assertThatThrownBy(() -> store.apply("doc-1", "global", "main", 5, List.of(gap)))
        .hasMessageContaining("Missing operations in document doc-1");
  }

  @Test
  void twoWritersOnOneStoreCatchUpAndRetryOnARevisionMismatch() {
    Documents other = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    add("t1", "milk");
    other.dispatch("doc-1", other.action("ADD_TODO", "global", new AddTodo("t2", "eggs")));

    Operation third = add("t3", "bread");

    assertThat(third.index()).isEqualTo(2);
    assertThat(texts()).containsExactly("milk", "eggs", "bread");
    assertThat(other.hash("doc-1", "global")).isEqualTo(documents.hash("doc-1", "global"));
  }

  @Test
  void loadingReplaysTheStoreAndATamperedHashIsRefusedNamingDocumentScopeAndIndex() {
    add("t1", "milk");
    add("t2", "eggs");
    documents.undo("doc-1", "global");
    documents.redo("doc-1", "global");
    Documents fresh = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    assertThat(fresh.hash("doc-1", "global")).isEqualTo(documents.hash("doc-1", "global"));

    documents.create("doc-t", "todo-list", "");
    List<Operation> stored = store.getSince("doc-1", "global", "main", 0);
    Operation second = stored.get(1);
    store.apply("doc-t", "global", "main", 0, List.of(stored.get(0), new Operation(second.id(), 1, 0,
        second.timestamp(), "AAAA", null, second.action())));
    Documents reader = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    assertThatThrownBy(() -> reader.state("doc-t", GLOBAL))
        .isInstanceOfSatisfying(OperonException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.REPLAY);
          assertThat(e.ids()).containsEntry("document", "doc-t").containsEntry("scope", "global")
              .containsEntry("index", "1");
        })
        .hasMessageContaining("Hash mismatch on document doc-t, scope global, index 1");
  }

  @Test
  void historyGivesTheOperationsUpToARevisionAndTheStateAtAnyRevision() {
    add("t1", "milk");
    clock.advance(Duration.ofMinutes(1));
    Instant later = clock.instant();
    add("t2", "eggs");
    documents.dispatch("doc-1", documents.action("REMOVE_TODO", "global", new RemoveTodo("t1")));

    DocumentHistory history = documents.history("doc-1", "global");
    assertThat(history.upTo(2)).extracting(Operation::index).containsExactly(0, 1);
    assertThat(history.stateAt(0, TodoList.class)).isEqualTo(TodoList.EMPTY);
    assertThat(history.stateAt(2, TodoList.class).items()).extracting(Todo::text).containsExactly("milk", "eggs");
    assertThat(history.stateAt(3, TodoList.class).items()).extracting(Todo::text).containsExactly("eggs");
    assertThatThrownBy(() -> history.stateAt(4, TodoList.class)).hasMessageContaining("there is no revision 4");
    assertThat(store.getSinceTimestamp("doc-1", "global", "main", later)).extracting(Operation::index)
        .containsExactly(1, 2);
  }

  @Test
  void creatingADocumentTwiceWithAnotherTypeOrABlankIdIsRefused() {
    assertThat(store.header("doc-1").orElseThrow().name()).isEqualTo("Groceries");
    assertThatThrownBy(() -> documents.create("doc-1", "todo-list", "Other"))
        .hasMessageContaining("Document doc-1 exists already");
    assertThatThrownBy(() -> documents.create(" ", "todo-list", "")).hasMessageContaining("needs an id");
    assertThatThrownBy(() -> DocumentScope.of("header", String.class, "")).hasMessageContaining("header");
    assertThatThrownBy(() -> DocumentModel.builder("x").scope(GLOBAL)
        .action("UNDO", GLOBAL, AddTodo.class, (s, i) -> s)).hasMessageContaining("built in");
  }

  @Test
  void operationsReadBackAsTheyWereWrittenToTheNanosecond() {
    Operation written = add("t1", "milk");
    Operation read = store.getSince("doc-1", "global", "main", 0).get(0);

    assertThat(read).isEqualTo(written);
    assertThat(read.timestamp()).isEqualTo(Instant.parse("2026-12-05T10:00:00.123456789Z"));
    assertThat(store.getSince("doc-1", "global", "main", 1)).isEmpty();
    assertThat(store.header("doc-1")).get().extracting(DocumentHeader::documentType, DocumentHeader::modelVersion)
        .containsExactly("todo-list", 1);
  }

  @Test
  void keyframesAreFoundByRevisionAndModelVersionOnly() {
    var state = CanonicalJson.mapper().valueToTree(new TodoList(List.of(new Todo("t1", "milk", false))));
    Action undone = Action.of("a-7", "ADD_TODO", "global", new AddTodo("t2", "eggs"), clock.instant());
    store.putKeyframe(new Keyframe("doc-1", "global", "main", 10, 1, "h10", state, List.of(undone)));
    store.putKeyframe(new Keyframe("doc-1", "global", "main", 20, 2, "h20", state, List.of()));

    assertThat(store.keyframe("doc-1", "global", "main", 25, 1)).get()
        .satisfies(k -> {
          assertThat(k.revision()).isEqualTo(10);
          assertThat(k.hash()).isEqualTo("h10");
          assertThat(k.state()).isEqualTo(state);
          assertThat(k.clipboard()).containsExactly(undone);
        });
    assertThat(store.keyframe("doc-1", "global", "main", 25, 2)).get().extracting(Keyframe::revision).isEqualTo(20);
    assertThat(store.keyframe("doc-1", "global", "main", 9, 1)).isEmpty();
    assertThat(store.keyframe("doc-1", "local", "main", 25, 1)).isEmpty();
  }

  @Test
  void concurrentWritersOfOneDocumentEachGetTheirOperationsStoredOnceInADenseHistory() throws Exception {
    Documents other = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    int perWriter = 20;
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> writers = new java.util.ArrayList<>();
    for (Documents writer : List.of(documents, other)) {
      String name = writer == documents ? "a" : "b";
      writers.add(Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < perWriter; i++) {
            dispatchRetrying(writer, name + i);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(failures).isEmpty();
    List<Operation> stored = store.getSince("doc-1", "global", "main", 0);
    assertThat(stored).extracting(Operation::index).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 2 * perWriter).boxed().toList());
    assertThat(documents.state("doc-1", GLOBAL).items()).hasSize(2 * perWriter);
    assertThat(other.hash("doc-1", "global")).isEqualTo(documents.hash("doc-1", "global"))
        .isEqualTo(stored.get(stored.size() - 1).hash());
  }

  /** A writer that loses the race three times in a row reports it; the test's writer tries again. */
  private static void dispatchRetrying(Documents writer, String id) {
    for (int attempt = 0; ; attempt++) {
      try {
        writer.dispatch("doc-1", writer.action("ADD_TODO", "global", new AddTodo(id, id)));
        return;
      } catch (OperonException e) {
        if (e.kind() != ErrorKind.CONCURRENCY || attempt > 20) {
          throw e;
        }
      }
    }
  }

  /** A store that records from which revision each read of scope global's operations starts. */
  private static final class CountingStore implements OperationStore {
    final OperationStore inner;
    final List<Integer> readsFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger appends = new java.util.concurrent.atomic.AtomicInteger();
    volatile java.util.concurrent.CountDownLatch holdFirstAppend = new java.util.concurrent.CountDownLatch(0);

    CountingStore(OperationStore inner) {
      this.inner = inner;
    }

    @Override
    public void create(DocumentHeader header) {
      inner.create(header);
    }

    @Override
    public java.util.Optional<DocumentHeader> header(String documentId) {
      return inner.header(documentId);
    }

    @Override
    public List<Operation> apply(String d, String s, String b, int expected, List<Operation> operations) {
      if (appends.getAndIncrement() == 0) {
        try {
          holdFirstAppend.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return inner.apply(d, s, b, expected, operations);
    }

    @Override
    public void replaceFrom(String d, String s, String b, int from, int expected, List<Operation> operations) {
      inner.replaceFrom(d, s, b, from, expected, operations);
    }

    @Override
    public List<Operation> getSince(String d, String s, String b, int revision) {
      if (s.equals("global")) {
        readsFrom.add(revision);
      }
      return inner.getSince(d, s, b, revision);
    }

    @Override
    public List<Operation> getSinceTimestamp(String d, String s, String b, Instant since) {
      return inner.getSinceTimestamp(d, s, b, since);
    }

    @Override
    public Map<String, Integer> revisions(String d, String b) {
      return inner.revisions(d, b);
    }

    @Override
    public void putKeyframe(Keyframe keyframe) {
      inner.putKeyframe(keyframe);
    }

    @Override
    public java.util.Optional<Keyframe> keyframe(String d, String s, String b, int atMost, int version) {
      return inner.keyframe(d, s, b, atMost, version);
    }

    @Override
    public void putAttachment(Attachment attachment) {
      inner.putAttachment(attachment);
    }

    @Override
    public java.util.Optional<Attachment> attachment(String hash) {
      return inner.attachment(hash);
    }

    @Override
    public List<DocumentChange> changedSince(long after, int limit) {
      return inner.changedSince(after, limit);
    }
  }

  private void addMany(int count) {
    for (int i = 0; i < count; i++) {
      add("k" + i, "item " + i);
    }
  }

  @Test
  void keyframesAreStoredEveryTenRevisionsAndALoadStartsAtTheNewestOne() {
    addMany(25);

    assertThat(store.keyframe("doc-1", "global", "main", 100, 1)).get().extracting(Keyframe::revision).isEqualTo(20);
    assertThat(store.keyframe("doc-1", "global", "main", 19, 1)).get().extracting(Keyframe::revision).isEqualTo(10);
    CountingStore counting = new CountingStore(store);
    Documents loader = Documents.builder().store(counting).model(TodoModel.MODEL).clock(clock).build();

    assertThat(loader.hash("doc-1", "global")).isEqualTo(documents.hash("doc-1", "global"));
    assertThat(loader.state("doc-1", GLOBAL).items()).hasSize(25);
    assertThat(counting.readsFrom).doesNotContain(0).contains(19);
  }

  @Test
  void undoReachesBackBeforeTheKeyframeALoadStartedFromAndRedoUsesTheKeyframesClipboard() {
    addMany(12);
    documents.undo("doc-1", "global");
    documents.undo("doc-1", "global");
    Documents loader = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).keyframeEvery(1).build();
    for (int i = 0; i < 9; i++) {
      loader.undo("doc-1", "global");
    }
    assertThat(loader.state("doc-1", GLOBAL).items()).extracting(Todo::text).containsExactly("item 0");

    Documents another = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();
    another.redo("doc-1", "global");
    assertThat(another.state("doc-1", GLOBAL).items()).extracting(Todo::text).containsExactly("item 0", "item 1");
    assertThat(another.history("doc-1", "global").stateAt(5, TodoList.class).items()).hasSize(5);
  }

  @Test
  void keyframesOfAnotherModelVersionAreIgnoredAndRebuilt() {
    addMany(12);
    DocumentModel upgraded = DocumentModel.builder("todo-list").version(2).scope(GLOBAL).scope(LOCAL)
        .action("ADD_TODO", GLOBAL, AddTodo.class, (list, add) -> list.with(new Todo(add.id(), add.text(), false)))
        .action("TOGGLE_TODO", GLOBAL, ToggleTodo.class, (list, toggle) -> list.toggled(toggle.id()))
        .action("REMOVE_TODO", GLOBAL, RemoveTodo.class, (list, remove) -> list.without(remove.id()))
        .action("SET_NOTE", LOCAL, SetNote.class, (note, set) -> new Note(set.text()))
        .build();
    CountingStore counting = new CountingStore(store);
    Documents next = Documents.builder().store(counting).model(upgraded).clock(clock).build();

    assertThat(next.hash("doc-1", "global")).isEqualTo(documents.hash("doc-1", "global"));
    assertThat(counting.readsFrom).contains(0);
    assertThat(store.keyframe("doc-1", "global", "main", 100, 2)).isEmpty();

    next.dispatch("doc-1", next.action("ADD_TODO", "global", new AddTodo("n", "new")));
    assertThat(store.keyframe("doc-1", "global", "main", 100, 2)).get().extracting(Keyframe::revision).isEqualTo(13);
  }

  @Test
  void aKeyframeWhoseStateDoesNotMatchItsOperationIsNotTrusted() {
    addMany(10);
    Keyframe good = store.keyframe("doc-1", "global", "main", 100, 1).orElseThrow();
    var forged = CanonicalJson.mapper().valueToTree(new TodoList(List.of(new Todo("x", "forged", false))));
    store.putKeyframe(new Keyframe("doc-1", "global", "main", good.revision(), 1,
        CanonicalJson.hash(forged, HashAlgorithm.SHA_1), forged, List.of()));

    Documents loader = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).build();

    assertThat(loader.state("doc-1", GLOBAL).items()).hasSize(10).extracting(Todo::text).doesNotContain("forged");
    assertThat(loader.hash("doc-1", "global")).isEqualTo(good.hash());
  }

  @Test
  void aSignedActionsSignerAndSignaturesComeBackFromTheStoreAndVerify() {
    var keys = ActionSigning.newKeyPair(SignatureScheme.ECDSA_P256);
    Signer signer = new Signer("0xabc", "eip155", 1, "Connect", ActionSigning.encode(keys.getPublic()));
    Action signed = ActionSigning.sign(documents.action("ADD_TODO", "global", new AddTodo("t1", "milk")), "doc-1",
        documents.hash("doc-1", "global"), signer, keys.getPrivate(), clock.instant());

    documents.dispatch("doc-1", signed);

    assertThat(store.getSince("doc-1", "global", "main", 0).get(0).action().context()).isEqualTo(signed.context());
    Documents strict = Documents.builder().store(store).model(TodoModel.signed()).clock(clock).build();
    assertThat(strict.state("doc-1", GLOBAL).items()).hasSize(1);
  }

  @Test
  void attachmentsAreStoredOnceByContentAndActionsMayReferOnlyToStoredOnes() {
    byte[] photo = "not really a photo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Attachment first = documents.attach(photo, "image/png", "milk.png");
    Attachment again = documents.attach(photo, "image/png", "milk.png");

    assertThat(again).isEqualTo(first);
    assertThat(first.uri()).isEqualTo("attachment://v1:" + java.util.HexFormat.of().formatHex(CanonicalJson.sha256(photo)));
    assertThat(first.extension()).isEqualTo("png");
    Attachment read = documents.attachment(first.uri()).orElseThrow();
    assertThat(read).isEqualTo(first);
    assertThat(read.data()).isEqualTo(photo);
    assertThat(read.size()).isEqualTo(photo.length);

    add("t1", first.uri());
    assertThat(texts()).containsExactly(first.uri());
    String unknown = Attachment.URI_PREFIX + "00".repeat(32);
    assertThatThrownBy(() -> add("t2", unknown))
        .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.ids()).containsEntry("index", "1"))
        .hasMessageContaining("refers to attachments that are not stored");
    assertThat(texts()).hasSize(1);
  }

  @Test
  void anOversizedAttachmentIsRefusedAndNotStored() {
    Documents small = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).maxAttachmentBytes(8)
        .build();
    byte[] big = new byte[9];

    assertThatThrownBy(() -> small.attach(big, "application/octet-stream", "big.bin"))
        .hasMessageContaining("'big.bin' has 9 bytes, more than the 8 allowed");
    assertThat(store.attachment(Attachment.of(big, null, null).hash())).isEmpty();
  }

  @Test
  void dispatchesQueuedWhileABatchIsWrittenGoToTheStoreTogetherAndABadOneFailsAlone() {
    CountingStore counting = new CountingStore(store);
    counting.holdFirstAppend = new java.util.concurrent.CountDownLatch(1);
    Documents queued = Documents.builder().store(counting).model(TodoModel.MODEL).clock(clock).build();
    List<java.util.concurrent.CompletableFuture<List<Operation>>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String text = i == 100 ? " " : "item " + i;
      futures.add(queued.submit("doc-1", Documents.MAIN,
          List.of(queued.action("ADD_TODO", "global", new AddTodo("q" + i, text)))));
    }
    counting.holdFirstAppend.countDown();

    for (int i = 0; i < 200; i++) {
      if (i == 100) {
        assertThatThrownBy(futures.get(i)::join).hasCauseInstanceOf(OperonException.class)
            .hasMessageContaining("blank");
      } else {
        assertThat(futures.get(i).join()).singleElement().extracting(Operation::index).isEqualTo(i < 100 ? i : i - 1);
      }
    }
    assertThat(counting.appends.get()).as("appends for 200 dispatches: the first batch, then everything queued meanwhile")
        .isBetween(1, 2);
    assertThat(store.getSince("doc-1", "global", "main", 0)).hasSize(199);
    assertThat(documents.state("doc-1", GLOBAL).items()).hasSize(199);
  }

  @Test
  void anActionsVersionIsStoredWithIt() {
    Action second = documents.action("ADD_TODO", "global", new AddTodo("t1", "milk")).withVersion(2);
    documents.create("doc-v", "todo-list", "");
    Operation stored = new Operation("v-op", 0, 0, clock.instant(), "h", null, second);

    store.apply("doc-v", "global", "main", 0, List.of(stored));

    assertThat(store.getSince("doc-v", "global", "main", 0)).singleElement()
        .satisfies(o -> assertThat(o.action().version()).isEqualTo(2));
  }

  @Test
  void changesAreFollowedByOrdinalEachDocumentOnceWithItsLatestWrite() {
    add("t1", "milk");
    documents.create("doc-2", "todo-list", "");
    documents.dispatch("doc-2", documents.action("ADD_TODO", "global", new AddTodo("x", "x")));
    add("t2", "eggs");

    List<DocumentChange> changes = store.changedSince(0, 100);
    assertThat(changes).extracting(DocumentChange::documentId).containsExactly("doc-2", "doc-1");
    long last = changes.get(1).ordinal();
    assertThat(changes.get(0).ordinal()).isLessThan(last);
    assertThat(store.changedSince(last, 100)).isEmpty();
    assertThat(store.changedSince(0, 1)).extracting(DocumentChange::documentId).containsExactly("doc-1");
  }

  @Test
  void documentsLetGoWhenMoreThanTheLimitAreHeldAreLoadedAgainWhenUsed() {
    Documents small = Documents.builder().store(store).model(TodoModel.MODEL).clock(clock).maxLoadedDocuments(1)
        .build();
    small.create("doc-a", "todo-list", "");
    small.create("doc-b", "todo-list", "");
    for (int round = 0; round < 3; round++) {
      small.dispatch("doc-a", small.action("ADD_TODO", "global", new AddTodo("a" + round, "a")));
      small.dispatch("doc-b", small.action("ADD_TODO", "global", new AddTodo("b" + round, "b")));
    }

    assertThat(small.state("doc-a", GLOBAL).items()).hasSize(3);
    assertThat(small.state("doc-b", GLOBAL).items()).hasSize(3);
    assertThat(store.getSince("doc-a", "global", "main", 0)).extracting(Operation::index).containsExactly(0, 1, 2);
  }

  @Test
  void branchesHaveTheirOwnHistories() {
    add("t1", "milk");
    documents.dispatch("doc-1", "draft", List.of(documents.action("ADD_TODO", "global", new AddTodo("d1", "draft"))));

    assertThat(documents.state("doc-1", "draft", GLOBAL).items()).extracting(Todo::id).containsExactly("d1");
    assertThat(texts()).containsExactly("milk");
    assertThat(store.revisions("doc-1", "draft")).isEqualTo(Map.of("global", 1));
    assertThat(documents.hash("doc-1", "draft", "global")).isNotEqualTo(documents.hash("doc-1", "global"));
  }
}
