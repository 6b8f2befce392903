# shellcheck shell=bash disable=SC2034 # the settings below are read by bench/run.sh
# PostgreSQL side of bench/run.sh (sourced, not run): fixture, role, raw COPY baseline, sampler.
# bench/oltp-harm.sh sources it too, for the fixture, the role and the COPY.
# The contract every bench/source-*.sh fulfils is described at the top of bench/run.sh.

BASELINE=copy
BASELINE_STDOUT= # psql prints "COPY n" there, into the run log
BASELINE_LABEL=COPY
DEFAULT_VARIANTS="copy parquet csv parquet-256m parquet-flink"
CONFIG=bench/rivet-bench.yaml
SERVER_LABEL="PostgreSQL server"
SIZE_LABEL=pg_table_size
TARGET_RATIO=1.5 # issue 2: Parquet zstd on the DirectRunner within 1.5x the raw COPY
TARGET_STMT_S=

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}

psql_admin() { psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }

src_check() {
  command -v psql >/dev/null || die "psql is required but not on PATH"
  pg_isready -q || die "PostgreSQL is not answering at $PGHOST:$PGPORT (start it, or set PGHOST/PGPORT)"
}

src_table_rows() { # the table's row count, -1 when it does not exist
  # Two statements: a query naming a missing table fails at parse time, CASE or not.
  if [[ $(psql_admin -c "SELECT to_regclass('$TABLE') IS NULL") == t ]]; then
    echo -1
  else
    psql_admin -c "SELECT count(*) FROM $TABLE"
  fi
}

src_build_fixture() { psql_admin -v rows="$1" -f bench/fixture.sql; }

src_grant() {
  psql_admin <<SQL
SET client_min_messages = warning;
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$BENCH_USER') THEN
    CREATE ROLE $BENCH_USER LOGIN;
  END IF;
END \$\$;
GRANT CONNECT ON DATABASE "$PGDATABASE" TO $BENCH_USER;
GRANT USAGE ON SCHEMA rivet_bench TO $BENCH_USER;
GRANT SELECT ON ALL TABLES IN SCHEMA rivet_bench TO $BENCH_USER;
-- Lets the default profile's tuning.yield_to_sessions see other users' sessions (pgbench's, the
-- sampler's) as a production export user would be granted it (docs/configuration.md).
GRANT pg_read_all_stats TO $BENCH_USER;
SQL
}

src_table_bytes() { psql_admin -c "SELECT pg_table_size('$TABLE')"; }

src_baseline_cmd() {
  printf '%s\n' psql -X -U "$BENCH_USER" \
    -c "\\copy (SELECT * FROM $TABLE) TO '/dev/null' WITH (FORMAT binary)"
}

# Warm-up: one untimed read, which also measures the binary COPY stream; prints "bytes rows".
src_warmup() {
  local bytes
  bytes=$(psql -X -U "$BENCH_USER" -qAt \
    -c "\\copy (SELECT * FROM $TABLE) TO STDOUT WITH (FORMAT binary)" | wc -c)
  echo "$bytes -"
}

# Rows a timed baseline run delivered, from psql's "COPY n" line.
src_baseline_rows() { # $1 = run log
  local rows
  rows=$(awk '/^COPY [0-9]+/ {print $2}' "$1" | tail -n1)
  echo "${rows:--1}"
}

# One psql session answers one sample query per line of its input.
src_sampler_client() { psql -X -qAt -F ' ' -v ON_ERROR_STOP=1; }
SAMPLE_SQL=$(tr '\n' ' ' <<SQL
SELECT coalesce(extract(epoch FROM max(clock_timestamp() - query_start)
                               FILTER (WHERE state = 'active')), 0)::numeric(12,3),
       coalesce(extract(epoch FROM max(clock_timestamp() - xact_start)), 0)::numeric(12,3),
       count(*)
FROM pg_stat_activity WHERE usename = '$BENCH_USER';
SQL
)

src_server_pid() { # the postmaster's pid when its data directory can be read here
  local datadir pid
  datadir=$(psql_admin -c 'SHOW data_directory') || return 0
  [[ -r $datadir/postmaster.pid ]] || return 0
  pid=$(head -n1 "$datadir/postmaster.pid")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/stat ]] && echo "$pid"
  return 0
}
src_meta() {
  echo "conn=PGHOST=$PGHOST PGPORT=$PGPORT PGDATABASE=$PGDATABASE (admin user $PGUSER)"
  echo "server=$(psql_admin -c 'SHOW server_version') (shared_buffers $(psql_admin -c 'SHOW shared_buffers'))"
}
