package dev.operon.commands;

import java.time.Instant;

/**
 * An operation of the operation log as stored, read without its command classes: its index in
 * the log, id, host, when it committed, its command's type and the command, its items and its
 * nested operations as JSON text.
 */
public record LoggedOperation(long index, String id, String hostId, Instant loggedAt, String commandType,
    String commandJson, String itemsJson, String nestedJson) {}
