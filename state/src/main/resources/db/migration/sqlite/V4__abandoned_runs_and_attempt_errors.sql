-- Runs and chunks can be ABANDONED: an unfinished run that a newer run of its export superseded.
-- SQLite cannot change a CHECK constraint in place, so the tables are rebuilt. Foreign keys are
-- enforced and cannot be switched off inside the migration's transaction, and dropping a parent
-- table deletes its children by cascade: chunks and files are copied aside first, and restored.

CREATE TABLE files_copy AS SELECT * FROM files;
CREATE TABLE chunks_copy AS SELECT * FROM chunks;
DROP TABLE files;
DROP TABLE chunks;

CREATE TABLE runs_v4 (
  run_id        TEXT    NOT NULL PRIMARY KEY,
  export_name   TEXT    NOT NULL,
  status        TEXT    NOT NULL
                CHECK (status IN ('planned', 'running', 'succeeded', 'failed', 'abandoned')),
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
INSERT INTO runs_v4 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v4 RENAME TO runs;
CREATE INDEX runs_by_export_created ON runs (export_name, created_at);
CREATE INDEX runs_by_created ON runs (created_at);

CREATE TABLE chunks (
  run_id          TEXT    NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  chunk_index     INTEGER NOT NULL CHECK (chunk_index >= 0),
  lower_inclusive TEXT,
  upper_exclusive TEXT,
  status          TEXT    NOT NULL
                  CHECK (status IN ('planned', 'running', 'written', 'published', 'failed',
                                    'abandoned')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  rows_written    INTEGER NOT NULL DEFAULT 0,
  started_at      TEXT,
  finished_at     TEXT,
  error_class     TEXT,
  error_message   TEXT,
  PRIMARY KEY (run_id, chunk_index)
);
INSERT INTO chunks SELECT * FROM chunks_copy;
DROP TABLE chunks_copy;

-- As V3 made it; writing a chunk again replaces all of its rows here.
CREATE TABLE files (
  run_id        TEXT    NOT NULL,
  chunk_index   INTEGER NOT NULL,
  file_index    INTEGER NOT NULL CHECK (file_index >= 0),
  path          TEXT    NOT NULL,
  rows_written  INTEGER NOT NULL,
  bytes         INTEGER NOT NULL,
  sha256        TEXT,
  PRIMARY KEY (run_id, chunk_index, file_index),
  FOREIGN KEY (run_id, chunk_index) REFERENCES chunks (run_id, chunk_index) ON DELETE CASCADE
);
INSERT INTO files SELECT * FROM files_copy;
DROP TABLE files_copy;

-- Every failed attempt of a chunk, with its class, kept after a retry succeeds.
CREATE TABLE chunk_errors (
  run_id        TEXT    NOT NULL,
  chunk_index   INTEGER NOT NULL,
  attempt       INTEGER NOT NULL,
  error_class   TEXT    NOT NULL,
  error_message TEXT,
  failed_at     TEXT    NOT NULL,
  PRIMARY KEY (run_id, chunk_index, attempt)
);
