package dev.operon.timer;

import java.time.Instant;

/**
 * A stored timer.
 *
 * @param claimedBy the scheduler holding it while {@link TimerStatus#PROCESSING}, else null
 * @param claimedAt when it was claimed, else null
 * @param attempts how many times it has been claimed
 * @param error why it failed, when {@link TimerStatus#FAILED}
 */
public record Timer(
    String id,
    String owner,
    TimerType type,
    Instant fireAt,
    byte[] payload,
    TimerStatus status,
    String claimedBy,
    Instant claimedAt,
    int attempts,
    Instant createdAt,
    String error) {}
