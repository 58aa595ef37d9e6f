package dev.operon.jdbc.queue;

import dev.operon.jdbc.internal.PendingWrite;

/** A publish (without dedup key) or an ack waiting for its group commit. */
abstract sealed class QueueWrite extends PendingWrite<Boolean> permits QueueWrite.Publish, QueueWrite.Ack {

  /** A task to insert. */
  static final class Publish extends QueueWrite {
    final NewTaskRow row;

    Publish(NewTaskRow row) {
      this.row = row;
    }
  }

  /** A task to delete if its lease is still current. */
  static final class Ack extends QueueWrite {
    final String id;
    final String lease;

    Ack(String id, String lease) {
      this.id = id;
      this.lease = lease;
    }
  }
}
