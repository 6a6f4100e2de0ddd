#!/bin/sh
# test/crash/run.sh: crash trials of `pgmig upgrade head` on a throwaway cluster.
#
#   test/crash/run.sh [--kills N] [--mode one|per-revision|both] [--revisions R] [--seed S]
#                     [--pgmig PATH]
#
# Generates an R-revision linear project (bench/gen_revisions.sh, default 500), starts its own
# cluster (scripts/pgcluster.sh, PG_BINDIR as there) and, for each transaction mode (the default
# one-transaction run and --transaction-per-revision), first measures one uninterrupted upgrade,
# then N times (default 20) each:
#   backend:    starts `pgmig upgrade head` on a fresh database, sleeps a random time within the
#               measured duration and SIGKILLs the server process running it (found in
#               pg_stat_activity by application_name); the postmaster then restarts every backend
#               (crash recovery);
#   postmaster: the same, but SIGKILLs the postmaster and all its children, then restarts the
#               cluster with pg_ctl.
# After each kill and restart it checks that schema, heads and log agree:
#   one-transaction mode: exactly the old state (nothing uploaded, nothing applied) or the new one;
#   per-revision mode:    a prefix of the plan: the version table's head is revision k of the chain,
#                         the tables, columns and indexes are exactly those revisions 1..k create,
#                         pg_migrate.log has exactly one "upgrade applied" row for each of them and
#                         no other row;
# then that `pgmig validate` is clean, that a rerun of `pgmig upgrade head` succeeds and that the
# final state is the full one.  Prints a summary (kills, states seen, prefix lengths) and exits 1
# on any violation (2 on bad usage).  Needs sh, awk, ps, psql and pg_ctl (PG_BINDIR).
set -eu

export LANG=C.UTF-8 LC_ALL=C.UTF-8
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
export PG_BINDIR
PSQL="$PG_BINDIR/psql"
PGMIG="$ROOT/build/pgmig"
KILLS=20
MODE=both
REVISIONS=500
SEED=$(date +%s)

usage() {
	echo "usage: $0 [--kills N] [--mode one|per-revision|both] [--revisions R] [--seed S] [--pgmig PATH]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
		--kills | --mode | --revisions | --seed | --pgmig)
			[ $# -ge 2 ] || usage
			case "$1" in
				--kills) KILLS=$2 ;;
				--mode) MODE=$2 ;;
				--revisions) REVISIONS=$2 ;;
				--seed) SEED=$2 ;;
				--pgmig) PGMIG=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*) usage ;;
	esac
done
for n in "$KILLS" "$REVISIONS" "$SEED"; do
	case "$n" in '' | *[!0-9]*) usage ;; esac
done
case "$MODE" in
	one) MODES=one ;;
	per-revision) MODES=per-revision ;;
	both) MODES="one per-revision" ;;
	*) usage ;;
esac
[ "$REVISIONS" -ge 1 ] || usage
[ -x "$PGMIG" ] || {
	echo "crash: error: $PGMIG is not an executable (build pgmig first, or give --pgmig)" >&2
	exit 2
}

WORK=$(mktemp -d /tmp/pgm-crash.XXXXXX)
# The cluster's own directory (scripts/pgcluster.sh): postgres must be able to reach it.  In
# $PGM_TEST_CLUSTER_PARENT when set (scripts/test.sh: /dev/shm when it can), else in /tmp.
CLUSTER=$(mktemp -d "${PGM_TEST_CLUSTER_PARENT:-/tmp}/pgm-crash-cluster.XXXXXX")
PROJECT="$WORK/project"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
PGMIG_PID=""

