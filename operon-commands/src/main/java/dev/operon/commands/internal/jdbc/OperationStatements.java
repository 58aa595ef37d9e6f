package dev.operon.commands.internal.jdbc;

import dev.operon.jdbc.CapabilityTables;

/** The SQL of the operation log and event log writes. */
final class OperationStatements {
  final String insertOperation;
  final String insertEvent;
  final String insertEventIfMissing;
  final String upsertNewEvent;
  final String insertMarker;
  final String operationExists;
  final String eventExists;

  OperationStatements(CapabilityTables tables) {
    this.insertOperation = tables.sql("INSERT INTO {p}operations (id, host_id, logged_at_ns, command_type, command,"
        + " items, nested) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING idx");
    String insert = "INSERT INTO {p}operation_events (id, version, state, logged_at_ns, delay_until_ns, value_type,"
        + " value, headers) VALUES (?, 1, 0, ?, ?, ?, ?, ?)";
    this.insertEvent = tables.sql(insert);
    this.insertEventIfMissing = tables.sql(insert + " ON CONFLICT (id) DO NOTHING");
    this.upsertNewEvent = tables.sql(insert + " ON CONFLICT (id) DO UPDATE SET value_type = excluded.value_type,"
        + " value = excluded.value, headers = excluded.headers, delay_until_ns = excluded.delay_until_ns,"
        + " claimed_by = NULL,"
        + " claimed_until_ns = NULL,"
        + " version = {p}operation_events.version + 1 WHERE {p}operation_events.state = 0");
    this.insertMarker = tables.sql("INSERT INTO {p}operation_events (id, version, state, logged_at_ns, delay_until_ns,"
        + " value_type, value) VALUES (?, 1, 1, ?, ?, '', 'null')");
    this.operationExists = tables.sql("SELECT 1 FROM {p}operations WHERE id = ?");
    this.eventExists = tables.sql("SELECT 1 FROM {p}operation_events WHERE id = ?");
  }
}
