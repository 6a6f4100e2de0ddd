#!/bin/sh
# scripts/build.sh: build and install the extension (PGXS), then build pgmig, the tests and the
# benchmarks (CMake, in build/).  Warnings are errors in both builds.
#
# PG_CONFIG points at PostgreSQL 15's own pg_config: /usr/bin/pg_config is a wrapper that picks
# the highest installed major version, which would change the answer if another one appeared.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG
JOBS=${JOBS:-2}

echo "build: extension (make -j$JOBS WERROR=1 PG_CONFIG=$PG_CONFIG)"
make -j"$JOBS" WERROR=1 PG_CONFIG="$PG_CONFIG"
echo "build: make install"
make install PG_CONFIG="$PG_CONFIG"

echo "build: pgmig, tests and benchmarks (cmake, build/)"
cmake -S . -B build -DPGM_WERROR=ON
cmake --build build -j"$JOBS"
