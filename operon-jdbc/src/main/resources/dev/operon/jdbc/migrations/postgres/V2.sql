-- A queue table churns: every task is inserted, updated when claimed and deleted when acked, and
-- each of these leaves dead entries at the head of the ready index that claims must step over
-- until VACUUM removes them. PostgreSQL's default (vacuum once 20% of the table is dead) lets
-- them pile up for far too long on a table that is small but busy, so vacuum it after every
-- 1,000 dead rows, without the cost-based pauses.
ALTER TABLE {p}tasks SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 1000,
  autovacuum_vacuum_cost_delay = 0
);
