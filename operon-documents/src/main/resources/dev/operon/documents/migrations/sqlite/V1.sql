-- Documents: one row per document (its header scope).
CREATE TABLE IF NOT EXISTS {p}documents (
  id TEXT PRIMARY KEY,
  document_type TEXT NOT NULL,
  model_version INTEGER NOT NULL,
  name TEXT NOT NULL,
  created_at_ns BIGINT NOT NULL
);
-- Operations: dense indexes per (document, scope, branch); ordinal orders every operation of the
-- database, for readers that follow all documents.
CREATE TABLE IF NOT EXISTS {p}document_operations (
  ordinal INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  branch TEXT NOT NULL,
  idx INTEGER NOT NULL,
  op_id TEXT NOT NULL,
  skip INTEGER NOT NULL,
  ts_ns BIGINT NOT NULL,
  hash TEXT NOT NULL,
  error TEXT,
  action_id TEXT NOT NULL,
  action_type TEXT NOT NULL,
  action_version INTEGER NOT NULL,
  input TEXT NOT NULL,
  context TEXT,
  UNIQUE (document_id, scope, branch, idx)
);
-- Keyframes: the state of a scope after a revision, made by reducers of model_version.
CREATE TABLE IF NOT EXISTS {p}document_keyframes (
  document_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  branch TEXT NOT NULL,
  revision INTEGER NOT NULL,
  model_version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  state TEXT NOT NULL,
  clipboard TEXT NOT NULL,
  PRIMARY KEY (document_id, scope, branch, revision)
);
-- Attachments: content-addressed (SHA-256 of the bytes), stored once however many operations refer to them.
CREATE TABLE IF NOT EXISTS {p}document_attachments (
  hash TEXT PRIMARY KEY,
  mime_type TEXT NOT NULL,
  file_name TEXT NOT NULL,
  extension TEXT NOT NULL,
  size BIGINT NOT NULL,
  data BLOB NOT NULL
);
