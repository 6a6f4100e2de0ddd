#!/bin/sh
# scripts/test.sh: THE test command (CI runs it through .ci/run).
#
#   1. install missing packages (scripts/setup.sh; needs root only when something is missing)
#   2. static checks: clang-format, one version everywhere, regression suites wired up
#   3. build and install the extension, build pgmig and the tests (scripts/build.sh)
#   4. start a throwaway cluster (scripts/pgcluster.sh), stopped again on exit
#   5. pg_regress and isolation tests (make installcheck)
#   6. unit and end-to-end tests (ctest; the end-to-end tests use the cluster, copying a template
#      database with the extension; the suites that must run alone on a third cluster, beside the
#      others), and beside them, on a second cluster, the equivalent-schema pairs of
#      test/autogen/equivalent (no false differences)
#   7. a short run of the large uploads (test/hostile/big.sh --quick), and a check that no server
#      process crashed during the tests; short crash trials (test/crash/run.sh: SIGKILL of the
#      backend or the postmaster during an upgrade, on a cluster of their own, run beside ctest),
#      a short fuzz run (its targets built in the background during the tests)
#   8. short benchmark runs (upgrade, autogenerate, side by side with Alembic and dbmate), to know
#      the benchmarks work (they print, they do not assert)
#   9. the Debian packages (scripts/package.sh, built in the background at nice 19 from step 4 on),
#      installed with dpkg -i over the files of step 3
#      (the same version), and the sample project run with the installed pgmig (test/package/run.sh)
#
# Exits non-zero on the first failing step, after printing what explains it (regression.diffs,
# the server log).  Reads no stdin; needs no tty.
set -eu

export LANG=C.UTF-8 LC_ALL=C.UTF-8
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG

START=$(date +%s)
section() {
	now=$(date +%s)
	echo
	echo "=== [$((now - START))s] $* ==="
}

