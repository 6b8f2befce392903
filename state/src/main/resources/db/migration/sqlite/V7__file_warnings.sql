-- Each file keeps the counts of values it wrote differently from the source (e.g. infinity_clamped),
-- as a JSON object of code -> count, so a run published from state (resume, workers) totals them.
-- NULL means none: files written before this version read back with no warnings.
ALTER TABLE files ADD COLUMN warnings TEXT;
