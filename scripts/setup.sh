#!/bin/sh
# scripts/setup.sh: install the Debian 12 packages pg_migrate needs to build and test.
#
# Runs as root, reads no stdin, and is idempotent: when every package is already installed it
# only asks dpkg-query and returns in well under a second.  Otherwise it runs apt-get update and
# one apt-get install.  postgresql-common is deliberately not named (see the env recipe: naming
# it upgrades the whole postgresql-common family for no benefit); postgresql-server-dev-all
# (pg_buildext, for the Debian packages) may bring a newer postgresql-common with it.
set -eu

PACKAGES="postgresql-15 postgresql-server-dev-15 libpq-dev libssl-dev libcli11-dev libgtest-dev libgmock-dev
cmake g++ make pkg-config libtomlplusplus-dev nlohmann-json3-dev clang-format libbenchmark-dev time
clang-14 libclang-rt-14-dev pgbouncer python3 python3-alembic python3-sqlalchemy python3-psycopg2"
# The Debian packages (debian/, scripts/package.sh) and the man page and completion tests.
PACKAGES="$PACKAGES build-essential debhelper dpkg-dev postgresql-server-dev-all groff-base man-db zsh"
# lld: CI links with it (scripts/build.sh, PGM_FAST_LINK; gold, of binutils, when it is missing);
# ninja-build: scripts/build.sh generates a new build tree for Ninja when it is there (make otherwise).
PACKAGES="$PACKAGES lld ninja-build"

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
		*"install ok installed"*) ;;
		*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "setup: all packages present"
else
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: error: missing packages:$missing" >&2
		echo "setup: hint: run this script as root (e.g. sudo ./scripts/setup.sh) to install them" >&2
		exit 1
	fi
	echo "setup: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 -y -q update </dev/null
	# shellcheck disable=SC2086 # word splitting of the package list is intended
	apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends $missing </dev/null
fi

# The unix-socket directory of the Debian packaging; cheap insurance on thin images.
if [ "$(id -u)" -eq 0 ] && [ ! -d /var/run/postgresql ]; then
	install -d -o postgres -g postgres -m 2775 /var/run/postgresql
fi
