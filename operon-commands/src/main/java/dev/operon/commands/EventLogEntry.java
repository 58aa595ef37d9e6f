package dev.operon.commands;

import java.time.Instant;

/**
 * An event of the event log: its id, state ({@code NEW}, {@code PROCESSED} or {@code DISCARDED}),
 * the tries made, when its operation committed, when it is due, its value's type, and the error of
 * its last failed try.
 */
public record EventLogEntry(String id, String state, int attempts, Instant loggedAt, Instant delayUntil,
    String valueType, String lastError) {}
