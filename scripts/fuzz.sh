#!/bin/sh
# fuzz.sh: build the libFuzzer targets of test/fuzz/ with clang (ASan, UBSan) and run each one.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   run each target (default: all) for SECONDS (default 10)
#
# CI runs `scripts/fuzz.sh 10`; the long run (docs/robustness.md, "Fuzzing") is
# `scripts/fuzz.sh 1800`.  The sources are compiled once, in parallel under the build lock, into
# one sanitized library that every target links (test/fuzz/fuzz.mk); ccache is used when present.
# Each target starts from its committed seeds (test/fuzz/corpus/<target>/, read only) and its
# working corpus (build/fuzz/corpus/<target>/, which grows between runs), with its dictionary
# (test/fuzz/<target>.dict) when there is one.  Any crash, leak (LeakSanitizer is on), UBSan
# report, invariant failure, timeout (10 s on one input) or memory blow-up (2 GB) fails the run;
# the input that failed is written to build/fuzz/<target>-crash-... (or -leak-, -timeout-, -oom-)
# and its path is printed; rerun it with `build/fuzz/<target> PATH`.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
[ $# -gt 0 ] && shift
out=build/fuzz
mkdir -p "$out"

cxx=${FUZZ_CXX:-clang++-14}
if [ -z "${FUZZ_CXX:-}" ] && command -v ccache >/dev/null 2>&1; then
	cxx="ccache $cxx"
fi
# The build lock is taken only when something is out of date (make -q).
if ! make -q -f test/fuzz/fuzz.mk OUT="$out" CXX="$cxx" >/dev/null 2>&1; then
	echo "fuzz: building the targets"
	flock /tmp/pgm-build.lock make -s -f test/fuzz/fuzz.mk OUT="$out" CXX="$cxx" -j2
fi

if [ $# -gt 0 ]; then
	targets="$*"
else
	targets=$(for f in test/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done)
fi

# Leaks are reported by default (ASan's LeakSanitizer); UBSan stops at its first report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

for target in $targets; do
	seeds=test/fuzz/corpus/$target
	corpus=$out/corpus/$target
	mkdir -p "$corpus"
	set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/$target-"
	if [ -f "test/fuzz/$target.dict" ]; then
		set -- "$@" -dict="test/fuzz/$target.dict"
	fi
	echo "fuzz: running $target for ${seconds}s"
	status=0
	"$out/$target" "$@" "$corpus" "$seeds" >"$out/$target.log" 2>&1 || status=$?
	if [ "$status" -ne 0 ]; then
		tail -n 60 "$out/$target.log"
		reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out/$target.log" | tail -n 1)
		echo "fuzz: $target FAILED (exit $status); reproducer: ${reproducer:-none written (see $out/$target.log)}" >&2
		[ -n "$reproducer" ] && echo "fuzz: rerun it with: $out/$target $reproducer" >&2
		exit 1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log")
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$out/$target.log" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p')
	echo "fuzz: $target: ${execs:-?} executions, ${cov:-coverage unknown}"
done
echo "fuzz: no crash, leak or report"
