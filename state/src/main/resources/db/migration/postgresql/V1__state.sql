-- The whole state schema as SQLite's migrations V1..V5 leave it, in one step. Flyway runs this in
-- the store's own schema (rivet_state unless the URL's currentSchema names another), so the tables
-- can live in an existing database. Times are timestamptz (microseconds); statuses are the
-- lower-case wire values of RunStatus and ChunkStatus.

CREATE TABLE runs (
  run_id        text        NOT NULL PRIMARY KEY,
  -- Insertion order: breaks ties between runs planned in the same microsecond.
  seq           bigint      GENERATED ALWAYS AS IDENTITY,
  export_name   text        NOT NULL,
  status        text        NOT NULL
                CHECK (status IN ('planned', 'running', 'succeeded', 'failed', 'abandoned')),
  runner        text,
  -- Text, not jsonb: the plan is read back exactly as it was written.
  plan_json     text        NOT NULL,
  chunk_count   integer     NOT NULL CHECK (chunk_count >= 0),
  created_at    timestamptz NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz,
  rows_written  bigint      NOT NULL DEFAULT 0,
  files_written bigint      NOT NULL DEFAULT 0,
  bytes_written bigint      NOT NULL DEFAULT 0,
  error_class   text,
  error_message text
);

CREATE INDEX runs_by_export_created ON runs (export_name, created_at, seq);
CREATE INDEX runs_by_created ON runs (created_at, seq);

CREATE TABLE chunks (
  run_id          text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  chunk_index     integer     NOT NULL CHECK (chunk_index >= 0),
  lower_inclusive text,
  upper_exclusive text,
  status          text        NOT NULL
                  CHECK (status IN ('planned', 'running', 'written', 'published', 'failed',
                                    'abandoned')),
  attempts        integer     NOT NULL DEFAULT 0,
  rows_written    bigint      NOT NULL DEFAULT 0,
  started_at      timestamptz,
  finished_at     timestamptz,
  error_class     text,
  error_message   text,
  PRIMARY KEY (run_id, chunk_index)
);

-- A chunk may write several files (file rotation); writing it again replaces all of its rows.
CREATE TABLE files (
  run_id        text    NOT NULL,
  chunk_index   integer NOT NULL,
  file_index    integer NOT NULL CHECK (file_index >= 0),
  path          text    NOT NULL,
  rows_written  bigint  NOT NULL,
  bytes         bigint  NOT NULL,
  sha256        text,
  PRIMARY KEY (run_id, chunk_index, file_index),
  FOREIGN KEY (run_id, chunk_index) REFERENCES chunks (run_id, chunk_index) ON DELETE CASCADE
);

-- The high-water mark of each incremental export, advanced when a run is published.
-- mark_axis orders marks (integer value, epoch day or epoch microsecond); mark is the boundary text.
CREATE TABLE cursors (
  export_name text        NOT NULL PRIMARY KEY,
  cursor      text        NOT NULL,
  key_type    text        NOT NULL,
  mark        text        NOT NULL,
  mark_axis   bigint      NOT NULL,
  run_id      text        NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Every failed attempt of a chunk, with its class, kept after a retry succeeds.
CREATE TABLE chunk_errors (
  run_id        text        NOT NULL,
  chunk_index   integer     NOT NULL,
  attempt       integer     NOT NULL,
  error_class   text        NOT NULL,
  error_message text,
  failed_at     timestamptz NOT NULL,
  PRIMARY KEY (run_id, chunk_index, attempt)
);

-- A lease per export: while it is unexpired, only its holder (host:pid of a rivet process) runs
-- the export. Released leases are deleted; an expired one stays until another holder takes it.
-- Expiry is judged by this server's clock, so rivet hosts with skewed clocks still agree.
CREATE TABLE leases (
  export_name text        NOT NULL PRIMARY KEY,
  holder      text        NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
