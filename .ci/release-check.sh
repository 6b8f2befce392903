#!/usr/bin/env bash
# Checks the release archive, not the dev class path: builds rivet-<version>.tar.gz with the
# documented command (docs/install.md), unpacks it into an empty temporary folder and, from there,
# runs `rivet --version`, `rivet doctor` and real exports whose files it compares with the source,
# row count and every value, read back with parquet-java's own reader or a CSV parser:
#   PostgreSQL -> local Parquet (DirectRunner, several chunks read side by side in the process)
#   MariaDB    -> local CSV (the default CSV compression, none: plain .csv files)
#   PostgreSQL -> Parquet on S3 (S3Proxy, a real S3 API server, copied to launcher/target/s3proxy)
#   PostgreSQL -> local Parquet on the Flink runner (embedded)
# It checks that the shell completions are in the archive and load and complete in bash, fish and
# zsh (load only; each shell where installed).
# Then the bundled-runtime archive rivet-<version>-<platform>.tar.gz (jlink runtime inside): unpacked
# into its own folder, it runs `rivet --version`, `rivet doctor` and the PostgreSQL -> Parquet,
# MariaDB -> CSV and Flink exports with JAVA_HOME unset and, first on PATH, a `java` that fails the
# check when run -- proof that no system Java is used.
# Exits non-zero on the first failure. Needs the local PostgreSQL and MariaDB (.ci/run prepares
# them), python3, and the clients psql and mariadb.
#   RIVET_ARCHIVE   an archive already built (skips the build)
#   RIVET_RUNTIME_ARCHIVE   the bundled-runtime archive (default: the one beside RIVET_ARCHIVE;
#                   "none" skips its checks, for a platform without one)
#   RIVET_CHECK_PG_URL, RIVET_CHECK_MYSQL_URL   the sources (default: the local test databases)
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
pg_url=${RIVET_CHECK_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
my_url=${RIVET_CHECK_MYSQL_URL:-mariadb://root@127.0.0.1:3306/test}
rows=5000

step() { printf '\n== release check: %s\n' "$*"; }
fail() {
  echo "release check FAILED: $*" >&2
  exit 1
}

archive=${RIVET_ARCHIVE:-}
if [ -z "$archive" ]; then
  step "building the archives: ./mvnw -B -DskipTests package -Prelease"
  ./mvnw -B -q -DskipTests package -Prelease
  archive=$(ls launcher/target/rivet-*.tar.gz | grep -v -E -- '-(linux|macos|windows)-[^-]+\.tar\.gz$')
fi
[ -f "$archive" ] || fail "no archive at '$archive'"
runtime_archive=${RIVET_RUNTIME_ARCHIVE:-}
if [ -z "$runtime_archive" ]; then
  runtime_archive=$(ls "${archive%.tar.gz}"-*-*.tar.gz 2>/dev/null | head -1 || true)
  [ -n "$runtime_archive" ] || fail "no bundled-runtime archive beside $archive
  (the -Prelease build makes it; RIVET_RUNTIME_ARCHIVE=none skips its checks)"
fi
[ "$runtime_archive" = none ] || [ -f "$runtime_archive" ] ||
  fail "no bundled-runtime archive at '$runtime_archive'"
runtime_archive_path=$runtime_archive
case $runtime_archive in none | /*) ;; *) runtime_archive_path=$repo/$runtime_archive ;; esac

work=$(mktemp -d)
s3proxy_pid=
cleanup() {
  if [ -n "$s3proxy_pid" ]; then kill "$s3proxy_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "unpacking $(basename "$archive") ($(du -h "$archive" | cut -f1)) into an empty folder"
tar -xzf "$archive" -C "$work"
home=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'rivet-*')
[ -n "$home" ] || fail "the archive holds no rivet-<version>/ folder"
for f in bin/rivet bin/rivet.cmd lib/rivet.jar LICENSE NOTICE THIRD-PARTY.txt docs/install.md \
  examples/rivet.yaml completions/rivet.bash completions/rivet.zsh completions/rivet.fish; do
  [ -e "$home/$f" ] || fail "the archive lacks $f"
done
rivet() { "$home/bin/rivet" "$@"; }
jar=$home/lib/rivet.jar
# The runnable jar's size target (issue 15; docs/install.md): at most 100 MB (10^8 bytes).
jar_bytes=$(wc -c <"$jar")
echo "lib/rivet.jar: $jar_bytes bytes"
[ "$jar_bytes" -le 100000000 ] || fail "lib/rivet.jar is $jar_bytes bytes, over the 100 MB target:
  leave out what is never loaded (launcher/pom.xml shade filters) or move it beside the jar"
cd "$work"

step "rivet --version"
version=$(rivet --version)
echo "$version"
expected=$(basename "$home")
[ "$version" = "rivet ${expected#rivet-}" ] || fail "--version said '$version', expected 'rivet ${expected#rivet-}'"

step "completions: the bash one loads and completes subcommands and options"
# shellcheck disable=SC2016
completed=$(bash -c 'source "$1" || exit 1
  complete -p rivet >/dev/null || { echo "no completion registered for rivet"; exit 1; }
  COMP_WORDS=(rivet sta); COMP_CWORD=1; COMP_LINE="rivet sta"; COMP_POINT=${#COMP_LINE}
  _complete_rivet; echo "${COMPREPLY[*]}"
  COMP_WORDS=(rivet run --fr); COMP_CWORD=2; COMP_LINE="rivet run --fr"; COMP_POINT=${#COMP_LINE}
  _complete_rivet; echo "${COMPREPLY[*]}"' bash "$home/completions/rivet.bash" 2>completion.err) ||
  fail "completions/rivet.bash did not load: $completed $(cat completion.err)"
echo "$completed"
[ "$(echo "$completed" | sed -n 1p)" = state ] || fail "'rivet sta<TAB>' completed to '$completed', expected state"
[ "$(echo "$completed" | sed -n 2p)" = --fresh ] || fail "'rivet run --fr<TAB>' completed to '$completed', expected --fresh"
grep -q '^complete -c rivet' "$home/completions/rivet.fish" || fail "completions/rivet.fish holds no fish completions"
if command -v zsh >/dev/null; then
  zsh -c 'autoload -U compinit && compinit -u; source "$1"' zsh "$home/completions/rivet.zsh" ||
    fail "completions/rivet.zsh did not load in zsh"
  echo "completions/rivet.zsh loads in zsh"
else
  echo "(zsh not installed: completions/rivet.zsh not loaded)"
fi
if command -v fish >/dev/null; then
  # shellcheck disable=SC2016
  offered=$(fish -c 'source $argv[1]; complete -C "rivet sta"' "$home/completions/rivet.fish" | cut -f1) ||
    fail "completions/rivet.fish did not load in fish"
  [ "$offered" = state ] || fail "fish completed 'rivet sta<TAB>' to '$offered', expected state"
  echo "completions/rivet.fish loads in fish and completes 'rivet sta' to state"
else
  echo "(fish not installed: completions/rivet.fish not parsed)"
fi

step "fixtures: rivet_release_check.items (PostgreSQL) and test.rivet_release_check_items (MariaDB), $rows rows"
psql -v ON_ERROR_STOP=1 -q "${pg_url}" <<SQL
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS rivet_release_check;
DROP TABLE IF EXISTS rivet_release_check.items;
CREATE TABLE rivet_release_check.items (id bigint PRIMARY KEY, name text NOT NULL, qty int NOT NULL, note text);
INSERT INTO rivet_release_check.items
SELECT g, 'item ' || g || CASE WHEN g % 10 = 0 THEN ', "quoted" ünïcödé' ELSE '' END, g % 97,
       CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END
FROM generate_series(1, $rows) AS g;
ANALYZE rivet_release_check.items;
SQL
my_host_port=${my_url#*@}
my_host=${my_host_port%%:*}
my_port=${my_host_port#*:}
my_port=${my_port%%/*}
my_user=${my_url#*://}
my_user=${my_user%%@*}
mariadb -h "$my_host" -P "$my_port" -u "$my_user" test <<SQL
DROP TABLE IF EXISTS rivet_release_check_items;
CREATE TABLE rivet_release_check_items (id bigint PRIMARY KEY, name varchar(100) NOT NULL, qty int NOT NULL, note text);
INSERT INTO rivet_release_check_items
SELECT seq, CONCAT('item ', seq, CASE WHEN seq % 10 = 0 THEN ', "quoted" ünïcödé' ELSE '' END), seq % 97,
       CASE WHEN seq % 7 = 0 THEN NULL ELSE CONCAT('note ', seq) END
FROM seq_1_to_$rows;
ANALYZE TABLE rivet_release_check_items;
SQL
psql -qAt -F '|' "${pg_url}" -c \
  "SELECT id, name, qty, coalesce(note, '\\N') FROM rivet_release_check.items" | sort >source-pg.txt
mariadb -h "$my_host" -P "$my_port" -u "$my_user" -N -B -r test -e \
  "SELECT CONCAT_WS('|', id, name, qty, COALESCE(note, '\\\\N')) FROM rivet_release_check_items" |
  sort >source-my.txt
cmp -s source-pg.txt source-my.txt || fail "the two fixtures differ"
[ "$(wc -l <source-pg.txt)" -eq "$rows" ] || fail "the fixture has $(wc -l <source-pg.txt) rows"

# Compares the rows in $2 (one per line, '|'-separated, NULL as \N) with the source's, in any order.
same_rows() {
  local what=$1 actual=$2 expected=$3
  sort "$actual" >"$actual.sorted"
  local n
  n=$(wc -l <"$actual.sorted")
  if ! cmp -s "$expected" "$actual.sorted"; then
    diff "$expected" "$actual.sorted" | head -5 >&2
    fail "$what: the exported rows ($n) differ from the source's ($(wc -l <"$expected"))"
  fi
  echo "$what: $n rows, every value equal to the source's"
}
parquet_rows() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$repo/.ci/ParquetRows.java" "$@"
}
csv_rows() {
  python3 - "$@" <<'PY'
import csv, sys
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)  # header
        for row in reader:
            print("|".join(v if v != "" else "\\N" for v in row))
PY
}
# The newest run folder of an export under $1, which must hold _SUCCESS.
run_dir() {
  local dir
  dir=$(ls -d "$1"/*/ | sort | tail -1)
  [ -f "$dir/_SUCCESS" ] || fail "$dir has no _SUCCESS"
  echo "${dir%/}"
}

