#!/bin/sh
# scripts/build.sh: build the extension (PGXS) and, at the same time, pgmig, the tests and the
# benchmarks (CMake, in build/); then install the extension.  Warnings are errors in both builds.
#
# PG_CONFIG points at PostgreSQL 15's own pg_config: /usr/bin/pg_config is a wrapper that picks
# the highest installed major version, which would change the answer if another one appeared.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG
JOBS=${JOBS:-2}
# PGM_DEBUG_INFO=0 (scripts/test.sh, CI): compile without debug information (-g0), which no test
# reads; it takes about a fifth off the compile time of the -O2 files (docs/testing.md).
DEBUG_INFO=${PGM_DEBUG_INFO:-1}
nodebug_make=""
debug_cmake="-DPGM_DEBUG_INFO=ON"
if [ "$DEBUG_INFO" = 0 ]; then
	nodebug_make="NODEBUGINFO=1"
	debug_cmake="-DPGM_DEBUG_INFO=OFF"
fi

# The two builds run at the same time, each with -j$JOBS: the end of each (its last files, its
# links) leaves cores idle that the other one fills.  The extension's output is printed when it is
# done.
EXT_LOG=$(mktemp /tmp/pgm-build-ext.XXXXXX)
trap 'rm -f "$EXT_LOG"' EXIT
echo "build: extension (make -j$JOBS WERROR=1 $nodebug_make PG_CONFIG=$PG_CONFIG), in the background"
# shellcheck disable=SC2086 # empty or one word
make -j"$JOBS" WERROR=1 $nodebug_make PG_CONFIG="$PG_CONFIG" >"$EXT_LOG" 2>&1 &
ext_pid=$!

echo "build: pgmig, tests and benchmarks (cmake, build/)"
# Precompiled headers for the test executables and the client, their files compiled in batches
# (a unity build) and lld (docs/testing.md: CI has no ccache); Ninja
# when it is installed and build/ is new (it starts a target's files before the libraries it links
# are done; an existing build/ keeps its generator).
generator=""
if [ ! -f build/CMakeCache.txt ] && command -v ninja >/dev/null 2>&1; then
	generator="-G Ninja"
fi
cmake_rc=0
# shellcheck disable=SC2086 # $generator is two words or none
cmake -S . -B build $generator -DPGM_WERROR=ON -DPGM_TEST_PCH=ON -DPGM_CLIENT_PCH=ON -DPGM_UNITY_BUILD=ON -DPGM_FAST_LINK=ON "$debug_cmake" &&
	cmake --build build -j"$JOBS" || cmake_rc=$?

ext_rc=0
wait "$ext_pid" || ext_rc=$?
echo "build: extension:"
cat "$EXT_LOG"
if [ "$ext_rc" -ne 0 ]; then
	echo "build: error: the extension did not build" >&2
	exit 1
fi
if [ "$cmake_rc" -ne 0 ]; then
	echo "build: error: pgmig or the tests did not build" >&2
	exit 1
fi
echo "build: make install"
make install PG_CONFIG="$PG_CONFIG"
