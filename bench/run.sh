#!/bin/sh
# bench/run.sh: how much does pg_migrate cost over running the same DDL with plain psql?
#
#   bench/run.sh [--revisions N] [--repeat R] [--url URL] [--pgmig PATH] [--samples K]
#                [--plan-revisions P] [--no-memory]
#
# Generates a project of N linear revisions (bench/gen_revisions.sh, default 1000), then for each
# of R repetitions (default 5), each on fresh databases, times whole commands (process start to
# exit) against their floor, measured in the same run:
#   (a) `pgmig upgrade head` on an empty database with the extension created: upload + apply
#   (c) the floor of (a): `psql -X -q -1 -f all.sql`, the same upgrade SQL in one transaction
#   (b) `pgmig upgrade head` again right after (a): the no-op           } K samples each
#   (g) `pgmig current`                                                  } (default 5), taken
#   (s) the floor of (b) and (g): `psql -X -c 'SELECT 1'`                } in turn
#   (d) `pgmig downgrade base` after (a)
#   (e) the floor of (d): `psql -X -q -1 -f all_down.sql` after (c)
# then once: the backend's peak memory (VmHWM of /proc/<pid>/status, read by
# pg_read_file, so the role must be a superuser) of a session that runs migrate_upgrade('head')
# on the uploaded folder (m), against a session that runs all.sql (the floor, f); and planning
# in the server over P revisions (bench/plan.sh; default 100000, 10 x N when N < 1000; 0 skips it).
# Prints the medians and the ratios with their targets, PASS or MISS:
#   (a)/(c) <= 1.05   (d)/(e) <= 1.10   (b)/(s) <= 1.5   (g)/(s) <= 1.3
#   planning < 100 ms (at 100000 revisions)   (m) - (f) - (l) <= the size of the revision files
# where (l), the library's constant, is the private memory and code a session that only runs
# LOAD 'pg_migrate' has beyond one that runs SELECT 1 (not growth: docs/benchmarks.md); (m) - (f)
# is also shown by kind: private, shared buffers touched, code.
#
# psql is the server's own binary (PG_BINDIR, else pg_config --bindir), not Debian's wrapper
# script, whose start-up alone costs more than a no-op run; set PSQL to override.
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
SAMPLES=5
PLAN_N=""
MEMORY=1
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
		--revisions | --repeat | --url | --pgmig | --samples | --plan-revisions)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--revisions) N=$2 ;;
				--repeat) REPEAT=$2 ;;
				--url) URL=$2 ;;
				--pgmig) PGMIG=$2 ;;
				--samples) SAMPLES=$2 ;;
				--plan-revisions) PLAN_N=$2 ;;
			esac
			shift 2
			;;
		--no-memory)
			MEMORY=0
			shift
			;;
		-h | --help)
			sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--revisions N] [--repeat R] [--url URL] [--pgmig PATH] [--samples K] [--plan-revisions P] [--no-memory]" >&2
			exit 2
			;;
	esac
done
for v in "$N" "$REPEAT" "$SAMPLES"; do
	case "$v" in
		'' | *[!0-9]* | 0) die "--revisions, --repeat and --samples take positive integers, not \"$v\"" ;;
	esac
done
if [ -z "$PLAN_N" ]; then
	PLAN_N=100000
	[ "$N" -ge 1000 ] || PLAN_N=$((N * 10))
fi
case "$PLAN_N" in
	'' | *[!0-9]*) die "--plan-revisions takes a number, not \"$PLAN_N\"" ;;
esac
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

