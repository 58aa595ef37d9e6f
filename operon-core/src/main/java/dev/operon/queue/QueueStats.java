package dev.operon.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * What is waiting in a queue.
 *
 * @param depth tasks not yet acknowledged nor dead-lettered (ready, delayed or in flight)
 * @param oldestAge age of the oldest such task, empty if there is none
 * @param deadLetters tasks in the dead-letter queue
 */
public record QueueStats(long depth, Optional<Duration> oldestAge, long deadLetters) {}
