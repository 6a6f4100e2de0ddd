#!/bin/sh
# scripts/pgcluster.sh: a throwaway PostgreSQL 15 cluster for tests, the demo and benchmarks.
#
#   scripts/pgcluster.sh start [DIR]   create and start a cluster in DIR (default: a new mktemp
#                                      directory under /tmp); print its URL on stdout
#   scripts/pgcluster.sh stop DIR      stop the cluster in DIR and remove DIR
#   scripts/pgcluster.sh status DIR    exit 0 when the cluster in DIR accepts connections
#
# The cluster uses trust authentication, UTF8 / C.UTF-8, fsync=off, listens on 127.0.0.1 only and
# keeps its unix socket in DIR, so it never touches /var/run/postgresql or the Debian clusters.
# Extra server options can be passed in $PGM_SERVER_OPTS (e.g. "-c max_locks_per_transaction=1024").
# The port is $PGM_PORT when set, else the first free one in $PGM_PORT_MIN..$PGM_PORT_MAX
# (default 5460..5469).  DIR/env holds the PG* variables to reach it (`. DIR/env`).
#
# As root, initdb and the server run as the postgres user (root may not run them); as any other
# user they run as that user.  Needs no tty and reads no stdin.
set -eu

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PORT_MIN=${PGM_PORT_MIN:-5460}
PORT_MAX=${PGM_PORT_MAX:-5469}
MARKER=.pgm-cluster

usage() {
	echo "usage: $0 start [DIR] | stop DIR | status DIR" >&2
	exit 2
}

# as_owner CMD...: run a command as the user who owns the cluster.  cd / first: the caller's
# working directory may be unreadable to postgres.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# port_in_use PORT: true when something listens on PORT (any address) or a server answers there.
port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
	fi
	# pg_isready: 0 accepting, 1 rejecting, 2 no response, 3 no attempt.
	rc=0
	"$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$1" -t 1 >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]
}

# pg_answers PORT: true when a server accepts connections on 127.0.0.1:PORT.
pg_answers() {
	"$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$1" -t 1 >/dev/null 2>&1
}

# abandon_start: the EXIT trap of a start that did not finish: stop the server if it runs and
# remove the directory.
START_DIR=""
abandon_start() {
	if [ -n "$START_DIR" ]; then
		if [ -f "$START_DIR/data/postmaster.pid" ]; then
			as_owner "$PG_BINDIR/pg_ctl" -D "$START_DIR/data" -m immediate stop >/dev/null 2>&1 || true
		fi
		rm -rf "$START_DIR"
	fi
}

cmd_start() {
	dir=${1:-}
	if [ -z "$dir" ]; then
		dir=$(mktemp -d /tmp/pgm-cluster.XXXXXX)
	else
		mkdir -p "$dir"
	fi
	dir=$(cd "$dir" && pwd)
	if [ -e "$dir/data" ]; then
		echo "pgcluster: error: $dir already holds a cluster" >&2
		echo "pgcluster: hint: run \"$0 stop $dir\" first" >&2
		exit 1
	fi
	# stop and failure remove DIR, so it must hold nothing of anyone else's.
	if [ -n "$(ls -A "$dir")" ]; then
		echo "pgcluster: error: $dir is not empty" >&2
		echo "pgcluster: hint: give a new or empty directory, or none for a fresh one under /tmp" >&2
		exit 1
	fi
	: >"$dir/$MARKER"
	# Until the cluster is up and DIR/env written, any exit (an error, a signal, a closed pipe)
	# takes the half-made cluster away again.
	START_DIR=$dir
	trap abandon_start EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP PIPE
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres:postgres "$dir" "$dir/$MARKER"
		if ! runuser -u postgres -- test -w "$dir"; then
			echo "pgcluster: error: the postgres user cannot write to $dir" >&2
			echo "pgcluster: hint: use a directory under /tmp (a parent directory is not searchable by postgres)" >&2
			exit 1
		fi
	fi

	if ! as_owner "$PG_BINDIR/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1; then
		echo "pgcluster: error: initdb failed" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	fi

	if [ -n "${PGM_PORT:-}" ]; then
		candidates=$PGM_PORT
	else
		candidates=$(seq "$PORT_MIN" "$PORT_MAX")
	fi
	port=""
	for p in $candidates; do
		if [ -z "${PGM_PORT:-}" ] && port_in_use "$p"; then
			continue
		fi
		# -w waits until the server accepts connections; a lost race for the port makes it fail,
		# and then the next candidate is tried.
		if as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $p -k $dir -c listen_addresses=127.0.0.1 -c fsync=off ${PGM_SERVER_OPTS:-}" start >/dev/null 2>&1 &&
			pg_answers "$p"; then
			port=$p
			break
		fi
		as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	done
	if [ -z "$port" ]; then
		echo "pgcluster: error: could not start a server on any of the ports: $(echo "$candidates" | tr '\n' ' ')" >&2
		[ -f "$dir/server.log" ] && tail -n 20 "$dir/server.log" >&2
		echo "pgcluster: hint: set PGM_PORT to a free port" >&2
		exit 1
	fi

	url="postgresql://postgres@127.0.0.1:$port/postgres"
	cat >"$dir/env" <<ENV
# Source this file (. $dir/env) to reach the throwaway cluster.
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
ENV
	echo "$url" >"$dir/url"
	[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/env" "$dir/url"
	START_DIR=""
	trap - EXIT INT TERM HUP PIPE
	echo "pgcluster: started $url in $dir (stop: $0 stop $dir)" >&2
	echo "$url"
}

cmd_stop() {
	dir=${1:-}
	[ -n "$dir" ] || usage
	if [ ! -d "$dir" ]; then
		echo "pgcluster: $dir does not exist; nothing to stop" >&2
		return 0
	fi
	if [ ! -f "$dir/$MARKER" ]; then
		echo "pgcluster: error: $dir was not created by $0; not removing it" >&2
		exit 1
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	echo "pgcluster: stopped and removed $dir" >&2
}

cmd_status() {
	dir=${1:-}
	[ -n "$dir" ] && [ -f "$dir/env" ] || exit 1
	port=$(sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' "$dir/env")
	pg_answers "$port"
}

[ $# -ge 1 ] || usage
action=$1
shift
case "$action" in
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	status) cmd_status "$@" ;;
	*) usage ;;
esac