cat >pg.yaml <<YAML
source:
  url: $pg_url
exports:
  - name: pg_items
    table: rivet_release_check.items
    chunk_rows: 1000
    destination: ./out-pg
YAML
cat >mariadb.yaml <<YAML
source:
  url: $my_url
exports:
  - name: mariadb_items
    table: test.rivet_release_check_items
    format: csv
    chunk_rows: 1000
    destination: ./out-mariadb
YAML

step "rivet doctor against the local PostgreSQL"
rivet doctor -c pg.yaml || fail "rivet doctor exited with $?"

step "PostgreSQL -> Parquet (DirectRunner)"
rivet run -c pg.yaml --validate --reconcile || fail "rivet run exited with $?"
dir=$(run_dir out-pg/pg_items)
parquet_rows "$dir"/part-*.parquet >rows-pg.txt
same_rows "PostgreSQL -> Parquet" rows-pg.txt source-pg.txt

step "MariaDB -> CSV (DirectRunner)"
rivet run -c mariadb.yaml --validate --reconcile || fail "rivet run exited with $?"
dir=$(run_dir out-mariadb/mariadb_items)
ls "$dir"/part-*.csv >/dev/null 2>&1 || fail "no plain part-*.csv files in $dir: $(ls "$dir")"
csv_rows "$dir"/part-*.csv >rows-my.txt
same_rows "MariaDB -> CSV" rows-my.txt source-pg.txt

