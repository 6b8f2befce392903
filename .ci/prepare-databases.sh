#!/usr/bin/env bash
# Starts the locally installed PostgreSQL and MariaDB when they are not running. The test suite
# prepares them itself (test databases, the roles rivet_auth and rivet_noread, the pg_hba.conf rule
# for rivet_auth: dev.rivet.kernel.testing.servers, docs/testing.md). Idempotent.
set -euo pipefail

PG_HOST=${RIVET_TEST_PG_HOST:-127.0.0.1}

if ! pg_isready -h "$PG_HOST" -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p 5432 -q && break; sleep 1; done
fi
if ! mariadb-admin -uroot -h127.0.0.1 status >/dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 30); do mariadb-admin -uroot -h127.0.0.1 status >/dev/null 2>&1 && break; sleep 1; done
fi
echo "databases running"
