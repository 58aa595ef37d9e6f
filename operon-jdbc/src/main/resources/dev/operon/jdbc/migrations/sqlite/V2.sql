-- Checkpoints: the position in the global log up to which each named consumer has handled events.
-- A save only ever moves a row forward (see JdbcCheckpoints).
CREATE TABLE IF NOT EXISTS {p}checkpoints (
  consumer TEXT PRIMARY KEY,
  position BIGINT NOT NULL,
  updated_at_ns BIGINT NOT NULL
);
