-- Each file keeps its column profile (per column: NULL count, longest value in bytes and
-- characters) as a JSON array, so that rivet compares a run's shape with the runs before it.
-- NULL means not recorded: files written before this version have no profile.
ALTER TABLE files ADD COLUMN profile text;
