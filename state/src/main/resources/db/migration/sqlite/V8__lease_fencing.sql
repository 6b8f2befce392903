-- Fencing: each time an export's lease passes to a new holder its token grows by one, and a holder
-- checks that it still holds its token before each chunk write and before publishing, so a holder
-- that was paused past its lease stops instead of writing next to the one that took over. Tokens
-- are kept per export in lease_tokens, which a release does not delete, so they never repeat.
-- holder_process says how to tell, on the holder's own host, whether the holder is still running
-- (its host, pid namespace, pid and start time); NULL for leases taken before this version.
ALTER TABLE leases ADD COLUMN token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leases ADD COLUMN holder_process TEXT;
CREATE TABLE lease_tokens (
  export_name TEXT    NOT NULL PRIMARY KEY,
  last_token  INTEGER NOT NULL
);
