package dev.operon.documents;

import static dev.operon.documents.TodoModel.GLOBAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.checkpoint.Checkpoints;
import dev.operon.documents.TodoModel.AddTodo;
import dev.operon.documents.TodoModel.Todo;
import dev.operon.inmemory.InMemoryCheckpoints;
import dev.operon.notify.ChangeNotifier;
import dev.operon.notify.LocalBus;
import dev.operon.notify.LocalChangeNotifier;
import dev.operon.runtime.ManualClock;
import dev.operon.spi.BackendOptions;
import dev.operon.testkit.Eventually;
import dev.operon.tracking.OperationStatus;
import dev.operon.tracking.TrackedOperation;
import dev.operon.tracking.Tracking;
import dev.operon.tracking.TrackingStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sync loop keeps two stores in sync by itself: woken by commits, polling every period, resuming from checkpoints. */
class DocumentSyncLoopTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final ChangeNotifier notifier = new LocalChangeNotifier(new LocalBus(), BackendOptions.defaults());
  private final Checkpoints checkpoints = new InMemoryCheckpoints();
  private OperationStore storeA;
  private OperationStore storeB;
  private Documents a;
  private Documents b;

  @BeforeEach
  void setUp() {
    storeA = OperationStores.inMemory();
    storeB = OperationStores.inMemory();
    a = Documents.builder().store(storeA).model(TodoModel.MODEL).clock(clock).notifier(notifier).build();
    b = Documents.builder().store(storeB).model(TodoModel.MODEL).clock(clock).notifier(notifier).build();
  }

  @AfterEach
  void tearDown() {
    notifier.close();
  }

  private List<String> ids(Documents side, String document) {
    return side.state(document, GLOBAL).items().stream().map(Todo::id).toList();
  }

  @Test
  void aCommitOnEitherSideReachesTheOtherWithoutWaitingForThePeriod() {
    try (DocumentSyncLoop loop = DocumentSyncLoop.builder("ab", a, SyncChannel.of(storeB)).checkpoints(checkpoints)
        .notifier(notifier).clock(clock).period(Duration.ofHours(1)).start()) {
      a.create("doc", "todo-list", "");
      a.dispatch("doc", a.action("ADD_TODO", "global", new AddTodo("a1", "a1")));

      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(storeB.getSince("doc", "global", "main", 0))
          .hasSize(1));
      b.dispatch("doc", b.action("ADD_TODO", "global", new AddTodo("b1", "b1")));
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(ids(a, "doc")).containsExactly("a1", "b1"));
    }
  }

  @Test
  void aRoundWithDocumentsToSyncIsATrackedOperationAndAnEmptyOneIsNot() {
    Tracking tracking = new Tracking(TrackingStores.of(dev.operon.spi.Backends.open("memory:",
        BackendOptions.defaults().withClock(clock)), clock), clock);
    for (String document : List.of("doc-1", "doc-2")) {
      a.create(document, "todo-list", "");
      a.dispatch(document, a.action("ADD_TODO", "global", new AddTodo("t1", "t1")));
    }
    try (DocumentSyncLoop loop = DocumentSyncLoop.builder("ab", a, SyncChannel.of(storeB)).checkpoints(checkpoints)
        .clock(clock).period(Duration.ofHours(1)).tracking(tracking).start()) {
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(storeB.header("doc-2")).isPresent());
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(tracking.correlated("documents-sync.ab"))
          .extracting(TrackedOperation::status).containsExactly(OperationStatus.SUCCEEDED));
      assertThat(storeB.header("doc-2")).isPresent();
      assertThat(loop.syncNow()).as("documents looked at again").isEqualTo(2);
    }

    // the loop's first round pushed both documents; the round after it found both sides in sync
    assertThat(tracking.correlated("documents-sync.ab")).singleElement().satisfies(round -> {
      assertThat(round.name()).isEqualTo("Document.Sync");
      assertThat(round.status()).isEqualTo(OperationStatus.SUCCEEDED);
      assertThat(round.percent()).isEqualTo(100);
      assertThat(round.message()).isEqualTo("synced 2 documents: pulled 0, pushed 2, merged 0 operations");
      assertThat(round.tags()).containsEntry("loop", "documents-sync.ab").containsEntry("documents", "2");
    });
  }

  @Test
  void withoutAnnouncementsTheLoopSyncsEveryPeriodOfItsClock() {
    Documents quiet = Documents.builder().store(storeA).model(TodoModel.MODEL).clock(clock).build();
    quiet.create("doc", "todo-list", "");
    quiet.dispatch("doc", quiet.action("ADD_TODO", "global", new AddTodo("q1", "q1")));
    try (DocumentSyncLoop loop = DocumentSyncLoop.builder("quiet", quiet, SyncChannel.of(storeB))
        .checkpoints(checkpoints).clock(clock).period(Duration.ofSeconds(5)).start()) {
      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(storeB.getSince("doc", "global", "main", 0))
          .hasSize(1));
      quiet.dispatch("doc", quiet.action("ADD_TODO", "global", new AddTodo("q2", "q2")));

      clock.advance(Duration.ofSeconds(6));

      Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(storeB.getSince("doc", "global", "main", 0))
          .hasSize(2));
    }
  }

  @Test
  void theLoopKeepsItsPositionsInCheckpointsAndSyncsEveryDocumentEitherSideWrote() {
    a.create("one", "todo-list", "");
    a.dispatch("one", a.action("ADD_TODO", "global", new AddTodo("x", "x")));
    b.create("two", "todo-list", "");
    b.dispatch("two", b.action("ADD_TODO", "global", new AddTodo("y", "y")));
    try (DocumentSyncLoop loop = DocumentSyncLoop.builder("pos", a, SyncChannel.of(storeB)).checkpoints(checkpoints)
        .clock(clock).period(Duration.ofHours(1)).start()) {
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        assertThat(storeB.getSince("one", "global", "main", 0)).hasSize(1);
        assertThat(storeA.getSince("two", "global", "main", 0)).hasSize(1);
      });
      assertThat(loop.syncNow()).isEqualTo(2);
    }
    assertThat(checkpoints.position("documents-sync.pos.local")).isPositive();
    assertThat(checkpoints.position("documents-sync.pos.remote")).isPositive();
    assertThatThrownBy(() -> DocumentSyncLoop.builder("x", a, SyncChannel.of(storeB)).start())
        .hasMessageContaining("needs checkpoints");
  }
}
