package dev.operon.jdbc.queue;

import dev.operon.jdbc.internal.PendingWrite;
import java.util.List;

/** Publishes (without dedup key) or acks of one caller waiting for their group commit. */
abstract sealed class QueueWrite extends PendingWrite<Boolean> permits QueueWrite.Publish, QueueWrite.Ack {

  /** Tasks to insert. */
  static final class Publish extends QueueWrite {
    final List<NewTaskRow> rows;

    Publish(List<NewTaskRow> rows) {
      this.rows = rows;
    }
  }

  /** Tasks to delete, each only if its lease is still current. */
  static final class Ack extends QueueWrite {
    final List<String> ids;
    final List<String> leases;

    Ack(List<String> ids, List<String> leases) {
      this.ids = ids;
      this.leases = leases;
    }
  }
}
