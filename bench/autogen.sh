#!/bin/sh
# bench/autogen.sh: how long does `pgmig revision --autogenerate` take on a large schema?
#
#   bench/autogen.sh [--tables N] [--repeat R] [--url URL] [--pgmig PATH]
#
# Generates a schema of N tables (default 1000), each with 8 columns of mixed types (identity,
# integer, text, varchar, numeric with a default, timestamptz, boolean, jsonb), a primary key, a
# check, a foreign key to the previous table and 2 secondary indexes, and models = the same schema
# plus 20 added columns, 5 new indexes and 1 new table.  The schema is applied to a database with
# pg_migrate whose project has no revisions (so it is at the head), then, R times (default 3):
#   (a) `pgmig revision --autogenerate --models models.sql`, end to end: connect, check the head,
#       build the models in a shadow database, snapshot both sides, diff, write the revision
#   (b) `pgmig check --models models.sql`: the same comparison without writing a file
# and, as baselines measured in the same run on the same server:
#   (c) `psql -X -q -1 -f models.sql` into an empty database: the cost of building the models,
#       which autogenerate cannot avoid
#   (d) `pg_dump --schema-only` of the database: reading a catalog of this size
# It prints the medians, the ratios (a)/(c) and (a)/(d), the peak RSS of pgmig in (a) (GNU time)
# and whether (a) meets the target of 2 seconds for 1,000 tables.
#
# Without --url it starts its own throwaway cluster (scripts/pgcluster.sh, ports 5460-5469) and
# stops it on exit.  With --url (a role with CREATEDB on a server where pg_migrate is installed)
# it creates and drops databases named pgm_autogen_* and the shadow databases pgmig makes.
# Building the models takes about 5 locks per table in one transaction: on a server of your own,
# max_locks_per_transaction may need raising for large N.
#
# A benchmark is not a test: it exits 0 whenever the measurement completed, whatever the figures.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=1000
REPEAT=3
URL=""
PGMIG="$ROOT/build/pgmig"
PSQL=${PSQL:-psql}
PG_DUMP=${PG_DUMP:-pg_dump}
TARGET_MS=2000

die() {
	echo "bench: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
		--tables | --repeat | --url | --pgmig)
			[ $# -ge 2 ] || die "$1 needs a value"
			case "$1" in
				--tables) N=$2 ;;
				--repeat) REPEAT=$2 ;;
				--url) URL=$2 ;;
				--pgmig) PGMIG=$2 ;;
			esac
			shift 2
			;;
		-h | --help)
			sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--tables N] [--repeat R] [--url URL] [--pgmig PATH]" >&2
			exit 2
			;;
	esac
done
for v in "$N" "$REPEAT"; do
	case "$v" in
		'' | *[!0-9]* | 0) die "--tables and --repeat take positive integers, not \"$v\"" ;;
	esac
