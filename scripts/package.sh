#!/bin/sh
# scripts/package.sh [OUTDIR]: build the Debian packages (docs/packaging.md) from this tree:
# postgresql-<version>-pg-migrate for every installed PostgreSQL version debian/pgversions allows,
# and pgmig.  The .deb files land in OUTDIR (default: build-deb/ at the top of the tree).
#
# The build runs with "dpkg-buildpackage -us -uc -b" in a copy of the tree's files (tracked and
# untracked, not ignored), so the tree's own build products (in-tree objects of "make", build/)
# can neither leak into the packages nor be cleaned away.  The copy is always made in the same
# place ($PGM_DEB_WORKDIR, default /tmp/pgm-deb; one build at a time there), and g++ goes through
# ccache when it is installed (the user's cache, CCACHE_DIR), so a second build of the same
# sources mostly hits the cache: dpkg-buildflags' -ffile-prefix-map names the build path, which
# ccache hashes.
# DEB_BUILD_OPTIONS is passed on (default "nocheck noddebs parallel=$JOBS", JOBS default 2: no test
# run, no -dbgsym packages).
# Needs the build dependencies of debian/control (scripts/setup.sh installs them); not root.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${1:-$ROOT/build-deb}
WORK=${PGM_DEB_WORKDIR:-/tmp/pgm-deb}
JOBS=${JOBS:-2}
DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck noddebs parallel=$JOBS}
export DEB_BUILD_OPTIONS

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
exec 9>"$WORK.lock"
flock 9
rm -rf "$WORK"
mkdir -p "$WORK/pg-migrate"

echo "package: copying the tree to $WORK/pg-migrate"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Tracked and untracked files that .gitignore does not exclude (deleted ones are skipped).
	git ls-files -z --cached --others --exclude-standard |
		tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null |
		tar -xf - -C "$WORK/pg-migrate"
else
	tar --exclude=./build --exclude='./build-*' --exclude='*.o' --exclude='*.so' --exclude=./debian/.debhelper \
		-cf - . | tar -xf - -C "$WORK/pg-migrate"
fi

if command -v ccache >/dev/null 2>&1 && [ -d /usr/lib/ccache ] && [ "${PGM_DEB_CCACHE:-1}" != 0 ]; then
	PATH=/usr/lib/ccache:$PATH
	# debhelper (compat 13) runs the dh_auto_* steps with HOME in debian/.debhelper: without this
	# the CMake build would use a new, empty cache in the copy every time.
	CCACHE_DIR=${CCACHE_DIR:-$(ccache -k cache_dir)}
	export PATH CCACHE_DIR
fi

echo "package: dpkg-buildpackage -us -uc -b (DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS)"
start=$(date +%s)
log="$WORK/build.log"
if ! (cd "$WORK/pg-migrate" && dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
	tail -n 60 "$log"
	echo "package: error: dpkg-buildpackage failed; the whole log is $log" >&2
	exit 1
fi
rm -f "$OUT"/*.deb "$OUT"/*.buildinfo "$OUT"/*.changes
mv "$WORK"/*.deb "$OUT"/
mv "$WORK"/*.buildinfo "$WORK"/*.changes "$OUT"/ 2>/dev/null || true
echo "package: built in $(($(date +%s) - start))s:"
for deb in "$OUT"/*.deb; do
	echo "  $deb"
done
