package dev.operon.queue;

import java.time.Instant;

/**
 * A task moved to a queue's dead-letter queue.
 *
 * @param queue the queue it was published to
 * @param id the task's id
 * @param payload the bytes given at publish
 * @param deliveries how many times it was delivered
 * @param reason why it was dead-lettered (terminated by a consumer, or max deliveries reached)
 * @param deadAt when it was moved
 */
public record DeadLetter(
    String queue, String id, byte[] payload, int deliveries, String reason, Instant deadAt) {}
