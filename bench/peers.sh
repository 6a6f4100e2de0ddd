#!/bin/sh
# bench/peers.sh: pg_migrate side by side with the tools users would pick instead, in one run.
#
#   bench/peers.sh [--revisions N] [--repeat R] [--warmup W] [--url URL] [--pgmig PATH]
#                  [--tools LIST]
#
# Generates N linear revisions (default 1000) with bench/gen_revisions.sh (CREATE TABLE, ADD
# COLUMN, CREATE INDEX, each with its downgrade) and writes the same SQL, in the same order, as
#   - an Alembic project (Debian's python3-alembic, SQLAlchemy, psycopg2; run by /usr/bin/python3):
#     one file per revision calling op.execute() with the SQL, a down_revision chain, the
#     generic template's env.py (online mode, the URL from $DATABASE_URL) and logging config;
#   - a dbmate project (the npm package `dbmate`, installed by this script into
#     bench/out/node/dbmate when missing; its Go binary is called directly, not through node);
#   - a node-pg-migrate project (npm packages `node-pg-migrate` and `pg`, installed likewise into
#     bench/out/node/node-pg-migrate; SQL migration files, run by its CLI under node);
#   - the floors: all.sql (every upgrade, in order) and down.sql (every downgrade, in reverse).
# Then, for R repetitions (default 5) after W untimed warm-up rounds (default 1), each tool on a
# fresh database, the tools in alternating order, it times (wall clock, process start to exit):
#   upgrade   full upgrade from empty     floor: psql -X -q -1 -f all.sql
#   no-op     the same upgrade again      floor: psql -X -c 'SELECT 1'
#   current   what is applied             floor: psql -X -c 'SELECT 1'
#   downgrade everything, back to empty   floor: psql -X -q -1 -f down.sql (on a database at head)
# with pgmig (upgrade head / upgrade head / current / downgrade base), Alembic (the same
# commands), dbmate (migrate / migrate / status / rollback run N times: dbmate rolls back one
# migration per call and has no other way) and node-pg-migrate (up / up / - / down N: it has no
# command that shows the applied migrations, so its "current" is n/a).  It prints the medians in
# ms, their ratios to the floor, the machine (nproc, CPU model) and its load average before and
# after, and an AHEAD line for every figure where a peer is ahead of pg_migrate.
#
# The work is the same for every tool: the same statements, each tool recording every revision
# in its version table.  pg_migrate, Alembic (transaction_per_migration false, its default),
# node-pg-migrate (--single-transaction, its default) and the floors run everything in one
# transaction; dbmate runs each migration in its own transaction (its default; it has no
# single-transaction mode).  dbmate runs with --no-dump-schema (by default it calls pg_dump after
# every migrate and rollback, which the others do not do).
#
# --tools takes a comma-separated subset of pgmig,alembic,dbmate,node-pg-migrate (default: all;
# the floor is always measured).  A peer whose software is missing (no Python modules; no npm,
# no network or an unsupported platform for dbmate) is skipped with a message.
#
# Without --url it starts its own throwaway cluster (scripts/pgcluster.sh) and stops it on exit.
# With --url (a role with CREATEDB; pg_migrate installed on the server) it creates and drops
# databases named pgm_peers_<pid>_* (two runs can share a server).  dbmate needs --url in URI
# form (postgresql://...).
#
# A benchmark is not a test: it exits 0 whenever the measurement completed, whatever the figures.

# shellcheck disable=SC2317 # the measure_* functions are called by name ("measure_$tool")
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=1000
REPEAT=5
WARMUP=1
URL=""
PGMIG="$ROOT/build/pgmig"
# The floor is psql's own binary: Debian's /usr/bin/psql is a Perl wrapper (pg_wrapper) that
# adds tens of milliseconds to every call.
if [ -z "${PSQL:-}" ]; then
	PSQL=psql
	for p in "${PG_BINDIR:-}/psql" "$(pg_config --bindir 2>/dev/null)/psql" /usr/lib/postgresql/15/bin/psql; do
		if [ -x "$p" ] && [ -f "$p" ]; then
			PSQL=$p
			break
		fi
	done
