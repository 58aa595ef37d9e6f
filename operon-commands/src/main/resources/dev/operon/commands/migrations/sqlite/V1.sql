-- The operation log: one row per persistent operation, written in the transaction of its command's
-- business writes, never updated, deleted only by the trimmer. Other hosts read it by idx.
CREATE TABLE IF NOT EXISTS {p}operations (
  idx INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  host_id TEXT NOT NULL,
  logged_at_ns BIGINT NOT NULL,
  command_type TEXT NOT NULL,
  command TEXT NOT NULL,
  items TEXT NOT NULL,
  nested TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}operations_logged_at ON {p}operations (logged_at_ns);
-- The event log (outbox): state 0 New, 1 Processed, 2 Discarded; version counts updates of a New event;
-- a reader claims due New events (claimed_by, claimed_until_ns) so that no two hosts process one at once.
CREATE TABLE IF NOT EXISTS {p}operation_events (
  id TEXT PRIMARY KEY,
  version BIGINT NOT NULL,
  state INTEGER NOT NULL,
  logged_at_ns BIGINT NOT NULL,
  delay_until_ns BIGINT NOT NULL,
  value_type TEXT NOT NULL,
  value TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  claimed_by TEXT,
  claimed_until_ns BIGINT
);
CREATE INDEX IF NOT EXISTS {p}operation_events_due ON {p}operation_events (state, delay_until_ns);
CREATE INDEX IF NOT EXISTS {p}operation_events_delay ON {p}operation_events (delay_until_ns, state);
