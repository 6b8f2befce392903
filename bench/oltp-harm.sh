#!/usr/bin/env bash
# OLTP harm (issue 18): how much an extraction hurts the other users of the same PostgreSQL. pgbench
# runs its TPC-B-like script at a fixed transaction rate while the extractor reads the benchmark
# table of bench/run.sh; the script reports pgbench's p50/p99/mean latency during each extraction
# next to idle windows of the same length, for the raw binary COPY (the floor) and each Rivet
# profile, in two placements, with the issue's targets (p99 of the default profile ≤ 2× idle,
# `safe` ≤ 1.3× idle). PostgreSQL only; the server must run on this machine for `pinned`.
#
#   bench/oltp-harm.sh [ROWS]        ROWS defaults to 1000000
#
# Variants (VARIANTS, in this order by default), each measured after an idle window:
#   copy      psql -U rivet_bench -c "\copy (SELECT * FROM rivet_bench.lineitem) TO '/dev/null'
#             WITH (FORMAT binary)"
#   safe      bin/rivet run of the table to Parquet with tuning.profile safe
#   balanced  the same with no tuning keys (the default profile; pgbench's sessions are active when
#             it is planned, so it yields to them: one reader, 1,000-row cursor fetches)
#   fast      the same with tuning.profile fast
#   safe_copy      (not by default) safe with tuning.read_protocol copy: a governed run read
#                  through binary COPY, as every safe run was before governed reads used a cursor
#   balanced_jdbc  (not by default) the default profile with tuning.read_protocol jdbc and
#                  fetch_size 1000: the read governed runs use, at full speed
#   balanced_full  (not by default) the default profile with tuning.yield_to_sessions 0: how the
#                  default read a busy source before it yielded (two binary COPY readers)
#   burn           (not by default) no extraction: a CPU burner (sha256sum /dev/zero) where the
#                  extractor runs, for BURN_S seconds, touching no database: the harm the
#                  placement lets through from a client's CPU use alone (on a virtual machine
#                  whose two CPUs share a physical core, caches or memory bandwidth, pinning
#                  does not isolate the client; compare the variants against it, not only idle)
#   safe_whole     (not by default) safe with chunk_rows above the table's rows: one statement, a
#                  sequential scan, which PostgreSQL reads through a small ring of buffers of its
#                  own, so it does not evict the cached pages of pgbench (the chunks' index and
#                  ctid range scans do: docs/benchmarks.md, "buffer cache"); it holds one snapshot
#                  for the whole run
#   paced          (not by default) the default profile with tuning.max_rows_per_second
#                  PACED_RATE: one reader at a fixed rate, no probe, no latency threshold: the
#                  harm of a given read rate, to compare the governed runs with; with
#                  PACED_FETCH, also fetch_size PACED_FETCH (rows per round trip); with
#                  PACED_CHUNK, also chunk_rows PACED_CHUNK
# Placements (PLACEMENTS, both by default):
#   pinned    the extractor on CPU 1 (taskset -c 1); the PostgreSQL server (the postmaster, so new
#             backends inherit it, and every process it started: taskset -a -p -c 0) and pgbench on
#             CPU 0, so the figure is the harm the database feels, not CPU taken by a client that
#             would run on another machine. The server's affinity is put back on exit (also on
#             error, Ctrl-C or kill); it is printed before and after.
#   unpinned  nothing pinned
#
# Environment:
#   REPEAT        rounds (default 3); each round runs every placement, and in it every variant
#                 after an idle window
#   RATE          pgbench's fixed rate in transactions per second (default 200; see
#                 docs/benchmarks.md for how it was chosen; the script measures the server's
#                 unthrottled rate first and warns when RATE is above 25% of it)
#   CLIENTS       pgbench clients (default 8), one pgbench thread
#   OLTP_DB       pgbench's database (default rivet_bench_oltp, created when missing)
#   OLTP_SCALE    pgbench -i scale (default 10: 1,000,000 accounts, about 160 MB)
#   VARIANTS PLACEMENTS   subsets of the above
#   LEAD_S        seconds pgbench runs before the extractor starts (default 1)
#   TAIL_S        seconds pgbench runs after the extractor ended, before it is stopped (default 1)
#   IDLE_S        length of every idle window in seconds (default: the variant's median extraction
#                 wall time so far in the placement, at first its warm-up wall time)
#   CAL_S         seconds of the unthrottled calibration run per placement (default 5; 0: none)
#   BURN_S        seconds of the burn variant (default 20)
#   PACED_RATE    rows per second of the paced variant (default 10000)
#   PACED_FETCH   fetch_size of the paced variant (default: none set, so at most 1,000)
#   PACED_CHUNK   chunk_rows of the paced variant (default: none set, the default chunk)
#   RIVET_JAR     jar to measure (default launcher/target/rivet.jar)
#   PGHOST PGPORT PGUSER PGDATABASE   admin connection (default 127.0.0.1 5432 postgres test);
#                 PGDATABASE holds the benchmark table
# Each window also counts pgbench's buffer misses per second (blks_read of OLTP_DB in
# pg_stat_database: pages PostgreSQL had to take from outside shared_buffers), the harm a run does
# to the application's cached pages, which the latency shows only in part.
# Results: printed, and written to bench/work/oltp-harm-<date>.md; pgbench logs, run logs and
# /usr/bin/time reports in bench/work/oltp-harm-logs/.
set -euo pipefail

