#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the tests: installs Debian's server when missing, starts its
# cluster (as the postgres user: it refuses to run as root) and creates the `casedesk` login role
# the tests connect with over 127.0.0.1. Idempotent. Prints the URL the tests use, alone on stdout
# (everything else it or PostgreSQL's tools say goes to stderr).
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "installing postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casedesk') THEN
    CREATE ROLE casedesk LOGIN PASSWORD 'casedesk' CREATEDB;
  END IF;
END \\\$\\\$;\"" >/dev/null
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgres://casedesk:casedesk@127.0.0.1:${port}/postgres"
