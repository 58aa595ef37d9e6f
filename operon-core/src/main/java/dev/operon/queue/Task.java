package dev.operon.queue;

import java.time.Instant;

/**
 * A fetched task. Hand it back to {@link TaskQueue#ack}, {@link TaskQueue#nak} or
 * {@link TaskQueue#terminate}.
 *
 * @param queue the queue it was fetched from
 * @param id its id, stable across redeliveries
 * @param payload the bytes given at publish
 * @param delivery which delivery this is, 1 for the first
 * @param publishedAt when it was published
 * @param receipt an adapter's opaque handle for this delivery (lease token, reply subject)
 */
public record Task(
    String queue, String id, byte[] payload, int delivery, Instant publishedAt, String receipt) {}
