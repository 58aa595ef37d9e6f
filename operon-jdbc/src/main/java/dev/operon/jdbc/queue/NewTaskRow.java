package dev.operon.jdbc.queue;

/** A task to insert. */
record NewTaskRow(String id, String queue, byte[] payload, long visibleAtNanos, long publishedAtNanos, String dedupKey) {}
