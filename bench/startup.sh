#!/usr/bin/env bash
# Start-up benchmark (issue 15): how long Rivet takes for small tables, where the JVM, the state
# store and Beam cost more than the data. PostgreSQL only. Prints, per variant, the median wall time
# and the median CPU time (user+sys) of the whole process, with min-max, next to the raw COPY floor
# of one table measured in the same run.
#
#   bench/startup.sh
#
# Variants (VARIANTS, in this order by default):
#   copy-1   floor: psql \copy of one 1,000-row table to /dev/null (FORMAT binary)
#   help     bin/rivet --help
#   plan-1   bin/rivet plan of one 1,000-row table
#   check-1  bin/rivet check of one 1,000-row table
#   run-1    bin/rivet run of one 1,000-row table, fresh state (state file deleted before each run)
#   run-50   bin/rivet run of 50 exports of 1,000 rows each in one config, fresh state
# Every run variant checks that the published manifests hold exactly 1,000 rows per table.
#
# Environment:
#   REPEAT     repetitions per variant (default 5); variants alternate within each repetition
#   VARIANTS   subset of the variants above
#   RIVET_JAR  jar to measure (default launcher/target/rivet.jar), e.g. an older build for "before"
#   RIVET_CDS  "off" measures without the class-data-sharing archive (see bin/rivet)
#   STATE      "fresh" (default): plan-1, run-1 and run-50 delete their state file before each
#              command, so each one creates and migrates a store; "kept": the state file the
#              warm-up created stays, so each command opens an existing, current store
#   PGHOST PGPORT PGUSER PGDATABASE   PostgreSQL connection (default 127.0.0.1 5432 postgres test)
# Results: printed, and written to bench/work/startup-<date>.md; logs in bench/work/startup-logs/.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work
LOGS=$WORK/startup-logs
SCHEMA=rivet_bench_small
TABLES=50
ROWS=1000
REPEAT=${REPEAT:-5}
STATE=${STATE:-fresh}
VARIANTS=${VARIANTS:-copy-1 help plan-1 check-1 run-1 run-50}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}
unset RIVET_STATE_URL # the config's state key decides where the state goes

log() { printf '[startup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "startup: $*" >&2; exit 1; }

[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive integer, got '$REPEAT'"
[[ $STATE == fresh || $STATE == kept ]] || die "STATE must be fresh or kept, got '$STATE'"
for v in $VARIANTS; do
  [[ " copy-1 help plan-1 check-1 run-1 run-50 " == *" $v "* ]] \
    || die "unknown variant '$v' (valid: copy-1 help plan-1 check-1 run-1 run-50)"
done
[[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time (Debian/Ubuntu: apt-get install time)"
command -v psql >/dev/null || die "psql is required but not on PATH"
pg_isready -q || die "PostgreSQL is not answering at $PGHOST:$PGPORT (start it, or set PGHOST/PGPORT)"
JAR=${RIVET_JAR:-$ROOT/launcher/target/rivet.jar}
[[ -f $JAR ]] || die "$JAR not found: build it with ./mvnw -B -q package -DskipTests -pl launcher -am"
export RIVET_JAR=$JAR
mkdir -p "$LOGS"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- fixture: 50 tables of 1,000 rows
log "creating $TABLES tables of $ROWS rows in schema $SCHEMA (if missing)"
psql -X -v ON_ERROR_STOP=1 -qAt <<SQL
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS $SCHEMA;
DO \$\$
BEGIN
  FOR i IN 1..$TABLES LOOP
    IF to_regclass(format('$SCHEMA.t%s', lpad(i::text, 2, '0'))) IS NULL THEN
      EXECUTE format('CREATE TABLE $SCHEMA.t%s (id bigint PRIMARY KEY, name text NOT NULL,'
          ' amount numeric(12,2), created timestamptz, day date)', lpad(i::text, 2, '0'));
      EXECUTE format('INSERT INTO $SCHEMA.t%s SELECT g, ''name-'' || g, g * 1.25,'
          ' timestamptz ''2024-01-01 00:00:00+00'' + g * interval ''17 minutes'','
          ' date ''2024-01-01'' + g %% 365 FROM generate_series(1, $ROWS) g',
          lpad(i::text, 2, '0'));
      EXECUTE format('ANALYZE $SCHEMA.t%s', lpad(i::text, 2, '0'));
    END IF;
  END LOOP;
END \$\$;
SQL

config() { # $1 = number of exports; writes the config and prints its path
  local file=$WORK/startup-$1.yaml i
  {
    echo "source:"
    echo "  url: postgresql://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE"
    echo "state: startup-state-$1.db"
    echo "exports:"
    for i in $(seq -w 1 "$1"); do
      [[ $1 == 1 ]] && i=01
      echo "  - name: t$i"
      echo "    table: $SCHEMA.t$i"
      echo "    destination: startup-out-$1"
    done
  } >"$file"
  echo "$file"
}
CONFIG_1=$(config 1)
CONFIG_50=$(config 50)

variant_cmd() { # prints the command of variant $1, one argument per line
  case $1 in
    copy-1) printf '%s\n' psql -X -qAt -c "\\copy (SELECT * FROM $SCHEMA.t01) TO '/dev/null' WITH (FORMAT binary)" ;;
    help) printf '%s\n' bin/rivet --help ;;
    plan-1) printf '%s\n' bin/rivet plan -c "$CONFIG_1" ;;
    check-1) printf '%s\n' bin/rivet check -c "$CONFIG_1" ;;
    run-1) printf '%s\n' bin/rivet run -c "$CONFIG_1" ;;
    run-50) printf '%s\n' bin/rivet run -c "$CONFIG_50" ;;
  esac
}
fresh_state() { # deletes what the previous run of variant $1 left; the state file only if STATE=fresh
  case $1 in
    plan-1 | run-1)
      [[ $STATE == kept ]] || rm -rf "$WORK"/startup-state-1.db*
      rm -rf "$WORK/startup-out-1" ;;
    run-50)
      [[ $STATE == kept ]] || rm -rf "$WORK"/startup-state-50.db*
      rm -rf "$WORK/startup-out-50" ;;
  esac
}
# A kept store starts from scratch once, so that every command of the run finds the same store.
if [[ $STATE == kept ]]; then rm -rf "$WORK"/startup-state-1.db* "$WORK"/startup-state-50.db*; fi
check_rows() { # variant $1 published exactly ROWS rows per table
  local out tables
  case $1 in
    run-1) out=$WORK/startup-out-1 tables=1 ;;
    run-50) out=$WORK/startup-out-50 tables=$TABLES ;;
    *) return 0 ;;
  esac
  python3 - "$out" "$tables" "$ROWS" <<'PY' || die "variant $1 did not publish exactly the source rows"
