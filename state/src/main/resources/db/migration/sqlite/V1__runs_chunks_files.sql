-- Timestamps are UTC ISO-8601 text with exactly six fraction digits, so text order is time order.
-- Statuses are the lower-case wire values of RunStatus and ChunkStatus.

CREATE TABLE runs (
  run_id        TEXT    NOT NULL PRIMARY KEY,
  export_name   TEXT    NOT NULL,
  status        TEXT    NOT NULL
                CHECK (status IN ('planned', 'running', 'succeeded', 'failed')),
  runner        TEXT,
  plan_json     TEXT    NOT NULL,
  chunk_count   INTEGER NOT NULL CHECK (chunk_count >= 0),
  created_at    TEXT    NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  rows_written  INTEGER NOT NULL DEFAULT 0,
  files_written INTEGER NOT NULL DEFAULT 0,
  bytes_written INTEGER NOT NULL DEFAULT 0,
  error_class   TEXT,
  error_message TEXT
);

CREATE INDEX runs_by_export_created ON runs (export_name, created_at);
CREATE INDEX runs_by_created ON runs (created_at);

CREATE TABLE chunks (
  run_id          TEXT    NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  chunk_index     INTEGER NOT NULL CHECK (chunk_index >= 0),
  lower_inclusive TEXT,
  upper_exclusive TEXT,
  status          TEXT    NOT NULL
                  CHECK (status IN ('planned', 'running', 'written', 'published', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  rows_written    INTEGER NOT NULL DEFAULT 0,
  started_at      TEXT,
  finished_at     TEXT,
  error_class     TEXT,
  error_message   TEXT,
  PRIMARY KEY (run_id, chunk_index)
);

-- At most one file per chunk: a rerun of a chunk replaces its row.
CREATE TABLE files (
  run_id        TEXT    NOT NULL,
  chunk_index   INTEGER NOT NULL,
  path          TEXT    NOT NULL,
  rows_written  INTEGER NOT NULL,
  bytes         INTEGER NOT NULL,
  sha256        TEXT,
  PRIMARY KEY (run_id, chunk_index),
  FOREIGN KEY (run_id, chunk_index) REFERENCES chunks (run_id, chunk_index) ON DELETE CASCADE
);
