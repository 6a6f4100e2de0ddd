#!/bin/sh
# fuzz.sh: build the libFuzzer targets of test/fuzz/ with clang (ASan, UBSan) and run each one.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   run each target (default: all) for SECONDS (default 10)
#   scripts/fuzz.sh --build-only            build the targets and stop (CI builds them in the
#                                           background while ctest runs)
#
# CI runs `scripts/fuzz.sh 10`; the long run (docs/robustness.md, "Fuzzing") is
# `scripts/fuzz.sh 1800`.  The sources are compiled once, in parallel under the build lock, into
# one sanitized library that every target links (test/fuzz/fuzz.mk); ccache is used when present,
# and the lock is taken only when something is out of date.  $FUZZ_JOBS targets (default 2) run
# at a time, each on one core.  Each target starts from its committed seeds
# (test/fuzz/corpus/<target>/, read only) and its working corpus (build/fuzz/corpus/<target>/,
# which grows between runs), with its dictionary (test/fuzz/<target>.dict) when there is one.
# Any crash, leak (LeakSanitizer is on), UBSan report, broken invariant, timeout (10 s on one
# input) or memory blow-up (2 GB) fails the run; libFuzzer writes the input to
# build/fuzz/<target>-crash-... (or -leak-, -timeout-, -oom-), and its path is printed with the
# command that replays it.
set -eu
cd "$(dirname "$0")/.."
build_only=0
if [ "${1:-}" = "--build-only" ]; then
	build_only=1
	shift
fi
seconds=${1:-10}
[ $# -gt 0 ] && shift
jobs=${FUZZ_JOBS:-2}
out=build/fuzz
mkdir -p "$out"

cxx=${FUZZ_CXX:-clang++-14}
if [ -z "${FUZZ_CXX:-}" ] && command -v ccache >/dev/null 2>&1; then
	cxx="ccache $cxx"
fi
if ! make -q -f test/fuzz/fuzz.mk OUT="$out" CXX="$cxx" >/dev/null 2>&1; then
	echo "fuzz: building the targets"
	flock /tmp/pgm-build.lock make -s -f test/fuzz/fuzz.mk OUT="$out" CXX="$cxx" -j2
fi
if [ "$build_only" -eq 1 ]; then
	echo "fuzz: the targets are built"
	exit 0
fi

if [ $# -gt 0 ]; then
	targets="$*"
else
	targets=$(for f in test/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done)
fi

# Leaks are reported by default (ASan's LeakSanitizer); UBSan stops at its first report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# run_target TARGET: run it for $seconds; its exit status goes to $out/TARGET.status.
run_target() {
	seeds=test/fuzz/corpus/$1
	corpus=$out/corpus/$1
	mkdir -p "$corpus"
	dict=
	if [ -f "test/fuzz/$1.dict" ]; then
		dict=-dict=test/fuzz/$1.dict
	fi
	status=0
	# shellcheck disable=SC2086 # $dict is one word or none
	"$out/$1" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/$1-" $dict "$corpus" "$seeds" >"$out/$1.log" 2>&1 || status=$?
	echo "$status" >"$out/$1.status"
}

# report TARGET: print its figures, or its log and reproducer; false when it failed.
report() {
	status=$(cat "$out/$1.status")
	if [ "$status" -ne 0 ]; then
		tail -n 60 "$out/$1.log"
		reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out/$1.log" | tail -n 1)
		echo "fuzz: $1 FAILED (exit $status); reproducer: ${reproducer:-none written (see $out/$1.log)}" >&2
		if [ -n "$reproducer" ]; then
			echo "fuzz: replay it with: $out/$1 $reproducer" >&2
		fi
		return 1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$1.log")
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$out/$1.log" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p')
	echo "fuzz: $1: ${execs:-?} executions, ${cov:-coverage unknown}"
}

failed=0
set -- $targets
while [ $# -gt 0 ]; do
	batch=
	while [ $# -gt 0 ] && [ "$(echo $batch | wc -w)" -lt "$jobs" ]; do
		batch="$batch $1"
		shift
	done
	echo "fuzz: running$batch for ${seconds}s"
	for target in $batch; do
		run_target "$target" &
	done
	wait
	for target in $batch; do
		report "$target" || failed=1
	done
	if [ "$failed" -ne 0 ]; then
		exit 1
	fi
done
echo "fuzz: no crash, leak, sanitizer report or broken invariant"