fi
PYTHON=${PYTHON:-/usr/bin/python3}
TOOLS="pgmig,alembic,dbmate,node-pg-migrate"
DBMATE_VERSION=${DBMATE_VERSION:-2.36.0}
NPGM_VERSION=${NPGM_VERSION:-9.0.0}
NODE_PG_VERSION=${NODE_PG_VERSION:-8.23.1}
NODE_PREFIX="$ROOT/bench/out/node"

. "$ROOT/bench/lib.sh"

usage() {
	echo "usage: $0 [--revisions N] [--repeat R] [--warmup W] [--url URL] [--pgmig PATH] [--tools pgmig,alembic,dbmate,node-pg-migrate]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
		--revisions | --repeat | --warmup | --url | --pgmig | --tools)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--revisions) N=$2 ;;
				--repeat) REPEAT=$2 ;;
				--warmup) WARMUP=$2 ;;
				--url) URL=$2 ;;
				--pgmig) PGMIG=$2 ;;
				--tools) TOOLS=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,46p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*) usage ;;
	esac
done
for v in "$N" "$REPEAT"; do
	case "$v" in
		'' | *[!0-9]* | 0) die "--revisions and --repeat take positive integers, not \"$v\"" ;;
	esac
done
case "$WARMUP" in
	'' | *[!0-9]*) die "--warmup takes a number of rounds, not \"$WARMUP\"" ;;
esac
USE_PGMIG=0 USE_ALEMBIC=0 USE_DBMATE=0 USE_NPGM=0
for t in $(echo "$TOOLS" | tr ',' ' '); do
	case "$t" in
		pgmig | pg_migrate) USE_PGMIG=1 ;;
		alembic) USE_ALEMBIC=1 ;;
		dbmate) USE_DBMATE=1 ;;
		node-pg-migrate | npgm) USE_NPGM=1 ;;
		*) die "unknown tool \"$t\" in --tools (known: pgmig, alembic, dbmate, node-pg-migrate)" ;;
	esac
done
if [ "$USE_PGMIG" -eq 1 ]; then
	[ -x "$PGMIG" ] || die "$PGMIG not found; build it first (scripts/build.sh)"
	case "$PGMIG" in
		/*) ;;
		*) PGMIG="$(pwd)/$PGMIG" ;; # pgmig runs in the project directory
	esac
fi
export LANG=C.UTF-8

WORK="$ROOT/bench/out/peers-$N"
LOGS="$WORK/logs"
PGM_PROJECT="$WORK/pgmig"
ALEMBIC_PROJECT="$WORK/alembic"
DBMATE_PROJECT="$WORK/dbmate"
NPGM_PROJECT="$WORK/node-pg-migrate"
rm -rf "$WORK"
mkdir -p "$LOGS"

# ---------------------------------------------------------------------------------------------
# The peers' software.

if [ "$USE_ALEMBIC" -eq 1 ]; then
	if ALEMBIC_VERSIONS=$("$PYTHON" -c 'import alembic, sqlalchemy, psycopg2; print("alembic " + alembic.__version__ + ", SQLAlchemy " + sqlalchemy.__version__ + ", psycopg2 " + psycopg2.__version__.split()[0])' 2>"$LOGS/alembic-import.log"); then
		:
	else
		echo "bench: skipping Alembic: $PYTHON cannot import alembic, sqlalchemy and psycopg2 (install python3-alembic python3-sqlalchemy python3-psycopg2)" >&2
		sed 's/^/  /' "$LOGS/alembic-import.log" >&2
		USE_ALEMBIC=0
	fi
fi

# npm_install PREFIX PACKAGES...: install npm packages into PREFIX (each tool has its own prefix:
# npm removes from a prefix what its last install did not name).  Fails without npm or network.
npm_install() {
	prefix=$1
	shift
	command -v npm >/dev/null 2>&1 || {
		echo "npm is not installed (it comes with Node.js)" >"$LOGS/npm-install.log"
		return 1
	}
	echo "bench: installing $* with npm into $prefix"
	mkdir -p "$prefix"
	timeout 180 npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "$@" >"$LOGS/npm-install.log" 2>&1
}

# dbmate_binary: print the path of a working dbmate binary installed under NODE_PREFIX/dbmate.  The npm
# package `dbmate` is a node wrapper that spawns a per-platform Go binary from an optional
# dependency (@dbmate/linux-x64 ...); calling that binary directly spares node's start-up
# (about 40 ms a call) that dbmate itself does not need.
dbmate_binary() {
	for b in "$NODE_PREFIX"/dbmate/node_modules/@dbmate/*/bin/dbmate; do
		if [ -x "$b" ] && "$b" --version >/dev/null 2>&1; then
			echo "$b"
			return 0
		fi
	done
	return 1
}
DBMATE=""
if [ "$USE_DBMATE" -eq 1 ]; then
	if [ -n "${DBMATE_BIN:-}" ]; then
		DBMATE=$DBMATE_BIN
	elif ! DBMATE=$(dbmate_binary); then
		if npm_install "$NODE_PREFIX/dbmate" "dbmate@$DBMATE_VERSION" && DBMATE=$(dbmate_binary); then
			:
		else
			DBMATE=""
			echo "bench: skipping dbmate: npm install dbmate@$DBMATE_VERSION failed or gave no binary for this platform (no npm or no network?)" >&2
			tail -n 5 "$LOGS/npm-install.log" | sed 's/^/  /' >&2
		fi
	fi
	[ -n "$DBMATE" ] || USE_DBMATE=0