CLUSTER=""
PKG_PID=""
FUZZ_BUILD_PID=""
CRASH_PID=""
EQUIV_CLUSTER=""
EQUIV_PID=""
SERIAL_CLUSTER=""
SERIAL_PID=""
cleanup() {
	if [ -n "$PKG_PID" ]; then
		kill "$PKG_PID" 2>/dev/null || true
		PKG_PID=""
	fi
	if [ -n "$FUZZ_BUILD_PID" ]; then
		kill "$FUZZ_BUILD_PID" 2>/dev/null || true
		FUZZ_BUILD_PID=""
	fi
	if [ -n "$CRASH_PID" ]; then
		kill "$CRASH_PID" 2>/dev/null || true
		CRASH_PID=""
	fi
	if [ -n "$EQUIV_PID" ]; then
		kill "$EQUIV_PID" 2>/dev/null || true
		EQUIV_PID=""
	fi
	if [ -n "$SERIAL_PID" ]; then
		kill "$SERIAL_PID" 2>/dev/null || true
		SERIAL_PID=""
	fi
	if [ -n "$SERIAL_CLUSTER" ]; then
		"$ROOT/scripts/pgcluster.sh" stop "$SERIAL_CLUSTER" || true
		SERIAL_CLUSTER=""
	fi
	if [ -n "$EQUIV_CLUSTER" ]; then
		"$ROOT/scripts/pgcluster.sh" stop "$EQUIV_CLUSTER" || true
		EQUIV_CLUSTER=""
	fi
	if [ -n "$CLUSTER" ]; then
		"$ROOT/scripts/pgcluster.sh" stop "$CLUSTER" || true
		CLUSTER=""
	fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

server_log_tail() {
	if [ -n "$CLUSTER" ] && [ -f "$CLUSTER/server.log" ]; then
		echo "--- server log (last ${1:-100} lines) ---"
		tail -n "${1:-100}" "$CLUSTER/server.log"
	fi
}

section "setup: packages"
sh scripts/setup.sh

section "checks: format, version, regression suites"
checks_failed=""
sh scripts/check-format.sh || checks_failed="$checks_failed check-format"
sh scripts/check-version.sh || checks_failed="$checks_failed check-version"
sh scripts/check-regress.sh || checks_failed="$checks_failed check-regress"
python3 scripts/check-meta.py META.json || checks_failed="$checks_failed check-meta"
if [ -n "$checks_failed" ]; then
	echo "test: FAILED:$checks_failed" >&2
	exit 1
fi

section "build: extension (PGXS) and pgmig (CMake)"
# Without debug information: no test reads it, and it costs a fifth of the compile time.
PGM_DEBUG_INFO=0 sh scripts/build.sh

# The Debian packages build in the background, at the lowest priority, while the tests below run:
# they compile the extension and pgmig once more with Debian's flags (minutes on a bare machine),
# and the tests mostly wait on the server.  Waited for, installed and tried in the last section.
section "package: building the Debian packages in the background (nice 19; scripts/package.sh)"
PKG_LOG=$(mktemp /tmp/pgm-package-log.XXXXXX)
package_start=$(date +%s)
# noopt: CI checks the packaging, and the main build compiles and tests the same sources with -O2
# (docs/packaging.md); the release build (scripts/package.sh alone) keeps the default flags.
DEB_BUILD_OPTIONS="nocheck noddebs noopt parallel=2" nice -n 19 sh scripts/package.sh build-deb >"$PKG_LOG" 2>&1 &
PKG_PID=$!

# The fuzz targets' sanitized build (clang, a minute or two without ccache) likewise, so that the
# fuzz section below only runs them.
FUZZ_LOG=$(mktemp /tmp/pgm-fuzz-build-log.XXXXXX)
nice -n 19 sh scripts/fuzz.sh --build-only >"$FUZZ_LOG" 2>&1 &
FUZZ_BUILD_PID=$!

section "cluster: throwaway PostgreSQL 15"
# The test clusters live in memory (/dev/shm) when it is a tmpfs with 8 GB free, else in /tmp
# (PGM_TEST_CLUSTER_PARENT chooses).  The tests create and drop about a thousand databases; on a
# disk's ext4 without a journal, as CI's machine has, each new file then costs a search through
# the inodes freed in the last minutes (ext4's recently_deleted), and the corpus tests ran about
# a quarter slower there (docs/testing.md).  The benchmarks keep their clusters on disk.
if [ -z "${PGM_TEST_CLUSTER_PARENT:-}" ]; then
	PGM_TEST_CLUSTER_PARENT=/tmp
	if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
		[ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -ge 8388608 ] 2>/dev/null; then
		PGM_TEST_CLUSTER_PARENT=/dev/shm
	fi
fi
export PGM_TEST_CLUSTER_PARENT
echo "test: the test clusters are in $PGM_TEST_CLUSTER_PARENT"
CLUSTER=$(mktemp -d "$PGM_TEST_CLUSTER_PARENT/pgm-test.XXXXXX")
URL=$(sh scripts/pgcluster.sh start "$CLUSTER")
PORT=$(sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' "$CLUSTER/env")
echo "test: server at $URL"

# The end-to-end tests and the equivalent pairs copy a database where CREATE EXTENSION pg_migrate
# just ran instead of running the extension's script in each of their databases (PGMIG_TEST_TEMPLATE,
# docs/testing.md); installcheck and the tests of CREATE EXTENSION itself still run it.
PGMIG_TEST_TEMPLATE=pgmig_test_template
export PGMIG_TEST_TEMPLATE
# make_template URL: create the template database on the server of URL.
make_template() {
	psql -X -q "$1" -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PGMIG_TEST_TEMPLATE" &&
		psql -X -q "${1%/*}/$PGMIG_TEST_TEMPLATE" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION pg_migrate"
}

# The equivalent-schema pairs run on a cluster of their own, in one lane, beside installcheck and
# ctest: installcheck and most of ctest's end-to-end tests run one at a time (RUN_SERIAL) and leave
# a core mostly idle, and those tests count the shadow databases of their server, which the pairs'
# checks create.  Waited for after ctest.
section "autogenerate: equivalent pairs in the background on a second cluster (test/autogen/equivalent)"
EQUIV_CLUSTER=$(mktemp -d "$PGM_TEST_CLUSTER_PARENT/pgm-equiv-cluster.XXXXXX")
EQUIV_URL=$(sh scripts/pgcluster.sh start "$EQUIV_CLUSTER")
if ! make_template "$EQUIV_URL"; then
	echo "test: FAILED: could not make the template database of the equivalent pairs" >&2
	exit 1
fi
EQUIV_LOG=$(mktemp /tmp/pgm-equiv-log.XXXXXX)
equiv_start=$(date +%s)
JOBS=1 PGMIG=build/pgmig URL="$EQUIV_URL" sh test/autogen/equivalent/run.sh >"$EQUIV_LOG" 2>&1 &
EQUIV_PID=$!

section "installcheck: pg_regress and isolation tests"
rm -rf results output_iso regression.diffs regression.out
if ! make installcheck PG_CONFIG="$PG_CONFIG" PGHOST=127.0.0.1 PGPORT="$PORT" PGUSER=postgres; then
	for diffs in regression.diffs output_iso/regression.diffs; do
		if [ -f "$diffs" ]; then
			echo "--- $diffs ---"
			cat "$diffs"
		fi
	done
	server_log_tail 100
	echo "test: FAILED: make installcheck" >&2
	exit 1
fi

if ! make_template "$URL"; then
	server_log_tail 50
	echo "test: FAILED: could not make the template database of the end-to-end tests" >&2
	exit 1
fi

# The short crash trials, on a cluster of their own, also beside ctest (they measure an
# uninterrupted run first and kill within it, so a busier machine only moves the kills).
CRASH_LOG=$(mktemp /tmp/pgm-crash-log.XXXXXX)
sh test/crash/run.sh --kills 1 --revisions 40 >"$CRASH_LOG" 2>&1 &
CRASH_PID=$!

# The end-to-end suites that must run alone (e2e_tests, ctest label "serial", RUN_SERIAL: they
# change cluster-wide state: roles, ALTER SYSTEM, counts of sessions or databases) run one at a
# time on a cluster of their own, beside the others on the main cluster: alone on the main
# cluster they left a core mostly idle for about 220 s.  Waited for after the others.
section "ctest: the serial end-to-end suites in the background on a third cluster"
SERIAL_CLUSTER=$(mktemp -d "$PGM_TEST_CLUSTER_PARENT/pgm-serial-cluster.XXXXXX")
SERIAL_URL=$(sh scripts/pgcluster.sh start "$SERIAL_CLUSTER")
if ! make_template "$SERIAL_URL"; then
	echo "test: FAILED: could not make the template database of the serial suites" >&2
	exit 1
fi
SERIAL_LOG=$(mktemp /tmp/pgm-serial-log.XXXXXX)
serial_start=$(date +%s)
PGMIG_TEST_URL="$SERIAL_URL" PGMIG_REQUIRE_DB=1 \
	ctest --test-dir build --output-on-failure -L serial >"$SERIAL_LOG" 2>&1 &
SERIAL_PID=$!

# -j3 on two cores: an end-to-end test keeps its core busy about two thirds of the time (it waits
# for pgmig to start, for connections, for DROP DATABASE), so three at a time fill both cores.
section "ctest: unit and end-to-end tests"
if ! PGMIG_TEST_URL="postgresql://postgres@127.0.0.1:$PORT/postgres" PGMIG_REQUIRE_DB=1 \
	ctest --test-dir build --output-on-failure -j3 -LE serial; then
	server_log_tail 100
	echo "test: FAILED: ctest" >&2
	exit 1
fi

section "ctest: the serial end-to-end suites (their own cluster)"
serial_rc=0
wait "$SERIAL_PID" || serial_rc=$?
SERIAL_PID=""
cat "$SERIAL_LOG"
rm -f "$SERIAL_LOG"
echo "test: the serial suites finished $(($(date +%s) - serial_start))s after they started"
if [ "$serial_rc" -ne 0 ]; then
	echo "--- server log of the serial suites' cluster (last 100 lines) ---"
	tail -n 100 "$SERIAL_CLUSTER/server.log"
	echo "test: FAILED: ctest (the serial end-to-end suites)" >&2
	exit 1
fi
if grep -q "terminated by signal" "$SERIAL_CLUSTER/server.log"; then
	grep -B2 -A2 "terminated by signal" "$SERIAL_CLUSTER/server.log"
	echo "test: FAILED: a server process crashed during the serial suites" >&2
	exit 1
fi
sh scripts/pgcluster.sh stop "$SERIAL_CLUSTER"
SERIAL_CLUSTER=""

section "autogenerate: schemas written two ways must compare equal (test/autogen/equivalent)"
equiv_rc=0
wait "$EQUIV_PID" || equiv_rc=$?
EQUIV_PID=""
cat "$EQUIV_LOG"
rm -f "$EQUIV_LOG"
echo "test: the equivalent pairs finished $(($(date +%s) - equiv_start))s after they started"
if [ "$equiv_rc" -ne 0 ]; then
	echo "--- server log of the equivalent pairs' cluster (last 50 lines) ---"
	tail -n 50 "$EQUIV_CLUSTER/server.log"
	echo "test: FAILED: pgmig check found differences between equivalent schemas" >&2
	exit 1
fi
if grep -q "terminated by signal" "$EQUIV_CLUSTER/server.log"; then
	grep -B2 -A2 "terminated by signal" "$EQUIV_CLUSTER/server.log"
	echo "test: FAILED: a server process crashed during the equivalent pairs" >&2
	exit 1
fi
sh scripts/pgcluster.sh stop "$EQUIV_CLUSTER"
EQUIV_CLUSTER=""

section "crash: kills during pgmig upgrade, both transaction modes (full run: docs/robustness.md)"
crash_rc=0
wait "$CRASH_PID" || crash_rc=$?
CRASH_PID=""
cat "$CRASH_LOG"
rm -f "$CRASH_LOG"
if [ "$crash_rc" -ne 0 ]; then
	echo "test: FAILED: a crash trial left an inconsistent state" >&2
	exit 1
fi

section "fuzz: short run of the fuzz targets (full run: scripts/fuzz.sh 1800, docs/robustness.md)"
fuzz_build_rc=0
wait "$FUZZ_BUILD_PID" || fuzz_build_rc=$?
FUZZ_BUILD_PID=""
cat "$FUZZ_LOG"
rm -f "$FUZZ_LOG"
if [ "$fuzz_build_rc" -ne 0 ]; then
	echo "test: FAILED: the fuzz targets did not build" >&2
	exit 1
fi
if ! sh scripts/fuzz.sh "${PGM_FUZZ_SECONDS:-10}"; then
	echo "test: FAILED: fuzzing found a crash, a leak, a sanitizer report or a broken invariant" >&2
	exit 1
fi

section "hostile input: short large-upload run (full run: test/hostile/big.sh build/pgmig URL)"
if ! sh test/hostile/big.sh --quick build/pgmig "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the large-upload run did not complete" >&2
	exit 1
fi
if grep -q "terminated by signal" "$CLUSTER/server.log"; then
	grep -B2 -A2 "terminated by signal" "$CLUSTER/server.log"
	echo "test: FAILED: a server process crashed during the tests" >&2
	exit 1
fi

section "bench: short run (prints figures, asserts nothing)"
if ! sh bench/run.sh --revisions 100 --repeat 3 --url "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the benchmark did not complete" >&2
	exit 1
fi
if ! sh bench/autogen.sh --tables 100 --repeat 1 --url "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the autogenerate benchmark did not complete" >&2
	exit 1
fi
if ! sh bench/peers.sh --revisions 20 --repeat 1 --warmup 0 --url "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the benchmark against Alembic and dbmate did not complete" >&2
	exit 1
fi
if ! sh bench/fleet.sh --databases 10 --url "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the fleet benchmark did not complete" >&2
	exit 1
fi

# Last: dpkg -i replaces the extension files "make install" put in /usr/lib/postgresql/15 (the
# same version, so the sections above would have run the same; none runs after this one).
section "package: Debian packages, dpkg -i, the sample project with /usr/bin/pgmig (docs/packaging.md)"
if ! wait "$PKG_PID"; then
	PKG_PID=""
	tail -n 100 "$PKG_LOG"
	echo "test: FAILED: the Debian packages did not build" >&2
	exit 1
fi
PKG_PID=""
tail -n 5 "$PKG_LOG"
echo "test: the packages were ready $(($(date +%s) - package_start))s after the build started"
if ! sh test/package/run.sh build-deb "$URL"; then
	server_log_tail 50
	echo "test: FAILED: the installed packages did not run the sample project" >&2
	exit 1
fi
rm -f "$PKG_LOG"

section "all tests passed in $(($(date +%s) - START))s"
