package dev.operon.jdbc.eventstore;

import dev.operon.jdbc.internal.StatementCache;
import java.sql.SQLException;

/** Inserts the events of one append inside the current transaction; positions differ per dialect. */
interface EventInserter {
  void insert(StatementCache statements, AppendRequest request) throws SQLException;
}
