package dev.operon.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import dev.operon.runtime.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tracked operations on a store, the same on every store. */
abstract class TrackingContract {
  protected final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
  protected TrackingStore store;
  protected Tracking tracking;

  /** An empty store whose clock (for stalled detection) is {@link #clock}. */
  protected abstract TrackingStore openStore();

  /** An empty audit log on the same backend as {@link #openStore()}. */
  protected abstract AuditLog openAuditLog();

  @BeforeEach
  void setUp() {
    store = openStore();
    tracking = new Tracking(store, clock);
  }

  @Test
  void anOperationStartsRunningReportsProgressAndCompletes() {
    String parent = tracking.start("Nightly.Import", "corr-1", null, Map.of("tenant", "t1"));
    String id = tracking.start("Nightly.Import.File", "corr-1", parent, null);
    clock.advance(Duration.ofSeconds(5));

    tracking.updateProgress(id, 50, "Halfway");
    tracking.addEvent(id, "Checkpoint", "file 1 of 2", "{\"file\":1}");
    clock.advance(Duration.ofSeconds(5));
    tracking.complete(id, OperationStatus.SUCCEEDED, "Done");

    TrackedOperation done = tracking.snapshot(id).orElseThrow();
    assertThat(done.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(done.name()).isEqualTo("Nightly.Import.File");
    assertThat(done.percent()).isEqualTo(50);
    assertThat(done.message()).isEqualTo("Done");
    assertThat(done.startedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    assertThat(done.completedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:10Z"));
    assertThat(tracking.snapshot(parent).orElseThrow().tags()).containsEntry("tenant", "t1");
    assertThat(tracking.timeline(id)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo("Checkpoint");
      assertThat(e.dataJson()).isEqualTo("{\"file\":1}");
      assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-12-05T10:00:05Z"));
    });
    assertThat(tracking.correlated("corr-1")).extracting(TrackedOperation::id).containsExactly(parent, id);
    assertThat(tracking.children(parent)).extracting(TrackedOperation::id).containsExactly(id);
  }

  @Test
  void completingTwiceWithTheSameStatusChangesNothingAndWithAnotherIsAnError() {
    String id = tracking.start("Email.Send", null, null, null);
    tracking.complete(id, OperationStatus.SUCCEEDED, "sent");
    long version = tracking.snapshot(id).orElseThrow().version();

    tracking.complete(id, OperationStatus.SUCCEEDED, "sent again");

    assertThat(tracking.snapshot(id).orElseThrow().version()).isEqualTo(version);
    assertThatThrownBy(() -> tracking.complete(id, OperationStatus.FAILED, "no"))
        .hasMessageContaining("is SUCCEEDED; it cannot become FAILED");
    assertThatThrownBy(() -> tracking.updateProgress(id, 10, "late"))
        .hasMessageContaining("is SUCCEEDED; it cannot become RUNNING");
    assertThat(tracking.snapshot(id).orElseThrow().message()).isEqualTo("sent");
  }

  @Test
  void operationsWithoutProgressForLongerThanTheThresholdAreFoundAndMarkedAndProgressRevivesThem() {
    String quiet = tracking.start("Batch.Run", null, null, null);
    String busy = tracking.start("Batch.Run", null, null, null);
    String done = tracking.start("Batch.Run", null, null, null);
    tracking.complete(done, OperationStatus.SUCCEEDED, null);
    clock.advance(Duration.ofMinutes(20));
    tracking.updateProgress(busy, 10, null);
    clock.advance(Duration.ofMinutes(15));

    assertThat(tracking.findStalled(Duration.ofMinutes(30))).extracting(TrackedOperation::id).containsExactly(quiet);
    assertThat(tracking.markStalled(quiet)).isTrue();
    assertThat(tracking.markStalled(quiet)).isFalse();
    assertThat(tracking.markStalled(done)).isFalse();
    assertThat(tracking.findStalled(Duration.ofMinutes(30))).isEmpty();
    assertThat(tracking.snapshot(quiet).orElseThrow().status()).isEqualTo(OperationStatus.STALLED);

    tracking.updateProgress(quiet, 90, "back");

    assertThat(tracking.snapshot(quiet).orElseThrow().status()).isEqualTo(OperationStatus.RUNNING);
  }

  @Test
  void badInputIsRefusedByNameAndNothingIsStored() {
    String id = tracking.start("Invoice.Generate", null, null, null);
    for (String bad : new String[] {"", "  ", "Invoice Generate", ".Invoice", "Invoice..Generate", "x".repeat(201)}) {
      assertThatThrownBy(() -> tracking.start(bad, null, null, null))
          .isInstanceOfSatisfying(OperonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
    }
    assertThatThrownBy(() -> tracking.updateProgress(id, 101, null)).hasMessageContaining("between 0 and 100, was 101");
    assertThatThrownBy(() -> tracking.updateProgress(id, -1, null)).hasMessageContaining("was -1");
    assertThatThrownBy(() -> tracking.updateProgress("nope", 1, null)).hasMessageContaining("No tracked operation nope");
    assertThatThrownBy(() -> tracking.addEvent(id, "Data", "big", "\"" + "x".repeat(16_384) + "\""))
        .hasMessageContaining("more than 16384");
    assertThatThrownBy(() -> tracking.addEvent(id, " ", "m", null)).hasMessageContaining("needs a kind");
    assertThatThrownBy(() -> tracking.complete(id, OperationStatus.RUNNING, null))
        .hasMessageContaining("with SUCCEEDED, FAILED or CANCELED");
    assertThatThrownBy(() -> tracking.start("Child.Run", null, "nope", null)).hasMessageContaining("Parent operation nope");

    assertThat(tracking.timeline(id)).isEmpty();
    assertThat(tracking.snapshot(id).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void aScopeCompletesSucceededOrRecordsTheErrorAndFails() {
    String ok;
    try (TrackingScope scope = tracking.scope("Report.Build", null, null, null)) {
      ok = scope.id();
      scope.progress(40, "rendering");
    }
    String failed;
    try (TrackingScope scope = tracking.scope("Report.Build", null, null, null)) {
      failed = scope.id();
      try {
        throw new IllegalStateException("disk full");
      } catch (IllegalStateException e) {
        scope.fail(e);
      }
    }

    assertThat(tracking.snapshot(ok).orElseThrow().status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(tracking.snapshot(failed).orElseThrow().status()).isEqualTo(OperationStatus.FAILED);
    assertThat(tracking.timeline(failed)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo("Error");
      assertThat(e.message()).isEqualTo("disk full");
      assertThat(e.dataJson()).contains("java.lang.IllegalStateException", "aScopeCompletes");
    });
  }

  @Test
  void finishedOperationsAreTrimmedWithTheirEventsAndRunningOnesStay() {
    String old = tracking.start("Job.Old", null, null, null);
    tracking.addEvent(old, "Checkpoint", "one", null);
    tracking.complete(old, OperationStatus.SUCCEEDED, null);
    String running = tracking.start("Job.Running", null, null, null);
    clock.advance(Duration.ofDays(8));
    String recent = tracking.start("Job.Recent", null, null, null);
    tracking.complete(recent, OperationStatus.CANCELED, null);

    assertThat(store.trimFinished(null, clock.instant().minus(Duration.ofDays(7)), 100)).isEqualTo(1);

    assertThat(tracking.snapshot(old)).isEmpty();
    assertThat(tracking.timeline(old)).isEmpty();
    assertThat(tracking.snapshot(running)).isPresent();
    assertThat(tracking.snapshot(recent)).isPresent();
  }

  @Test
  void retentionKeepsEachFinalStatusForItsOwnAge() {
    String succeeded = tracking.start("Job.Done", null, null, null);
    tracking.addEvent(succeeded, "Checkpoint", "one", null);
    tracking.complete(succeeded, OperationStatus.SUCCEEDED, null);
    String failed = tracking.start("Job.Broken", null, null, null);
    tracking.complete(failed, OperationStatus.FAILED, "disk full");
    String running = tracking.start("Job.Long", null, null, null);
    TrackingRetention retention = TrackingRetention.builder(store).clock(clock).period(null)
        .keep(OperationStatus.SUCCEEDED, Duration.ofDays(1)).keep(OperationStatus.FAILED, Duration.ofDays(10)).start();

    clock.advance(Duration.ofDays(2));
    assertThat(retention.trimNow()).isEqualTo(1);
    assertThat(tracking.snapshot(succeeded)).isEmpty();
    assertThat(tracking.timeline(succeeded)).isEmpty();
    assertThat(tracking.snapshot(failed)).isPresent();

    clock.advance(Duration.ofDays(9));
    assertThat(retention.trimNow()).isEqualTo(1);
    assertThat(tracking.snapshot(failed)).isEmpty();
    assertThat(tracking.snapshot(running)).isPresent();
    assertThatThrownBy(() -> TrackingRetention.builder(store).keep(OperationStatus.RUNNING, Duration.ofDays(1)))
        .isInstanceOf(OperonException.class).hasMessageContaining("RUNNING");
  }

  @Test
  void workStartedUnderItsOwnIdIsTrackedOnceHoweverOftenItStarts() {
    assertThat(tracking.startAs("saga-1", "Saga.Order", "corr-9", null, Map.of("type", "Order"))).isTrue();
    tracking.updateProgress("saga-1", 30, "step 1 done");

    assertThat(tracking.startAs("saga-1", "Saga.Order", "corr-9", null, null)).isFalse();

    TrackedOperation operation = tracking.snapshot("saga-1").orElseThrow();
    assertThat(operation.percent()).isEqualTo(30);
    assertThat(operation.message()).isEqualTo("step 1 done");
    assertThat(operation.correlationId()).isEqualTo("corr-9");
    assertThatThrownBy(() -> tracking.startAs(" ", "Saga.Order", null, null, null))
        .isInstanceOf(OperonException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> tracking.startAs("x".repeat(201), "Saga.Order", null, null, null))
        .isInstanceOf(OperonException.class).hasMessageContaining("200");
  }

  @Test
  void aChildOfAnUnknownParentIsRefusedAndNothingIsStored() {
    assertThatThrownBy(() -> tracking.start("Job.Child", null, "nope", null))
        .isInstanceOf(OperonException.class).hasMessageContaining("Parent operation nope of Job.Child is not tracked");
    assertThatThrownBy(() -> tracking.startAs("child-1", "Job.Child", null, "nope", null))
        .isInstanceOf(OperonException.class).hasMessageContaining("nope");

    assertThat(tracking.snapshot("child-1")).isEmpty();
    assertThat(tracking.children("nope")).isEmpty();
    String parent = tracking.start("Job.Parent", null, null, null);
    assertThat(tracking.startAs("child-1", "Job.Child", null, parent, null)).isTrue();
    assertThat(tracking.children(parent)).extracting(TrackedOperation::id).containsExactly("child-1");
  }

  @Test
  void workThatEndedWithinOneTransactionIsRecordedInOneWriteOnce() {
    Instant began = clock.instant();
    clock.advance(Duration.ofMillis(40));
    TrackedOperation ended = new TrackedOperation("op-1", "Command.PlaceOrder", OperationStatus.SUCCEEDED, began,
        began, null, null, null, "corr-3", null, Map.of("host", "h1"), 7);

    assertThat(tracking.recordEnded(ended)).isTrue();
    assertThat(tracking.recordEnded(ended)).isFalse();

    TrackedOperation stored = tracking.snapshot("op-1").orElseThrow();
    assertThat(stored.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(stored.startedAt()).isEqualTo(began);
    assertThat(stored.completedAt()).isEqualTo(clock.instant());
    assertThat(stored.version()).isEqualTo(1);
    assertThat(tracking.correlated("corr-3")).extracting(TrackedOperation::id).containsExactly("op-1");
    TrackedOperation going = new TrackedOperation("op-2", "Command.PlaceOrder", OperationStatus.RUNNING, began,
        began, null, null, null, null, null, null, 1);
    assertThatThrownBy(() -> tracking.recordEnded(going)).isInstanceOf(OperonException.class)
        .hasMessageContaining("RUNNING");
    assertThat(tracking.snapshot("op-2")).isEmpty();
  }

  private static TrackingChange change(TrackingChange.Type type, String id, OperationStatus status, Integer percent,
      String message, String parent) {
    return new TrackingChange(type, new TrackedOperation(id, "Saga.Step", status, Instant.EPOCH, Instant.EPOCH, null,
        percent, message, "corr-b", parent, Map.of("k", "v"), 1));
  }

  @Test
  void changesRecordedTogetherStartProgressAndEndOperationsInOrder() {
    tracking.recordAll(java.util.List.of(
        change(TrackingChange.Type.START, "saga-1", OperationStatus.RUNNING, null, null, null),
        change(TrackingChange.Type.START, "saga-1/1", OperationStatus.RUNNING, null, null, "saga-1")));
    clock.advance(Duration.ofSeconds(3));
    tracking.recordAll(java.util.List.of(
        change(TrackingChange.Type.PROGRESS, "saga-1/1", OperationStatus.RUNNING, 50, "attempt 1 failed", "saga-1"),
        change(TrackingChange.Type.START, "saga-1", OperationStatus.RUNNING, null, "started again", null)));
    clock.advance(Duration.ofSeconds(3));
    tracking.recordAll(java.util.List.of(
        change(TrackingChange.Type.END, "saga-1/1", OperationStatus.SUCCEEDED, null, "done", "saga-1"),
        change(TrackingChange.Type.END, "saga-1", OperationStatus.SUCCEEDED, null, "Completed", null),
        change(TrackingChange.Type.END, "saga-1/1", OperationStatus.FAILED, null, "too late", "saga-1")));

    TrackedOperation step = tracking.snapshot("saga-1/1").orElseThrow();
    assertThat(step.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(step.percent()).isEqualTo(50);
    assertThat(step.message()).isEqualTo("done");
    assertThat(step.startedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    assertThat(step.completedAt()).isEqualTo(Instant.parse("2026-12-05T10:00:06Z"));
    assertThat(step.parentId()).isEqualTo("saga-1");
    assertThat(step.correlationId()).isEqualTo("corr-b");
    assertThat(step.version()).isEqualTo(3);
    TrackedOperation saga = tracking.snapshot("saga-1").orElseThrow();
    assertThat(saga.status()).isEqualTo(OperationStatus.SUCCEEDED);
    assertThat(saga.message()).isEqualTo("Completed");
    assertThat(tracking.children("saga-1")).extracting(TrackedOperation::id).containsExactly("saga-1/1");
  }

  @Test
  void aChangeOfAnOperationNotTrackedYetTracksItFromThereAndABadNameRefusesTheWholeList() {
    tracking.recordAll(java.util.List.of(
        change(TrackingChange.Type.END, "late-1", OperationStatus.CANCELED, null, "ended before tracking began", null),
        change(TrackingChange.Type.PROGRESS, "late-2", OperationStatus.RUNNING, 10, "going", "nope")));

    assertThat(tracking.snapshot("late-1").orElseThrow().status()).isEqualTo(OperationStatus.CANCELED);
    assertThat(tracking.snapshot("late-2").orElseThrow()).satisfies(op -> {
      assertThat(op.status()).isEqualTo(OperationStatus.RUNNING);
      assertThat(op.percent()).isEqualTo(10);
    });
    TrackingChange badName = new TrackingChange(TrackingChange.Type.START, new TrackedOperation("bad-1", "no spaces",
        OperationStatus.RUNNING, Instant.EPOCH, Instant.EPOCH, null, null, null, null, null, null, 1));
    assertThatThrownBy(() -> tracking.recordAll(java.util.List.of(
        change(TrackingChange.Type.START, "good-1", OperationStatus.RUNNING, null, null, null), badName)))
        .isInstanceOf(OperonException.class).hasMessageContaining("no spaces");
    assertThat(tracking.snapshot("good-1")).isEmpty();
  }

  @Test
  void progressOnAnEndedOperationIsRefusedAndChangesNothing() {
    String id = tracking.start("Job.Short", null, null, null);
    tracking.updateProgress(id, 40, "going");
    tracking.complete(id, OperationStatus.SUCCEEDED, "done");
    TrackedOperation done = tracking.snapshot(id).orElseThrow();

    assertThatThrownBy(() -> tracking.updateProgress(id, 90, "late"))
        .isInstanceOf(OperonException.class).hasMessageContaining("SUCCEEDED");
    assertThatThrownBy(() -> tracking.updateProgress("nope", 90, "late"))
        .isInstanceOf(OperonException.class).hasMessageContaining("No tracked operation nope");

    assertThat(tracking.snapshot(id)).contains(done);
  }

  @Test
  void auditEventsAreFoundByAnchorTimeRangeAndName() {
    AuditLog audit = openAuditLog();
    AuditEvent.Anchor invoice = new AuditEvent.Anchor("Invoice", "inv-7", "Subject");
    AuditEvent.Anchor customer = new AuditEvent.Anchor("Customer", "c-1", "Owner");
    AuditEvent.Actor ada = new AuditEvent.Actor("User", "u-1", "Ada");
    Instant t0 = Instant.parse("2026-12-05T10:00:00.000000001Z");
    AuditEvent issued = new AuditEvent("a1", t0, "invoice.issued", "Invoice inv-7 issued", AuditEvent.Outcome.SUCCESS,
        java.util.List.of(invoice, customer), ada, "{\"cents\":1250}", "corr-1");
    AuditEvent paid = new AuditEvent("a2", t0.plusSeconds(60), "invoice.paid", "Invoice inv-7 paid",
        AuditEvent.Outcome.SUCCESS, java.util.List.of(invoice), ada, null, null);
    AuditEvent other = new AuditEvent("a3", t0.plusSeconds(30), "invoice.issued", "Invoice inv-8 issued",
        AuditEvent.Outcome.INFO, java.util.List.of(new AuditEvent.Anchor("Invoice", "inv-8", null)), null, null, null);
    audit.write(paid);
    audit.write(issued);
    audit.write(other);

    assertThat(audit.query(invoice, null, null, null, 10)).containsExactly(issued, paid);
    assertThat(audit.query(customer, null, null, null, 10)).containsExactly(issued);
    assertThat(audit.query(invoice, t0.plusSeconds(1), null, null, 10)).containsExactly(paid);
    assertThat(audit.query(invoice, null, t0.plusSeconds(60), null, 10)).containsExactly(issued);
    assertThat(audit.query(invoice, null, null, "invoice.paid", 10)).containsExactly(paid);
    assertThat(audit.query(invoice, null, null, null, 1)).containsExactly(issued);
    assertThat(other.anchors().get(0).role()).isEqualTo("Subject");
  }

  @Test
  void anAuditEventWithoutAnchorsMessageOrAValidNameOrWithTooMuchDataIsRefused() {
    AuditEvent.Anchor invoice = new AuditEvent.Anchor("Invoice", "inv-7", null);
    Instant at = clock.instant();
    assertThatThrownBy(() -> new AuditEvent("x", at, "invoice.issued", "m", AuditEvent.Outcome.INFO,
        java.util.List.of(), null, null, null)).hasMessageContaining("needs at least one anchor");
    assertThatThrownBy(() -> new AuditEvent("x", at, "invoice issued", "m", AuditEvent.Outcome.INFO,
        java.util.List.of(invoice), null, null, null)).hasMessageContaining("is not dot-separated words");
    assertThatThrownBy(() -> new AuditEvent("x", at, "invoice.issued", " ", AuditEvent.Outcome.INFO,
        java.util.List.of(invoice), null, null, null)).hasMessageContaining("needs a message");
    assertThatThrownBy(() -> new AuditEvent("x", at, "invoice.issued", "m", AuditEvent.Outcome.INFO,
        java.util.List.of(invoice), null, "\"" + "x".repeat(16_384) + "\"", null))
        .hasMessageContaining("more than 16384");
    assertThatThrownBy(() -> new AuditEvent.Anchor("Invoice", " ", null)).hasMessageContaining("needs a type and an id");
  }
}
