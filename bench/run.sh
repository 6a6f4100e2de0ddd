#!/bin/sh
# bench/run.sh: how much does pg_migrate cost over running the same DDL with plain psql?
#
#   bench/run.sh [--revisions N] [--repeat R] [--url URL] [--pgmig PATH] [--samples K]
#                [--plan-revisions P] [--no-memory | --memory-only]
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
# then once: the backend's memory (/proc/<pid>/status, read by pg_read_file, so the role must
# be a superuser) of a session that runs migrate_upgrade('head') on the uploaded folder (m),
# against a session that runs all.sql in one transaction (the floor, f), each read after its
# transaction committed; and planning in the server over P revisions (bench/plan.sh; default
# 100000, 10 x N when N < 1000; 0 skips it).  --memory-only measures the memory alone.
# Prints the medians and the ratios with their targets, PASS or MISS (each the median of the
# ratios of measurements taken in pairs, each next to its floor; the ratio of the medians beside it):
#   (a)/(c) <= 1.05   (d)/(e) <= 1.10   (b)/(s) <= 1.5   (g)/(s) <= 1.3
#   planning < 100 ms (at 100000 revisions)   memory growth <= the size of the revision files (at 10000 revisions)
# Memory growth is the backend's own memory at (m)'s peak beyond (f)'s: its private pages
# (RssAnon), not the code it maps (RssFile, the server's and the libraries' files, the same at any
# size) nor the pages of the server's shared memory it touches (RssShmem: shared buffers,
# allocated once when the server starts, the same size whatever runs), and not (l), the private
# memory a session that only runs LOAD 'pg_migrate' has beyond one that runs SELECT 1.  The
# kernel's peak (VmHWM) counts all three kinds, so:
#   growth = (VmHWM(m) - RssFile(m) - RssShmem(m)) - (VmHWM(f) - RssFile(f) - RssShmem(f)) - (l)
# with the mapped kinds read at the end of each session (they only grow during a session).
# Without --url, when it may (as root, BENCH_HUGE_PAGES not 0), the script reserves huge pages
# for the throwaway cluster's shared memory (vm.nr_hugepages, given back on exit): the kernel
# does not count those in VmHWM at all, so the peak is the private memory and the code alone
# and the figure is exact; otherwise it is the estimate above (a lower bound), and the report
# says which.  The shared buffers each side touched are printed beside it: reading the stored
# scripts of pg_migrate.revision alone (r) touches more than the files' size (the table keeps each
# file and its two sections), and the floor, reading all.sql on the client, touches none of it.
# The throwaway cluster gets shared_buffers = 1GB (BENCH_SHARED_BUFFERS) so that neither side
# evicts a page; with --url, a pool the floor nearly fills makes the shared figures noise, and
# the report says so.  Also shown: the pages that reading pg_migrate.revision alone (r) and the
# schema fingerprint alone (p) touch.
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
MEMORY_ONLY=0
# The pool of the throwaway cluster: large enough that neither (m) nor (f) evicts a page.
BENCH_SERVER_OPTS="-c shared_buffers=${BENCH_SHARED_BUFFERS:-1GB}"
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
		--memory-only)
			MEMORY_ONLY=1
			shift
			;;
		-h | --help)
			sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--revisions N] [--repeat R] [--url URL] [--pgmig PATH] [--samples K] [--plan-revisions P] [--no-memory | --memory-only]" >&2
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
if [ "$MEMORY_ONLY" = 1 ]; then
	[ "$MEMORY" = 1 ] || die "--memory-only and --no-memory exclude each other"
	PLAN_N=0
fi

WORK="$ROOT/bench/out"
PROJECT="$WORK/revisions-$N"
LOGS="$WORK/logs"
mkdir -p "$WORK" "$LOGS"

