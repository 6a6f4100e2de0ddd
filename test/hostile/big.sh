#!/bin/sh
# test/hostile/big.sh: large uploads and their peak backend memory (docs/robustness.md, "Hostile input").
#
#   test/hostile/big.sh [--quick] PGMIG URL
#
# For each case, a project is generated (test/hostile/gen.py) into a fresh database, then
# `pgmig upload` runs while the backend's /proc/<pid>/status is polled; the peak (VmHWM) is
# printed with the size of the scripts.  The cases: two 10 MB revisions, 20,000 and 100,000
# small revisions (with --quick: two 1 MB revisions and 2,000 revisions, a few seconds, for CI).
# Each case then runs `pgmig upload` again (nothing changed) and `pgmig upgrade head` and checks
# the revision count.  Needs a superuser URL on this machine (the backend's /proc is read
# locally).  PGM_BIG_CASES picks the cases (e.g. "two_10mb revs_20000").  Prints one line per
# run; exits non-zero when a run fails.
set -eu

QUICK=0
if [ "${1:-}" = "--quick" ]; then
	QUICK=1
	shift
fi
[ $# -eq 2 ] || {
	echo "usage: $0 [--quick] PGMIG URL" >&2
	exit 2
}
PGMIG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
URL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/pgm-big.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# base_url: URL without its database, to which "/DB" is appended.
base_url() {
	printf '%s\n' "$URL" | sed -E 's#/[^/?]*(\?.*)?$##'
}

# measure LABEL DB MB CMD...: run pgmig CMD... against DB with a polled backend, print the peak.
measure() {
	label=$1 db=$2 mb=$3
	shift 3
	app="pgm-big-$$"
	start=$(date +%s.%N)
	PGAPPNAME=$app "$PGMIG" --url "$(base_url)/$db?application_name=$app" "$@" >"$WORK/out" 2>"$WORK/err" &
	child=$!
	peak=0
	pid=""
	while kill -0 "$child" 2>/dev/null; do
		if [ -z "$pid" ]; then
			pid=$(psql -XAtq "$URL" -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$app' LIMIT 1" 2>/dev/null || true)
		fi
		if [ -n "$pid" ]; then
			hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			if [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ]; then
				peak=$hwm
			fi
		fi
		sleep 0.02
	done
	rc=0
	wait "$child" || rc=$?
	end=$(date +%s.%N)
	printf '%-34s scripts %7s MB  backend peak %6s MB  %6.2f s  exit %s\n' "$label" "$mb" \
		"$(if [ "$peak" -gt 0 ]; then echo $((peak / 1024)); else echo "-"; fi)" "$(awk "BEGIN {print $end - $start}")" "$rc"
	if [ "$rc" -ne 0 ]; then
		tail -n 20 "$WORK/err" >&2
		return 1
	fi
}

# run_case NAME GEN-ARGS...: generate, upload twice, upgrade, check the count.
run_case() {
	name=$1
	shift
	db="pgm_big_$name"
	psql -XAtq "$URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	psql -XAtq "$(base_url)/$db" -c "CREATE EXTENSION pg_migrate"
	python3 "$HERE/gen.py" "$WORK/$name" "$@"
	mb=$(du -sm --apparent-size "$WORK/$name/migrations/versions" | cut -f1)
	count=$(ls "$WORK/$name/migrations/versions" | wc -l)
	cd "$WORK/$name"
	measure "$name: upload" "$db" "$mb" upload
	measure "$name: upload again (no change)" "$db" "$mb" upload
	measure "$name: upgrade head" "$db" "$mb" upgrade head
	cd "$WORK"
	got=$(psql -XAtq "$(base_url)/$db" -c "SELECT count(*) FROM pg_migrate.revision")
	[ "$got" = "$count" ] || {
		echo "$name: $got revisions in the catalog, expected $count" >&2
		exit 1
	}
	psql -XAtq "$URL" -c "DROP DATABASE $db"
	rm -rf "${WORK:?}/$name"
}

if [ "$QUICK" -eq 1 ]; then
	CASES=${PGM_BIG_CASES:-"two_1mb revs_2000"}
else
	CASES=${PGM_BIG_CASES:-"two_10mb revs_20000 revs_100000"}
fi
for c in $CASES; do
	case $c in
	two_1mb) run_case two_1mb big 2 1 ;;
	two_10mb) run_case two_10mb big 2 10 ;;
	revs_*) run_case "$c" many "${c#revs_}" ;;
	*)
		echo "$0: unknown case $c" >&2
		exit 2
		;;
	esac
done
