#!/usr/bin/env bash
# Benchmarks Rivet against the raw read floor of the source database on a TPC-H-lineitem-like
# table, following docs/benchmarks.md: alternating repetitions, whole-process wall time and peak
# RSS, source harm sampled every 100 ms, exact row counts.
#
#   bench/run.sh [--source postgresql|mariadb] [ROWS]     ROWS defaults to 10000000
#
# Environment:
#   REPEAT     repetitions per variant (default 3)
#   VARIANTS   subset/order of: BASELINE parquet csv parquet-256m parquet-flink parquet-before
#              parquet-jdbc (PostgreSQL: the parquet export read through JDBC, not binary COPY),
#              where BASELINE is copy (PostgreSQL) or select (MariaDB); default: all but
#              parquet-flink on MariaDB, and parquet-before only when listed
#   BEFORE_ROOT  for the variant parquet-before: a copy of an older build, run as
#              BEFORE_ROOT/bin/rivet with BEFORE_ROOT/launcher/target/rivet.jar, to compare builds
#              side by side in one run
#   PGHOST PGPORT PGUSER PGDATABASE   PostgreSQL admin connection (default 127.0.0.1 5432 postgres test)
#   MARIADB_HOST MARIADB_PORT MARIADB_USER   MariaDB admin connection (default 127.0.0.1 3306 root;
#              a password in MYSQL_PWD)
#   RIVET_JAVA_OPTS   extra JVM options for every Rivet variant
# Results: printed, and written to bench/work/results-<source>-<date>.md; logs in bench/work/logs/.
# The harm to other users of the same PostgreSQL (pgbench latency during each extraction) is
# measured by bench/oltp-harm.sh, on the same table.
#
# Everything that depends on the database lives in bench/source-<source>.sh, which sets BASELINE
# (the baseline variant's name), BASELINE_LABEL, BASELINE_STDOUT (where the baseline's standard
# output goes; empty: into its run log), DEFAULT_VARIANTS, CONFIG (Rivet config with the
# exports lineitem_parquet and lineitem_csv), SERVER_LABEL, SIZE_LABEL, TARGET_RATIO, TARGET_STMT_S
# (empty: no target) and SAMPLE_SQL (one line: longest statement s, longest transaction s,
# connections of BENCH_USER), and defines src_check, src_table_rows, src_build_fixture ROWS,
# src_grant, src_table_bytes, src_baseline_cmd (one argument per line), src_warmup (prints
# "bytes rows", rows "-" when not counted), src_baseline_rows RUNLOG, src_sampler_client (reads
# SAMPLE_SQL lines on stdin), src_server_pid (the server process to read CPU seconds from, or
# nothing) and src_meta (prints conn= and server= lines).
set -euo pipefail

SOURCE=postgresql
ROWS=10000000
while (($#)); do
  case $1 in
    --source) (($# >= 2)) || { echo "bench: --source needs a value" >&2; exit 2; }; SOURCE=$2; shift 2 ;;
    --source=*) SOURCE=${1#--source=}; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench: unknown option '$1'" >&2; exit 2 ;;
    *) ROWS=$1; shift ;;
  esac
done
case $SOURCE in
  postgresql | postgres | pg) SOURCE=postgresql ;;
  mariadb | mysql) SOURCE=mariadb ;;
  *) echo "bench: unknown source '$SOURCE' (valid: postgresql mariadb)" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work
JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
BENCH_USER=rivet_bench
TABLE=rivet_bench.lineitem
unset RIVET_STATE_URL # the config's state key must decide where the state goes

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# shellcheck source=bench/source-postgresql.sh
source "bench/source-$SOURCE.sh" # CONFIG and the other paths are relative to the repository root

REPEAT=${REPEAT:-3}
VARIANTS=${VARIANTS:-$DEFAULT_VARIANTS}
RIVET_VARIANTS="parquet csv parquet-256m parquet-flink parquet-before parquet-jdbc"
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || { echo "bench: ROWS must be a positive integer, got '$ROWS'" >&2; exit 2; }
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "bench: REPEAT must be a positive integer" >&2; exit 2; }
for v in $VARIANTS; do
  [[ " $BASELINE $RIVET_VARIANTS " == *" $v "* ]] \
    || { echo "bench: unknown variant '$v' (valid for $SOURCE: $BASELINE $RIVET_VARIANTS)" >&2; exit 2; }