fi

# node-pg-migrate: its CLI runs under node, as users run it (node_modules/.bin/node-pg-migrate).
NPGM="$NODE_PREFIX/node-pg-migrate/node_modules/.bin/node-pg-migrate"
if [ "$USE_NPGM" -eq 1 ]; then
	if ! command -v node >/dev/null 2>&1; then
		echo "bench: skipping node-pg-migrate: node is not installed" >&2
		USE_NPGM=0
	elif [ -x "$NPGM" ] && "$NPGM" --version >/dev/null 2>&1; then
		:
	elif npm_install "$NODE_PREFIX/node-pg-migrate" "node-pg-migrate@$NPGM_VERSION" "pg@$NODE_PG_VERSION" &&
		"$NPGM" --version >/dev/null 2>&1; then
		:
	else
		echo "bench: skipping node-pg-migrate: npm install node-pg-migrate@$NPGM_VERSION pg@$NODE_PG_VERSION failed (no npm or no network?)" >&2
		tail -n 5 "$LOGS/npm-install.log" | sed 's/^/  /' >&2
		USE_NPGM=0
	fi
fi
if [ "$USE_DBMATE" -eq 1 ]; then
	case "$URL" in
		'' | postgres://* | postgresql://*) ;;
		*)
			echo "bench: skipping dbmate: it needs --url as a URI (postgresql://user@host:port/db), not a conninfo string" >&2
			USE_DBMATE=0
			;;
	esac
fi

# ---------------------------------------------------------------------------------------------
# The projects.

echo "bench: generating $N revisions for pg_migrate, Alembic, dbmate and node-pg-migrate"
sh "$ROOT/bench/gen_revisions.sh" --revisions "$N" --force "$PGM_PROJECT"
mkdir -p "$ALEMBIC_PROJECT/alembic/versions" "$DBMATE_PROJECT/db/migrations" "$NPGM_PROJECT/migrations"

# One awk reads the pg_migrate files (id, parent, message, date, upgrade and downgrade SQL),
# follows the chain from the root and writes the other tools' files and down.sql from them: the
# SQL is byte for byte the same.
awk -v n="$N" -v adir="$ALEMBIC_PROJECT/alembic/versions" -v ddir="$DBMATE_PROJECT/db/migrations" \
	-v ndir="$NPGM_PROJECT/migrations" -v down="$WORK/down.sql" '
