# bench/lib.sh: what the benchmark scripts share (sourced; POSIX sh).  Needs ROOT, PSQL and
# URL set by the caller; URL="" means "start a throwaway cluster".

die() {
	echo "bench: error: $*" >&2
	exit 1
}

# start_cluster: unless URL is set, start a throwaway cluster (scripts/pgcluster.sh) and point
# URL at it; the cluster is stopped on exit, also on interruption.  One transaction of a large
# benchmark takes a few locks per table or revision: the lock table gets room for large N.
# BENCH_SERVER_OPTS, when set, adds server options (bench/run.sh: shared_buffers).
CLUSTER=""
# shellcheck disable=SC2317 # called from the traps
cleanup() {
	if [ -n "$CLUSTER" ]; then
		sh "$ROOT/scripts/pgcluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
		CLUSTER=""
	fi
	# bench/run.sh reserved huge pages for the cluster: give them back once it has stopped.
	if [ -n "${HUGE_PAGES_BEFORE:-}" ]; then
		echo "$HUGE_PAGES_BEFORE" >/proc/sys/vm/nr_hugepages 2>/dev/null || true
		HUGE_PAGES_BEFORE=""
	fi
}
start_cluster() {
	trap cleanup EXIT
	trap 'cleanup; exit 130' INT
	trap 'cleanup; exit 143' TERM
	if [ -z "$URL" ]; then
		CLUSTER=$(mktemp -d /tmp/pgm-bench.XXXXXX)
		URL=$(PGM_SERVER_OPTS="-c max_locks_per_transaction=1024 ${BENCH_SERVER_OPTS:-}" sh "$ROOT/scripts/pgcluster.sh" start "$CLUSTER")
	fi
}

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

# now_ns: nanoseconds since the epoch (GNU date).
now_ns() {
	date +%s%N
}

# ms START END: the interval in milliseconds, one decimal.
ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'
}

# median VALUES...: the median of the numbers.
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
