-- Schema drift: each export's schemas in the order they were seen. A row is written when a run is
-- planned (status 'recorded'; it counts as accepted once that run succeeds), when on_schema_drift:
-- fail refuses a run ('rejected'; kept so `rivet state schema --accept` can accept it), and when
-- someone accepts one ('accepted'). columns_json is the schema as SchemaCodec writes it and
-- fingerprint its SHA-256. version counts up per export from 1.
CREATE TABLE export_schemas (
  export_name  TEXT    NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  run_id       TEXT,
  status       TEXT    NOT NULL CHECK (status IN ('recorded', 'rejected', 'accepted')),
  fingerprint  TEXT    NOT NULL,
  columns_json TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  PRIMARY KEY (export_name, version)
);