# measure_pgmig TAG: (a), then SAMPLES rounds of (b), (g), (s), then (d), on a fresh database;
# sets A_MS, D_MS, RSS_KB and appends to b_runs, g_runs and s_runs.
measure_pgmig() {
	url=$(fresh_db "pgm_bench_a")
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate"
	RSS_FILE="$LOGS/rss_$1.txt"
	rm -f "$RSS_FILE"
	t0=$(now_ns)
	run_pgmig "$LOGS/a_$1.log" "$url" upgrade head
	t1=$(now_ns)
	RSS_FILE=""
	A_MS=$(ms "$t0" "$t1")
	# Sanity: pgmig really applied everything (as many tables as the floor creates).
	got=$("$PSQL" -X -Atq -d "$url" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'")
	[ "$got" = "$tables_expected" ] || die "after pgmig upgrade head the database has $got of $tables_expected tables"
	k=1
	while [ "$k" -le "$SAMPLES" ]; do
		t0=$(now_ns)
		run_pgmig "$LOGS/b_$1.log" "$url" upgrade head
		t1=$(now_ns)
		run_pgmig "$LOGS/g_$1.log" "$url" current
		t2=$(now_ns)
		"$PSQL" -X -d "$url" -c 'SELECT 1' >/dev/null 2>&1 || die "psql -c 'SELECT 1' failed"
		t3=$(now_ns)
		b_runs="$b_runs $(ms "$t0" "$t1")" g_runs="$g_runs $(ms "$t1" "$t2")" s_runs="$s_runs $(ms "$t2" "$t3")"
		k=$((k + 1))
	done
	grep -q "Nothing to do." "$LOGS/b_$1.log" || die "the no-op run did not say \"Nothing to do.\" (log: $LOGS/b_$1.log)"
	t0=$(now_ns)
	run_pgmig "$LOGS/d_$1.log" "$url" downgrade base
	t1=$(now_ns)
	D_MS=$(ms "$t0" "$t1")
	got=$("$PSQL" -X -Atq -d "$url" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$'")
	[ "$got" = 0 ] || die "after pgmig downgrade base the database still has $got tables"
	RSS_KB=""
	[ -z "$GNU_TIME" ] || RSS_KB=$(tail -n 1 "$LOGS/rss_$1.txt")
	admin -c "DROP DATABASE pgm_bench_a"
}

# measure_floor TAG: (c) and (e) on a fresh database; sets C_MS and E_MS.
measure_floor() {
	url=$(fresh_db "pgm_bench_c")
	for part in c e; do
		sql="$PROJECT/all.sql"
		[ "$part" = c ] || sql="$PROJECT/all_down.sql"
		t0=$(now_ns)
		"$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$url" -f "$sql" >"$LOGS/${part}_$1.log" 2>&1 || {
			cat "$LOGS/${part}_$1.log" >&2
			die "the floor script $sql failed"
		}
		t1=$(now_ns)
		if [ "$part" = c ]; then C_MS=$(ms "$t0" "$t1"); else E_MS=$(ms "$t0" "$t1"); fi
	done
	admin -c "DROP DATABASE pgm_bench_c"
}

# The backend's memory at the end of the session's last statement, from /proc/<pid>/status, in
# kB: its peak resident set (VmHWM), then what is resident now: private memory (RssAnon), mapped
# files, i.e. the code of the server and its libraries (RssFile), and the pages of shared memory
# it touched, mostly shared buffers (RssShmem).
MEM_SQL="SELECT pg_catalog.regexp_replace(pg_catalog.pg_read_file('/proc/' || pg_catalog.pg_backend_pid() || '/status'),
	'.*VmHWM:\\s*([0-9]+).*RssAnon:\\s*([0-9]+).*RssFile:\\s*([0-9]+).*RssShmem:\\s*([0-9]+).*', '\\1 \\2 \\3 \\4')"

# measure_memory: once, each in a session of its own: (m) and (f), and the constant cost of the
# library: (l) a session that only loads pg_migrate against (z) one that runs SELECT 1.  Sets
# M_MEM, F_MEM, L_MEM, Z_MEM to "hwm anon file shmem" (empty when not measured).
measure_memory() {
	M_MEM="" F_MEM="" L_MEM="" Z_MEM=""
	url=$(fresh_db "pgm_bench_m")
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate"
	run_pgmig "$LOGS/m_upload.log" "$url" upload
	Z_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT 1" -c "$MEM_SQL" 2>"$LOGS/z.log" | tail -n 1) || Z_MEM=""
	L_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "LOAD 'pg_migrate'" -c "$MEM_SQL" 2>"$LOGS/l.log" | tail -n 1) || L_MEM=""
	M_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT count(*) FROM migrate_upgrade('head')" -c "$MEM_SQL" 2>"$LOGS/m.log" | tail -n 1) || M_MEM=""
	admin -c "DROP DATABASE pgm_bench_m"
	url=$(fresh_db "pgm_bench_f")
	F_MEM=$("$PSQL" -X -q -At -1 -v ON_ERROR_STOP=1 -d "$url" -f "$PROJECT/all.sql" -c "$MEM_SQL" 2>"$LOGS/f.log" | tail -n 1) || F_MEM=""
	admin -c "DROP DATABASE pgm_bench_f"
}

# One untimed round first: caches (server catalog, the OS page cache of pgmig and the files)
# are then equally warm for both sides.
echo "bench: warm-up round"
b_runs="" g_runs="" s_runs=""
samples=$SAMPLES
SAMPLES=1
measure_pgmig warmup
SAMPLES=$samples
measure_floor warmup

a_runs="" b_runs="" c_runs="" d_runs="" e_runs="" g_runs="" s_runs="" rss_runs=""
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
	a_runs="$a_runs $A_MS" c_runs="$c_runs $C_MS" d_runs="$d_runs $D_MS" e_runs="$e_runs $E_MS"
	[ -z "$RSS_KB" ] || rss_runs="$rss_runs $RSS_KB"
	echo "bench: run $r/$REPEAT: (a) $A_MS ms  (c) $C_MS ms  (d) $D_MS ms  (e) $E_MS ms"
	r=$((r + 1))
done

if [ "$MEMORY" = 1 ]; then
	echo "bench: peak memory of the backend"
	measure_memory
fi
PLAN_OUT=""
if [ "$PLAN_N" -gt 0 ]; then
	echo "bench: planning over $PLAN_N revisions (bench/plan.sh)"
	PLAN_OUT=$(PSQL="$PSQL" sh "$ROOT/bench/plan.sh" --revisions "$PLAN_N" --repeat 3 --url "$URL" 2>"$LOGS/plan.log") || {
		cat "$LOGS/plan.log" >&2
		die "bench/plan.sh failed"
	}
