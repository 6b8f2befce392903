#!/usr/bin/env bash
# Buffer cache harm (issue 18): does an extraction push an OLTP working set out of PostgreSQL's
# shared_buffers? Counts, not times, so it can run on a busy machine. For each variant: pg_prewarm
# the pgbench tables, run WARM_TX pgbench transactions, count the pgbench buffers in shared_buffers
# (pg_buffercache), run the extraction (pgbench idle, or at DURING transactions per second), count
# again, then count pgbench's misses (heap_blks_read + idx_blks_read) over WARM_TX more transactions.
#
#   bench/buffer-cache.sh [ROWS]     ROWS of the table to extract (default 2000000: 315 MB, more
#                                    than the default 128 MB of shared_buffers)
#
# Variants (VARIANTS, in this order by default):
#   none      no extraction (the control)
#   copy      psql "\copy (SELECT * FROM <schema>.lineitem) TO '/dev/null' WITH (FORMAT binary)"
#   balanced  bin/rivet run, the default profile (key ranges)
#   safe      bin/rivet run, tuning.profile safe
#   nokey     bin/rivet run of a copy of the table without a key (block ranges)
#   jdbc      bin/rivet run, read_protocol jdbc
#   single    bin/rivet run with chunk_rows above the row count (one statement)
#
# Environment:
#   REPEAT       rounds (default 3)
#   CACHE_DB     the database of the pgbench tables and the table (default rivet_cache, created
#                with pgbench -i -s SCALE and the bench/fixture.sql table when missing; needs the
#                pg_buffercache and pg_prewarm extensions)
#   SCALE        pgbench -i scale (default 2: about 31 MB, which fits in 128 MB)
#   WARM_TX      pgbench transactions before and after each extraction (default 1000, 4 clients)
#   DURING       pgbench's rate (-R) while the extraction runs; empty (default): pgbench is idle
#   RIVET_JAR PGHOST PGPORT PGUSER   as bench/run.sh (admin connection; default postgres)
# Prints one line per measurement: round variant buffers_before buffers_after misses_after; work
# files are in bench/work/buffer-cache/. Never changes a server setting.
set -euo pipefail

