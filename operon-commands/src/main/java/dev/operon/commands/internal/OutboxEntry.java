package dev.operon.commands.internal;

import java.time.Instant;

/** An event of the event log as stored. */
public record OutboxEntry(String id, OutboxState state, long version, Instant loggedAt, Instant delayUntil,
    String valueType, String value) {}