# shellcheck disable=SC2317 # called from the traps
cleanup() {
	if [ -n "$PGMIG_PID" ]; then
		kill -9 "$PGMIG_PID" 2>/dev/null || true
		PGMIG_PID=""
	fi
	if [ -f "$CLUSTER/.pgm-cluster" ]; then
		sh "$ROOT/scripts/pgcluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
	else
		rmdir "$CLUSTER" 2>/dev/null || true
	fi
	if [ "${KEEP_WORK:-0}" = 1 ]; then
		echo "crash: logs kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

say() {
	echo "crash: $*" >&2
}

# as_owner CMD...: as the cluster's owner (postgres when we are root), like scripts/pgcluster.sh.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# --- the cluster --------------------------------------------------------------------------------

# Room in the lock table for one transaction creating hundreds of tables and indexes.
SERVER_OPTS="-c max_locks_per_transaction=1024"
# The port comes from a range of its own (not pgcluster.sh's default 5460..5469): while the
# cluster is down after a kill, another throwaway cluster must not take its port.
URL=$(PGM_SERVER_OPTS="$SERVER_OPTS" PGM_PORT_MIN=${PGM_PORT_MIN:-5480} PGM_PORT_MAX=${PGM_PORT_MAX:-5499} \
	sh "$ROOT/scripts/pgcluster.sh" start "$CLUSTER")
PORT=$(sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' "$CLUSTER/env")
DB=crash
DB_URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

admin() {
	PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$URL" "$@"
}
db() {
	PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$DB_URL" "$@"
}

# wait_ready: until the server accepts queries again (after crash recovery or a restart).
wait_ready() {
	tries=0
	while ! admin -c 'SELECT 1' >/dev/null 2>&1; do
		tries=$((tries + 1))
		if [ "$tries" -gt 600 ]; then
			say "error: the server did not come back within 60 s"
			tail -n 30 "$CLUSTER/server.log" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# restart_cluster: start the killed cluster again with the options scripts/pgcluster.sh gave it.
restart_cluster() {
	attempt=1
	while ! as_owner "$PG_BINDIR/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w -t 60 \
		-o "-p $PORT -k $CLUSTER -c listen_addresses=127.0.0.1 -c fsync=off $SERVER_OPTS" start >/dev/null 2>&1; do
		if [ "$attempt" -ge 5 ]; then
			say "error: the cluster did not restart"
			tail -n 30 "$CLUSTER/server.log" >&2
			command -v ss >/dev/null 2>&1 && ss -ltnp "sport = :$PORT" >&2
			exit 1
		fi
		attempt=$((attempt + 1))
		sleep 1
	done
	wait_ready
}

# kill_postmaster: SIGKILL the postmaster and every child of it, wait until all are gone.  The
# postmaster is stopped (SIGSTOP) first, so that it forks no child after the list is taken.
kill_postmaster() {
	pm=$(head -n 1 "$CLUSTER/data/postmaster.pid")
	kill -STOP "$pm"
	children=$(ps -o pid= --ppid "$pm" || true)
	# shellcheck disable=SC2086 # a list of pids
	kill -9 "$pm" $children 2>/dev/null || true
	for p in $pm $children; do
		tries=0
		while kill -0 "$p" 2>/dev/null; do
			tries=$((tries + 1))
			[ "$tries" -lt 300 ] || {
				say "error: process $p survived SIGKILL"
				exit 1
			}
			sleep 0.1
		done
	done
}

# fresh_database: the database $DB, new, with the extension.
fresh_database() {
	admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
	db -c 'CREATE EXTENSION pg_migrate'
}

# --- the project and its expected states -------------------------------------------------------

sh "$ROOT/bench/gen_revisions.sh" --revisions "$REVISIONS" "$PROJECT" 2>/dev/null
# The chain of ids in order, one a line: line k is revision k.
CHAIN="$WORK/chain"
awk '
	/^-- Revision ID:/ { id = $4 }
	/^-- Revises:/ { parent[id] = ($3 == "" ? "-" : $3); child[parent[id]] = id; nextfile }
	END { for (id = child["-"]; id != ""; id = child[id]) print id }
' "$PROJECT"/migrations/versions/*.sql >"$CHAIN"
[ "$(wc -l <"$CHAIN")" -eq "$REVISIONS" ] || {
	say "error: could not read the chain of the generated revisions"
	exit 1
}

# expected_schema K: the objects revisions 1..K create, as schema_of prints them (sorted).
expected_schema() {
	awk -v k="$1" 'BEGIN {
		for (i = 1; i <= k; i++) {
			g = int((i - 1) / 3) + 1
			kind = (i - 1) % 3
			if (kind == 0) print "table t" g
			else if (kind == 1) print "column t" g ".c" i
			else print "index ix_t" g "_c" (i - 1)
		}
	}' | sort
}
schema_of() {
	db -c "SELECT 'table ' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		UNION ALL SELECT 'column ' || table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name ~ '^c[0-9]+\$'
		UNION ALL SELECT 'index ' || indexname FROM pg_catalog.pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix\\_%'" | sort
}
# expected_log K: one "upgrade applied" row per revision 1..K.
expected_log() {
	head -n "$1" "$CHAIN" | awk '{ print $1 " upgrade applied" }' | sort
}
log_of() {
	db -c "SELECT revision || ' ' || direction || ' ' || outcome FROM pg_migrate.log" | sort
}

VIOLATIONS=0
violation() {
	VIOLATIONS=$((VIOLATIONS + 1))
	say "VIOLATION ($TRIAL): $*"
}

# check_state: sets K to the prefix length the database is at and checks that version table,
# uploaded revisions, schema and log all say the same; a disagreement is a violation.
check_state() {
	versions=$(db -c 'SELECT revision FROM pg_migrate.version')
	nversions=$(printf '%s' "$versions" | grep -c . || true)
	K=0
	if [ "$nversions" -gt 1 ]; then
		violation "the version table holds $nversions rows: $(echo "$versions" | tr '\n' ' ')"
		return
	fi
	if [ "$nversions" -eq 1 ]; then
		K=$(grep -n -x "$versions" "$CHAIN" | cut -d: -f1)
		if [ -z "$K" ]; then
			violation "the version table holds $versions, which is not a revision of the project"
			K=0
			return
		fi
	fi
	uploaded=$(db -c 'SELECT count(*) FROM pg_migrate.revision')
	if [ "$K" -gt 0 ] && [ "$uploaded" -ne "$REVISIONS" ]; then
		violation "at revision $K of $REVISIONS but $uploaded revisions uploaded"
	fi
	if [ "$K" -eq 0 ] && [ "$uploaded" -ne 0 ] && [ "$uploaded" -ne "$REVISIONS" ]; then
		violation "nothing applied but $uploaded of $REVISIONS revisions uploaded"
	fi
	if [ "$CURRENT_MODE" = one ] && [ "$K" -eq 0 ] && [ "$uploaded" -ne 0 ]; then
		violation "one-transaction run: nothing applied but the upload was kept"
	fi
	expected_schema "$K" >"$LOGS/schema.expected"
	schema_of >"$LOGS/schema.actual"
	if ! cmp -s "$LOGS/schema.expected" "$LOGS/schema.actual"; then
		violation "the schema is not that of revisions 1..$K: $(diff "$LOGS/schema.expected" "$LOGS/schema.actual" | grep '^[<>]' | head -n 5 | tr '\n' ' ')"
	fi
	expected_log "$K" >"$LOGS/log.expected"
	log_of >"$LOGS/log.actual"
	if ! cmp -s "$LOGS/log.expected" "$LOGS/log.actual"; then
		violation "pg_migrate.log is not one upgrade row per revision 1..$K: $(diff "$LOGS/log.expected" "$LOGS/log.actual" | grep '^[<>]' | head -n 5 | tr '\n' ' ')"
	fi
	if [ "$CURRENT_MODE" = one ] && [ "$K" -ne 0 ] && [ "$K" -ne "$REVISIONS" ]; then
		violation "one-transaction run left revision $K of $REVISIONS applied (neither the old state nor the new one)"
	fi
}

run_pgmig() {
	(cd "$PROJECT" && DATABASE_URL="$DB_URL" "$PGMIG" "$@")
}

upgrade_args() {
	if [ "$CURRENT_MODE" = one ]; then
		echo "upgrade head"
	else
		echo "upgrade head --transaction-per-revision"
	fi
}

# after_kill: the checks after the restart: state, validate, rerun, full state.
after_kill() {
	check_state
	STATE_K=$K
	# validate lists revision files not uploaded yet as new: only the states that uploaded.
	if [ "$K" -gt 0 ] || [ "$(db -c 'SELECT count(*) FROM pg_migrate.revision')" -ne 0 ]; then
		if ! run_pgmig validate >"$LOGS/validate.log" 2>&1; then
			violation "pgmig validate is not clean: $(head -n 5 "$LOGS/validate.log" | tr '\n' ' ')"
		fi
	fi
	# shellcheck disable=SC2046 # the words of the command
	if ! run_pgmig $(upgrade_args) >"$LOGS/rerun.log" 2>&1; then
		violation "the rerun of pgmig upgrade head failed: $(tail -n 5 "$LOGS/rerun.log" | tr '\n' ' ')"
		return
	fi
	check_state
	[ "$K" -eq "$REVISIONS" ] || violation "after the rerun the database is at revision $K of $REVISIONS"
	if ! run_pgmig validate >"$LOGS/validate.log" 2>&1; then
		violation "pgmig validate after the rerun is not clean: $(head -n 5 "$LOGS/validate.log" | tr '\n' ' ')"
	fi
}

# random_ms TRIAL MAX: a reproducible random number in [0, MAX) for this seed and trial.
random_ms() {
	awk -v seed="$SEED" -v t="$1" -v max="$2" 'BEGIN { srand(seed * 1000 + t); print int(rand() * max) }'
}

# backend_pid: the server process of the running pgmig, empty when there is none.
backend_pid() {
	admin -c "SELECT pid FROM pg_catalog.pg_stat_activity WHERE datname = '$DB' AND application_name = 'pgmig' AND backend_type = 'client backend'" 2>/dev/null | head -n 1
}

# trial KIND NUMBER: one kill of KIND (backend or postmaster) and the checks after it.
SUMMARY="$WORK/summary"
: >"$SUMMARY"
trial() {
	kind=$1
	TRIAL="$CURRENT_MODE $kind #$2"
	fresh_database
	delay=$(random_ms "$SEQ" "$DURATION_MS")
	SEQ=$((SEQ + 1))
	# shellcheck disable=SC2046 # the words of the command
	(cd "$PROJECT" && DATABASE_URL="$DB_URL" exec "$PGMIG" $(upgrade_args)) >"$LOGS/run.log" 2>&1 &
	PGMIG_PID=$!
	sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	killed=no
	if [ "$kind" = backend ]; then
		# Before pgmig has connected there is no backend yet: kill the first one seen.
		while kill -0 "$PGMIG_PID" 2>/dev/null; do
			pid=$(backend_pid)
			if [ -n "$pid" ]; then
				kill -9 "$pid" 2>/dev/null && killed=yes
				break
			fi
			sleep 0.01
		done
	elif kill -0 "$PGMIG_PID" 2>/dev/null; then
		kill_postmaster
		killed=yes
	fi
	rc=0
	wait "$PGMIG_PID" || rc=$?
	PGMIG_PID=""
	if [ "$kind" = postmaster ] && [ "$killed" = yes ]; then
		restart_cluster
	else
		wait_ready
	fi
	if [ "$killed" = yes ] && [ "$rc" -eq 0 ]; then
		# The kill may land after the last commit: then the run succeeded and the state is new.
		:
	fi
	if [ "$killed" = no ] && [ "$rc" -ne 0 ]; then
		violation "pgmig failed without a kill: $(tail -n 5 "$LOGS/run.log" | tr '\n' ' ')"
	fi
	if grep -q -i 'segmentation\|core dumped\|terminate called\|Aborted' "$LOGS/run.log"; then
		violation "pgmig crashed: $(tail -n 5 "$LOGS/run.log" | tr '\n' ' ')"
	fi
	after_kill
	if [ "$CURRENT_MODE" = one ]; then
		if [ "$STATE_K" -eq 0 ]; then state=old; else state=new; fi
	else
		state="prefix $STATE_K"
	fi
	[ "$killed" = yes ] || state="$state (pgmig had finished: no kill)"
	echo "$CURRENT_MODE $kind $killed $STATE_K" >>"$SUMMARY"
	say "$TRIAL: kill at ${delay} ms of ${DURATION_MS} ms, pgmig exit $rc, state: $state"
}

# --- the trials ---------------------------------------------------------------------------------

STARTED_S=$(($(now_ms) / 1000))
say "seed $SEED, $REVISIONS revisions, $KILLS kills of each kind per mode, modes: $MODES"
SEQ=0
for CURRENT_MODE in $MODES; do
	TRIAL="$CURRENT_MODE uninterrupted"
	fresh_database
	start=$(now_ms)
	# shellcheck disable=SC2046 # the words of the command
	if ! run_pgmig $(upgrade_args) >"$LOGS/full.log" 2>&1; then
		say "error: the uninterrupted run failed"
		cat "$LOGS/full.log" >&2
		exit 1
	fi
	DURATION_MS=$(($(now_ms) - start))
	check_state
	[ "$K" -eq "$REVISIONS" ] || violation "the uninterrupted run ended at revision $K of $REVISIONS"
	say "$CURRENT_MODE: an uninterrupted upgrade of $REVISIONS revisions takes $DURATION_MS ms"
	for kind in backend postmaster; do
		n=1
		while [ "$n" -le "$KILLS" ]; do
			trial "$kind" "$n"
			n=$((n + 1))
		done
	done
done

# --- summary ------------------------------------------------------------------------------------

echo
echo "crash trials: $REVISIONS revisions, seed $SEED, $("$PGMIG" --version 2>/dev/null | head -n 1), $("$PG_BINDIR/postgres" --version)"
echo "  finished $(date -u '+%Y-%m-%d %H:%M UTC') after $(($(now_ms) / 1000 - STARTED_S)) s on $(uname -sm), $(nproc) CPUs" \
	"($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
for m in $MODES; do
	for kind in backend postmaster; do
		kills=$(awk -v m="$m" -v k="$kind" '$1 == m && $2 == k && $3 == "yes"' "$SUMMARY" | wc -l)
		missed=$(awk -v m="$m" -v k="$kind" '$1 == m && $2 == k && $3 == "no"' "$SUMMARY" | wc -l)
		if [ "$m" = one ]; then
			states=$(awk -v m="$m" -v k="$kind" -v r="$REVISIONS" '$1 == m && $2 == k && $3 == "yes" {
				if ($4 == 0) old++; else if ($4 == r) new++; else other++ }
				END { printf "old %d, new %d", old, new; if (other) printf ", OTHER %d", other }' "$SUMMARY")
		else
			states=$(awk -v m="$m" -v k="$kind" '$1 == m && $2 == k && $3 == "yes" { print $4 }' "$SUMMARY" |
				sort -n | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }')
			states="prefix length:count $states"
		fi
		printf '  %-12s %-10s kills %3d (pgmig done before the kill: %d)  states: %s\n' "$m" "$kind" "$kills" "$missed" "$states"
	done
done
if [ "$VIOLATIONS" -ne 0 ]; then
	echo "crash: FAILED: $VIOLATIONS violations" >&2
	exit 1
fi
echo "crash: all checks passed"