# reserve_huge_pages: for the throwaway cluster of a run that measures memory, as root (or
# whoever may write vm.nr_hugepages), unless BENCH_HUGE_PAGES=0: raise vm.nr_hugepages so the
# server's shared memory fits in huge pages (lib.sh's cleanup gives them back), and start the
# server with huge_pages=try.  Whether the server used them is read from each session's
# HugetlbPages, so a reservation that fell short only makes the figure an estimate.
reserve_huge_pages() {
	[ -z "$URL" ] && [ "$MEMORY" = 1 ] && [ "${BENCH_HUGE_PAGES:-1}" != 0 ] || return 0
	pages=/proc/sys/vm/nr_hugepages
	[ -w "$pages" ] || return 0
	page_kb=$(awk '/^Hugepagesize:/ { print $2 }' /proc/meminfo)
	pool_kb=$(echo "${BENCH_SHARED_BUFFERS:-1GB}" | awk '/^[0-9]+(kB|MB|GB)$/ { n = $0 + 0; u = substr($0, length($0) - 1); print (u == "GB" ? n * 1048576 : (u == "MB" ? n * 1024 : n)) }')
	[ -n "$page_kb" ] && [ -n "$pool_kb" ] || return 0
	# The pool and the rest of the server's shared memory (some 150 MB with this lock table).
	need=$(((pool_kb + 262144) / page_kb))
	old=$(cat "$pages")
	# Free pages that no server has reserved yet.
	free=$(awk '/^HugePages_Free:/ { f = $2 } /^HugePages_Rsvd:/ { r = $2 } END { print f - r }' /proc/meminfo)
	if [ "$free" -lt "$need" ]; then
		HUGE_PAGES_BEFORE=$old
		echo $((old + need - free)) >"$pages" 2>/dev/null || {
			HUGE_PAGES_BEFORE=""
			return 0
		}
	fi
	BENCH_SERVER_OPTS="$BENCH_SERVER_OPTS -c huge_pages=try"
}
HUGE_PAGES_BEFORE=""
reserve_huge_pages
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
# files, i.e. the code of the server and its libraries (RssFile), the pages of shared memory it
# touched, mostly shared buffers (RssShmem), and the huge pages it maps (HugetlbPages: the shared
# memory, when the server put it in huge pages; never in the others).
MEM_SQL="SELECT pg_catalog.regexp_replace(pg_catalog.pg_read_file('/proc/' || pg_catalog.pg_backend_pid() || '/status'),
	'.*VmHWM:\\s*([0-9]+).*RssAnon:\\s*([0-9]+).*RssFile:\\s*([0-9]+).*RssShmem:\\s*([0-9]+).*HugetlbPages:\\s*([0-9]+).*', '\\1 \\2 \\3 \\4 \\5')"

