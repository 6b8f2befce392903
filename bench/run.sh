#!/usr/bin/env bash
# Benchmarks Rivet against the raw COPY floor on a TPC-H-lineitem-like table in the local
# PostgreSQL, following /docs/benchmarks.md: alternating repetitions, whole-process wall time and
# peak RSS, source harm sampled every 100 ms, exact row counts.
#
#   bench/run.sh [ROWS]        ROWS defaults to 10000000
#
# Environment:
#   REPEAT     repetitions per variant (default 3)
#   VARIANTS   subset/order of: copy parquet csv parquet-256m parquet-flink (default: all)
#   PGHOST PGPORT PGUSER PGDATABASE   admin connection (default 127.0.0.1 5432 postgres test)
#   RIVET_JAVA_OPTS   extra JVM options for every Rivet variant
# Results: printed, and written to bench/work/results-<date>.md; logs in bench/work/logs/.
set -euo pipefail

ROWS=${1:-10000000}
REPEAT=${REPEAT:-3}
VARIANTS=${VARIANTS:-copy parquet csv parquet-256m parquet-flink}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "bench: ROWS must be a positive integer, got '$ROWS'" >&2; exit 2; }
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "bench: REPEAT must be a positive integer" >&2; exit 2; }
for v in $VARIANTS; do
  case $v in copy | parquet | csv | parquet-256m | parquet-flink) ;;
    *) echo "bench: unknown variant '$v' (valid: copy parquet csv parquet-256m parquet-flink)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work
CONFIG=bench/rivet-bench.yaml # relative: the script runs from the repository root
JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
BENCH_ROLE=rivet_bench
TABLE=rivet_bench.lineitem

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}
unset RIVET_STATE_URL # the config's state key must decide where the state goes

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }
psql_admin() { psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }

# ---------------------------------------------------------------- prerequisites
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing GNU time (Debian package 'time')"
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
  fi
  [[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time: install it (Debian/Ubuntu: apt-get install time)"
fi
for tool in psql python3 java; do
  command -v "$tool" >/dev/null || die "$tool is required but not on PATH"
done
pg_isready -q || die "PostgreSQL is not answering at $PGHOST:$PGPORT (start it, or set PGHOST/PGPORT)"
mkdir -p "$WORK/logs"

# ---------------------------------------------------------------- fixture and role
have=$(psql_admin -c "SELECT CASE WHEN to_regclass('$TABLE') IS NULL THEN -1
                                  ELSE (SELECT count(*) FROM $TABLE) END")
if [[ $have != "$ROWS" ]]; then
  log "creating $TABLE with $ROWS rows (table had: $have); this takes about a minute per 10M rows"
  psql_admin -v rows="$ROWS" -f bench/fixture.sql
else
  log "$TABLE already has $ROWS rows"
fi
psql_admin <<SQL
SET client_min_messages = warning;
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$BENCH_ROLE') THEN
    CREATE ROLE $BENCH_ROLE LOGIN;
  END IF;
END \$\$;
GRANT CONNECT ON DATABASE "$PGDATABASE" TO $BENCH_ROLE;
GRANT USAGE ON SCHEMA rivet_bench TO $BENCH_ROLE;
GRANT SELECT ON ALL TABLES IN SCHEMA rivet_bench TO $BENCH_ROLE;
SQL
source_bytes=$(psql_admin -c "SELECT pg_table_size('$TABLE')")

# ---------------------------------------------------------------- Rivet jar
needs_rivet=false
for v in $VARIANTS; do [[ $v == copy ]] || needs_rivet=true; done
if $needs_rivet && [[ ! -f $JAR ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests package
fi

# ---------------------------------------------------------------- variants
copy_sql="\\copy (SELECT * FROM $TABLE) TO '/dev/null' WITH (FORMAT binary)"
variant_cmd() { # prints the command of variant $1, one argument per line
  case $1 in
    copy) printf '%s\n' psql -X -U "$BENCH_ROLE" -c "$copy_sql" ;;
    parquet | parquet-256m) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_parquet ;;
    csv) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_csv ;;
    parquet-flink) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_parquet --runner flink ;;
  esac
}
# Renders arguments as one copy-pasteable shell line.
shell_line() {
  local arg out=()
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./=:,@+-]+$ ]]; then
      out+=("$arg")
    else
      arg=${arg//\"/\\\"}; arg=${arg//\$/\\\$}; arg=${arg//\`/\\\`}
      out+=("\"$arg\"")
    fi
  done
  echo "${out[*]}"
}
variant_java_opts() {
  case $1 in
    parquet-256m) echo "${RIVET_JAVA_OPTS:-} -Xmx256m" ;;
    *) echo "${RIVET_JAVA_OPTS:-}" ;;
  esac
}