done
if [[ " $VARIANTS " == *" parquet-before "* ]]; then
  [[ -n ${BEFORE_ROOT:-} && -x $BEFORE_ROOT/bin/rivet && -f $BEFORE_ROOT/launcher/target/rivet.jar ]] \
    || { echo "bench: the variant parquet-before needs BEFORE_ROOT with bin/rivet and launcher/target/rivet.jar" >&2; exit 2; }
fi

# ---------------------------------------------------------------- prerequisites
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing GNU time (Debian package 'time')"
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
  fi
  [[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time: install it (Debian/Ubuntu: apt-get install time)"
fi
for tool in python3 java; do
  command -v "$tool" >/dev/null || die "$tool is required but not on PATH"
done
src_check
mkdir -p "$WORK/logs"

# ---------------------------------------------------------------- fixture and benchmark user
have=$(src_table_rows)
if [[ $have != "$ROWS" ]]; then
  log "creating $TABLE in $SOURCE with $ROWS rows (table had: $have); this takes a minute or two per 10M rows"
  src_build_fixture "$ROWS"
else
  log "$TABLE in $SOURCE already has $ROWS rows"
fi
src_grant
source_bytes=$(src_table_bytes)

# ---------------------------------------------------------------- Rivet jar
needs_rivet=false
for v in $VARIANTS; do [[ $v == "$BASELINE" ]] || needs_rivet=true; done
if $needs_rivet && [[ ! -f $JAR ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests package
fi

# ---------------------------------------------------------------- variants
variant_cmd() { # prints the command of variant $1, one argument per line
  case $1 in
    "$BASELINE") src_baseline_cmd ;;
    parquet | parquet-256m) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_parquet ;;
    csv) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_csv ;;
    parquet-flink) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_parquet --runner flink ;;
    parquet-before) printf '%s\n' "$BEFORE_ROOT/bin/rivet" run -c "$CONFIG" --export lineitem_parquet ;;
    parquet-jdbc) printf '%s\n' bin/rivet run -c "$CONFIG" --export lineitem_parquet_jdbc ;;
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

# One admin session polls the server every 100 ms for the benchmark user's sessions.
sampler_pid=
sampler_start() { # $1 = output file; returns once the first sample is in
  rm -f "$WORK/sampler.stop" "$1"
  : >"$1"
  (while [[ ! -e $WORK/sampler.stop ]]; do echo "$SAMPLE_SQL"; sleep 0.1; done) | src_sampler_client >"$1" &
  sampler_pid=$!
  for _ in $(seq 1 100); do [[ -s $1 ]] && return 0; sleep 0.05; done
  die "the $SOURCE sampler did not start"
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
# CPU seconds of the whole process (user + system), from GNU time.
cpu_seconds() {
  awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$1"
}

# The server's CPU seconds (user + system) during a run, where the server runs on this machine and
# its process can be read (src_server_pid prints its pid, or nothing): the process, the children it
# reaped (PostgreSQL's backends that ended) and its live children; "-" where it cannot be read.
SERVER_PID=$(src_server_pid 2>/dev/null || true)
server_cpu() {
  if [[ -n $SERVER_PID ]]; then python3 bench/bench.py server-cpu "$SERVER_PID" 2>/dev/null || echo -; else echo -; fi
}
server_cpu_since() { # $1 = an earlier server_cpu reading
  local now
  [[ $1 == - ]] && { echo -; return; }
  sleep 0.3 # the server reaps the run's last backends
  now=$(server_cpu)
  [[ $now == - ]] && { echo -; return; }
  awk -v a="$1" -v b="$now" 'BEGIN {printf "%.2f", b - a}'
}

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
log "warm-up: one untimed $BASELINE_LABEL, also measuring the size of its stream"
read -r baseline_bytes WARM_ROWS < <(src_warmup) || true
[[ ${baseline_bytes:-} =~ ^[0-9]+$ ]] || die "the warm-up $BASELINE_LABEL failed"
if [[ $WARM_ROWS != - && $WARM_ROWS != "$ROWS" ]]; then
  log "  the warm-up $BASELINE_LABEL returned $WARM_ROWS rows, not $ROWS: its runs will be invalid"
fi

meta=$WORK/meta.env
results=$WORK/results.tsv
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
{
  echo "source=$SOURCE"
  echo "date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "rows=$ROWS"
  echo "repeat=$REPEAT"
  echo "variants=$VARIANTS"
  echo "baseline=$BASELINE"
  echo "baseline_label=$BASELINE_LABEL"
  echo "source_bytes=$source_bytes"
  echo "size_label=$SIZE_LABEL"
  echo "server_label=$SERVER_LABEL"
  echo "target_ratio=$TARGET_RATIO"
  echo "target_stmt_s=$TARGET_STMT_S"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "load_start=$load_start"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n1)"
  src_meta
  echo "rivet=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git status --porcelain 2>/dev/null) ]] && echo ' (uncommitted changes)')"
  for v in $VARIANTS; do
    opts=$(variant_java_opts "$v")
    mapfile -t cmd < <(variant_cmd "$v")
    redirect=
    [[ $v == "$BASELINE" && -n $BASELINE_STDOUT ]] && redirect=" > $BASELINE_STDOUT"
    echo "cmd_$v=${opts:+RIVET_JAVA_OPTS=\"${opts# }\" }$(shell_line "${cmd[@]}")$redirect"
  done
} >"$meta"
printf 'variant\trep\texit\twall_s\tcpu_s\tserver_cpu_s\trss_kb\tout_rows\tout_bytes\tmanifest_rows\tstmt_s\txact_s\tconns\tsamples\tvalid\tnote\n' >"$results"