function trim(s) {
	sub(/^\n+/, "", s)
	sub(/\n+$/, "", s)
	return s
}
function pystr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"\"\"" s "\"\"\""
}
FNR == 1 {
	cur = ""
	section = ""
	msg[FILENAME] = substr($0, 4)
}
/^-- Revision ID: / { cur = $4; file[cur] = FILENAME; message[cur] = msg[FILENAME]; next }
/^-- Revises:/ { parent[cur] = $3; next }
/^-- Create Date: / { date[cur] = substr($0, 17); next }
/^-- migrate:upgrade$/ { section = "up"; next }
/^-- migrate:downgrade$/ { section = "down"; next }
section == "up" { up[cur] = up[cur] $0 "\n"; next }
section == "down" { dn[cur] = dn[cur] $0 "\n"; next }
END {
	root = ""
	for (id in file) {
		if (parent[id] == "") { if (root != "") { print "two roots" > "/dev/stderr"; exit 1 } root = id }
		else child[parent[id]] = id
	}
	i = 0
	for (id = root; id != ""; id = child[id]) {
		order[++i] = id
	}
	if (i != n) { printf "the chain has %d revisions, not %d\n", i, n > "/dev/stderr"; exit 1 }
	for (i = 1; i <= n; i++) {
		id = order[i]
		u = trim(up[id])
		d = trim(dn[id])
		slug = message[id]
		gsub(/[^a-z0-9]+/, "_", slug)
		# Alembic: the shape `alembic revision` writes.
		f = adir "/" id "_" slug ".py"
		printf "\"\"\"%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n\"\"\"\n", message[id], id, parent[id], date[id] > f
		printf "from alembic import op\n\n\n# revision identifiers, used by Alembic.\n" > f
		printf "revision = \"%s\"\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n\n", id, (parent[id] == "" ? "None" : "\"" parent[id] "\"") > f
		printf "def upgrade() -> None:\n    op.execute(%s)\n\n\ndef downgrade() -> None:\n    op.execute(%s)\n", pystr(u), pystr(d) > f
		close(f)
		# dbmate: <version>_<name>.sql, versions ordered as numbers.
		f = ddir "/" sprintf("20260101%06d", i) "_" slug ".sql"
		printf "-- migrate:up\n%s\n\n-- migrate:down\n%s\n", u, d > f
		close(f)
		# node-pg-migrate: <number>_<name>.sql with its two section comments.
		f = ndir "/" sprintf("20260101%06d", i) "_" slug ".sql"
		printf "-- Up Migration\n%s\n\n-- Down Migration\n%s\n", u, d > f
		close(f)
	}
	printf "" > down
	for (i = n; i >= 1; i--) printf "%s\n", trim(dn[order[i]]) > down
	close(down)
}' "$PGM_PROJECT"/migrations/versions/*.sql

cat >"$ALEMBIC_PROJECT/alembic.ini" <<'EOF'
# Generated by bench/peers.sh: the generic template of `alembic init`, the URL from $DATABASE_URL.
[alembic]
script_location = alembic

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
EOF

cat >"$ALEMBIC_PROJECT/alembic/env.py" <<'EOF'
# Generated by bench/peers.sh: the generic template's env.py, online mode only, the URL taken
# from $DATABASE_URL (a URI, or a libpq keyword/value string handed to psycopg2 as is).
import os
from logging.config import fileConfig

import psycopg2
from sqlalchemy import create_engine, pool

from alembic import context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def run_migrations_online() -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        connectable = create_engine(url, poolclass=pool.NullPool)
    else:
        connectable = create_engine(
            "postgresql+psycopg2://",
            poolclass=pool.NullPool,
            creator=lambda: psycopg2.connect(url),
        )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("bench/peers.sh: offline mode is not used")
run_migrations_online()
EOF

# ---------------------------------------------------------------------------------------------
# The server.

start_cluster

server=$(admin -Atc "SELECT current_setting('server_version') || ' at ' || coalesce(host(inet_server_addr()), 'unix socket') || ':' || current_setting('port')")
if [ "$USE_PGMIG" -eq 1 ]; then
	admin -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_migrate'" | grep -q 1 ||
		die "the extension pg_migrate is not installed on $server (make install)"
