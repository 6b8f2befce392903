# shellcheck shell=bash disable=SC2034 # the settings below are read by bench/run.sh
# MariaDB side of bench/run.sh (sourced, not run): fixture, user, raw SELECT baseline, sampler.
# The contract every bench/source-*.sh fulfils is described at the top of bench/run.sh.

BASELINE=select
BASELINE_STDOUT=/dev/null # the rows themselves
BASELINE_LABEL=SELECT
DEFAULT_VARIANTS="select parquet csv parquet-256m"
CONFIG=bench/rivet-bench-mariadb.yaml
SERVER_LABEL="MariaDB server"
SIZE_LABEL="InnoDB data_length"
TARGET_RATIO=2 # issue 3: within 2x the raw SELECT
TARGET_STMT_S=1 # issue 3: no statement longer than 1 s with default settings

MARIADB_HOST=${MARIADB_HOST:-127.0.0.1}
MARIADB_PORT=${MARIADB_PORT:-3306}
MARIADB_USER=${MARIADB_USER:-root}
export MARIADB_HOST MARIADB_PORT # read by bench/rivet-bench-mariadb.yaml

# The admin connection's password, if any, comes from MYSQL_PWD, which the client reads itself.
mariadb_admin() { mariadb -h"$MARIADB_HOST" -P"$MARIADB_PORT" -u"$MARIADB_USER" -N -B "$@"; }

src_check() {
  command -v mariadb >/dev/null || die "the mariadb client is required but not on PATH"
  mariadb_admin -e 'SELECT 1' >/dev/null \
    || die "MariaDB is not answering at $MARIADB_HOST:$MARIADB_PORT as $MARIADB_USER (start it, or set MARIADB_HOST/MARIADB_PORT/MARIADB_USER)"
  [[ $(mariadb_admin -e "SELECT count(*) FROM information_schema.ENGINES
                         WHERE ENGINE = 'SEQUENCE' AND SUPPORT IN ('YES', 'DEFAULT')") == 1 ]] \
    || die "the fixture is filled from MariaDB's SEQUENCE engine, which this server does not offer"
}

src_table_rows() {
  if [[ $(mariadb_admin -e "SELECT count(*) FROM information_schema.TABLES
                            WHERE TABLE_SCHEMA = 'rivet_bench' AND TABLE_NAME = 'lineitem'") == 0 ]]; then
    echo -1
  else
    mariadb_admin -e "SELECT count(*) FROM $TABLE"
  fi
}

src_build_fixture() { mariadb_admin --init-command="SET @rows = $1" <bench/fixture-mariadb.sql >/dev/null; }

# The same user at 127.0.0.1 and localhost: which one a TCP login matches depends on name resolution.
src_grant() {
  local host
  for host in 127.0.0.1 localhost; do
    mariadb_admin -e "CREATE USER IF NOT EXISTS '$BENCH_USER'@'$host';
                      GRANT SELECT ON rivet_bench.* TO '$BENCH_USER'@'$host';"
  done
}

src_table_bytes() {
  mariadb_admin -e "SELECT DATA_LENGTH FROM information_schema.TABLES
                    WHERE TABLE_SCHEMA = 'rivet_bench' AND TABLE_NAME = 'lineitem'"
}

src_baseline_cmd() {
  printf '%s\n' mariadb --quick -h"$MARIADB_HOST" -P"$MARIADB_PORT" -u"$BENCH_USER" \
    -e "SELECT * FROM $TABLE"
}

# Warm-up: one untimed read of the same SELECT in batch form, one line per row (batch mode escapes
# line breaks inside values); prints "bytes rows". The timed runs send their output to /dev/null,
# so this is where the baseline's row count is checked.
src_warmup() {
  local counts lines bytes
  counts=$(mariadb --quick -N -B -h"$MARIADB_HOST" -P"$MARIADB_PORT" -u"$BENCH_USER" \
    -e "SELECT * FROM $TABLE" | wc -c -l) || die "the warm-up SELECT failed"
  read -r lines bytes <<<"$counts"
  echo "$bytes $lines"
}

src_baseline_rows() { echo "$WARM_ROWS"; }

# One mariadb session answers one sample query per line of its input; -n flushes each answer.
# TIME_MS is the running statement's age; a streaming SELECT stays in COMMAND 'Query' (text protocol)
# or 'Execute' (Rivet's server-side prepared statements) until its last
# row is sent. INNODB_TRX.trx_started has whole seconds only.
src_sampler_client() { mariadb_admin -n; }
SAMPLE_SQL=$(tr '\n' ' ' <<SQL
SELECT coalesce(max(IF(p.COMMAND IN ('Query', 'Execute'), p.TIME_MS, NULL)), 0) / 1000,
       coalesce(max(timestampdiff(SECOND, t.trx_started, now())), 0),
       count(DISTINCT p.ID)
FROM information_schema.PROCESSLIST p
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
WHERE p.USER = '$BENCH_USER';
SQL
)

src_server_pid() { # the server's pid when it runs on this machine (one process, its threads counted)
  case $MARIADB_HOST in 127.0.0.1 | localhost | ::1) ;; *) return 0 ;; esac
  pgrep -o -x mariadbd || pgrep -o -x mysqld || true
}
src_meta() {
  echo "conn=MARIADB_HOST=$MARIADB_HOST MARIADB_PORT=$MARIADB_PORT (admin user $MARIADB_USER)"
  echo "server=$(mariadb_admin -e 'SELECT version()') (innodb_buffer_pool_size $(mariadb_admin -e \
    'SELECT concat(@@innodb_buffer_pool_size DIV 1048576, "MB")'))"
}
