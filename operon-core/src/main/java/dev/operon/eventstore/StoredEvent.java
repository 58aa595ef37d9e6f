package dev.operon.eventstore;

import java.time.Instant;
import java.util.Map;

/**
 * An event as stored.
 *
 * @param stream the stream it belongs to
 * @param id its 1-based, dense position within the stream
 * @param position its position in the global order across all streams (increasing, may have gaps)
 * @param type the event type name
 * @param payload the encoded payload
 * @param metadata string metadata given at append
 * @param recordedAt when the store recorded it (the store's clock)
 */
public record StoredEvent(
    String stream,
    long id,
    long position,
    String type,
    byte[] payload,
    Map<String, String> metadata,
    Instant recordedAt) {}
