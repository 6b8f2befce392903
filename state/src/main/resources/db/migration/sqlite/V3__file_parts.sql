-- A chunk may write several files (file rotation): the files table gets a file index, the file's
-- position within its chunk, in its primary key. Files written before keep index 0.
-- SQLite cannot change a primary key in place, so the table is rebuilt.

CREATE TABLE files_v3 (
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

INSERT INTO files_v3 (run_id, chunk_index, file_index, path, rows_written, bytes, sha256)
  SELECT run_id, chunk_index, 0, path, rows_written, bytes, sha256 FROM files;

DROP TABLE files;

-- Writing a chunk again replaces all of its rows here (StateStore.chunkWritten).
ALTER TABLE files_v3 RENAME TO files;
