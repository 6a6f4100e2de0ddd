#!/bin/sh
# fuzz.sh: build the libFuzzer targets of the core and the offline script (test/fuzz/) with
# clang and run each one.
#
#   scripts/fuzz.sh [SECONDS]      run each target for SECONDS (default 20; CI uses 15)
#
# A long run (documented in docs/design.md) is `scripts/fuzz.sh 1800`. The corpus lives in
# build/fuzz/corpus-<target>/ and grows between runs; crashes are written to build/fuzz/.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
out=build/fuzz
mkdir -p "$out"
CXX=${FUZZ_CXX:-clang++-14}
flags="-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I."

# The core, and the offline script of pgmig (pure C++ too), which fuzz_target renders.
sources="core/*.cpp client/common/offline_script.cpp"
for target in fuzz_revision_file fuzz_target fuzz_python_literal; do
	echo "fuzz: building $target"
	# shellcheck disable=SC2086
	$CXX $flags $sources "test/fuzz/$target.cpp" -lcrypto -o "$out/$target"
	corpus="$out/corpus-$target"
	mkdir -p "$corpus"
	if [ "$target" = fuzz_revision_file ]; then
		cp migrations/versions/*.sql "$corpus/" 2>/dev/null || true
	elif [ "$target" = fuzz_python_literal ]; then
		cp test/alembic/dragonai/alembic/versions/*.py "$corpus/" 2>/dev/null || true
	else
		for t in head heads base -1 +2 aaaa bbbb2222+1 feat@head feat@-1 cccc3333@bbbb2222 head-2 \
		base:head :heads bbbb2222:eeee5555 feat@base: "aaaa1111 cccc3333" "dddd4444 99990000" base:cccc3333; do
			printf '\377%s' "$t" >"$corpus/seed-$(echo "$t" | tr -c 'a-z0-9' '_')"
		done
	fi
	echo "fuzz: running $target for ${seconds}s"
	status=0
	(cd "$out" && "./$target" -max_total_time="$seconds" -print_final_stats=1 "corpus-$target") \
		>"$out/$target.log" 2>&1 || status=$?
	if [ "$status" -ne 0 ]; then
		cat "$out/$target.log"
		echo "fuzz: $target FAILED (exit $status); the input that failed is in $out/" >&2
		exit 1
	fi
	grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/$target.log" || true
done
echo "fuzz: no crash"