for rep in $(seq 1 "$REPEAT"); do
  for v in $VARIANTS; do
    mapfile -t cmd < <(variant_cmd "$v")
    runlog=$WORK/logs/$v-$rep.log
    timefile=$WORK/logs/$v-$rep.time
    samplefile=$WORK/logs/$v-$rep.samples
    rm -rf "$WORK/out" "$WORK/state.db" "$WORK/state.db-"*
    log "run $rep/$REPEAT: $v"
    sampler_start "$samplefile"
    stdout=$runlog
    [[ $v == "$BASELINE" && -n $BASELINE_STDOUT ]] && stdout=$BASELINE_STDOUT
    : >"$runlog"
    rc=0
    jar=$JAR
    [[ $v == parquet-before ]] && jar=$BEFORE_ROOT/launcher/target/rivet.jar
    server0=$(server_cpu)
    RIVET_JAVA_OPTS=$(variant_java_opts "$v") RIVET_JAR=$jar \
      /usr/bin/time -v -o "$timefile" "${cmd[@]}" >>"$stdout" 2>>"$runlog" || rc=$?
    sampler_stop
    server_s=$(server_cpu_since "$server0")
    read -r stmt xact conns nsamples < <(python3 bench/bench.py samples "$samplefile")
    wall=$(wall_seconds "$timefile")
    cpu=$(cpu_seconds "$timefile")
    rss=$(rss_kb "$timefile")
    if [[ $v == "$BASELINE" ]]; then
      out_rows=$(src_baseline_rows "$runlog"); out_bytes=$baseline_bytes; mrows=-; note=-
    else
      read -r out_rows out_bytes mrows note < <(rivet_output "$v")
    fi
    valid=yes
    [[ $note == - ]] && note=
    if ((rc != 0)); then valid=no; note="exit $rc${note:+; $note}"; fi
    if [[ $out_rows != "$ROWS" ]]; then valid=no; note="rows $out_rows != $ROWS${note:+; $note}"; fi
    if [[ $mrows != - && $mrows != "$ROWS" ]]; then valid=no; note="manifest rows $mrows != $ROWS${note:+; $note}"; fi
    [[ $valid == no ]] && log "  INVALID: $note (see $runlog)"
    log "  wall ${wall}s, CPU ${cpu}s, server CPU ${server_s}s, peak RSS $((rss / 1024)) MB, rows $out_rows, longest stmt ${stmt}s, longest xact ${xact}s, conns $conns"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$v" "$rep" "$rc" "$wall" "$cpu" "$server_s" "$rss" "$out_rows" "$out_bytes" "$mrows" "$stmt" "$xact" "$conns" \
      "$nsamples" "$valid" "$note" >>"$results"
  done
done
rm -rf "$WORK/out"

md=$WORK/results-$SOURCE-$stamp.md
echo
python3 bench/bench.py report "$results" "$meta" "$md"
echo
log "written $md"
