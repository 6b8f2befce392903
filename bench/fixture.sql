-- TPC-H-lineitem-like benchmark table, filled server-side with deterministic pseudo-random values
-- (the same rows on every machine for a given row count). Usage:
--   psql -v ON_ERROR_STOP=1 -v rows=10000000 -f bench/fixture.sql
-- Rebuilds the table from scratch; bench/run.sh calls it only when the row count differs.
SET client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS rivet_bench;
DROP TABLE IF EXISTS rivet_bench.lineitem;

-- l_id is a surrogate single-column key so Rivet can split on it; the primary key is added after
-- the fill, which is several times faster than maintaining the index row by row.
CREATE TABLE rivet_bench.lineitem (
  l_id            bigint        NOT NULL,
  l_orderkey      bigint        NOT NULL,
  l_linenumber    int           NOT NULL,
  l_partkey       bigint        NOT NULL,
  l_suppkey       int           NOT NULL,
  l_quantity      numeric(15,2) NOT NULL,
  l_extendedprice numeric(15,2) NOT NULL,
  l_discount      numeric(15,2) NOT NULL,
  l_tax           numeric(15,2) NOT NULL,
  l_returnflag    char(1)       NOT NULL,
  l_linestatus    char(1)       NOT NULL,
  l_shipdate      date          NOT NULL,
  l_commitdate    date          NOT NULL,
  l_receiptdate   date          NOT NULL,
  l_shipinstruct  text          NOT NULL,
  l_shipmode      text          NOT NULL,
  l_comment       text          NOT NULL
);

INSERT INTO rivet_bench.lineitem
SELECT g,
       (g - 1) / 4 + 1,
       ((g - 1) % 4)::int + 1,
       1 + (g * 7919) % 200000,
       (1 + (g * 104729) % 10000)::int,
       1 + (g * 31) % 50,
       round(900 + ((g * 2654435761) % 10000000) / 100.0, 2),
       ((g * 17) % 11) / 100.0,
       ((g * 13) % 9) / 100.0,
       (ARRAY['A', 'N', 'R'])[1 + g % 3],
       CASE WHEN (g / 3) % 2 = 0 THEN 'F' ELSE 'O' END,
       d.ship,
       d.ship + ((g * 7) % 61)::int - 30,
       d.ship + 1 + (g % 30)::int,
       (ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'])[1 + (g * 3) % 4],
       (ARRAY['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'])[1 + (g * 5) % 7],
       -- About 40 characters of word salad plus a hash fragment, like TPC-H's l_comment.
       (ARRAY['carefully', 'final', 'ironic', 'regular', 'express', 'pending', 'bold', 'quick'])[1 + (g * 3) % 8]
         || ' ' || (ARRAY['deposits', 'requests', 'accounts', 'packages', 'foxes', 'theodolites'])[1 + (g * 7) % 6]
         || ' ' || (ARRAY['sleep', 'nag', 'haggle', 'wake', 'cajole', 'integrate', 'boost'])[1 + (g * 11) % 7]
         || ' ' || left(md5(g::text), 8 + (g % 13)::int)
FROM generate_series(1::bigint, :rows::bigint) AS g,
     LATERAL (SELECT date '1992-01-02' + ((g * 48271) % 2526)::int AS ship) AS d;

ALTER TABLE rivet_bench.lineitem ADD PRIMARY KEY (l_id);
VACUUM ANALYZE rivet_bench.lineitem;