# report_memory: the memory lines of the report (see the header for what counts as growth).
report_memory() {
	if [ -z "${M_MEM:-}" ] || [ -z "${F_MEM:-}" ] || [ -z "${L_MEM:-}" ] || [ -z "${Z_MEM:-}" ]; then
		[ "$MEMORY" = 0 ] || printf '  %-44s %s\n' "peak backend memory" "not measured (pg_read_file needs a superuser; see $LOGS/m.log)"
		return 0
	fi
	sql_kb=$(($(cat "$PROJECT"/migrations/versions/*.sql | wc -c) / 1024))
	pool_kb=$(admin -Atc "SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting('shared_buffers')) / 1024")
	# shellcheck disable=SC2086 # five blank-separated numbers each
	set -- $M_MEM $F_MEM $L_MEM $Z_MEM
	m_hwm=$1 m_anon=$2 m_file=$3 m_shm=$4 m_huge=$5 f_hwm=$6 f_anon=$7 f_file=$8 f_shm=$9 f_huge=${10}
	# The library's constant: the private memory that loading pg_migrate.so (and libstdc++,
	# libcrypto) adds to a session that does nothing else; its code is in RssFile.
	lib_kb=$((${12} - ${17}))
	lib_code_kb=$((${13} - ${18}))
	z_shm=$((${19} + ${20}))
	m_own=$((m_hwm - m_file - m_shm))
	f_own=$((f_hwm - f_file - f_shm))
	grow=$((m_own - f_own - lib_kb))
	how="estimate: shared pages and code read at the end"
	[ "$m_huge" -eq 0 ] || [ "$f_huge" -eq 0 ] || how="exact: shared memory in huge pages, outside VmHWM"
	# The target is the issue's: a 10,000-revision upgrade; below that a constant (the
	# extension's caches of its own catalog, about 1 MB) outweighs the files.
	mem_ok="(the target applies at 10000 revisions)"
	if [ "$N" -ge 10000 ]; then
		mem_ok=MISS
		[ "$grow" -gt "$sql_kb" ] || mem_ok=PASS
	fi
	printf '  %-44s (m) %s kB, floor (f) %s kB, less code and shared pages; growth %+d kB (less the library %s kB); files %s kB   (target: growth <= files)   %s\n' \
		"peak backend memory of migrate_upgrade" "$m_own" "$f_own" "$grow" "$lib_kb" "$sql_kb" "$mem_ok"
	printf '  %-44s %s; VmHWM (m) %s kB, (f) %s kB\n' "how the peak was measured" "$how" "$m_hwm" "$f_hwm"
	printf '  %-44s private %+d kB, shared buffers touched %+d kB (not counted), code %+d kB (library code %s kB)\n' \
		"(m) - (f) at the end of each, by kind" "$((m_anon - f_anon - lib_kb))" "$((m_shm + m_huge - f_shm - f_huge))" "$((m_file - f_file))" "$lib_code_kb"
	if [ -n "${R_MEM:-}" ] && [ -n "${P_MEM:-}" ]; then
		# shellcheck disable=SC2086
		set -- $R_MEM $P_MEM
		printf '  %-44s reading pg_migrate.revision (r) %s kB, the schema fingerprint after (m) (p) %s kB\n' \
			"shared memory touched alone, beyond SELECT 1" "$(($4 + $5 - z_shm))" "$(($9 + ${10} - z_shm))"
	fi
	if [ $(((f_shm + f_huge) * 10)) -ge $((pool_kb * 9)) ]; then
		printf '  %-44s %s\n' "warning" "the floor touched $((f_shm + f_huge)) kB of a ${pool_kb} kB pool: pages were evicted, and the shared figures count the clock sweep, not the pages each side needs (a larger shared_buffers, BENCH_SHARED_BUFFERS)"
	fi
}

# measure_memory: once, each in a session of its own: (m) and (f), each read after its
# transaction committed (the floor's BEGIN and COMMIT are its own statements, so its COMMIT,
# which processes the transaction's invalidations as (m)'s does, is inside its peak too); the
# constant cost of the library: (l) a session that only loads pg_migrate against (z) one that
# runs SELECT 1; and, to show where (m)'s shared pages come from, (r) a session that reads every
# stored script of pg_migrate.revision and (p) one that computes the schema fingerprint after
# (m), which is what a run does at its end.  Sets M_MEM, F_MEM, L_MEM, Z_MEM, R_MEM, P_MEM to
# "hwm anon file shmem hugetlb" (empty when not measured).
measure_memory() {
	M_MEM="" F_MEM="" L_MEM="" Z_MEM="" R_MEM="" P_MEM=""
	url=$(fresh_db "pgm_bench_m")
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate"
	run_pgmig "$LOGS/m_upload.log" "$url" upload
	Z_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT 1" -c "$MEM_SQL" 2>"$LOGS/z.log" | tail -n 1) || Z_MEM=""
	L_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "LOAD 'pg_migrate'" -c "$MEM_SQL" 2>"$LOGS/l.log" | tail -n 1) || L_MEM=""
	R_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT sum(length(script)) FROM pg_migrate.revision" -c "$MEM_SQL" 2>"$LOGS/r.log" | tail -n 1) || R_MEM=""
	M_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT count(*) FROM migrate_upgrade('head')" -c "$MEM_SQL" 2>"$LOGS/m.log" | tail -n 1) || M_MEM=""
	P_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT migrate_schema_fingerprint()" -c "$MEM_SQL" 2>"$LOGS/p.log" | tail -n 1) || P_MEM=""
	admin -c "DROP DATABASE pgm_bench_m"
	url=$(fresh_db "pgm_bench_f")
	F_MEM=$("$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "BEGIN" -f "$PROJECT/all.sql" -c "COMMIT" -c "$MEM_SQL" 2>"$LOGS/f.log" | tail -n 1) || F_MEM=""
	admin -c "DROP DATABASE pgm_bench_f"
}

if [ "$MEMORY_ONLY" = 1 ]; then
	echo "bench: peak memory of the backend"
	measure_memory
	echo
	echo "pg_migrate benchmark, memory only: $N revisions, PostgreSQL $server"
	report_memory
	exit 0
fi

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

# ratio XS YS TARGET: "R x (target <= TARGET x) PASS|MISS (ratio of the medians Q x)", where R is
# the median of the paired ratios X_i/Y_i: each measurement against the floor taken next to it
# (the same repetition, or the same round of the short commands).  This machine's speed moves in
# steps of a third within minutes (docs/benchmarks.md); a pair shares the step it was taken in,
# where the ratio of two medians can take its numerator from one step and its denominator from
# another.  Both are printed; PASS or MISS goes by R.
ratio() {
	awk -v xs="$1" -v ys="$2" -v t="$3" 'BEGIN {
		n = split(xs, x, " "); m = split(ys, y, " ")
		if (n != m || n == 0) { printf "no pairs (%d and %d runs)   MISS", n, m; exit }
		k = 0
		for (i = 1; i <= n; i++) {
			if (y[i] <= 0) { printf "inf x   (target <= %s x)   MISS", t; exit }
			r[++k] = x[i] / y[i]
		}
		for (i = 2; i <= k; i++) for (j = i; j > 1 && r[j - 1] > r[j]; j--) { v = r[j]; r[j] = r[j - 1]; r[j - 1] = v }
		pr = (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2
		split("", s); for (i = 1; i <= n; i++) { s[i] = x[i] }
		for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { v = s[j]; s[j] = s[j - 1]; s[j - 1] = v }
		mx = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
		for (i = 1; i <= n; i++) { s[i] = y[i] }
		for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { v = s[j]; s[j] = s[j - 1]; s[j - 1] = v }
		my = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
		printf "%.2f x   (target <= %s x)   %s   (ratio of the medians %.2f x)", pr, t, (pr <= t + 0) ? "PASS" : "MISS", mx / my }'
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
printf '  %-44s %s\n' "full upgrade (a)/(c)" "$(ratio "$a_runs" "$c_runs" 1.05)"
printf '  %-44s %s\n' "downgrade base (d)/(e)" "$(ratio "$d_runs" "$e_runs" 1.10)"
printf '  %-44s %s\n' "no-op upgrade (b)/(s)" "$(ratio "$b_runs" "$s_runs" 1.5)"
printf '  %-44s %s\n' "current (g)/(s)" "$(ratio "$g_runs" "$s_runs" 1.3)"
if [ -n "$PLAN_OUT" ]; then
	# shellcheck disable=SC2046 # two blank-separated numbers
	set -- $(printf '%s\n' "$PLAN_OUT" | sed -n 's/^plan_ms //p')
	verdict=$(awk -v a="${1:-inf}" -v b="${2:-inf}" -v n="$PLAN_N" 'BEGIN {
		ok = (a + 0 < 100 && b + 0 < 100) ? "PASS" : "MISS"
		print (n < 100000 ? ok " (the target is for 100000 revisions)" : ok) }')
	printf '  %-44s from empty %s ms, at head %s ms   (target < 100 ms)   %s\n' "planning, $PLAN_N revisions, in the server" "${1:-?}" "${2:-?}" "$verdict"
fi
report_memory
if [ -n "$rss_runs" ]; then
	# shellcheck disable=SC2086
	printf '  %-44s %s kB   runs:%s\n' "peak RSS of pgmig in (a), max" "$(printf '%s\n' $rss_runs | sort -n | tail -n 1)" "$rss_runs"
fi
exit 0
