-- The partial index of the operations still going, keyed by their start, which never changes: a
-- heartbeat then rewrites no index entry (as on PostgreSQL, where it makes the update in place).
DROP INDEX IF EXISTS {p}tracked_operations_going;
CREATE INDEX IF NOT EXISTS {p}tracked_operations_going ON {p}tracked_operations (started_at_ns)
  WHERE status IN ('PENDING', 'RUNNING');