ROWS=1000000
while (($#)); do
  case $1 in
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "oltp-harm: unknown option '$1'" >&2; exit 2 ;;
    *) ROWS=$1; shift ;;
  esac
done
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work
LOGS=$WORK/oltp-harm-logs
JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
BENCH_USER=rivet_bench
TABLE=rivet_bench.lineitem
unset RIVET_STATE_URL # the config's state key decides where the state goes

log() { printf '[oltp-harm %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "oltp-harm: $*" >&2; exit 1; }
usage_error() { echo "oltp-harm: $*" >&2; exit 2; }

# The fixture, the role and the COPY floor are bench/run.sh's, from its PostgreSQL side.
# shellcheck source=bench/source-postgresql.sh
source bench/source-postgresql.sh

REPEAT=${REPEAT:-3}
RATE=${RATE:-200}
CLIENTS=${CLIENTS:-8}
OLTP_DB=${OLTP_DB:-rivet_bench_oltp}
OLTP_SCALE=${OLTP_SCALE:-10}
VARIANTS=${VARIANTS:-copy safe balanced fast}
PLACEMENTS=${PLACEMENTS:-pinned unpinned}
LEAD_S=${LEAD_S:-1}
TAIL_S=${TAIL_S:-1}
IDLE_S=${IDLE_S:-}
CAL_S=${CAL_S:-5}
BURN_S=${BURN_S:-20}
PACED_RATE=${PACED_RATE:-10000}
PACED_FETCH=${PACED_FETCH:-}
PACED_CHUNK=${PACED_CHUNK:-}
SERVER_CPU=0
EXTRACTOR_CPU=1

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "$1 must be a positive integer, got '$2'"; }
positive ROWS "$ROWS"
positive REPEAT "$REPEAT"
positive RATE "$RATE"
positive CLIENTS "$CLIENTS"
positive OLTP_SCALE "$OLTP_SCALE"
positive LEAD_S "$LEAD_S"
positive BURN_S "$BURN_S"
positive PACED_RATE "$PACED_RATE"
[[ -z $PACED_FETCH ]] || positive PACED_FETCH "$PACED_FETCH"
[[ -z $PACED_CHUNK ]] || positive PACED_CHUNK "$PACED_CHUNK"
[[ $TAIL_S =~ ^[0-9]+$ ]] || usage_error "TAIL_S must be a whole number of seconds, got '$TAIL_S'"
[[ $CAL_S =~ ^[0-9]+$ ]] || usage_error "CAL_S must be a whole number of seconds, got '$CAL_S'"
[[ -z $IDLE_S ]] || positive IDLE_S "$IDLE_S"
[[ $OLTP_DB =~ ^[a-z_][a-z0-9_]*$ ]] || usage_error "OLTP_DB must be a plain lower-case name, got '$OLTP_DB'"
[[ $OLTP_DB != "$PGDATABASE" ]] \
  || usage_error "OLTP_DB must not be PGDATABASE ($PGDATABASE): pgbench -i drops and recreates its tables there"
[[ -n $VARIANTS ]] || usage_error "VARIANTS is empty (valid: copy safe balanced fast safe_copy balanced_jdbc balanced_full burn paced safe_whole)"
for v in $VARIANTS; do
  [[ " copy safe balanced fast safe_copy balanced_jdbc balanced_full burn paced safe_whole " == *" $v "* ]] \
    || usage_error "unknown variant '$v' (valid: copy safe balanced fast safe_copy balanced_jdbc balanced_full burn paced safe_whole)"
done
[[ -n $PLACEMENTS ]] || usage_error "PLACEMENTS is empty (valid: pinned unpinned)"
for p in $PLACEMENTS; do
  [[ $p == pinned || $p == unpinned ]] || usage_error "unknown placement '$p' (valid: pinned unpinned)"
done

# ---------------------------------------------------------------- prerequisites
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
[[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time (Debian/Ubuntu: apt-get install time)"
for tool in python3 java pgbench taskset pgrep; do
  command -v "$tool" >/dev/null || die "$tool is required but not on PATH (pgbench: Debian package postgresql-client; taskset: util-linux; pgrep: procps)"
done
src_check
needs_rivet=false
for v in $VARIANTS; do [[ $v == copy || $v == burn ]] || needs_rivet=true; done
if $needs_rivet && [[ ! -f $JAR ]]; then
  die "$JAR not found: build it with ./mvnw -B -q -DskipTests package -pl launcher -am"
fi
export RIVET_JAR=$JAR
mkdir -p "$LOGS"
# The interpreter itself, not a version manager's shim: the script calls it after every window.
PY=$(python3 -c 'import sys; print(sys.executable)')

# ---------------------------------------------------------------- server placement
# The postmaster's pid from its data directory; every server process is the postmaster or one
# of its children, and a new backend inherits the postmaster's affinity when it is forked.
POSTMASTER_PID=
PINNED=false
declare -A ORIG_AFFINITY=()
affinity_of() { taskset -p -c "$1" 2>/dev/null | sed 's/.*: //'; }
server_pids() { echo "$POSTMASTER_PID"; pgrep -P "$POSTMASTER_PID" || true; }
affinity_summary() { # "postmaster <pid>: <list>; <n> children: <list> (<count>) ..."
  local pid list children=() summary
  declare -A count=()
  while read -r pid; do
    list=$(affinity_of "$pid") || continue
    [[ -n $list ]] && count[$list]=$((${count[$list]:-0} + 1))
  done < <(pgrep -P "$POSTMASTER_PID" || true)
  for list in "${!count[@]}"; do children+=("CPUs $list: ${count[$list]}"); done
  summary="postmaster $POSTMASTER_PID on CPUs $(affinity_of "$POSTMASTER_PID"); its processes:"
  echo "$summary ${children[*]:-none}"
}
find_postmaster() {
  local datadir pid
  datadir=$(psql_admin -c 'SHOW data_directory') \
    || die "cannot ask the server for its data_directory (the admin user $PGUSER must be a superuser)"
  [[ -r $datadir/postmaster.pid ]] \
    || die "the pinned placement needs the PostgreSQL server on this machine, readable by this user ($datadir/postmaster.pid is not); run as root, or set PLACEMENTS=unpinned"
  pid=$(head -n1 "$datadir/postmaster.pid")
  [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || die "no running postmaster with pid '$pid' (from $datadir/postmaster.pid)"
  POSTMASTER_PID=$pid
}
pin_server() {
  # Once pinned, every backend forked since inherits the postmaster's CPU: nothing to do (and its
  # affinity now is not one to put back).
  ! $PINNED || return 0
  # The postmaster first: a backend forked from now on starts on the server's CPU.
  local pid list
  for pid in $(server_pids); do
    list=$(affinity_of "$pid") || continue # it ended since it was listed
    ORIG_AFFINITY[$pid]=$list
    taskset -a -p -c "$SERVER_CPU" "$pid" >/dev/null 2>&1 || [[ ! -d /proc/$pid ]] \
      || die "cannot pin server process $pid to CPU $SERVER_CPU (taskset needs root or the server's user)"
  done
  PINNED=true
}
restore_server() {
  local pid all=${ORIG_AFFINITY[$POSTMASTER_PID]:-0-$(($(nproc) - 1))}
  # The postmaster first, so that a backend forked meanwhile gets its original affinity.
  for pid in $(server_pids); do
    taskset -a -p -c "${ORIG_AFFINITY[$pid]:-$all}" "$pid" >/dev/null 2>&1 || true
  done
  PINNED=false
}

PGBENCH_PID=
EXTRACTOR_PID=
cleanup() {
  local rc=$?
  if [[ -n $EXTRACTOR_PID ]]; then
    log "stopping the running window (process group $EXTRACTOR_PID)"
    kill -TERM -- "-$EXTRACTOR_PID" 2>/dev/null || true
    wait "$EXTRACTOR_PID" 2>/dev/null || true
  fi
  if [[ -n $PGBENCH_PID ]]; then kill "$PGBENCH_PID" 2>/dev/null || true; wait "$PGBENCH_PID" 2>/dev/null || true; fi
  if [[ -n $POSTMASTER_PID ]]; then
    restore_server
    log "server affinity after: $(affinity_summary)"
  fi
  exit "$rc"
}
trap cleanup EXIT
set -E # and say where, when a command fails outside die
trap 'echo "oltp-harm: stopped: the command at line $LINENO of $0 failed" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ " $PLACEMENTS " == *" pinned "* ]]; then
  (($(nproc) >= 2)) || die "the pinned placement needs at least 2 CPUs (nproc: $(nproc)); set PLACEMENTS=unpinned"
  find_postmaster
  AFFINITY_BEFORE=$(affinity_summary)
  log "server affinity before: $AFFINITY_BEFORE"
else
  AFFINITY_BEFORE="not pinned in this run"
fi
AFFINITY_PINNED=
place() { # $1 = placement
  if [[ $1 == pinned ]]; then
    pin_server
    if [[ -z $AFFINITY_PINNED ]]; then
      AFFINITY_PINNED=$(affinity_summary)
      log "server affinity pinned: $AFFINITY_PINNED"
    fi
  elif $PINNED; then
    restore_server
  fi
}

# ---------------------------------------------------------------- fixtures
have=$(src_table_rows)
if [[ $have != "$ROWS" ]]; then
  log "creating $TABLE with $ROWS rows (table had: $have); about a minute per 10M rows"
  src_build_fixture "$ROWS"
else
  log "$TABLE already has $ROWS rows"
fi
src_grant
oltp_accounts=$(psql_admin -d "$OLTP_DB" -c \
  "SELECT CASE WHEN to_regclass('pgbench_branches') IS NULL THEN -1 ELSE (SELECT count(*) FROM pgbench_branches) END" \
  2>/dev/null || echo missing)
if [[ $oltp_accounts == missing ]]; then
  log "creating database $OLTP_DB for pgbench"
  psql_admin -d postgres -c "CREATE DATABASE $OLTP_DB"
  oltp_accounts=-1
fi
if [[ $oltp_accounts != "$OLTP_SCALE" ]]; then
  log "pgbench -i -s $OLTP_SCALE in $OLTP_DB (had scale: $oltp_accounts)"
  pgbench -i -q -s "$OLTP_SCALE" "$OLTP_DB" >"$LOGS/pgbench-init.log" 2>&1 \
    || die "pgbench -i failed: see $LOGS/pgbench-init.log"
else
  log "$OLTP_DB already holds pgbench scale $OLTP_SCALE"
fi

# ---------------------------------------------------------------- Rivet config
CONFIG=$WORK/oltp-harm.yaml
cat >"$CONFIG" <<YAML
# Written by bench/oltp-harm.sh; paths are relative to this file (bench/work/).
source:
  host: $PGHOST
  port: $PGPORT
  database: $PGDATABASE
  user: $BENCH_USER
state: oltp-harm-state.db
exports:
  - name: lineitem_safe
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    tuning:
      profile: safe
  # No tuning keys: the default profile (balanced).
  - name: lineitem_balanced
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
  - name: lineitem_fast
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    tuning:
      profile: fast
  - name: lineitem_safe_copy
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    tuning:
      profile: safe
      read_protocol: copy
  - name: lineitem_balanced_jdbc
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    fetch_size: 1000
    tuning:
      read_protocol: jdbc
  - name: lineitem_balanced_full
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    tuning:
      yield_to_sessions: 0
  - name: lineitem_safe_whole
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
    chunk_rows: 1000000000
    tuning:
      profile: safe
  - name: lineitem_paced
    table: $TABLE
    format: parquet
    compression: zstd
    destination: oltp-harm-out
$([[ -z $PACED_FETCH ]] || echo "    fetch_size: $PACED_FETCH")
$([[ -z $PACED_CHUNK ]] || echo "    chunk_rows: $PACED_CHUNK")
    tuning:
      max_rows_per_second: $PACED_RATE
YAML

variant_cmd() { # prints the command of variant $1, one argument per line
  case $1 in
    copy) src_baseline_cmd ;;
    burn) printf '%s\n' timeout "$BURN_S" sha256sum /dev/zero ;;
    *) printf '%s\n' bin/rivet run -c "$CONFIG" --export "lineitem_$1" ;;
  esac
}
shell_line() { # arguments as one copy-pasteable shell line
  local arg out=()
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./=:,@+-]+$ ]]; then out+=("$arg"); else
      arg=${arg//\"/\\\"}; arg=${arg//\$/\\\$}; arg=${arg//\`/\\\`}; out+=("\"$arg\"")
    fi
  done
  echo "${out[*]}"
}
pgbench_cmd() { # $1 = log prefix; prints the measuring pgbench command, one argument per line
  # -T only bounds it: the script ends it with SIGALRM (pgbench's own -T timer signal, on which it
  # finishes its transactions in flight, writes its logs and prints its summary).
  printf '%s\n' pgbench -n -c "$CLIENTS" -j 1 -R "$RATE" -T 86400 --log --log-prefix="$1" "$OLTP_DB"
}