fi
# lib/pq (dbmate) defaults to sslmode=require; libpq and psycopg2 to prefer.
SSL=$(admin -Atc "SHOW ssl")

machine() {
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
	echo "$(nproc) CPUs (${model:-unknown model}), $(awk '/^MemTotal:/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null)"
}
loadavg() {
	cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "unknown"
}
LOAD_BEFORE=$(loadavg)

tables_expected=$(((N + 2) / 3))
count_tables() {
	"$PSQL" -X -Atq -d "$1" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'"
}
# expect_tables URL COUNT WHAT: sanity check after a measured command.
expect_tables() {
	got=$(count_tables "$1")
	[ "$got" = "$2" ] || die "after $3 the database has $got of the $2 tables expected"
}

# fresh_db NAME: drop and create database NAME; print its URL.
fresh_db() {
	admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
	db_url "$1"
}
drop_db() {
	admin -c "DROP DATABASE IF EXISTS $1"
}

# timed LOG CMD...: run CMD with output to LOG; sets T (ms); dies when CMD fails.
timed() {
	log=$1
	shift
	t0=$(now_ns)
	if ! "$@" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "$* failed (log: $log)"
	fi
	t1=$(now_ns)
	T=$(ms "$t0" "$t1")
}

# record TOOL OP MS: append a run to the list runs_TOOL_OP.
record() {
	eval "runs_$1_$2=\"\${runs_$1_$2:-} $3\""
}

# Each measure_TOOL TAG runs the four commands on a fresh database and records their times.

measure_floor() {
	url=$(fresh_db pgm_peers_$$_floor)
	timed "$LOGS/floor_up_$1.log" "$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$url" -f "$PGM_PROJECT/all.sql"
	record floor up "$T"
	expect_tables "$url" "$tables_expected" "psql -1 -f all.sql"
	timed "$LOGS/floor_noop_$1.log" "$PSQL" -X -d "$url" -c 'SELECT 1'
	record floor noop "$T"
	timed "$LOGS/floor_current_$1.log" "$PSQL" -X -d "$url" -c 'SELECT 1'
	record floor current "$T"
	timed "$LOGS/floor_down_$1.log" "$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$url" -f "$WORK/down.sql"
	record floor down "$T"
	expect_tables "$url" 0 "psql -1 -f down.sql"
	drop_db pgm_peers_$$_floor
}

pgmig() {
	(cd "$PGM_PROJECT" && DATABASE_URL="$url" "$PGMIG" "$@")
}
measure_pgmig() {
	url=$(fresh_db pgm_peers_$$_pgmig)
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate"
	timed "$LOGS/pgmig_up_$1.log" pgmig upgrade head
	record pgmig up "$T"
	expect_tables "$url" "$tables_expected" "pgmig upgrade head"
	timed "$LOGS/pgmig_noop_$1.log" pgmig upgrade head
	record pgmig noop "$T"
	timed "$LOGS/pgmig_current_$1.log" pgmig current
	record pgmig current "$T"
	timed "$LOGS/pgmig_down_$1.log" pgmig downgrade base
	record pgmig down "$T"
	expect_tables "$url" 0 "pgmig downgrade base"
	drop_db pgm_peers_$$_pgmig
}

alembic() {
	(cd "$ALEMBIC_PROJECT" && DATABASE_URL="$url" "$PYTHON" -m alembic "$@")
}
measure_alembic() {
	url=$(fresh_db pgm_peers_$$_alembic)
	timed "$LOGS/alembic_up_$1.log" alembic upgrade head
	record alembic up "$T"
	expect_tables "$url" "$tables_expected" "alembic upgrade head"
	timed "$LOGS/alembic_noop_$1.log" alembic upgrade head
	record alembic noop "$T"
	timed "$LOGS/alembic_current_$1.log" alembic current
	record alembic current "$T"
	timed "$LOGS/alembic_down_$1.log" alembic downgrade base
	record alembic down "$T"
	expect_tables "$url" 0 "alembic downgrade base"
	drop_db pgm_peers_$$_alembic
}

