-- Which worker (rivet run --worker) holds a RUNNING chunk, and until when (by this server's clock).
-- A claim that expired belongs to a worker that stopped (crashed or killed): another worker may
-- take the chunk over. Both are NULL for a chunk no worker holds.
ALTER TABLE chunks ADD COLUMN claimed_by text;
ALTER TABLE chunks ADD COLUMN claim_expires_at timestamptz;
