#!/usr/bin/env bash
# postgres.sh: make a PostgreSQL server available on 127.0.0.1 for tests and CI.
#
# It installs Debian's postgresql if no server binaries are found, creates a
# cluster in $NEWSGRAPH_PG_DIR (default /tmp/newsgraph-pg) listening on
# 127.0.0.1 on a free port, starts it, creates the database "newsgraph" and
# prints its connection URL on stdout (everything else goes to stderr).
# Running it again reuses the running cluster and prints the same URL.
# Sourced (". scripts/postgres.sh"), it also exports NEWSGRAPH_TEST_POSTGRES.
#
# As root (CI containers) the cluster runs as the "postgres" system user,
# since PostgreSQL refuses to run as root.
#
#   url=$(bash scripts/postgres.sh)
#   NEWSGRAPH_TEST_POSTGRES=$url go test ./graph/ -run Postgres
#   bash scripts/postgres.sh stop     # stops the cluster
#   bash scripts/postgres.sh running  # exit 0 if the cluster runs, else 1
#
# scripts/test-postgres.sh (make test-postgres) uses it and stops the cluster
# afterwards if it started it.
set -euo pipefail

pg_dir="${NEWSGRAPH_PG_DIR:-/tmp/newsgraph-pg}"
pg_db="${NEWSGRAPH_PG_DB:-newsgraph}"
log() { echo "postgres.sh: $*" >&2; }

find_bin() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
	case "${1:-}" in
	running) exit 1 ;; # no server binaries: nothing runs
	stop) exit 0 ;;
	esac
	log "installing Debian's postgresql"
	if [ "$(id -u)" -ne 0 ]; then
		log "not root: cannot apt-get install postgresql; install it and retry"
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y postgresql >&2
	bin="$(find_bin)"
fi

# as runs a command as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
	as() { runuser -u postgres -- "$@"; }
else
	as() { "$@"; }
fi

port_file="$pg_dir/newsgraph.port"
running() { [ -f "$pg_dir/PG_VERSION" ] && as "$bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; }

if [ "${1:-}" = "stop" ]; then
	if running; then
		log "stopping PostgreSQL in $pg_dir"
		as "$bin/pg_ctl" -D "$pg_dir" -m fast -w stop >&2
	fi
	exit 0
fi
if [ "${1:-}" = "running" ]; then
	running
	exit
fi

free_port() {
	local p
	for p in $(seq 54329 54429); do
		if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

if ! running; then
	if [ ! -f "$pg_dir/PG_VERSION" ]; then
		log "creating a cluster in $pg_dir"
		mkdir -p "$pg_dir"
		[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
		chmod 700 "$pg_dir"
		as "$bin/initdb" -D "$pg_dir" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
	fi
	port="$(free_port)"
	echo "$port" | as tee "$port_file" >/dev/null
	log "starting PostgreSQL on 127.0.0.1:$port"
	as "$bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
		-o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
fi
port="$(cat "$port_file")"

psql_q() { as "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAq -v ON_ERROR_STOP=1 "$@"; }
if [ "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname = '$pg_db'")" != "1" ]; then
	log "creating database $pg_db"
	psql_q -c "CREATE DATABASE \"$pg_db\""
fi

url="postgres://postgres@127.0.0.1:$port/$pg_db?sslmode=disable"
export NEWSGRAPH_TEST_POSTGRES="$url"
echo "$url"