ROWS=2000000
while (($#)); do
  case $1 in
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "buffer-cache: unknown option '$1'" >&2; exit 2 ;;
    *) ROWS=$1; shift ;;
  esac
done
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work/buffer-cache
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${CACHE_DB:-rivet_cache}
SCHEMA=rivet_cache
REPEAT=${REPEAT:-3}
SCALE=${SCALE:-2}
WARM_TX=${WARM_TX:-1000}
VARIANTS=${VARIANTS:-none copy balanced safe nokey jdbc single}
export RIVET_JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
mkdir -p "$WORK"

die() { echo "buffer-cache: $*" >&2; exit 1; }
q() { psql -X -v ON_ERROR_STOP=1 -qAt -d "$DB" "$@"; }
for v in $VARIANTS; do
  [[ " none copy balanced safe nokey jdbc single " == *" $v "* ]] || die "unknown variant '$v'"
done
[[ -f $RIVET_JAR ]] || die "no $RIVET_JAR: build it first (./mvnw -o -B -q -DskipTests package)"

# ---------------------------------------------------------------- fixture
if [[ $(psql -X -qAt -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'") == 0 ]]; then
  psql -X -qAt -d postgres -c "CREATE DATABASE $DB" >/dev/null
fi
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_buffercache" \
  -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
  || die "$DB needs the pg_buffercache and pg_prewarm extensions (postgresql-contrib)"
if [[ $(q -c "SELECT to_regclass('public.pgbench_accounts') IS NULL") == t ]]; then
  pgbench -i -q -s "$SCALE" "$DB" >"$WORK/pgbench-init.log" 2>&1 || die "pgbench -i failed: $WORK/pgbench-init.log"
fi
if [[ $(q -c "SELECT to_regclass('$SCHEMA.lineitem_nokey') IS NULL") == t ]] \
  || [[ $(q -c "SELECT count(*) FROM $SCHEMA.lineitem") != "$ROWS" ]]; then
  echo "building $SCHEMA.lineitem ($ROWS rows) and its keyless copy in $DB" >&2
  sed "s/rivet_bench/$SCHEMA/g" bench/fixture.sql | q -v rows="$ROWS" -f - >/dev/null
  q -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS $SCHEMA.lineitem_nokey" \
    -c "CREATE TABLE $SCHEMA.lineitem_nokey AS SELECT * FROM $SCHEMA.lineitem" \
    -c "VACUUM ANALYZE $SCHEMA.lineitem_nokey"
fi
echo "shared_buffers $(q -c 'SHOW shared_buffers'), table $(q -c "SELECT pg_size_pretty(pg_table_size('$SCHEMA.lineitem'))")" >&2

cat >"$WORK/rivet.yaml" <<YAML
# Written by bench/buffer-cache.sh; paths are relative to this file.
source: {host: $PGHOST, port: $PGPORT, database: $DB, user: $PGUSER}
state: state.db
defaults: {format: parquet, compression: zstd, destination: out}
exports:
  - {name: balanced, table: $SCHEMA.lineitem}
  - {name: safe, table: $SCHEMA.lineitem, tuning: {profile: safe}}
  - {name: nokey, table: $SCHEMA.lineitem_nokey}
  - {name: jdbc, table: $SCHEMA.lineitem, tuning: {read_protocol: jdbc}}
  - {name: single, table: $SCHEMA.lineitem, chunk_rows: 1000000000}
YAML

# ---------------------------------------------------------------- one measurement
oltp_buffers() {
  q -c "SELECT count(*) FROM pg_buffercache b JOIN pg_class c
          ON b.relfilenode = pg_relation_filenode(c.oid)
         AND b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
        WHERE c.relname LIKE 'pgbench\_%'"
}
oltp_misses() {
  q -c "SELECT coalesce(sum(heap_blks_read + coalesce(idx_blks_read, 0)), 0)
        FROM pg_statio_user_tables WHERE relname LIKE 'pgbench\_%'"
}
transactions() { pgbench -n -c 4 -t $((WARM_TX / 4)) "$DB" >>"$WORK/pgbench.log" 2>&1; }

measure() { # $1 = round, $2 = variant
  local before after load='' m0 m1
  q -c "SELECT sum(pg_prewarm(oid)) FROM pg_class WHERE relname LIKE 'pgbench\_%' AND relkind IN ('r', 'i')" >/dev/null
  transactions
  before=$(oltp_buffers)
  if [[ -n ${DURING:-} ]]; then
    pgbench -n -c 2 -R "$DURING" -T 3600 "$DB" >>"$WORK/pgbench-during.log" 2>&1 &
    load=$!
    sleep 2
  fi
  case $2 in
    none) ;;
    copy) q -c "\\copy (SELECT * FROM $SCHEMA.lineitem) TO '/dev/null' WITH (FORMAT binary)" >/dev/null ;;
    *) rm -rf "$WORK/out" "$WORK"/state.db*
       bin/rivet run -c "$WORK/rivet.yaml" --export "$2" >"$WORK/run-$2.log" 2>&1 \
         || die "rivet run failed: $WORK/run-$2.log" ;;
  esac
  after=$(oltp_buffers)
  if [[ -n $load ]]; then
    kill "$load"
    wait "$load" 2>/dev/null || true
    sleep 2 # the killed clients' backends report their statistics as they exit
  fi
  m0=$(oltp_misses)
  transactions
  sleep 1.5 # pgbench's backends flush their statistics as they exit
  m1=$(oltp_misses)
  echo "$1 $2 $before $after $((m1 - m0))"
}

echo "round variant buffers_before buffers_after misses_after"
for ((r = 1; r <= REPEAT; r++)); do
  for v in $VARIANTS; do measure "$r" "$v"; done
done
