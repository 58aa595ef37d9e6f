package dev.operon.saga;

import dev.operon.error.ErrorKind;
import java.time.Instant;
import java.util.Objects;

/**
 * Why the engine cannot move a saga, as recorded in its history (WorkflowTaskFailed): its code no
 * longer replays its history (kind {@link ErrorKind#REPLAY}, non-determinism), or it schedules an
 * activity no worker has registered (kind {@link ErrorKind#CONFIGURATION}). A blocked saga is
 * parked as it is: never timed out, rolled back or failed by the engine for it. It moves again as
 * soon as an engine with code that can decide it replays it (recovery on start, the reconciler,
 * a signal), and a cancel rolls it back from its history.
 *
 * @param kind REPLAY or CONFIGURATION
 * @param message what the workflow task found, naming the saga, the event and what differed
 * @param since when the block was recorded
 */
public record SagaBlock(ErrorKind kind, String message, Instant since) {
  public SagaBlock {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
  }
}
