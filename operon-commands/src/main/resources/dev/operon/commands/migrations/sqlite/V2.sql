-- The headers an event carries from the command whose operation stored it to its handler: the
-- correlation context and W3C trace (traceparent, tracestate) as a JSON object; NULL for none.
ALTER TABLE {p}operation_events ADD COLUMN headers TEXT;
-- The oldest New event (the age of the outbox) found at the start of an index, without reading every New one.
CREATE INDEX IF NOT EXISTS {p}operation_events_new_logged ON {p}operation_events (state, logged_at_ns);
