-- Stalled detection reads the operations still going through a partial index keyed by their start,
-- which never changes: a progress update (the heartbeat) then changes no indexed column, so
-- PostgreSQL rewrites the row in place on its page (a HOT update) and no index grows with it. The
-- query sorts the going operations it reads by their last update (1% of a million: ~10,000 rows).
DROP INDEX IF EXISTS {p}tracked_operations_going;
CREATE INDEX IF NOT EXISTS {p}tracked_operations_going ON {p}tracked_operations (started_at_ns)
  WHERE status IN ('PENDING', 'RUNNING');
-- Room on each page for the new versions of its rows, so heartbeats stay on the page.
ALTER TABLE {p}tracked_operations SET (fillfactor = 80);