done
[ "$N" -ge 25 ] || die "--tables must be at least 25 (the models change 20 of them)"
[ -x "$PGMIG" ] || die "$PGMIG not found; build it first (scripts/build.sh)"
case "$PGMIG" in
	/*) ;;
	*) PGMIG="$(pwd)/$PGMIG" ;; # pgmig runs in the project directory
esac
export LANG=C.UTF-8

WORK="$ROOT/bench/out/autogen-$N"
PROJECT="$WORK/project"
LOGS="$WORK/logs"
rm -rf "$WORK"
mkdir -p "$PROJECT" "$LOGS"

CLUSTER=""
# shellcheck disable=SC2317 # called from the traps
cleanup() {
	if [ -n "$CLUSTER" ]; then
		sh "$ROOT/scripts/pgcluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
		CLUSTER=""
	fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

if [ -z "$URL" ]; then
	CLUSTER=$(mktemp -d /tmp/pgm-bench.XXXXXX)
	URL=$(PGM_SERVER_OPTS="-c max_locks_per_transaction=1024" sh "$ROOT/scripts/pgcluster.sh" start "$CLUSTER")
fi

# db_url NAME: $URL with its database replaced by NAME (URI or keyword/value conninfo).
db_url() {
	case "$URL" in
		postgres://* | postgresql://*)
			base=${URL%%\?*}
			query=""
			[ "$base" = "$URL" ] || query="?${URL#*\?}"
			rest=${base#*://}
			echo "${base%%://*}://${rest%%/*}/$1$query"
			;;
		*) echo "$URL dbname=$1" ;;
	esac
}

admin() {
	PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$URL" "$@"
}

now_ns() {
	date +%s%N
}

ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

GNU_TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
	GNU_TIME=/usr/bin/time
fi

server=$(admin -Atc "SELECT current_setting('server_version') || ' at ' || coalesce(host(inet_server_addr()), 'unix socket') || ':' || current_setting('port')")
admin -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_migrate'" | grep -q 1 ||
	die "the extension pg_migrate is not installed on $server (make install)"

# The schema.  Table i (t0001 ... tN) references table i-1 (t0001 references itself); current.sql
# and models.sql share it, models.sql adds the changes.
echo "bench: generating a schema of $N tables"
awk -v n="$N" -v cur="$WORK/current.sql" -v mod="$WORK/models.sql" '
function table(i, extra,   t, p) {
	t = sprintf("t%04d", i)
	p = sprintf("t%04d", i > 1 ? i - 1 : 1)
	return "CREATE TABLE " t " (\n" \
	    "    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	    "    parent_id integer REFERENCES " p " (id) ON DELETE SET NULL,\n" \
	    "    name text NOT NULL,\n" \
	    "    code varchar(32),\n" \
	    "    amount numeric(12,2) NOT NULL DEFAULT 0,\n" \
	    "    created_at timestamptz NOT NULL DEFAULT now(),\n" \
	    "    active boolean NOT NULL DEFAULT true,\n" \
	    "    payload jsonb" extra ",\n" \
	    "    CONSTRAINT " t "_amount_check CHECK (amount >= 0)\n" \
	    ");\n" \
	    "CREATE INDEX " t "_parent_id_idx ON " t " (parent_id);\n" \
	    "CREATE INDEX " t "_name_created_idx ON " t " (name, created_at DESC);\n"
}
BEGIN {
	printf "" > cur
	printf "" > mod
	step = int(n / 20)
	for (i = 1; i <= n; i++) {
		printf "%s", table(i, "") > cur
		# 20 tables get a new column.
		printf "%s", table(i, (i % step == 0 && i / step <= 20) ? ",\n    note text DEFAULT '\'''\''" : "") > mod
	}
	# 5 new indexes, 1 new table.
	for (k = 1; k <= 5; k++)
		printf "CREATE INDEX t%04d_code_idx ON t%04d (code) WHERE code IS NOT NULL;\n", k * 3, k * 3 > mod
	printf "CREATE TABLE audit_log (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    t0001_id integer REFERENCES t0001 (id),\n    at timestamptz NOT NULL DEFAULT now(),\n    what text NOT NULL\n);\n" > mod
	close(cur)
	close(mod)
}'

echo "bench: preparing the database (pg_migrate and the $N tables)"
"$PGMIG" init "$PROJECT" >"$LOGS/init.log" 2>&1 || {
	cat "$LOGS/init.log" >&2
	die "pgmig init failed"
}
admin -c "DROP DATABASE IF EXISTS pgm_autogen_db" -c "CREATE DATABASE pgm_autogen_db"
DB_URL=$(db_url pgm_autogen_db)
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB_URL" -c "CREATE EXTENSION pg_migrate" >/dev/null
"$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$DB_URL" -f "$WORK/current.sql" >"$LOGS/current.log" 2>&1 || {
	cat "$LOGS/current.log" >&2
	die "applying the schema failed"
}
got=$("$PSQL" -X -Atq -d "$DB_URL" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[ "$got" = "$N" ] || die "the database has $got tables, not $N"

# run_pgmig LOG ARGS...: pgmig in the project against the database; sets RC (and RSS_KB with GNU time).
run_pgmig() {
	log=$1
	shift
	set -- "$PGMIG" "$@"
	[ -z "$GNU_TIME" ] || set -- "$GNU_TIME" -o "$LOGS/rss" -f "%M" "$@"
	RC=0
	(cd "$PROJECT" && DATABASE_URL="$DB_URL" "$@") >"$log" 2>&1 || RC=$?
	RSS_KB=""
	[ -z "$GNU_TIME" ] || RSS_KB=$(tail -n 1 "$LOGS/rss")
}

# measure_autogen TAG: (a); checks that exactly one revision was written, then removes it.
measure_autogen() {
	t0=$(now_ns)
	run_pgmig "$LOGS/a_$1.log" revision --autogenerate -m bench --models "$WORK/models.sql"
	t1=$(now_ns)
	[ "$RC" -eq 0 ] || {
		cat "$LOGS/a_$1.log" >&2
		die "pgmig revision --autogenerate failed (log: $LOGS/a_$1.log)"
	}
	files=$(find "$PROJECT/migrations/versions" -name '*.sql' | wc -l)
	[ "$files" -eq 1 ] || die "autogenerate wrote $files revision files, not 1 (log: $LOGS/a_$1.log)"
	DETECTED=$(grep -c '^Detected ' "$LOGS/a_$1.log" || true)
	find "$PROJECT/migrations/versions" -name '*.sql' -exec mv {} "$LOGS/revision_$1.sql" \;
	A_MS=$(ms "$t0" "$t1")
	A_RSS=$RSS_KB
}

# measure_check TAG: (b); pgmig check exits 1 when it finds differences, as it must here.
measure_check() {
	t0=$(now_ns)
	run_pgmig "$LOGS/b_$1.log" check --models "$WORK/models.sql"
	t1=$(now_ns)
	[ "$RC" -eq 1 ] || {
		cat "$LOGS/b_$1.log" >&2
		die "pgmig check exited $RC, not 1 (log: $LOGS/b_$1.log)"
	}
	B_MS=$(ms "$t0" "$t1")
}

# measure_floor TAG: (c) and (d).
measure_floor() {
	admin -c "DROP DATABASE IF EXISTS pgm_autogen_floor" -c "CREATE DATABASE pgm_autogen_floor"
	t0=$(now_ns)
	"$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$(db_url pgm_autogen_floor)" -f "$WORK/models.sql" >"$LOGS/c_$1.log" 2>&1 || {
		cat "$LOGS/c_$1.log" >&2
		die "applying the models with psql failed"
	}
	t1=$(now_ns)
	"$PG_DUMP" --schema-only -d "$DB_URL" >"$LOGS/dump.sql" 2>"$LOGS/d_$1.log" || {
		cat "$LOGS/d_$1.log" >&2
		die "pg_dump failed"
	}
	t2=$(now_ns)
	admin -c "DROP DATABASE pgm_autogen_floor"
	C_MS=$(ms "$t0" "$t1")
	D_MS=$(ms "$t1" "$t2")
}

echo "bench: warm-up round"
measure_autogen warmup
measure_check warmup
measure_floor warmup

a_runs="" b_runs="" c_runs="" d_runs="" rss_runs=""
r=1
while [ "$r" -le "$REPEAT" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		measure_autogen "$r"
		measure_check "$r"
		measure_floor "$r"
	else
		measure_floor "$r"
		measure_check "$r"
		measure_autogen "$r"
	fi
	a_runs="$a_runs $A_MS" b_runs="$b_runs $B_MS" c_runs="$c_runs $C_MS" d_runs="$d_runs $D_MS"
	[ -z "$A_RSS" ] || rss_runs="$rss_runs $A_RSS"
	echo "bench: run $r/$REPEAT: (a) $A_MS ms  (b) $B_MS ms  (c) $C_MS ms  (d) $D_MS ms"
	r=$((r + 1))
done
admin -c "DROP DATABASE pgm_autogen_db"

# shellcheck disable=SC2086 # the run lists are blank-separated numbers
a_med=$(median $a_runs)
# shellcheck disable=SC2086
b_med=$(median $b_runs)
# shellcheck disable=SC2086
c_med=$(median $c_runs)
# shellcheck disable=SC2086
d_med=$(median $d_runs)
ratio() {
	awk -v a="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", a / c; else print "inf" }'
}
verdict=$(awk -v a="$a_med" -v t="$TARGET_MS" 'BEGIN { print (a + 0 < t + 0) ? "PASS" : "MISS" }')
[ "$N" -eq 1000 ] || verdict="(the target is set for 1000 tables)"
objects=$(grep -c '^CREATE' "$WORK/models.sql")

echo
echo "pg_migrate autogenerate benchmark: $N tables ($objects CREATE statements in the models, $DETECTED changes detected), $REPEAT repetitions, PostgreSQL $server"
echo "  pgmig $("$PGMIG" --version 2>/dev/null | head -n 1)"
printf '  %-48s median %10s ms   runs:%s\n' "(a) pgmig revision --autogenerate" "$a_med" "$a_runs"
printf '  %-48s median %10s ms   runs:%s\n' "(b) pgmig check" "$b_med" "$b_runs"
printf '  %-48s median %10s ms   runs:%s\n' "(c) baseline: psql -1 -f models.sql, empty db" "$c_med" "$c_runs"
printf '  %-48s median %10s ms   runs:%s\n' "(d) baseline: pg_dump --schema-only" "$d_med" "$d_runs"
printf '  %-48s %s x\n' "ratio (a)/(c)" "$(ratio "$a_med" "$c_med")"
printf '  %-48s %s x\n' "ratio (a)/(d)" "$(ratio "$a_med" "$d_med")"
printf '  %-48s %s ms  (target < %s ms)   %s\n' "autogenerate (a)" "$a_med" "$TARGET_MS" "$verdict"
if [ -n "$rss_runs" ]; then
	# shellcheck disable=SC2086
	printf '  %-48s %s kB   runs:%s\n' "peak RSS of pgmig in (a), max" "$(printf '%s\n' $rss_runs | sort -n | tail -n 1)" "$rss_runs"
else
	printf '  %-48s %s\n' "peak RSS of pgmig in (a)" "not measured (GNU time not installed)"
fi
exit 0
