package dev.operon.saga;

import dev.operon.error.ErrorKind;
import dev.operon.error.OperonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thrown by {@link SagaHandle#result} for a saga whose rollback failed: a step failed (or the saga
 * was cancelled or timed out), and at least one compensation of its completed steps then failed
 * for good, so some of its effects are not undone. Kind {@link ErrorKind#COMPENSATION}, where a
 * successful rollback is {@link ErrorKind#CANCELLED}. Once the downstream system is fixed,
 * {@link SagaEngine#retryCompensation(String)} runs the failed compensations and those still owed.
 */
public final class CompensationFailedException extends OperonException {
  private static final long serialVersionUID = 1L;

  private final transient SagaFailure originalFailure;
  private final transient List<CompensationRecord> compensations;

  /**
   * The rollback of saga {@code sagaId}, started by {@code originalFailure} (may be null if none was
   * recorded), failed; {@code compensations} are its records in order (see
   * {@link SagaDescription#compensations()}), at least one of them {@link CompensationRecord.Status#FAILED}.
   */
  public CompensationFailedException(String sagaId, SagaFailure originalFailure,
      List<CompensationRecord> compensations) {
    this(sagaId, originalFailure, List.copyOf(compensations), firstFailed(owed(compensations)));
  }

  private CompensationFailedException(String sagaId, SagaFailure originalFailure,
      List<CompensationRecord> compensations, CompensationRecord failed) {
    super(ErrorKind.COMPENSATION, message(sagaId, originalFailure, compensations), null,
        Map.of(Ids.SAGA, sagaId, "activity", failed.activityId()), false);
    this.originalFailure = originalFailure;
    this.compensations = compensations;
  }

  /** Why the saga was rolled back: the failure of its step, its cancellation or its timeout. */
  public SagaFailure originalFailure() {
    return originalFailure;
  }

  /** The type id of the (first) compensation that failed. */
  public String compensationType() {
    return failed().get(0).compensationType();
  }

  /** The activity id of the step whose compensation failed (first). */
  public String stepId() {
    return failed().get(0).stepId();
  }

  /** The error of the (first) compensation that failed. */
  public SagaFailure failure() {
    return failed().get(0).failure().orElseThrow();
  }

  /**
   * Every compensation of the last rollback that failed for good, in the order they ran: one when
   * the rollback stops at a failure, possibly several with {@link CompensationFailurePolicy#CONTINUE}.
   */
  public List<CompensationRecord> failed() {
    return owed().stream().filter(c -> c.status() == CompensationRecord.Status.FAILED).toList();
  }

  /** Every record of the rollback, in order: the runs (a retried compensation has one per run), then those owed. */
  public List<CompensationRecord> compensations() {
    return compensations;
  }

  /** The compensations that ran to a result, completed or failed, in the order they ran. */
  public List<CompensationRecord> ran() {
    return compensations.stream().filter(CompensationRecord::ran).toList();
  }

  /**
   * The compensations still owed, in the order a retry runs them: for each step not yet undone,
   * its newest record (the failed ones, and those that never ran).
   */
  public List<CompensationRecord> owed() {
    return owed(compensations);
  }

  /** Per step not undone, its newest record, in the order of those records. */
  static List<CompensationRecord> owed(List<CompensationRecord> compensations) {
    Map<String, CompensationRecord> newest = new LinkedHashMap<>();
    for (CompensationRecord c : compensations) {
      newest.remove(c.stepId());
      newest.put(c.stepId(), c);
    }
    List<CompensationRecord> owed = new ArrayList<>();
    newest.values().stream().filter(c -> c.status() != CompensationRecord.Status.COMPLETED).forEach(owed::add);
    return List.copyOf(owed);
  }

  private static CompensationRecord firstFailed(List<CompensationRecord> owed) {
    return owed.stream().filter(c -> c.status() == CompensationRecord.Status.FAILED).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("a failed rollback has a failed compensation, got " + owed));
  }

  private static String message(String sagaId, SagaFailure original, List<CompensationRecord> compensations) {
    List<CompensationRecord> owed = owed(compensations);
    List<CompensationRecord> failed =
        owed.stream().filter(c -> c.status() == CompensationRecord.Status.FAILED).toList();
    String stillOwed = owed.stream().map(CompensationRecord::compensationType).collect(Collectors.joining(", "));
    return "Saga " + sagaId + " could not be rolled back: " + (failed.size() == 1 ? "compensation " : "compensations ")
        + failed.stream().map(CompensationRecord::toString).collect(Collectors.joining("; ")) + ". Still owed: "
        + stillOwed + " (retryCompensation runs them). Original failure: " + original;
  }
}
