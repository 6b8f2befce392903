-- Which worker (rivet run --worker) holds a RUNNING chunk, and until when. A claim that expired
-- belongs to a worker that stopped (crashed or killed): another worker may take the chunk over.
-- Both are NULL for a chunk no worker holds (planned, written, failed, or run by a pipeline).
ALTER TABLE chunks ADD COLUMN claimed_by TEXT;
ALTER TABLE chunks ADD COLUMN claim_expires_at TEXT;
