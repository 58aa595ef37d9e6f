-- Saga visibility: one row per saga, written with each append to its history in the same
-- transaction, so list, recovery, the reconciler and the watchdog read rows, never histories.
CREATE TABLE IF NOT EXISTS {p}saga_visibility (
  saga_id TEXT PRIMARY KEY,
  workflow_type TEXT NOT NULL,
  state TEXT NOT NULL,
  terminal INTEGER NOT NULL,
  started_at_ns BIGINT NOT NULL,
  closed_at_ns BIGINT,
  last_progress_ns BIGINT NOT NULL,
  last_event_id BIGINT NOT NULL,
  parent_saga_id TEXT,
  continued_as TEXT,
  code_version TEXT,
  search_attributes TEXT NOT NULL,
  blocked TEXT,
  open INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}saga_visibility_started ON {p}saga_visibility (started_at_ns, saga_id);
CREATE INDEX IF NOT EXISTS {p}saga_visibility_state ON {p}saga_visibility (state, started_at_ns, saga_id);
CREATE INDEX IF NOT EXISTS {p}saga_visibility_type ON {p}saga_visibility (workflow_type, started_at_ns, saga_id);
CREATE INDEX IF NOT EXISTS {p}saga_visibility_open ON {p}saga_visibility (saga_id) WHERE open = 1;
CREATE INDEX IF NOT EXISTS {p}saga_visibility_blocked ON {p}saga_visibility (started_at_ns, saga_id)
  WHERE blocked IS NOT NULL;
-- One row per search attribute, its value typed as text ("long:5"), for equality lookups that
-- walk an index in list order.
CREATE TABLE IF NOT EXISTS {p}saga_attributes (
  saga_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  started_at_ns BIGINT NOT NULL,
  PRIMARY KEY (saga_id, name)
);
CREATE INDEX IF NOT EXISTS {p}saga_attributes_match ON {p}saga_attributes (name, value, started_at_ns, saga_id);
