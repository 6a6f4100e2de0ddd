#!/bin/sh
# bench/fleet.sh: how long does one upgrade take on many databases?
#
#   bench/fleet.sh [--databases N] [--revisions R] [--url URL] [--pgmig PATH]
#
# Creates N databases (default 100) with the extension from one template database, a project of
# R revisions (default 5, one table each), then times, each from freshly re-created databases:
#   (loop)   a shell loop of single-database runs: for each URL, pgmig --url URL upgrade head
#   (jobs1)  pgmig --targets FILE --jobs 1 upgrade head
#   (jobs8)  pgmig --targets FILE --jobs 8 upgrade head
# and prints the times and the ratios loop/jobs1 and loop/jobs8.  Asserts nothing; exits 0
# whenever the measurement ran.  Without --url it starts a throwaway cluster
# (scripts/pgcluster.sh); with --url the databases pgm_fleet_bench_* are created and dropped on
# that server.
# shellcheck disable=SC2034 # URL is read by bench/lib.sh
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=100
R=5
URL=""
PGMIG="$ROOT/build/pgmig"
if [ -z "${PSQL:-}" ]; then
	PSQL=psql
	for d in "${PG_BINDIR:-}" "$(pg_config --bindir 2>/dev/null || true)"; do
		if [ -n "$d" ] && [ -x "$d/psql" ]; then
			PSQL="$d/psql"
			break
		fi
	done
fi

. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
	case "$1" in
		--databases | --revisions | --url | --pgmig)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--databases) N=$2 ;;
				--revisions) R=$2 ;;
				--url) URL=$2 ;;
				--pgmig) PGMIG=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--databases N] [--revisions R] [--url URL] [--pgmig PATH]" >&2
			exit 2
			;;
	esac
done
for v in "$N" "$R"; do
	case "$v" in
		'' | *[!0-9]*) die "--databases and --revisions take a positive number" ;;
	esac
	[ "$v" -gt 0 ] || die "--databases and --revisions take a positive number"
done
[ -x "$PGMIG" ] || die "$PGMIG not found; build it first (scripts/build.sh)"

start_cluster
WORK=$(mktemp -d /tmp/pgm-fleet-bench.XXXXXX)
# shellcheck disable=SC2317 # called from the traps
finish() {
	admin -c "SELECT 1" >/dev/null 2>&1 && drop_all
	rm -rf "$WORK"
	cleanup
}
trap finish EXIT
trap 'finish; exit 130' INT
trap 'finish; exit 143' TERM

drop_all() {
	i=1
	while [ "$i" -le "$N" ]; do
		echo "DROP DATABASE IF EXISTS pgm_fleet_bench_$i WITH (FORCE);"
		i=$((i + 1))
	done >"$WORK/drop.sql"
	echo "DROP DATABASE IF EXISTS pgm_fleet_bench_tmpl WITH (FORCE);" >>"$WORK/drop.sql"
	admin -f "$WORK/drop.sql"
}

# The project: R revisions in a chain, one table each.
mkdir -p "$WORK/migrations/versions"
parent=""
i=1
while [ "$i" -le "$R" ]; do
	id=$(printf 'f1ee%08d' "$i")
	printf -- '-- table %s\n--\n-- Revision ID: %s\n-- Revises: %s\n\n-- migrate:upgrade\nCREATE TABLE t%s (id int PRIMARY KEY, v text);\n\n-- migrate:downgrade\nDROP TABLE t%s;\n' \
		"$i" "$id" "$parent" "$i" "$i" >"$WORK/migrations/versions/${id}_table_$i.sql"
	parent=$id
	i=$((i + 1))
done

drop_all
admin -c "CREATE DATABASE pgm_fleet_bench_tmpl"
PSQL_URL=$URL
URL=$(db_url pgm_fleet_bench_tmpl)
admin -c "CREATE EXTENSION pg_migrate"
URL=$PSQL_URL
: >"$WORK/targets.txt"
i=1
while [ "$i" -le "$N" ]; do
	db_url "pgm_fleet_bench_$i" >>"$WORK/targets.txt"
	i=$((i + 1))
done

# fresh: every database re-created from the template (one psql, not timed).
fresh() {
	i=1
	while [ "$i" -le "$N" ]; do
		echo "DROP DATABASE IF EXISTS pgm_fleet_bench_$i WITH (FORCE);"
		echo "CREATE DATABASE pgm_fleet_bench_$i TEMPLATE pgm_fleet_bench_tmpl;"
		i=$((i + 1))
	done >"$WORK/fresh.sql"
	admin -f "$WORK/fresh.sql"
}

# check_all: every database at the last revision (asked with the fleet's own current).
check_all() {
	"$PGMIG" --script-location migrations --targets targets.txt --jobs 8 current --format json >check.json 2>check.err ||
		true
	at=$(grep -c "\"revision\": \"$parent\"" check.json || true)
	[ "$at" -eq "$N" ] || {
		grep -v "] ok: " check.err >&2 || true
		die "$at of $N databases at $parent after the run"
	}
}

cd "$WORK"
fresh
t0=$(now_ns)
while read -r u; do
	"$PGMIG" --script-location migrations --url "$u" upgrade head 2>/dev/null
done <targets.txt
t1=$(now_ns)
LOOP=$(ms "$t0" "$t1")
check_all

fresh
t0=$(now_ns)
"$PGMIG" --script-location migrations --targets targets.txt --jobs 1 upgrade head >/dev/null 2>&1 ||
	die "the fleet run with --jobs 1 failed"
t1=$(now_ns)
JOBS1=$(ms "$t0" "$t1")
check_all

fresh
t0=$(now_ns)
"$PGMIG" --script-location migrations --targets targets.txt --jobs 8 upgrade head >/dev/null 2>&1 ||
	die "the fleet run with --jobs 8 failed"
t1=$(now_ns)
JOBS8=$(ms "$t0" "$t1")
check_all

echo "fleet: $N databases, $R revisions each, upgrade head ($(nproc) CPUs)"
echo "  shell loop of single runs  $LOOP ms"
echo "  --targets --jobs 1         $JOBS1 ms"
echo "  --targets --jobs 8         $JOBS8 ms"
awk -v l="$LOOP" -v a="$JOBS1" -v b="$JOBS8" 'BEGIN {
	printf "  ratio loop / jobs 1        %.2f\n  ratio loop / jobs 8        %.2f\n", l / a, l / b }'
