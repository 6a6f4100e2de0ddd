#!/bin/sh
# test/autogen/check-corpus.sh: check that every autogenerate corpus case is valid PostgreSQL 15 SQL.
#
#   test/autogen/check-corpus.sh [--url URL] [CASE...]
#
# For each case directory under test/autogen/cases (or only the named ones), applies current.sql
# and models.sql, each to a fresh database with pg_migrate installed, with
# `psql -X -q -1 -v ON_ERROR_STOP=1 -f` (one transaction, as pgmig builds the models), and checks
# the case's "-- expect-rows: QUERY => VALUE" lines: on the current database QUERY must return
# VALUE; on the models database it must at least run (the rows are not there).  Also checks that
# current.sql and models.sql differ.
#
# Without --url it starts a throwaway cluster (scripts/pgcluster.sh) and stops it on exit; with
# --url it creates and drops databases named pgm_corpus_* there.  Exits 1 when a case is invalid.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CASES="$ROOT/test/autogen/cases"
URL=""
PSQL=${PSQL:-psql}
while [ $# -gt 0 ]; do
	case "$1" in
		--url)
			[ $# -ge 2 ] || {
				echo "check-corpus: error: --url needs a value" >&2
				exit 2
			}
			URL=$2
			shift 2
			;;
		-h | --help)
			sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*) break ;;
	esac
done

CLUSTER=""
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
	CLUSTER=$(mktemp -d /tmp/pgm-corpus.XXXXXX)
	URL=$(sh "$ROOT/scripts/pgcluster.sh" start "$CLUSTER")
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

if [ $# -gt 0 ]; then
	list=$*
else
	list=$(cd "$CASES" && ls -d -- */ | tr -d /)
fi

LOG=$(mktemp /tmp/pgm-corpus-log.XXXXXX)
failed=""
n=0
for c in $list; do
	dir="$CASES/$c"
	n=$((n + 1))
	problem=""
	for f in current models; do
		[ -f "$dir/$f.sql" ] || {
			problem="$problem; $f.sql missing"
			continue
		}
		admin -c "DROP DATABASE IF EXISTS pgm_corpus_$f" -c "CREATE DATABASE pgm_corpus_$f TEMPLATE template0"
		url=$(db_url "pgm_corpus_$f")
		"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE EXTENSION pg_migrate" >"$LOG" 2>&1 ||
			problem="$problem; CREATE EXTENSION pg_migrate failed: $(cat "$LOG")"
		if ! PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -1 -v ON_ERROR_STOP=1 -d "$url" \
			-f "$dir/$f.sql" >"$LOG" 2>&1; then
			problem="$problem; $f.sql does not apply: $(grep -m 3 'ERROR\|FATAL' "$LOG" | tr '\n' ' ')"
		fi
	done
	if [ -f "$dir/current.sql" ] && [ -f "$dir/models.sql" ] && cmp -s "$dir/current.sql" "$dir/models.sql"; then
		problem="$problem; current.sql and models.sql are identical"
	fi
	# The expectations: "-- expect-rows: QUERY => VALUE".
	if [ -f "$dir/current.sql" ]; then
		sed -n 's/^-- expect-rows: //p' "$dir/current.sql" >"$LOG.expect"
		while IFS= read -r line; do
			query=${line% => *}
			want=${line##* => }
			[ "$query" != "$line" ] || {
				problem="$problem; malformed expect-rows line: $line"
				continue
			}
			got=$("$PSQL" -X -Atq -v ON_ERROR_STOP=1 -d "$(db_url pgm_corpus_current)" -c "$query" 2>&1) ||
				got="ERROR: $got"
			[ "$got" = "$want" ] || problem="$problem; on current, $query gave \"$got\", expected \"$want\""
			"$PSQL" -X -Atq -v ON_ERROR_STOP=1 -d "$(db_url pgm_corpus_models)" -c "$query" >"$LOG" 2>&1 ||
				problem="$problem; on models, $query fails: $(head -n 1 "$LOG")"
		done <"$LOG.expect"
		rm -f "$LOG.expect"
	fi
	if [ -n "$problem" ]; then
		echo "FAIL $c${problem}"
		failed="$failed $c"
	else
		echo "ok   $c"
	fi
done
admin -c "DROP DATABASE IF EXISTS pgm_corpus_current" -c "DROP DATABASE IF EXISTS pgm_corpus_models"
rm -f "$LOG"
if [ -n "$failed" ]; then
	echo "check-corpus: $(echo "$failed" | wc -w) of $n cases are invalid:$failed" >&2
	exit 1
fi
echo "check-corpus: all $n cases apply cleanly"
