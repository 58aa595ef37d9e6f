-- Settings of this database's saga store, by name. page_token_key signs the page tokens of list,
-- so that a token another store issued, or one that was changed, is refused; every process on the
-- database reads the same key, so a token stays good across processes and restarts.
CREATE TABLE IF NOT EXISTS {p}saga_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
