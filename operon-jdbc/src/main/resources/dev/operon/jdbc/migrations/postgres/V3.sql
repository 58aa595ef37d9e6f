-- Checkpoints: the position in the global log up to which each named consumer has handled events.
-- A save only ever moves a row forward (see JdbcCheckpoints).
CREATE TABLE IF NOT EXISTS {p}checkpoints (
  consumer TEXT PRIMARY KEY,
  position BIGINT NOT NULL,
  updated_at_ns BIGINT NOT NULL
);
-- Reading the global log by stream prefix (readAll with a StreamPrefix) compares stream names in
-- code point order, COLLATE "C" whatever the database's collation, so the index that serves it
-- must hold them in that order. The planner uses it when the prefix matches few of the events
-- after the reader's position, and the primary key (the log's order) when it matches many; to tell
-- the two apart for prefixes that match well under 1% of the events, the stream column gets a
-- histogram ten times finer than the default.
CREATE INDEX IF NOT EXISTS {p}events_stream_prefix ON {p}events (stream COLLATE "C", position);
ALTER TABLE {p}events ALTER COLUMN stream SET STATISTICS 1000;