fi

med() {
	# shellcheck disable=SC2086 # the run lists are blank-separated numbers
	median $1
}
a_med=$(med "$a_runs") b_med=$(med "$b_runs") c_med=$(med "$c_runs") d_med=$(med "$d_runs")
e_med=$(med "$e_runs") g_med=$(med "$g_runs") s_med=$(med "$s_runs")

# ratio X Y TARGET: "X/Y x (target <= TARGET x) PASS|MISS"
ratio() {
	awk -v a="$1" -v c="$2" -v t="$3" 'BEGIN {
		if (c <= 0) { printf "inf x   (target <= %s x)   MISS", t; exit }
		r = a / c; printf "%.2f x   (target <= %s x)   %s", r, t, (r <= t + 0) ? "PASS" : "MISS" }'
}

echo
echo "pg_migrate benchmark: $N revisions, $REPEAT repetitions ($SAMPLES samples of the short commands each), PostgreSQL $server"
echo "  $("$PGMIG" --version 2>/dev/null | head -n 1); floors timed with $PSQL"
printf '  %-44s median %10s ms   runs:%s\n' "(a) pgmig upgrade head, empty database" "$a_med" "$a_runs"
printf '  %-44s median %10s ms   runs:%s\n' "(c) floor: psql -1 -f all.sql" "$c_med" "$c_runs"
printf '  %-44s median %10s ms   runs:%s\n' "(d) pgmig downgrade base" "$d_med" "$d_runs"
printf '  %-44s median %10s ms   runs:%s\n' "(e) floor: psql -1 -f all_down.sql" "$e_med" "$e_runs"
printf '  %-44s median %10s ms\n' "(b) pgmig upgrade head, nothing to do" "$b_med"
printf '  %-44s median %10s ms\n' "(g) pgmig current" "$g_med"
printf '  %-44s median %10s ms\n' "(s) floor: psql -X -c 'SELECT 1'" "$s_med"
printf '  %-44s %s\n' "full upgrade (a)/(c)" "$(ratio "$a_med" "$c_med" 1.05)"
printf '  %-44s %s\n' "downgrade base (d)/(e)" "$(ratio "$d_med" "$e_med" 1.10)"
printf '  %-44s %s\n' "no-op upgrade (b)/(s)" "$(ratio "$b_med" "$s_med" 1.5)"
printf '  %-44s %s\n' "current (g)/(s)" "$(ratio "$g_med" "$s_med" 1.3)"
if [ -n "$PLAN_OUT" ]; then
	# shellcheck disable=SC2046 # two blank-separated numbers
	set -- $(printf '%s\n' "$PLAN_OUT" | sed -n 's/^plan_ms //p')
	verdict=$(awk -v a="${1:-inf}" -v b="${2:-inf}" -v n="$PLAN_N" 'BEGIN {
		ok = (a + 0 < 100 && b + 0 < 100) ? "PASS" : "MISS"
		print (n < 100000 ? ok " (the target is for 100000 revisions)" : ok) }')
	printf '  %-44s from empty %s ms, at head %s ms   (target < 100 ms)   %s\n' "planning, $PLAN_N revisions, in the server" "${1:-?}" "${2:-?}" "$verdict"
fi
if [ -n "${M_MEM:-}" ] && [ -n "${F_MEM:-}" ] && [ -n "${L_MEM:-}" ] && [ -n "${Z_MEM:-}" ]; then
	sql_kb=$(($(cat "$PROJECT"/migrations/versions/*.sql | wc -c) / 1024))
	# shellcheck disable=SC2086 # four blank-separated numbers each
	set -- $M_MEM $F_MEM $L_MEM $Z_MEM
	M_KB=$1 F_KB=$5
	# The library's constant: the private memory and code that loading pg_migrate.so (and
	# libstdc++, libcrypto) adds to a session that does nothing else; part of the floor.
	lib_kb=$((${10} + ${11} - ${14} - ${15}))
	grow=$((M_KB - F_KB - lib_kb))
	mem_ok=MISS
	[ "$grow" -gt "$sql_kb" ] || mem_ok=PASS
	printf '  %-44s %s kB (floor %s kB + library %s kB, +%s kB; files %s kB)   (target: + <= files)   %s\n' "peak backend memory of migrate_upgrade (m)" "$M_KB" "$F_KB" "$lib_kb" "$grow" "$sql_kb" "$mem_ok"
	printf '  %-44s private +%s kB, shared buffers touched +%s kB, code +%s kB (at the end of each)\n' "(m) - (f), by kind" "$(($2 - $6))" "$(($4 - $8))" "$(($3 - $7))"
elif [ "$MEMORY" = 1 ]; then
	printf '  %-44s %s\n' "peak backend memory" "not measured (pg_read_file needs a superuser; see $LOGS/m.log)"
fi
if [ -n "$rss_runs" ]; then
	# shellcheck disable=SC2086
	printf '  %-44s %s kB   runs:%s\n' "peak RSS of pgmig in (a), max" "$(printf '%s\n' $rss_runs | sort -n | tail -n 1)" "$rss_runs"
fi
exit 0
