package dev.operon.jdbc.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/** Inserts the events of one append inside the current transaction; positions differ per dialect. */
interface EventInserter {
  void insert(Connection connection, AppendRequest request) throws SQLException;
}