import json, pathlib, sys
out, tables, rows = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
manifests = sorted(out.glob("*/*/manifest.json"))
counts = [json.loads(m.read_text())["rows"] for m in manifests]
ok = len(manifests) == tables and all(c == rows for c in counts)
ok = ok and all((m.parent / "_SUCCESS").exists() for m in manifests)
sys.exit(0 if ok else 1)
PY
}

# Warm-up: one run of each Rivet variant, so the page cache holds the jar and bin/rivet has its
# class-data-sharing archive (recorded by the first run), as for a user's second command.
log "warm-up (records the class-data-sharing archive unless RIVET_CDS=off)"
for v in $VARIANTS; do
  fresh_state "$v"
  mapfile -t cmd < <(variant_cmd "$v")
  "${cmd[@]}" >"$LOGS/warmup-$v.log" 2>&1 || die "warm-up of $v failed: see $LOGS/warmup-$v.log"
done

declare -A WALL CPU
for r in $(seq 1 "$REPEAT"); do
  for v in $VARIANTS; do
    fresh_state "$v"
    mapfile -t cmd < <(variant_cmd "$v")
    timing=$LOGS/$v-$r.time
    /usr/bin/time -f '%e %U %S' -o "$timing" "${cmd[@]}" >"$LOGS/$v-$r.log" 2>&1 \
      || die "$v failed (repetition $r): see $LOGS/$v-$r.log"
    check_rows "$v"
    read -r wall user sys <"$timing"
    WALL[$v]+="$wall "
    CPU[$v]+="$(python3 -c "print(round($user + $sys, 2))") "
    log "$v #$r: wall ${wall}s cpu $(python3 -c "print(round($user + $sys, 2))")s"
  done
done

stats() { # median (min-max) of the numbers in $1
  python3 -c '
import statistics, sys
xs = [float(x) for x in sys.argv[1].split()]
print(f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})")' "$1"
}
result=$WORK/startup-$(date +%Y%m%d-%H%M%S).md
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  nproc: $(nproc)  memory: $(free -g | awk '/Mem:/ {print $2}') GiB  load before: $load_start, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)  jar: $JAR  RIVET_CDS: ${RIVET_CDS:-on}  STATE: $STATE  repetitions: $REPEAT"
  echo
  echo "| variant | wall s, median (min-max) | CPU s user+sys, median (min-max) |"
  echo "|---|---|---|"
  for v in $VARIANTS; do
    echo "| $v | $(stats "${WALL[$v]}") | $(stats "${CPU[$v]}") |"
  done
} | tee "$result"
log "written to $result"
