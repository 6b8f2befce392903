-- Read by examples/full.yaml (query_file). Rivet wraps this SELECT as a subquery;
-- a query export is read in one piece, not split into chunks.
SELECT *
FROM rivet_demo.orders
WHERE created_at >= now() - interval '30 days'