step "PostgreSQL -> Parquet on S3 (S3Proxy)"
s3proxy=$repo/launcher/target/s3proxy/s3proxy.jar
[ -f "$s3proxy" ] || fail "$s3proxy is missing (the build copies it there)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p s3-data/rivet-check
cat >s3proxy.properties <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=rivet-check
s3proxy.credential=rivet-check-secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.identity=rivet-check
jclouds.credential=rivet-check-secret
jclouds.filesystem.basedir=$work/s3-data
PROPS
java -Xmx256m -jar "$s3proxy" --properties s3proxy.properties >s3proxy.log 2>&1 &
s3proxy_pid=$!
for _ in $(seq 1 600); do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$s3proxy_pid" 2>/dev/null || fail "S3Proxy exited: $(tail -5 s3proxy.log)"
  sleep 0.1
done
cat >s3.yaml <<YAML
source:
  url: $pg_url
s3:
  endpoint: http://127.0.0.1:$port
  access_key_id: rivet-check
  secret_access_key_env: RIVET_CHECK_S3_SECRET
exports:
  - name: s3_items
    table: rivet_release_check.items
    chunk_rows: 1000
    destination: s3://rivet-check/extracts
YAML
RIVET_CHECK_S3_SECRET=rivet-check-secret rivet run -c s3.yaml --validate --reconcile ||
  fail "rivet run to S3 exited with $?"
