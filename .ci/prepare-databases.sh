#!/usr/bin/env bash
# Starts the local PostgreSQL and MariaDB when they are not running and prepares what the tests
# need: the `test` databases, a password-authenticated PostgreSQL role (for wrong-password tests)
# and a role without SELECT rights. Idempotent; safe to run before every build.
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

psql_admin() { psql -h "$PG_HOST" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
  || psql_admin -d postgres -c "CREATE DATABASE test"

# A role that must authenticate with a password, so a wrong password is really rejected.
psql_admin -d test <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rivet_auth') THEN
    CREATE ROLE rivet_auth LOGIN PASSWORD 'rivet-secret';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rivet_noread') THEN
    CREATE ROLE rivet_noread LOGIN;
  END IF;
END $$;
GRANT CONNECT ON DATABASE test TO rivet_auth, rivet_noread;
SQL

HBA=$(psql_admin -d postgres -c "SHOW hba_file")
if ! grep -q 'rivet_auth' "$HBA"; then
  echo "requiring a password for role rivet_auth in $HBA"
  tmp=$(mktemp)
  { echo "host all rivet_auth 127.0.0.1/32 scram-sha-256"; cat "$HBA"; } >"$tmp"
  cat "$tmp" >"$HBA"
  rm -f "$tmp"
  psql_admin -d postgres -c "SELECT pg_reload_conf()" >/dev/null
fi

mariadb -uroot -h127.0.0.1 -e "CREATE DATABASE IF NOT EXISTS test"
# The same two MariaDB users: one that needs a password, one that may connect but read nothing.
mariadb -uroot -h127.0.0.1 <<'SQL'
CREATE USER IF NOT EXISTS 'rivet_auth'@'%' IDENTIFIED BY 'rivet-secret';
CREATE USER IF NOT EXISTS 'rivet_noread'@'%';
SQL
echo "databases ready"
