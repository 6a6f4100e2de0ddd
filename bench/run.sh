#!/bin/sh
# bench/run.sh: how much does pg_migrate cost over running the same DDL with plain psql?
#
#   bench/run.sh [--revisions N] [--repeat R] [--url URL] [--pgmig PATH]
#
# Generates a project of N linear revisions (bench/gen_revisions.sh, default 1000), then for each
# of R repetitions (default 5), each on fresh databases:
#   (a) `pgmig upgrade head` on an empty database with the extension created: upload + apply
#   (b) `pgmig upgrade head` again right after: the no-op cost (upload finds nothing new)
#   (c) the floor: `psql -X -q -1 -f all.sql`, the same upgrade SQL in one transaction
# and prints the medians, the ratio (a)/(c) (target <= 1.25x), (b) (target < 50 ms) and the
# peak RSS of pgmig in (a) (when GNU time is installed).
#
# Without --url it starts its own throwaway cluster (scripts/pgcluster.sh) and stops it on exit.
# With --url (any libpq URL or conninfo string with rights to CREATE DATABASE) it creates and
# drops databases named pgm_bench_* on that server; pg_migrate must be installed there.
#
# A benchmark is not a test: PASS/MISS against the targets is printed, and the exit status is 0
# whenever the measurement completed.  It is non-zero only when something failed to run.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=1000
REPEAT=5
URL=""
PGMIG="$ROOT/build/pgmig"
PSQL=${PSQL:-psql}

. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
	case "$1" in
		--revisions | --repeat | --url | --pgmig)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--revisions) N=$2 ;;
				--repeat) REPEAT=$2 ;;
				--url) URL=$2 ;;
				--pgmig) PGMIG=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--revisions N] [--repeat R] [--url URL] [--pgmig PATH]" >&2
			exit 2
			;;
	esac
done
for v in "$N" "$REPEAT"; do
	case "$v" in
		'' | *[!0-9]* | 0) die "--revisions and --repeat take positive integers, not \"$v\"" ;;
	esac
done
[ -x "$PGMIG" ] || die "$PGMIG not found; build it first (scripts/build.sh)"

WORK="$ROOT/bench/out"
PROJECT="$WORK/revisions-$N"
LOGS="$WORK/logs"
mkdir -p "$WORK" "$LOGS"

start_cluster


# run_pgmig LOG DBURL ARGS...: pgmig in the project directory against DBURL, output to LOG.
# With RSS_FILE set and GNU time present, pgmig runs under GNU time, which writes its peak RSS
# (kB) to RSS_FILE; the wrapper costs a fork and an exec, about a millisecond.
run_pgmig() {
	log=$1 dburl=$2
	shift 2
	set -- "$PGMIG" "$@"
	if [ -n "${RSS_FILE:-}" ] && [ -n "$GNU_TIME" ]; then
		set -- "$GNU_TIME" -o "$RSS_FILE" -f "%M" "$@"
	fi
	if ! (cd "$PROJECT" && DATABASE_URL="$dburl" "$@") >"$log" 2>&1; then
		cat "$log" >&2
		die "pgmig $* failed (log: $log)"
	fi
}

echo "bench: generating $N revisions"
sh "$ROOT/bench/gen_revisions.sh" --revisions "$N" --force "$PROJECT"

server=$(admin -Atc "SELECT current_setting('server_version') || ' at ' || coalesce(host(inet_server_addr()), 'unix socket') || ':' || current_setting('port')")
admin -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_migrate'" | grep -q 1 ||
	die "the extension pg_migrate is not installed on $server (make install)"

GNU_TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
	GNU_TIME=/usr/bin/time
fi

tables_expected=$(((N + 2) / 3))

# fresh_db NAME: drop and create database NAME; print its URL.
fresh_db() {
	admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
	db_url "$1"
}