# One psql session polls pg_stat_activity every 100 ms for the benchmark role's sessions.
sample_sql="SELECT coalesce(extract(epoch FROM max(clock_timestamp() - query_start)
                                       FILTER (WHERE state = 'active')), 0)::numeric(12,3),
                   coalesce(extract(epoch FROM max(clock_timestamp() - xact_start)), 0)::numeric(12,3),
                   count(*)
            FROM pg_stat_activity WHERE usename = '$BENCH_ROLE';"
sample_sql=$(tr '\n' ' ' <<<"$sample_sql")
sampler_pid=
sampler_start() { # $1 = output file; returns once the first sample is in
  rm -f "$WORK/sampler.stop" "$1"
  : >"$1"
  (while [[ ! -e $WORK/sampler.stop ]]; do echo "$sample_sql"; sleep 0.1; done) \
    | psql -X -qAt -F ' ' -v ON_ERROR_STOP=1 >"$1" &
  sampler_pid=$!
  for _ in $(seq 1 100); do [[ -s $1 ]] && return 0; sleep 0.05; done
  die "the pg_stat_activity sampler did not start"
}
sampler_stop() {
  touch "$WORK/sampler.stop"
  wait "$sampler_pid" || true
  sampler_pid=
}
cleanup() {
  if [[ -n $sampler_pid ]]; then touch "$WORK/sampler.stop"; wait "$sampler_pid" 2>/dev/null || true; fi
  rm -f "$WORK/sampler.stop"
}
trap cleanup EXIT

# Seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03".
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

