-- A lease per export: while it is unexpired, only its holder (host:pid of a rivet process) runs
-- the export. Released leases are deleted; an expired one stays until another holder takes it.
-- Times are UTC ISO-8601 text with six fraction digits, like every other time here.
CREATE TABLE leases (
  export_name TEXT NOT NULL PRIMARY KEY,
  holder      TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