# ---------------------------------------------------------------- measuring helpers
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
cpu_seconds() { awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$1"; }
rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

OUT=$WORK/oltp-harm-out
fresh_output() { rm -rf "$OUT" "$WORK"/oltp-harm-state.db*; }
# Rows the extractor delivered: psql's "COPY n", or the Parquet footers (which must agree with
# the manifest). Stops the script when they are not exactly ROWS.
check_rows() { # $1 = variant, $2 = run log; prints the rows
  local rows mrows files=() manifests=()
  if [[ $1 == copy ]]; then
    rows=$(src_baseline_rows "$2")
  else
    mapfile -t files < <(find "$OUT" -type f -name 'part-*.parquet' 2>/dev/null | sort)
    mapfile -t manifests < <(find "$OUT" -type f -name manifest.json 2>/dev/null)
    ((${#files[@]} > 0)) || die "variant $1 wrote no Parquet file under $OUT: see $2"
    rows=$(java -cp "$JAR" bench/ParquetRowCount.java "${files[@]}" 2>>"$LOGS/verify.log") || rows=-1
    ((${#manifests[@]} == 1)) || die "variant $1 published ${#manifests[@]} manifest.json files, expected 1: see $2"
    mrows=$("$PY" bench/bench.py manifest-rows "${manifests[0]}" 2>>"$LOGS/verify.log") || mrows=-1
    [[ $mrows == "$rows" ]] || die "variant $1: the Parquet footers hold $rows rows but manifest.json says $mrows: see $2"
  fi
  [[ $rows == "$ROWS" ]] || die "variant $1 delivered $rows rows, not the table's $ROWS: see $2"
  echo "$rows"
}
governor_line() { # the governor's closing summary in a Rivet run log, or -
  local line
  line=$(grep -o 'governor: export [^ ]*: [0-9]* probe(s).*' "$1" | tail -n1 || true)
  echo "${line:--}"
}
# Runs one extraction of variant $1 in placement $2 (or, for idle, waits $4 seconds); sets RUN_T0,
# RUN_T1, RUN_RC. $3 = file stem for its logs.
extract() {
  local variant=$1 placement=$2 stem=$3 cmd=() pin=()
  [[ $placement == pinned ]] && pin=(taskset -c "$EXTRACTOR_CPU")
  RUN_RC=0
  if [[ $variant == idle ]]; then
    RUN_T0=$(date +%s.%N)
    setsid sleep "$4" &
    EXTRACTOR_PID=$!
    wait "$EXTRACTOR_PID" # in the background, so that Ctrl-C or kill stops the script at once
    EXTRACTOR_PID=
    RUN_T1=$(date +%s.%N)
    return
  fi
  mapfile -t cmd < <(variant_cmd "$variant")
  if [[ $variant == burn ]]; then
    RUN_T0=$(date +%s.%N)
    setsid "${pin[@]}" "${cmd[@]}" >/dev/null 2>&1 &
    EXTRACTOR_PID=$!
    wait "$EXTRACTOR_PID" || true # timeout ends it with 124
    EXTRACTOR_PID=
    RUN_T1=$(date +%s.%N)
    return
  fi
  fresh_output
  RUN_T0=$(date +%s.%N)
  # In a process group of its own (setsid), so that cleanup can end it with everything it started.
  setsid "${pin[@]}" /usr/bin/time -v -o "$stem.time" "${cmd[@]}" >"$stem.log" 2>&1 &
  EXTRACTOR_PID=$!
  wait "$EXTRACTOR_PID" || RUN_RC=$?
  EXTRACTOR_PID=
  RUN_T1=$(date +%s.%N)
}
pgbench_start() { # $1 = log prefix, $2 = placement
  local cmd=() pin=()
  [[ $2 == pinned ]] && pin=(taskset -c "$SERVER_CPU")
  rm -f "$1".[0-9]* "$1.txt"
  mapfile -t cmd < <(pgbench_cmd "$1")
  local since i connected
  since=$(psql_admin -c 'SELECT clock_timestamp()')
  "${pin[@]}" "${cmd[@]}" >"$1.txt" 2>&1 &
  PGBENCH_PID=$!
  # The window must not start while pgbench is still connecting (which takes long on a busy
  # machine): wait until all its clients are in, then LEAD_S more.
  for i in $(seq 1 600); do
    connected=$(psql_admin -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$OLTP_DB'
        AND application_name = 'pgbench' AND backend_start >= '$since'")
    ((connected >= CLIENTS)) && break
    kill -0 "$PGBENCH_PID" 2>/dev/null || die "pgbench stopped while connecting: see $1.txt"
    ((i < 600)) || die "pgbench's $CLIENTS clients did not connect within 30 s: see $1.txt"
    sleep 0.05
  done
  sleep "$LEAD_S"
}
oltp_misses() { # pgbench's database: blocks read from outside shared_buffers so far, and the time
  # Each backend adds its counts to these statistics at most once a second, after a transaction:
  # over a window of tens of seconds that delay is noise. A buffer miss is a page PostgreSQL had to
  # take from the OS (its page cache or the disk): the measure of what a run evicted.
  psql_admin -c "SELECT blks_read || ' ' || extract(epoch FROM clock_timestamp())
    FROM pg_stat_database WHERE datname = '$OLTP_DB'"
}
pgbench_stop() { # $1 = log prefix
  local rc=0
  kill -ALRM "$PGBENCH_PID" 2>/dev/null || true
  wait "$PGBENCH_PID" || rc=$?
  PGBENCH_PID=
  ((rc == 0)) || die "pgbench failed (exit $rc): see $1.txt"
  grep -q 'number of transactions actually processed' "$1.txt" \
    || die "pgbench did not print its summary when stopped with SIGALRM: see $1.txt"
}

# ---------------------------------------------------------------- warm-up
# One untimed run of each variant without pgbench: warms the caches, lets bin/rivet record its
# class-data-sharing archive (the first run after a build does, at some cost), checks the rows,
# and gives the first idle windows their length.
declare -A WARM_WALL DURATIONS
log "warm-up: one untimed run of each variant (unpinned, no pgbench)"
if $needs_rivet; then
  fresh_output
  bin/rivet run -c "$CONFIG" --export lineitem_balanced >"$LOGS/warmup-cds.log" 2>&1 \
    || die "the warm-up Rivet run failed: see $LOGS/warmup-cds.log"
fi
for v in $VARIANTS; do
  if [[ $v == burn ]]; then
    WARM_WALL[$v]=$BURN_S
    continue
  fi
  extract "$v" unpinned "$LOGS/warmup-$v"
  ((RUN_RC == 0)) || die "the warm-up of $v failed (exit $RUN_RC): see $LOGS/warmup-$v.log"
  check_rows "$v" "$LOGS/warmup-$v.log" >/dev/null
  WARM_WALL[$v]=$(wall_seconds "$LOGS/warmup-$v.time")
  log "  $v: ${WARM_WALL[$v]} s"
done
estimate=$(python3 - "$REPEAT" "$(wc -w <<<"$PLACEMENTS")" "$LEAD_S" "$TAIL_S" "${IDLE_S:-}" "${WARM_WALL[@]}" <<'PY'
import sys
repeat, placements, lead, tail = (int(x) for x in sys.argv[1:5])
idle = sys.argv[5]
walls = [float(x) for x in sys.argv[6:]]
# per variant: idle window + extraction, each inside a pgbench run with lead and tail, plus
# about 3 s of pgbench start/stop and row counting
per_round = sum((float(idle) if idle else w) + w + 2 * (lead + tail) + 3 for w in walls)
print(round(repeat * placements * per_round / 60, 1))
PY
)
log "estimated measuring time: about $estimate min (pinned extractions run slower than the warm-up)"

# ---------------------------------------------------------------- calibration
declare -A CALIBRATION
calibrate() { # $1 = placement: the server's unthrottled rate with the same clients
  local out=$LOGS/calibrate-$1.txt pin=() tps share
  ((CAL_S > 0)) || { CALIBRATION[$1]="not measured (CAL_S=0)"; return; }
  [[ $1 == pinned ]] && pin=(taskset -c "$SERVER_CPU")
  "${pin[@]}" pgbench -n -c "$CLIENTS" -j 1 -T "$CAL_S" "$OLTP_DB" >"$out" 2>&1 \
    || die "the calibration pgbench failed: see $out"
  tps=$(awk '/^tps = / {print $3; exit}' "$out")
  [[ $tps =~ ^[0-9.]+$ ]] || die "no tps in the calibration output: see $out"
  share=$(python3 -c "print(round(100 * $RATE / $tps, 1))")
  CALIBRATION[$1]="$1: unthrottled $tps tps in $CAL_S s, so RATE $RATE is $share% of it"
  log "calibration ${CALIBRATION[$1]}"
  if python3 -c "import sys; sys.exit(0 if $RATE > 0.25 * $tps else 1)"; then
    log "  WARNING: RATE $RATE is more than 25% of what the server sustains here: the idle latency is no longer that of a server far from saturation; lower RATE"
  fi
}
for p in $PLACEMENTS; do
  place "$p"
  calibrate "$p"
done

# ---------------------------------------------------------------- measure
meta=$LOGS/meta.env
results=$LOGS/results.tsv
stamp=$(date +%Y%m%d-%H%M%S)
printf 'placement\trep\tvariant\texit\twall_s\tcpu_s\trss_kb\trows\tt0\tt1\ttx\ttps\tp50_ms\tp99_ms\tmean_ms\tmax_ms\tlag_mean_ms\tlag_max_ms\tfailed\tlatfile\tgovernor\tmisses_per_s\n' >"$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

median_wall() { # median of the numbers in $1, else $2
  [[ -n $1 ]] || { echo "$2"; return; }
  "$PY" -c 'import statistics, sys; print(f"{statistics.median(float(x) for x in sys.argv[1].split()):.2f}")' "$1"
}
measure() { # $1 = placement, $2 = round, $3 = variant, $4 = idle seconds (idle only)
  local placement=$1 rep=$2 variant=$3 stem prefix stats wall cpu rss rows gov
  local tx tps p50 p99 mean max lagm lagx failed covered misses0 misses1 misses
  stem=$LOGS/$placement-$rep-$variant
  prefix=$stem-pgbench
  pgbench_start "$prefix" "$placement"
  kill -0 "$PGBENCH_PID" 2>/dev/null || die "pgbench stopped before the extraction: see $prefix.txt"
  misses0=$(oltp_misses)
  extract "$variant" "$placement" "$stem" "${4:-0}"
  misses1=$(oltp_misses)
  sleep "$TAIL_S"
  pgbench_stop "$prefix"
  stats=$("$PY" bench/oltp_harm.py window "$stem.lat" "$RUN_T0" "$RUN_T1" "$prefix".[0-9]*) \
    || die "cannot read the pgbench log $prefix.*"
  read -r tx tps p50 p99 mean max lagm lagx failed covered <<<"$stats"
  misses=$(awk -v a="${misses0% *}" -v b="${misses1% *}" -v t0="${misses0#* }" -v t1="${misses1#* }" \
    'BEGIN {printf "%.1f", (b - a) / (t1 - t0)}')
  [[ $covered == yes ]] || die "the pgbench log does not cover the whole $variant window: see $prefix.*"
  ((tx > 0)) || die "no pgbench transaction ended during the $variant window: see $prefix.txt"
  if [[ $variant == idle || $variant == burn ]]; then
    wall=$(awk -v a="$RUN_T0" -v b="$RUN_T1" 'BEGIN {printf "%.2f", b - a}'); cpu=-; rss=-; rows=-; gov=-
  else
    ((RUN_RC == 0)) || die "$variant failed (exit $RUN_RC, $placement, round $rep): see $stem.log"
    rows=$(check_rows "$variant" "$stem.log")
    wall=$(wall_seconds "$stem.time"); cpu=$(cpu_seconds "$stem.time"); rss=$(rss_kb "$stem.time")
    gov=-
    [[ $variant == copy ]] || gov=$(governor_line "$stem.log")
    DURATIONS[$placement-$variant]+="$wall "
  fi
  log "  $placement #$rep $variant: ${wall}s, $tx tx at $tps tps, p50 ${p50} ms, p99 ${p99} ms, mean ${mean} ms, schedule lag max ${lagx} ms, pgbench buffer misses ${misses}/s${rows:+, rows $rows}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$placement" "$rep" "$variant" "$RUN_RC" "$wall" "$cpu" "$rss" "$rows" "$RUN_T0" "$RUN_T1" \
    "$tx" "$tps" "$p50" "$p99" "$mean" "$max" "$lagm" "$lagx" "$failed" "$stem.lat" "$gov" \
    "$misses" >>"$results"
}

for rep in $(seq 1 "$REPEAT"); do
  for p in $PLACEMENTS; do
    place "$p"
    log "round $rep/$REPEAT, $p"
    for v in $VARIANTS; do
      idle=${IDLE_S:-$(median_wall "${DURATIONS[$p-$v]:-}" "${WARM_WALL[$v]}")}
      measure "$p" "$rep" idle "$idle"
      measure "$p" "$rep" "$v"
    done
  done
done
place unpinned
fresh_output

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "rows=$ROWS"
  echo "table=$TABLE"
  echo "repeat=$REPEAT"
  echo "rate=$RATE"
  echo "clients=$CLIENTS"
  echo "oltp_db=$OLTP_DB"
  echo "scale=$OLTP_SCALE"
  echo "variants=$VARIANTS"
  echo "placements=$PLACEMENTS"
  echo "placement_pinned=extractor on CPU $EXTRACTOR_CPU, PostgreSQL server and pgbench on CPU $SERVER_CPU"
  echo "placement_unpinned=nothing pinned"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "load_start=$load_start"
  echo "load_before=$load_before"
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n1)"
  echo "pgbench=$(pgbench --version)"
  echo "server=$(psql_admin -c 'SHOW server_version') (shared_buffers $(psql_admin -c 'SHOW shared_buffers'), synchronous_commit $(psql_admin -c 'SHOW synchronous_commit'))"
  echo "rivet=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n $(git status --porcelain 2>/dev/null) ]] && echo ' (uncommitted changes)')"
  echo "affinity_before=$AFFINITY_BEFORE"
  echo "affinity_pinned=${AFFINITY_PINNED:-not pinned in this run}"
  calib=
  for p in $PLACEMENTS; do calib+="${CALIBRATION[$p]}; "; done
  echo "calibration=$calib"
  echo "paced_rate=$PACED_RATE"
  echo "paced_fetch=$PACED_FETCH"
  echo "paced_chunk=$PACED_CHUNK"
  mapfile -t cmd < <(pgbench_cmd "bench/work/oltp-harm-logs/PLACEMENT-ROUND-VARIANT-pgbench")
  echo "cmd_pgbench=$(shell_line "${cmd[@]}")  (pinned: taskset -c $SERVER_CPU pgbench ...; stopped with kill -ALRM)"
  for v in $VARIANTS; do
    mapfile -t cmd < <(variant_cmd "$v")
    echo "cmd_$v=$(shell_line "${cmd[@]}")  (pinned: taskset -c $EXTRACTOR_CPU ...)"
  done
} >"$meta"

md=$WORK/oltp-harm-$stamp.md
echo
"$PY" bench/oltp_harm.py report "$results" "$meta" "$md"
log "written $md"
