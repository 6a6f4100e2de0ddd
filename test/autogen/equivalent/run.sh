#!/bin/sh
# test/autogen/equivalent/run.sh: false-positive check for `pgmig check` / autogenerate.
#
#   PGMIG=build/pgmig URL=postgresql://postgres@127.0.0.1:5460/postgres \
#       test/autogen/equivalent/run.sh [PAIR...]
#
# Each directory NN_name/ holds a.sql and b.sql: the SAME schema written two different ways.
# For each pair and each direction (a->b, b->a) the script creates a fresh database
# pgm_equiv_<n> on the server of URL, installs pg_migrate, applies the first file with
# `psql -X -q -1 -v ON_ERROR_STOP=1`, and runs `pgmig check --models <second file>`, which must
# exit 0 with "No new upgrade operations detected.".  Prints PASS/FAIL per pair and direction
# (with the check output on failure); exits 1 when any failed.  Set ONEWAY=1 for a->b only.
# The pairs run in JOBS lanes at once (default 2), each lane with databases of its own.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
PGMIG=${PGMIG:?set PGMIG to the pgmig binary}
URL=${URL:?set URL to a server URL (postgresql://user@host:port/db)}
PSQL=${PSQL:-psql}
# PGMIG_TEST_TEMPLATE (scripts/test.sh, docs/testing.md): a database with a fresh CREATE EXTENSION
# pg_migrate, copied instead of installing the extension in each database.
TEMPLATE=${PGMIG_TEST_TEMPLATE:-}
case "$PGMIG" in /*) ;; *) PGMIG=$(pwd)/$PGMIG ;; esac

base=${URL%/*}
db_url() { echo "$base/$1"; }

WORK=$(mktemp -d /tmp/pgm-equiv.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && "$PGMIG" init . >/dev/null 2>&1)

if [ $# -gt 0 ]; then pairs="$*"; else pairs=$(cd "$HERE" && ls -d [0-9]*/ | tr -d /); fi

fail=0
n=0
one() { # one PAIR FROM TO
	pair=$1 from=$2 to=$3
	n=$((n + 1))
	db=pgm_equiv_${lane}_$n
	"$PSQL" -X -q "$URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	"$PSQL" -X -q "$URL" -c "CREATE DATABASE $db${TEMPLATE:+ TEMPLATE $TEMPLATE}" >/dev/null || { echo "FAIL $pair: cannot create $db"; fail=1; return; }
	u=$(db_url $db)
	if [ -z "$TEMPLATE" ] && ! "$PSQL" -X -q "$u" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION pg_migrate" >/dev/null; then
		echo "FAIL $pair: CREATE EXTENSION"; fail=1; return
	fi
	if ! out=$("$PSQL" -X -q "$u" -1 -v ON_ERROR_STOP=1 -f "$HERE/$pair/$from.sql" 2>&1); then
		echo "FAIL $pair $from.sql does not apply:"; echo "$out" | sed 's/^/    /'; fail=1; return
	fi
	out=$(cd "$WORK" && "$PGMIG" --url "$u" check --models "$HERE/$pair/$to.sql" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q "No new upgrade operations detected."; then
		echo "PASS $pair ($from -> $to)"
	else
		echo "FAIL $pair ($from -> $to) [exit $rc]"
		echo "$out" | sed 's/^/    /'
		fail=1
	fi
	"$PSQL" -X -q "$URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}

# run_lane LANE: the pairs whose position modulo JOBS is LANE, one after the other.
run_lane() {
	lane=$1
	i=0
	for p in $pairs; do
		if [ $((i % JOBS)) -eq "$lane" ]; then
			one "$p" a b
			[ "${ONEWAY:-0}" = 1 ] || one "$p" b a
		fi
		i=$((i + 1))
	done
	return $fail
}

JOBS=${JOBS:-2}
lane=0
while [ $lane -lt "$JOBS" ]; do
	(run_lane $lane >"$WORK/lane$lane.out" 2>&1; echo $? >"$WORK/lane$lane.rc") &
	lane=$((lane + 1))
done
wait
lane=0
while [ $lane -lt "$JOBS" ]; do
	cat "$WORK/lane$lane.out"
	[ "$(cat "$WORK/lane$lane.rc" 2>/dev/null)" = 0 ] || fail=1
	lane=$((lane + 1))
done
exit $fail