# Rows and bytes of the run's output; prints "rows bytes manifest_rows note".
rivet_output() { # $1 = variant
  local outdir=$WORK/out files=() manifests=() ext rows bytes mrows note=""
  case $1 in csv) ext='part-*.csv*' ;; *) ext='part-*.parquet' ;; esac
  mapfile -t files < <(find "$outdir" -type f -name "$ext" 2>/dev/null | sort)
  mapfile -t manifests < <(find "$outdir" -type f -name manifest.json 2>/dev/null)
  if ((${#files[@]} == 0)); then echo "0 0 - no-output-files"; return; fi
  bytes=$(du -cb "${files[@]}" | tail -n1 | cut -f1)
  if [[ $1 == csv ]]; then
    rows=$(python3 bench/bench.py csv-rows "${files[@]}" 2>>"$WORK/logs/verify.log") || rows=-1
  else
    rows=$(java -cp "$JAR" bench/ParquetRowCount.java "${files[@]}" 2>>"$WORK/logs/verify.log") || rows=-1
  fi
  if ((${#manifests[@]} == 1)); then
    mrows=$(python3 bench/bench.py manifest-rows "${manifests[0]}" 2>>"$WORK/logs/verify.log") || mrows=-1
  else
    mrows=-; note="manifests-found:${#manifests[@]}"
  fi
  echo "$rows $bytes $mrows ${note:--}"
}

# ---------------------------------------------------------------- measure
log "warm-up: one untimed COPY, also measuring the binary COPY stream size"
copy_bytes=$(psql -X -U "$BENCH_ROLE" -qAt -c "\\copy (SELECT * FROM $TABLE) TO STDOUT WITH (FORMAT binary)" | wc -c)

meta=$WORK/meta.env
results=$WORK/results.tsv
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "rows=$ROWS"
  echo "repeat=$REPEAT"
  echo "variants=$VARIANTS"
  echo "source_bytes=$source_bytes"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "pg_env=PGHOST=$PGHOST PGPORT=$PGPORT PGDATABASE=$PGDATABASE (admin user $PGUSER)"
  echo "load_start=$load_start"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n1)"
  echo "pg_server=$(psql_admin -c 'SHOW server_version') (shared_buffers $(psql_admin -c 'SHOW shared_buffers'))"
  echo "rivet=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git status --porcelain 2>/dev/null) ]] && echo ' (uncommitted changes)')"
  for v in $VARIANTS; do
    opts=$(variant_java_opts "$v")
    mapfile -t cmd < <(variant_cmd "$v")
    echo "cmd_$v=${opts:+RIVET_JAVA_OPTS=\"${opts# }\" }$(shell_line "${cmd[@]}")"
  done
} >"$meta"
printf 'variant\trep\texit\twall_s\trss_kb\tout_rows\tout_bytes\tmanifest_rows\tstmt_s\txact_s\tconns\tsamples\tvalid\tnote\n' >"$results"

for rep in $(seq 1 "$REPEAT"); do
  for v in $VARIANTS; do
    mapfile -t cmd < <(variant_cmd "$v")
    runlog=$WORK/logs/$v-$rep.log
    timefile=$WORK/logs/$v-$rep.time
    samplefile=$WORK/logs/$v-$rep.samples
    rm -rf "$WORK/out" "$WORK/state.db" "$WORK/state.db-"*
    log "run $rep/$REPEAT: $v"
    sampler_start "$samplefile"
    rc=0
    RIVET_JAVA_OPTS=$(variant_java_opts "$v") RIVET_JAR=$JAR \
      /usr/bin/time -v -o "$timefile" "${cmd[@]}" >"$runlog" 2>&1 || rc=$?
    sampler_stop
    read -r stmt xact conns nsamples < <(python3 bench/bench.py samples "$samplefile")
    wall=$(wall_seconds "$timefile")
    rss=$(rss_kb "$timefile")
    if [[ $v == copy ]]; then
      out_rows=$(awk '/^COPY [0-9]+/ {print $2}' "$runlog" | tail -n1)
      out_rows=${out_rows:--1}; out_bytes=$copy_bytes; mrows=-; note=-
    else
      read -r out_rows out_bytes mrows note < <(rivet_output "$v")
    fi
    valid=yes
    [[ $note == - ]] && note=
    if ((rc != 0)); then valid=no; note="exit $rc${note:+; $note}"; fi
    if [[ $out_rows != "$ROWS" ]]; then valid=no; note="rows $out_rows != $ROWS${note:+; $note}"; fi
    if [[ $mrows != - && $mrows != "$ROWS" ]]; then valid=no; note="manifest rows $mrows != $ROWS${note:+; $note}"; fi
    [[ $valid == no ]] && log "  INVALID: $note (see $runlog)"
    log "  wall ${wall}s, peak RSS $((rss / 1024)) MB, rows $out_rows, longest stmt ${stmt}s, longest xact ${xact}s, conns $conns"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$v" "$rep" "$rc" "$wall" "$rss" "$out_rows" "$out_bytes" "$mrows" "$stmt" "$xact" "$conns" \
      "$nsamples" "$valid" "$note" >>"$results"
  done
done
rm -rf "$WORK/out"

md=$WORK/results-$stamp.md
echo
python3 bench/bench.py report "$results" "$meta" "$md"
echo
log "written $md"