dir=$(run_dir s3-data/rivet-check/extracts/s3_items)
parquet_rows "$dir"/part-*.parquet >rows-s3.txt
same_rows "PostgreSQL -> Parquet on S3" rows-s3.txt source-pg.txt

step "PostgreSQL -> Parquet on the Flink runner (embedded)"
rivet run -c pg.yaml --runner flink --fresh || fail "rivet run --runner flink exited with $?"
dir=$(run_dir out-pg/pg_items)
parquet_rows "$dir"/part-*.parquet >rows-flink.txt
same_rows "PostgreSQL -> Parquet on Flink" rows-flink.txt source-pg.txt

step "java -jar rivet.jar (no Flink on the class path): --runner flink is refused with exit 2"
status=0
java -jar "$jar" run -c pg.yaml --runner flink >alone.log 2>&1 || status=$?
cat alone.log
[ "$status" -eq 2 ] || fail "--runner flink without the Flink runner exited with $status, expected 2"
grep -q "the Flink runner is not on the class path" alone.log ||
  fail "--runner flink without Flink did not say why"

step "gs:// reaches the GCS client: a missing bucket is a destination error (exit 5)"
# No GCS emulator installs here: a local endpoint answers every request 404, which the GCS client
# must turn into "bucket not found" -- proof that the client's classes are all in the jar.
gcs_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$gcs_port" >gcs.log 2>&1 <<'PY' &
import http.server, sys
class NotFound(http.server.BaseHTTPRequestHandler):
    def answer(self):
        body = b'{"error": {"code": 404, "message": "The specified bucket does not exist."}}'
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), NotFound).serve_forever()
PY
gcs_pid=$!
cat >gcs.yaml <<YAML
source:
  url: $pg_url
gcs:
  endpoint: http://127.0.0.1:$gcs_port/storage/v1/
  anonymous: true
  project: rivet-check
exports:
  - name: gcs_items
    table: rivet_release_check.items
    destination: gs://rivet-check-missing/extracts
YAML
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$gcs_port") 2>/dev/null && break; sleep 0.1; done
status=0
rivet run -c gcs.yaml >gcs-run.log 2>&1 || status=$?
kill "$gcs_pid" 2>/dev/null || true
cat gcs-run.log
[ "$status" -eq 5 ] || fail "rivet run to a missing GCS bucket exited with $status, expected 5"
if grep -q "ClassNotFound\|NoClassDefFound" gcs-run.log; then fail "a class is missing from the jar"; fi