dbmate() {
	(cd "$DBMATE_PROJECT" && DATABASE_URL="$url" "$DBMATE" --no-dump-schema "$@")
}
# dbmate_rollback_all: what a user must do to roll everything back with dbmate.
dbmate_rollback_all() {
	i=0
	while [ "$i" -lt "$N" ]; do
		dbmate rollback || return 1
		i=$((i + 1))
	done
}
measure_dbmate() {
	url=$(fresh_db pgm_peers_$$_dbmate)
	if [ "$SSL" != on ]; then
		case "$url" in
			*sslmode=*) ;;
			*\?*) url="$url&sslmode=disable" ;;
			*) url="$url?sslmode=disable" ;;
		esac
	fi
	timed "$LOGS/dbmate_up_$1.log" dbmate migrate
	record dbmate up "$T"
	expect_tables "$url" "$tables_expected" "dbmate migrate"
	timed "$LOGS/dbmate_noop_$1.log" dbmate migrate
	record dbmate noop "$T"
	timed "$LOGS/dbmate_current_$1.log" dbmate status
	record dbmate current "$T"
	timed "$LOGS/dbmate_down_$1.log" dbmate_rollback_all
	record dbmate down "$T"
	expect_tables "$url" 0 "dbmate rollback ($N times)"
	drop_db pgm_peers_$$_dbmate
}

npgm() {
	(cd "$NPGM_PROJECT" && DATABASE_URL="$url" "$NPGM" "$@")
}
measure_npgm() {
	url=$(fresh_db pgm_peers_$$_npgm)
	timed "$LOGS/npgm_up_$1.log" npgm up
	record npgm up "$T"
	expect_tables "$url" "$tables_expected" "node-pg-migrate up"
	timed "$LOGS/npgm_noop_$1.log" npgm up
	record npgm noop "$T"
	timed "$LOGS/npgm_down_$1.log" npgm down "$N"
	record npgm down "$T"
	expect_tables "$url" 0 "node-pg-migrate down $N"
	drop_db pgm_peers_$$_npgm
}

ORDER="floor"
[ "$USE_PGMIG" -eq 0 ] || ORDER="$ORDER pgmig"
[ "$USE_ALEMBIC" -eq 0 ] || ORDER="$ORDER alembic"
[ "$USE_DBMATE" -eq 0 ] || ORDER="$ORDER dbmate"
[ "$USE_NPGM" -eq 0 ] || ORDER="$ORDER npgm"
REVERSED=$(echo "$ORDER" | tr ' ' '\n' | sed -n '1!G;h;$p' | tr '\n' ' ')

# measure_round TAG ORDER...: one round, the tools in the given order.
measure_round() {
	tag=$1
	shift
	for tool in "$@"; do
		"measure_$tool" "$tag"
	done
}

w=1
while [ "$w" -le "$WARMUP" ]; do
	echo "bench: warm-up round $w/$WARMUP ($ORDER)"
	# shellcheck disable=SC2086 # ORDER is a blank-separated list of tool names
	measure_round "warmup$w" $ORDER
	w=$((w + 1))
done
# The warm-up's figures are not kept.
for tool in $ORDER; do
	for op in up noop current down; do
		eval "runs_${tool}_$op=''"
	done
done

r=1
while [ "$r" -le "$REPEAT" ]; do
	# Alternate the order so that a drift of the machine's load favours no tool.
	if [ $((r % 2)) -eq 1 ]; then
		# shellcheck disable=SC2086
		measure_round "$r" $ORDER
	else
		# shellcheck disable=SC2086
		measure_round "$r" $REVERSED
	fi
	line="bench: run $r/$REPEAT:"
	for tool in $ORDER; do
		line="$line  $tool"
		for op in up noop current down; do
			eval "v=\${runs_${tool}_$op:-}"
			line="$line ${v##* }"
		done
	done
	echo "$line ms (upgrade no-op current downgrade)"
	r=$((r + 1))
done
LOAD_AFTER=$(loadavg)

# ---------------------------------------------------------------------------------------------
# The report.

