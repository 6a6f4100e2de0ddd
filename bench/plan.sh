#!/bin/sh
# bench/plan.sh: how long does planning take in the database, over many revisions?
#
#   bench/plan.sh [--revisions N] [--repeat R] [--url URL]
#
# On a fresh database with the extension, uploads N linear revisions (default 100000) with one
# migrate_upload call whose files the server generates itself (generate_series: nothing crosses
# the network), then times in the database (clock_timestamp() around one statement, in a DO
# block, so connection and client are left out), R times each (default 5), the medians:
#   (p1) migrate_plan('upgrade', 'head', false) from an empty database: the plan, every step
#        in order with its description, without the steps' SQL (0.8.0)
#   (p1s) migrate_plan('upgrade', 'head') from an empty database: the same with every step's
#        SQL (each stored file read, checked against its SHA-256 and parsed): proportional to
#        the scripts, not to planning; the figure (p1) was before 0.8.0
#   (p2) migrate_plan('upgrade', 'head') at head (after migrate_stamp head): what a no-op run plans
#   (p3) migrate_upgrade('head') at head: the server call of a no-op run (changes nothing)
#   (up) the upload itself, once (it also stores the planning graph, docs/planning.md)
# Every call runs in a new session (a new psql), so each pays for loading the library.
# Target: (p1) and (p2) under 100 ms for 100000 revisions.  Prints PASS/MISS; exits 0 whenever
# the measurement ran.  Without --url it starts a throwaway cluster (scripts/pgcluster.sh).
# Prints "plan_ms <p1> <p2>" as its last line for bench/run.sh.
# shellcheck disable=SC2034 # URL is read by bench/lib.sh
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=100000
REPEAT=5
URL=""
PSQL=${PSQL:-psql}

. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
	case "$1" in
		--revisions | --repeat | --url)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--revisions) N=$2 ;;
				--repeat) REPEAT=$2 ;;
				--url) URL=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--revisions N] [--repeat R] [--url URL]" >&2
			exit 2
			;;
	esac
done
for v in "$N" "$REPEAT"; do
	case "$v" in
		'' | *[!0-9]* | 0) die "--revisions and --repeat take positive integers, not \"$v\"" ;;
	esac
done

start_cluster
admin -c "DROP DATABASE IF EXISTS pgm_bench_plan" -c "CREATE DATABASE pgm_bench_plan"
purl=$(db_url pgm_bench_plan)

q() {
	PGOPTIONS="-c client_min_messages=notice" "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$purl" "$@"
}

# timed SQL: the milliseconds one statement takes in the server (a NOTICE of a DO block).
timed() {
	q -c "DO \$\$ DECLARE t0 timestamptz := pg_catalog.clock_timestamp(); n bigint; BEGIN
		$1;
		RAISE NOTICE 'ms %', round(extract(epoch FROM pg_catalog.clock_timestamp() - t0)::numeric * 1000, 1);
	END \$\$" 2>&1 | sed -n 's/.*ms \([0-9.]*\).*/\1/p'
}

q -c "CREATE EXTENSION pg_migrate"
echo "bench: uploading $N generated revisions" >&2
up_ms=$(timed "SELECT count(*) INTO n FROM migrate_upload(
	(SELECT pg_catalog.array_agg(pg_catalog.lpad(pg_catalog.to_hex(i), 12, '0') || '_r.sql' ORDER BY i)
	   FROM pg_catalog.generate_series(1, $N) i),
	(SELECT pg_catalog.array_agg(pg_catalog.convert_to(pg_catalog.format(
	   E'-- revision %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n-- Branch Labels:\n-- Depends On:\n\n-- migrate:upgrade\nCREATE TABLE t%s (id integer);\n\n-- migrate:downgrade\nDROP TABLE t%s;\n',
	   i, pg_catalog.lpad(pg_catalog.to_hex(i), 12, '0'),
	   CASE WHEN i > 1 THEN ' ' || pg_catalog.lpad(pg_catalog.to_hex(i - 1), 12, '0') ELSE '' END, i, i), 'UTF8') ORDER BY i)
	   FROM pg_catalog.generate_series(1, $N) i))")
[ -n "$up_ms" ] || die "the upload of $N revisions failed"

runs() {
	out=""
	r=1
	while [ "$r" -le "$REPEAT" ]; do
		v=$(timed "$1")
		[ -n "$v" ] || die "timing failed: $1"
		out="$out $v"
		r=$((r + 1))
	done
	echo "$out"
}

p1_runs=$(runs "SELECT count(*) INTO n FROM migrate_plan('upgrade', 'head', false)")
p1s_runs=$(runs "SELECT count(*) INTO n FROM migrate_plan('upgrade', 'head')")
q -c "SELECT count(*) FROM migrate_stamp(ARRAY['head'])" >/dev/null
p2_runs=$(runs "SELECT count(*) INTO n FROM migrate_plan('upgrade', 'head')")
p3_runs=$(runs "SELECT count(*) INTO n FROM migrate_upgrade('head')")
admin -c "DROP DATABASE pgm_bench_plan"

# shellcheck disable=SC2086 # blank-separated numbers
p1=$(median $p1_runs)
# shellcheck disable=SC2086
p1s=$(median $p1s_runs)
# shellcheck disable=SC2086
p2=$(median $p2_runs)
# shellcheck disable=SC2086
p3=$(median $p3_runs)
ok() { awk -v v="$1" 'BEGIN { print (v + 0 < 100) ? "PASS" : "MISS" }'; }
echo
echo "pg_migrate planning benchmark: $N revisions, $REPEAT repetitions, in the server"
printf '  %-52s %10s ms\n' "(up) migrate_upload of $N revisions" "$up_ms"
printf '  %-52s median %8s ms   runs:%s   (target < 100 ms) %s\n' "(p1) migrate_plan('upgrade','head',false) from empty" "$p1" "$p1_runs" "$(ok "$p1")"
printf '  %-52s median %8s ms   runs:%s\n' "(p1s) the same with every step's SQL" "$p1s" "$p1s_runs"
printf '  %-52s median %8s ms   runs:%s   (target < 100 ms) %s\n' "(p2) migrate_plan('upgrade','head') at head" "$p2" "$p2_runs" "$(ok "$p2")"
printf '  %-52s median %8s ms   runs:%s\n' "(p3) migrate_upgrade('head') at head" "$p3" "$p3_runs"
echo "plan_ms $p1 $p2"
exit 0
