-- The high-water mark of each incremental export, advanced when a run is published.
-- mark_axis orders marks (integer value, epoch day or epoch microsecond); mark is the boundary text.
CREATE TABLE cursors (
  export_name TEXT    NOT NULL PRIMARY KEY,
  cursor      TEXT    NOT NULL,
  key_type    TEXT    NOT NULL,
  mark        TEXT    NOT NULL,
  mark_axis   INTEGER NOT NULL,
  run_id      TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
);
