#!/bin/sh
# test/package/run.sh DEBDIR URL: install the Debian packages of DEBDIR (scripts/package.sh) and
# run the sample project (pgmig.toml and migrations/ at the top of the tree, as scripts/demo.sh
# does) with the INSTALLED pgmig against a new database of the server at URL, whose extension
# comes from the package (CREATE EXTENSION pg_migrate).  Checks that the files are where users
# look (pgmig in /usr/bin, "man -w pgmig", the bash and zsh completions), that pgmig reports the
# project's version, that "pgmig current" shows the head after "pgmig upgrade head", and that the
# installed bash completion offers the project's revision ids.
#
# Installs with "dpkg -i" (as root; CI).  With PGM_PKG_ROOT=DIR it unpacks the packages into
# DIR instead (dpkg-deb -x), for a relocatable PostgreSQL copy in DIR whose server runs at URL:
# the same checks without touching the machine's packages.  The database is dropped at the end.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 DEBDIR URL" >&2
	exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEBDIR=$1
URL=$2
export LC_ALL=C.UTF-8
VERSION=$(sed -n 's/^EXTVERSION[[:space:]]*=[[:space:]]*//p' "$ROOT/Makefile")
PREFIX=${PGM_PKG_ROOT:-}

ext_deb=$(ls "$DEBDIR"/postgresql-15-pg-migrate_"$VERSION"_*.deb)
cli_deb=$(ls "$DEBDIR"/pgmig_"$VERSION"_*.deb)
if [ -z "$PREFIX" ]; then
	echo "package: dpkg -i $(basename "$ext_deb") $(basename "$cli_deb")"
	dpkg -i "$ext_deb" "$cli_deb" >/dev/null
	dpkg -s postgresql-15-pg-migrate pgmig | grep -E '^(Package|Status|Version):'
else
	echo "package: unpacking into $PREFIX (PGM_PKG_ROOT)"
	dpkg-deb -x "$ext_deb" "$PREFIX"
	dpkg-deb -x "$cli_deb" "$PREFIX"
fi

fail() {
	echo "package: FAILED: $*" >&2
	exit 1
}
for f in /usr/bin/pgmig /usr/share/man/man1/pgmig.1.gz /usr/share/bash-completion/completions/pgmig \
	/usr/share/zsh/vendor-completions/_pgmig /usr/lib/postgresql/15/lib/pg_migrate.so \
	/usr/share/postgresql/15/extension/pg_migrate.control /usr/share/postgresql/15/extension/pg_migrate--"$VERSION".sql; do
	[ -f "$PREFIX$f" ] || fail "$f is not installed"
done
PGMIG=$PREFIX/usr/bin/pgmig
# -a: a "cmake --install" under /usr/local (scripts/demo.sh) comes first on man's path.
if [ -z "$PREFIX" ]; then
	pages=$(man -w -a pgmig) || fail "man -w pgmig finds no page"
else
	pages=$(man -w -a -M "$PREFIX/usr/share/man" pgmig) || fail "man -w pgmig finds no page in $PREFIX"
fi
echo "package: man -w -a pgmig: $(echo $pages)"
printf '%s\n' "$pages" | grep -qxF "$PREFIX/usr/share/man/man1/pgmig.1.gz" || fail "man -w pgmig does not find the package's page"
[ "$("$PGMIG" --version)" = "pgmig $VERSION" ] || fail "$PGMIG --version says \"$("$PGMIG" --version)\""

# The sample project, in a scratch copy; a database of its own on the server.
WORK=$(mktemp -d)
DB=pgm_package_$$
SERVER=${URL%/*}
cleanup() {
	psql -X -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
cp -R "$ROOT/pgmig.toml" "$ROOT/migrations" "$WORK/"
cd "$WORK"
psql -X -q -v ON_ERROR_STOP=1 "$SERVER/postgres" -c "CREATE DATABASE $DB"
psql -X -q -v ON_ERROR_STOP=1 "$SERVER/$DB" -c "CREATE EXTENSION pg_migrate"
extversion=$(psql -X -A -t "$SERVER/$DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_migrate'")
[ "$extversion" = "$VERSION" ] || fail "the packaged extension is version \"$extversion\""
DATABASE_URL=$SERVER/$DB
export DATABASE_URL
head=$("$PGMIG" heads | sed -n 's/^\([^ ]*\) (head)$/\1/p')
[ -n "$head" ] || fail "pgmig heads shows no head"
echo "package: $PGMIG upgrade head"
"$PGMIG" upgrade head
current=$("$PGMIG" current)
echo "package: pgmig current: $current"
[ "$current" = "$head (head)" ] || fail "pgmig current shows \"$current\", not \"$head (head)\""
"$PGMIG" downgrade -1 >/dev/null 2>&1 || fail "pgmig downgrade -1 failed"
"$PGMIG" upgrade head >/dev/null 2>&1 || fail "pgmig upgrade head (again) failed"
[ "$("$PGMIG" current)" = "$head (head)" ] || fail "pgmig current after downgrade -1 and upgrade head"

# The installed bash completion offers the sample project's head for "pgmig upgrade <TAB>".
offered=$(bash -c '. "$1"; COMP_WORDS=(pgmig upgrade ""); COMP_CWORD=2; _pgmig; printf "%s\n" "${COMPREPLY[@]}"' \
	bash "$PREFIX/usr/share/bash-completion/completions/pgmig")
printf '%s\n' "$offered" | grep -qx "$head" || fail "the installed bash completion does not offer $head"
echo "package: ok (installed pgmig $VERSION and the packaged extension ran the sample project to $head)"
