#!/usr/bin/env bash
# Checks the container image (Dockerfile, docs/install.md#container-image) with podman: builds it
# from the bundled-runtime archive, then runs it as its non-root user: `rivet --version`, and a
# real export from the local PostgreSQL (--network host) to Parquet in a mounted /out, with the
# config in a read-only /config and the state in PostgreSQL through RIVET_STATE_URL. The files are
# read back with parquet-java's own reader and compared with the source, row count and every value.
#
# Skips (exit 0, "image check SKIPPED: <why>") where podman is missing or no base image can be had;
# every failure after that fails (exit 1). The base, in this order:
#   RIVET_IMAGE_BASE         an image podman has or can pull (e.g. debian:bookworm-slim)
#   localhost/rivet-base:bookworm   made by an earlier run of this script
#   docker.io/library/debian:bookworm-slim   the Dockerfile's default, when a registry answers
#   a Debian minbase made with debootstrap (root only; RIVET_DEBIAN_MIRROR, default
#   http://deb.debian.org/debian), imported as localhost/rivet-base:bookworm for later runs
# Other settings:
#   RIVET_RUNTIME_ARCHIVE    the bundled-runtime archive (default: launcher/target/rivet-*-linux-*.tar.gz,
#                            built with ./mvnw -B -DskipTests package -Prelease when missing)
#   RIVET_PODMAN_RUNTIME     the OCI runtime (default: runc when installed; crun fails on hosts
#                            with hybrid cgroups)
#   RIVET_CHECK_PG_URL       the source (default: the local test database)
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
pg_url=${RIVET_CHECK_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
rows=3000
image=localhost/rivet:check

step() { printf '\n== image check: %s\n' "$*"; }
skip() {
  echo "image check SKIPPED: $*"
  exit 0
}
fail() {
  echo "image check FAILED: $*" >&2
  exit 1
}

command -v podman >/dev/null || skip "podman is not installed"
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
# default_ulimits = []: podman's default nofile ulimit cannot be set inside some containers.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
  export CONTAINERS_CONF=$work/containers.conf
fi
oci_runtime=${RIVET_PODMAN_RUNTIME:-}
if [ -z "$oci_runtime" ] && [ -x /usr/sbin/runc ]; then oci_runtime=/usr/sbin/runc; fi
podman() {
  if [ -n "$oci_runtime" ]; then command podman --runtime "$oci_runtime" "$@"; else command podman "$@"; fi
}

archive=${RIVET_RUNTIME_ARCHIVE:-}
if [ -z "$archive" ]; then
  archive=$(ls launcher/target/rivet-*-linux-*.tar.gz 2>/dev/null | head -1 || true)
  if [ -z "$archive" ]; then
    step "building the archives: ./mvnw -B -DskipTests package -Prelease"
    ./mvnw -B -q -DskipTests package -Prelease
    archive=$(ls launcher/target/rivet-*-linux-*.tar.gz | head -1)
  fi
fi
[ -f "$archive" ] || fail "no bundled-runtime archive at '$archive'"
case $archive in
  launcher/target/*.tar.gz | "$repo"/launcher/target/*.tar.gz) ;;
  *) fail "the Dockerfile takes the archive from launcher/target/, not '$archive'" ;;
esac
name=$(basename "$archive" .tar.gz) # rivet-<version>-<platform>
platform=${name##*-linux-}
platform=linux-$platform
version=${name#rivet-}
version=${version%-"$platform"}

step "base image"
base=${RIVET_IMAGE_BASE:-}
if [ -z "$base" ] && podman image exists localhost/rivet-base:bookworm; then
  base=localhost/rivet-base:bookworm
fi
if [ -z "$base" ] && timeout 120 podman pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
  base=docker.io/library/debian:bookworm-slim
fi
if [ -z "$base" ]; then
  command -v debootstrap >/dev/null || skip "no base image: docker.io is unreachable and debootstrap
  is not installed (apt-get install debootstrap, or set RIVET_IMAGE_BASE)"
  [ "$(id -u)" = 0 ] || skip "no base image: docker.io is unreachable and debootstrap needs root"
  mirror=${RIVET_DEBIAN_MIRROR:-http://deb.debian.org/debian}
  echo "making a Debian bookworm minbase with debootstrap from $mirror"
  if ! timeout 900 debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -3 "$work/debootstrap.log"
    skip "no base image: docker.io is unreachable and debootstrap failed (above)"
  fi
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import -q - localhost/rivet-base:bookworm >/dev/null ||
    fail "podman import of the debootstrap base failed"
  rm -rf "$work/rootfs"
  base=localhost/rivet-base:bookworm
fi
echo "base: $base"

step "podman build (Dockerfile, $(basename "$archive"))"
podman build -q --build-arg BASE="$base" --build-arg VERSION="$version" \
  --build-arg PLATFORM="$platform" -t "$image" . >/dev/null || fail "podman build failed"
podman image inspect --format '{{.Size}}' "$image" | awk '{printf "image size: %.1f MB\n", $1 / 1e6}'

step "rivet --version"
out=$(podman run --rm "$image" --version) || fail "rivet --version exited with $?"
echo "$out"
[ "$out" = "rivet $version" ] || fail "--version said '$out', expected 'rivet $version'"
uid=$(podman run --rm --entrypoint id "$image" -u)
[ "$uid" = 10001 ] || fail "the image runs as uid $uid, expected the non-root user 10001"
echo "runs as uid $uid"

step "fixture package_image_check.items ($rows rows); state in schema package_image_state"
psql -v ON_ERROR_STOP=1 -q "$pg_url" <<SQL
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS package_image_state CASCADE;
CREATE SCHEMA IF NOT EXISTS package_image_check;
DROP TABLE IF EXISTS package_image_check.items;
CREATE TABLE package_image_check.items (id bigint PRIMARY KEY, name text NOT NULL, qty int NOT NULL, note text);
INSERT INTO package_image_check.items
SELECT g, 'item ' || g || CASE WHEN g % 10 = 0 THEN ', "quoted" ünïcödé' ELSE '' END, g % 97,
       CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END
FROM generate_series(1, $rows) AS g;
ANALYZE package_image_check.items;
SQL
psql -qAt -F '|' "$pg_url" -c \
  "SELECT id, name, qty, coalesce(note, '\\N') FROM package_image_check.items" | sort >"$work/source.txt"

mkdir -p "$work/config" "$work/out"
chmod 0777 "$work/out" # the image's user (uid 10001) writes here
cat >"$work/config/rivet.yaml" <<YAML
source:
  url: $pg_url
exports:
  - name: image_items
    table: package_image_check.items
    chunk_rows: 1000
    destination: /out
YAML

step "rivet run in the container (config read-only, state in PostgreSQL)"
state_url="${pg_url}?currentSchema=package_image_state"
podman run --rm --network host -v "$work/config:/config:ro" -v "$work/out:/out" \
  -e RIVET_STATE_URL="$state_url" "$image" run -c /config/rivet.yaml --validate --reconcile ||
  fail "rivet run in the container exited with $?"
dir=$(ls -d "$work"/out/image_items/*/ | sort | tail -1)
[ -f "$dir/_SUCCESS" ] || fail "$dir has no _SUCCESS"
owner=$(stat -c %u "$dir/_SUCCESS")
[ "$owner" = 10001 ] || [ "$(id -u)" != 0 ] || fail "_SUCCESS is owned by uid $owner, not the image's user"
[ ! -e "$work/config/.rivet" ] || fail "the run wrote a state file beside the config"
runs=$(psql -qAt "$pg_url" -c "SELECT count(*) FROM package_image_state.runs WHERE export_name = 'image_items'")
[ "$runs" -ge 1 ] || fail "no run of image_items in the PostgreSQL state store"
echo "state: $runs run(s) of image_items in schema package_image_state"

tar -xzf "$archive" -C "$work" --wildcards '*/lib/rivet.jar'
jar=$(ls "$work"/rivet-*/lib/rivet.jar)
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$repo/.ci/ParquetRows.java" \
  "$dir"/part-*.parquet | sort >"$work/rows.txt"
if ! cmp -s "$work/source.txt" "$work/rows.txt"; then
  diff "$work/source.txt" "$work/rows.txt" | head -5 >&2
  fail "the exported rows ($(wc -l <"$work/rows.txt")) differ from the source's ($rows)"
fi
echo "PostgreSQL -> Parquet in the container: $(wc -l <"$work/rows.txt") rows, every value equal to the source's"
psql -q "$pg_url" -c "SET client_min_messages = warning" \
  -c "DROP SCHEMA package_image_state CASCADE; DROP SCHEMA package_image_check CASCADE"

step "passed"