med() {
	eval "set -- \$runs_$1_$2"
	median "$@"
}
ratio() {
	awk -v a="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", a / c; else print "inf" }'
}
cell() {
	eval "v=\${runs_$1_$2:-}"
	if [ -z "$v" ]; then
		printf 'n/a'
		return
	fi
	m=$(med "$1" "$2")
	if [ "$1" = floor ]; then
		printf '%s ms' "$m"
	else
		printf '%s ms (%s×)' "$m" "$(ratio "$m" "$(med floor "$2")")"
	fi
}
op_name() {
	case "$1" in
		up) echo "full upgrade, empty database" ;;
		noop) echo "no-op upgrade, at head" ;;
		current) echo "current / status" ;;
		down) echo "downgrade everything" ;;
	esac
}
tool_name() {
	case "$1" in
		floor) echo "floor (psql)" ;;
		pgmig) echo "pg_migrate" ;;
		alembic) echo "Alembic" ;;
		dbmate) echo "dbmate" ;;
		npgm) echo "node-pg-migrate" ;;
	esac
}

echo
echo "pg_migrate and its peers: $N linear revisions, $REPEAT repetitions (medians) after $WARMUP warm-up round(s), PostgreSQL $server"
echo "  machine: $(machine); load average before $LOAD_BEFORE, after $LOAD_AFTER"
[ "$USE_PGMIG" -eq 0 ] || echo "  pg_migrate: $("$PGMIG" --version 2>/dev/null | head -n 1)"
[ "$USE_ALEMBIC" -eq 0 ] || echo "  Alembic: $ALEMBIC_VERSIONS, $("$PYTHON" --version 2>&1); one transaction (transaction_per_migration = false)"
[ "$USE_DBMATE" -eq 0 ] || echo "  dbmate: $("$DBMATE" --version 2>/dev/null) (npm package, Go binary called directly); one transaction per migration, --no-dump-schema"
[ "$USE_NPGM" -eq 0 ] || echo "  node-pg-migrate: $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$NODE_PREFIX/node-pg-migrate/node_modules/node-pg-migrate/package.json") with pg $NODE_PG_VERSION, node $(node --version); one transaction (--single-transaction, its default)"
echo "  floor: psql -X -q -1 -f all.sql / psql -X -c 'SELECT 1' / psql -X -q -1 -f down.sql; $("$PSQL" --version)"
echo
header="| |"
rule="|---|"
for tool in $ORDER; do
	header="$header $(tool_name "$tool") |"
	rule="$rule---|"
done
echo "$header"
echo "$rule"
for op in up noop current down; do
	row="| $(op_name "$op") |"
	for tool in $ORDER; do
		row="$row $(cell "$tool" "$op") |"
	done
	echo "$row"
done
echo
echo "  commands: pg_migrate upgrade head / upgrade head / current / downgrade base;"
echo "  Alembic the same; dbmate migrate / migrate / status / rollback x $N (one migration per call);"
echo "  node-pg-migrate up / up / (none: it has no command that shows what is applied) / down $N"

if [ "$USE_PGMIG" -eq 1 ]; then
	ahead=0
	for tool in alembic dbmate npgm; do
		case " $ORDER " in *" $tool "*) ;; *) continue ;; esac
		for op in up noop current down; do
			eval "v=\${runs_${tool}_$op:-}"
			[ -n "$v" ] || continue
			p=$(med pgmig "$op")
			q=$(med "$tool" "$op")
			if awk -v p="$p" -v q="$q" 'BEGIN { exit !(q + 0 < p + 0) }'; then
				echo "  AHEAD: $(tool_name "$tool") is ahead of pg_migrate on \"$(op_name "$op")\": $q ms against $p ms ($(ratio "$p" "$q")× slower)"
				ahead=$((ahead + 1))
			fi
		done
	done
	if [ "$ORDER" = "floor pgmig" ]; then
		echo "  no peer was measured"
	elif [ "$ahead" -eq 0 ]; then
		echo "  pg_migrate is ahead of every peer measured on every figure"
	fi
fi
echo "  projects and logs: $WORK"
exit 0