# measure_pgmig TAG: (a) and (b) on a fresh database; sets A_MS, B_MS and RSS_KB.
measure_pgmig() {
	url=$(fresh_db "pgm_bench_a")
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate"
	RSS_FILE="$LOGS/rss_$1.txt"
	rm -f "$RSS_FILE"
	t0=$(now_ns)
	run_pgmig "$LOGS/a_$1.log" "$url" upgrade head
	t1=$(now_ns)
	RSS_FILE=""
	run_pgmig "$LOGS/b_$1.log" "$url" upgrade head
	t2=$(now_ns)
	# Sanity: pgmig really applied everything (as many tables as the floor creates).
	got=$("$PSQL" -X -Atq -d "$url" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'")
	[ "$got" = "$tables_expected" ] || die "after pgmig upgrade head the database has $got of $tables_expected tables"
	A_MS=$(ms "$t0" "$t1")
	B_MS=$(ms "$t1" "$t2")
	RSS_KB=""
	[ -z "$GNU_TIME" ] || RSS_KB=$(tail -n 1 "$LOGS/rss_$1.txt")
	admin -c "DROP DATABASE pgm_bench_a"
}

# measure_floor TAG: (c) on a fresh database; sets C_MS.
measure_floor() {
	url=$(fresh_db "pgm_bench_c")
	t0=$(now_ns)
	"$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$url" -f "$PROJECT/all.sql" >"$LOGS/c_$1.log" 2>&1 || {
		cat "$LOGS/c_$1.log" >&2
		die "the floor script failed"
	}
	t1=$(now_ns)
	C_MS=$(ms "$t0" "$t1")
	admin -c "DROP DATABASE pgm_bench_c"
}

# One untimed round first: caches (server catalog, the OS page cache of pgmig and the files)
# are then equally warm for both sides.
echo "bench: warm-up round"
measure_pgmig warmup
measure_floor warmup

a_runs="" b_runs="" c_runs="" rss_runs=""
r=1
while [ "$r" -le "$REPEAT" ]; do
	# Alternate the order so that a drift of the machine's load favours neither side.
	if [ $((r % 2)) -eq 1 ]; then
		measure_pgmig "$r"
		measure_floor "$r"
	else
		measure_floor "$r"
		measure_pgmig "$r"
	fi
	a_runs="$a_runs $A_MS" b_runs="$b_runs $B_MS" c_runs="$c_runs $C_MS"
	[ -z "$RSS_KB" ] || rss_runs="$rss_runs $RSS_KB"
	echo "bench: run $r/$REPEAT: (a) $A_MS ms  (b) $B_MS ms  (c) $C_MS ms"
	r=$((r + 1))
done

# shellcheck disable=SC2086 # the run lists are blank-separated numbers
a_med=$(median $a_runs)
# shellcheck disable=SC2086
b_med=$(median $b_runs)
# shellcheck disable=SC2086
c_med=$(median $c_runs)
ratio=$(awk -v a="$a_med" -v c="$c_med" 'BEGIN { if (c > 0) printf "%.2f", a / c; else print "inf" }')
ratio_ok=$(awk -v r="$ratio" 'BEGIN { print (r != "inf" && r + 0 <= 1.25) ? "PASS" : "MISS" }')
noop_ok=$(awk -v b="$b_med" 'BEGIN { print (b + 0 < 50) ? "PASS" : "MISS" }')

echo
echo "pg_migrate benchmark: $N revisions, $REPEAT repetitions, PostgreSQL $server"
echo "  pgmig $("$PGMIG" --version 2>/dev/null | head -n 1)"
printf '  %-44s median %10s ms   runs:%s\n' "(a) pgmig upgrade head, empty database" "$a_med" "$a_runs"
printf '  %-44s median %10s ms   runs:%s\n' "(b) pgmig upgrade head, nothing to do" "$b_med" "$b_runs"
printf '  %-44s median %10s ms   runs:%s\n' "(c) floor: psql -1 -f all.sql" "$c_med" "$c_runs"
printf '  %-44s %s x   (target <= 1.25 x)   %s\n' "ratio (a)/(c)" "$ratio" "$ratio_ok"
printf '  %-44s %s ms  (target < 50 ms)     %s\n' "no-op upgrade (b)" "$b_med" "$noop_ok"
if [ -n "$rss_runs" ]; then
	# shellcheck disable=SC2086
	printf '  %-44s %s kB   runs:%s\n' "peak RSS of pgmig in (a), max" "$(printf '%s\n' $rss_runs | sort -n | tail -n 1)" "$rss_runs"
else
	printf '  %-44s %s\n' "peak RSS of pgmig in (a)" "not measured (GNU time not installed or the run failed)"
fi
exit 0