if [ "$runtime_archive" != none ]; then
  step "bundled-runtime archive $(basename "$runtime_archive") ($(du -h "$runtime_archive_path" | cut -f1)): no system Java"
  mkdir "$work/bundled"
  tar -xzf "$runtime_archive_path" -C "$work/bundled"
  bhome=$(find "$work/bundled" -mindepth 1 -maxdepth 1 -type d -name 'rivet-*')
  [ -x "$bhome/runtime/bin/java" ] || fail "the bundled-runtime archive lacks runtime/bin/java"
  echo "runtime/: $(du -sh "$bhome/runtime" | cut -f1) unpacked; modules: $("$bhome/runtime/bin/java" --list-modules | wc -l)"
  for f in bin/rivet lib/rivet.jar lib/flink lib/flink-runner completions/rivet.bash LICENSE THIRD-PARTY.txt; do
    [ -e "$bhome/$f" ] || fail "the bundled-runtime archive lacks $f"
  done
  # A `java` first on PATH that fails the check if anything runs it.
  mkdir "$work/no-java"
  printf '#!/bin/sh\necho "a system java was run: java $*" >&2\nexit 97\n' >"$work/no-java/java"
  chmod +x "$work/no-java/java"
  brivet() { env -u JAVA_HOME -u RIVET_JAR PATH="$work/no-java:$PATH" "$bhome/bin/rivet" "$@"; }
  (PATH="$work/no-java:$PATH" && ! java -version 2>/dev/null) || fail "the no-java PATH still finds a java"

  version=$(brivet --version) || fail "rivet --version exited with $?"
  [ "$version" = "rivet ${expected#rivet-}" ] || fail "--version said '$version'"
  echo "$version"
  version=$(JAVA_HOME=/nonexistent "$bhome/bin/rivet" --version) ||
    fail "with JAVA_HOME set elsewhere, rivet did not use its own runtime"
  brivet doctor -c pg.yaml || fail "rivet doctor exited with $?"
  sed -e 's|./out-pg|./out-bundled-pg|' -e 's|name: pg_items|name: bundled_pg_items|' pg.yaml >bundled-pg.yaml
  sed -e 's|./out-mariadb|./out-bundled-mariadb|' -e 's|name: mariadb_items|name: bundled_mariadb_items|' \
    mariadb.yaml >bundled-mariadb.yaml
  brivet run -c bundled-pg.yaml --validate --reconcile || fail "rivet run exited with $?"
  dir=$(run_dir out-bundled-pg/bundled_pg_items)
  parquet_rows "$dir"/part-*.parquet >rows-bundled-pg.txt
  same_rows "bundled runtime: PostgreSQL -> Parquet" rows-bundled-pg.txt source-pg.txt
  # A second run maps the class-data-sharing archive the first one recorded with this runtime.
  [ -s "$bhome/lib/rivet.jsa" ] || fail "the first run recorded no class-data-sharing archive"
  [ -s "$bhome/lib/rivet-help.jsa" ] || fail "the first run recorded no class-data-sharing archive for --help"
  brivet run -c bundled-mariadb.yaml --validate --reconcile || fail "rivet run exited with $?"
  dir=$(run_dir out-bundled-mariadb/bundled_mariadb_items)
  csv_rows "$dir"/part-*.csv >rows-bundled-my.txt
  same_rows "bundled runtime: MariaDB -> CSV" rows-bundled-my.txt source-pg.txt
  brivet run -c bundled-pg.yaml --runner flink --fresh || fail "rivet run --runner flink exited with $?"
  dir=$(run_dir out-bundled-pg/bundled_pg_items)
  parquet_rows "$dir"/part-*.parquet >rows-bundled-flink.txt
  same_rows "bundled runtime: PostgreSQL -> Parquet on Flink" rows-bundled-flink.txt source-pg.txt
fi

step "passed"
