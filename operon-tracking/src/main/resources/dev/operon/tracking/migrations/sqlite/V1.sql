-- Tracked operations: one row each, updated in place (version counts the changes).
CREATE TABLE IF NOT EXISTS {p}tracked_operations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at_ns BIGINT NOT NULL,
  updated_at_ns BIGINT NOT NULL,
  completed_at_ns BIGINT,
  percent INTEGER,
  message TEXT,
  correlation_id TEXT,
  parent_id TEXT,
  tags TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}tracked_operations_correlation ON {p}tracked_operations (correlation_id);
CREATE INDEX IF NOT EXISTS {p}tracked_operations_parent ON {p}tracked_operations (parent_id);
-- Stalled detection reads only the operations still going, by their last update.
CREATE INDEX IF NOT EXISTS {p}tracked_operations_going ON {p}tracked_operations (updated_at_ns)
  WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX IF NOT EXISTS {p}tracked_operations_finished ON {p}tracked_operations (completed_at_ns)
  WHERE completed_at_ns IS NOT NULL;
-- Their evidence events.
CREATE TABLE IF NOT EXISTS {p}tracking_events (
  id TEXT PRIMARY KEY,
  operation_id TEXT NOT NULL,
  occurred_at_ns BIGINT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT
);
CREATE INDEX IF NOT EXISTS {p}tracking_events_operation ON {p}tracking_events (operation_id, occurred_at_ns);
-- Audit events, and what each is about (one row per anchor), found by anchor and time.
CREATE TABLE IF NOT EXISTS {p}audit_events (
  id TEXT PRIMARY KEY,
  occurred_at_ns BIGINT NOT NULL,
  name TEXT NOT NULL,
  event TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {p}audit_anchors (
  event_id TEXT NOT NULL,
  anchor_type TEXT NOT NULL,
  anchor_id TEXT NOT NULL,
  occurred_at_ns BIGINT NOT NULL,
  PRIMARY KEY (anchor_type, anchor_id, occurred_at_ns, event_id)
);
