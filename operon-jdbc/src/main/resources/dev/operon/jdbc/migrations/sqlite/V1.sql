-- Event store: one row per stream with its last id (the optimistic-concurrency check), the events,
-- and the snapshots. A position is the rowid: SQLite has one writer, so position order is commit order.
CREATE TABLE IF NOT EXISTS {p}streams (
  stream TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS {p}events (
  position INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  id BIGINT NOT NULL,
  type TEXT NOT NULL,
  payload BLOB NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at_ns BIGINT NOT NULL,
  CONSTRAINT {p}events_stream_id UNIQUE (stream, id)
);
CREATE TABLE IF NOT EXISTS {p}snapshots (
  stream TEXT NOT NULL,
  last_event_id BIGINT NOT NULL,
  state BLOB NOT NULL,
  checksum TEXT NOT NULL,
  created_at_ns BIGINT NOT NULL,
  PRIMARY KEY (stream, last_event_id)
);
-- Task queue: a row per unfinished task (acked tasks are deleted, dead ones moved), so the
-- ready index only ever holds pending and in-flight rows.
CREATE TABLE IF NOT EXISTS {p}tasks (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  payload BLOB NOT NULL,
  delivery INTEGER NOT NULL,
  visible_at_ns BIGINT NOT NULL,
  published_at_ns BIGINT NOT NULL,
  dedup_key TEXT,
  lease TEXT
);
CREATE INDEX IF NOT EXISTS {p}tasks_ready ON {p}tasks (queue, visible_at_ns, id);
CREATE UNIQUE INDEX IF NOT EXISTS {p}tasks_dedup ON {p}tasks (queue, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS {p}dead_letters (
  seq INTEGER PRIMARY KEY,
  queue TEXT NOT NULL,
  id TEXT NOT NULL,
  payload BLOB NOT NULL,
  deliveries INTEGER NOT NULL,
  reason TEXT NOT NULL,
  dead_at_ns BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS {p}dead_letters_queue ON {p}dead_letters (queue, seq);
-- Timers, with partial indexes on the rows a scheduler claims.
CREATE TABLE IF NOT EXISTS {p}timers (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  type TEXT NOT NULL,
  fire_at_ns BIGINT NOT NULL,
  payload BLOB NOT NULL,
  status TEXT NOT NULL,
  claimed_by TEXT,
  claimed_at_ns BIGINT,
  attempts INTEGER NOT NULL,
  created_at_ns BIGINT NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS {p}timers_pending ON {p}timers (fire_at_ns) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS {p}timers_processing ON {p}timers (claimed_at_ns) WHERE status = 'PROCESSING';
CREATE INDEX IF NOT EXISTS {p}timers_owner ON {p}timers (owner, fire_at_ns);
