#!/usr/bin/env bash
# Measures what column profiling (shape drift) costs: the same Rivet export of the benchmark's
# lineitem table (PostgreSQL) with profiling on and off (-Drivet.shape.profiling.disabled=true),
# alternating in one run, beside the raw COPY floor, following docs/benchmarks.md and
# /work/shared/BENCHMARKING.md: whole-process wall time and peak RSS from GNU time, medians with
# min-max, CPU seconds (user + system, steadier than wall time on a busy machine), exact row counts
# (from the run's state).
#
#   bench/shape-profiling.sh [ROWS]      ROWS defaults to 1000000
#
# Environment: REPEAT (default 3), EXPORT (default lineitem_csv; lineitem_parquet also works),
# PGHOST PGPORT PGUSER PGDATABASE as for bench/run.sh. Rivet runs from launcher/target/rivet.jar
# when present (RIVET_JAR), else from the compiled classes (built here, offline).
set -euo pipefail

ROWS=${1:-1000000}
REPEAT=${REPEAT:-3}
EXPORT=${EXPORT:-lineitem_csv}
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work
JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
BENCH_USER=rivet_bench
TABLE=rivet_bench.lineitem
unset RIVET_STATE_URL

log() { printf '[shape-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "shape-bench: $*" >&2; exit 1; }

# shellcheck source=bench/source-postgresql.sh
source bench/source-postgresql.sh
[[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time (Debian/Ubuntu: apt-get install time)"
src_check
mkdir -p "$WORK/logs"

if [[ -f $JAR ]]; then
  CP=$JAR
else
  log "no $JAR: compiling and using the module classes"
  ./mvnw -o -q -B test-compile dependency:build-classpath -pl launcher -am -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/classpath.txt" >"$WORK/logs/shape-build.log" 2>&1 ||
    die "build failed, see $WORK/logs/shape-build.log"
  CP="launcher/target/classes:$(cat "$WORK/classpath.txt")"
fi

if [[ $(src_table_rows) != "$ROWS" ]]; then
  log "building $TABLE with $ROWS rows"
  src_build_fixture "$ROWS"
fi
src_grant

wall_s() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
# User plus system CPU seconds: less sensitive than wall time to other work on a shared machine.
cpu_s() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$1"; }

# Published rows of the newest run of $EXPORT, from the state store.
published_rows() {
  java -cp "$CP" dev.rivet.launcher.Main state runs -c bench/rivet-bench.yaml --export "$EXPORT" \
    --limit 1 2>/dev/null | awk 'NR == 2 {for (i = 1; i <= NF; i++) if ($i == "SUCCEEDED") {print $(i + 3); exit}}'
}

declare -A WALL RSS CPU
run_variant() { # name, then the command
  local name=$1 log="$WORK/logs/shape-$1-$2.log"
  shift 2
  /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 || die "$name failed, see $log"
  WALL[$name]+="$(wall_s "$log.time") "
  RSS[$name]+="$(rss_mb "$log.time") "
  CPU[$name]+="$(cpu_s "$log.time") "
}

log "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
mapfile -t COPY_CMD < <(src_baseline_cmd)
for ((i = 1; i <= REPEAT; i++)); do
  run_variant copy "$i" "${COPY_CMD[@]}"
  run_variant profiled "$i" java -cp "$CP" dev.rivet.launcher.Main run \
    -c bench/rivet-bench.yaml --export "$EXPORT" --fresh
  rows=$(published_rows)
  [[ $rows == "$ROWS" ]] || log "profiled run $i published $rows rows, expected $ROWS"
  run_variant unprofiled "$i" java -Drivet.shape.profiling.disabled=true -cp "$CP" \
    dev.rivet.launcher.Main run -c bench/rivet-bench.yaml --export "$EXPORT" --fresh
  rows=$(published_rows)
  [[ $rows == "$ROWS" ]] || log "unprofiled run $i published $rows rows, expected $ROWS"
done

stats() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s (%s-%s)", m, v[1], v[NR] }'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {
  print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

copy_med=$(echo "${WALL[copy]}" | median)
echo "rows $ROWS, export $EXPORT, $REPEAT repetitions, alternating; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-26s %-26s %-20s %s\n' variant "wall s median (min-max)" "CPU s median (min-max)" \
  "peak RSS MB median" "x COPY (wall)"
for v in copy profiled unprofiled; do
  med=$(echo "${WALL[$v]}" | median)
  printf '%-12s %-26s %-26s %-20s %.2f\n' "$v" "$(echo "${WALL[$v]}" | stats)" \
    "$(echo "${CPU[$v]}" | stats)" "$(echo "${RSS[$v]}" | median)" \
    "$(awk -v a="$med" -v b="$copy_med" 'BEGIN {print a / b}')"
done
p=$(echo "${WALL[profiled]}" | median)
u=$(echo "${WALL[unprofiled]}" | median)
echo "profiled / unprofiled wall time (medians): $(awk -v a="$p" -v b="$u" 'BEGIN {printf "%.3f", a / b}')"
p=$(echo "${CPU[profiled]}" | median)
u=$(echo "${CPU[unprofiled]}" | median)
echo "profiled / unprofiled CPU time (medians): $(awk -v a="$p" -v b="$u" 'BEGIN {printf "%.3f", a / b}')"
