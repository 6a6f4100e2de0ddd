#!/bin/sh
# scripts/demo.sh [--keep]: the sample project end to end, from a bare Debian 12 (as root).
#
# Installs what is missing, builds everything, installs pgmig, its man page and completions
# under /usr/local (cmake --install; they stay, pgmig on the PATH), starts a throwaway PostgreSQL
# 15 cluster, creates the database "dragonai" with the extension, then drives the sample project
# (pgmig.toml and migrations/ at the repository root) with pgmig: upgrade to head, look at
# current and history, step back one revision and up again, and shows the same state from psql.
# The cluster is stopped and removed at the end; with --keep it stays up and the script prints
# its URL and the command that stops it.
set -eu

export LANG=C.UTF-8 LC_ALL=C.UTF-8
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

KEEP=0
for arg in "$@"; do
	case "$arg" in
		--keep) KEEP=1 ;;
		-h | --help)
			sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "usage: $0 [--keep]" >&2
			exit 2
			;;
	esac
done

CLUSTER=""
cleanup() {
	if [ -n "$CLUSTER" ]; then
		sh "$ROOT/scripts/pgcluster.sh" stop "$CLUSTER" || true
		CLUSTER=""
	fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# show ARGS...: print a command the way it would be typed (arguments with blanks or quotes in
# single quotes), then run it.
show() {
	line="$"
	for a in "$@"; do
		case "$a" in
			*[!A-Za-z0-9_./:@=+,-]* | '') line="$line '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
			*) line="$line $a" ;;
		esac
	done
	echo
	echo "$line"
	"$@"
}

banner() {
	echo
	echo "=== $* ==="
}

banner "setup and build"
sh scripts/setup.sh
echo "building the extension and pgmig (a few minutes the first time; scripts/build.sh) ..."
sh scripts/build.sh >/dev/null
echo "built: extension installed, build/pgmig ready"
cmake --install build --prefix /usr/local >/dev/null
echo "installed: /usr/local/bin/pgmig, its man page (man pgmig) and its bash and zsh completions"

banner "a throwaway PostgreSQL 15 cluster"
CLUSTER=$(mktemp -d /tmp/pgm-demo.XXXXXX)
sh scripts/pgcluster.sh start "$CLUSTER" >/dev/null
PORT=$(sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' "$CLUSTER/env")
DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/dragonai"
export DATABASE_URL

show psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE dragonai"
show psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d dragonai -c "CREATE EXTENSION pg_migrate"

banner "the sample project with pgmig (DATABASE_URL=$DATABASE_URL)"
show cat pgmig.toml
show ls migrations/versions
show pgmig upgrade head
show pgmig current
show pgmig history
show pgmig downgrade -1
show pgmig current
show pgmig upgrade head
show pgmig current

banner "autogenerate: the models (models/) against the database"
show ls models
show pgmig check
# A change to the models, in a scratch copy of the project so the repository stays as it is.
WORK="$CLUSTER/project"
mkdir -p "$WORK"
cp -R pgmig.toml migrations models "$WORK/"
PGMIG=$(command -v pgmig)
printf '\nALTER TABLE users ADD COLUMN bio text;\nCOMMENT ON COLUMN users.bio IS %s;\n' "'Shown on the profile page.'" >>"$WORK/models/001_users.sql"
(
	cd "$WORK"
	show tail -n 3 models/001_users.sql
	show "$PGMIG" check || true
	show "$PGMIG" revision --autogenerate -m "add bio to users" --rev-id 5d1e0c2a9b47
	show cat migrations/versions/5d1e0c2a9b47_add_bio_to_users.sql
	show "$PGMIG" upgrade head
	show "$PGMIG" check
	show "$PGMIG" revision --autogenerate -m "nothing changed"
	show "$PGMIG" downgrade -1
)
# Back in the repository: uploading its folder removes the scratch revision from the catalog.
show pgmig upload

banner "the same database seen from psql"
show psql -X "$DATABASE_URL" -c "SELECT * FROM migrate_current()"
show psql -X "$DATABASE_URL" -c "SELECT * FROM migrate_history()"
show psql -X "$DATABASE_URL" -c "SELECT id, revision, direction, started_at, duration, role, application_name, outcome FROM pg_migrate.log ORDER BY id"
show psql -X "$DATABASE_URL" -c '\dt'

echo
echo "pgmig stays installed in /usr/local/bin, on the PATH: try \"pgmig --help\" and \"man pgmig\";"
echo "a new bash shell completes its commands, options and revision ids (pgmig <TAB>)."
if [ "$KEEP" -eq 1 ]; then
	echo
	echo "The cluster is still running:"
	echo "  export DATABASE_URL=$DATABASE_URL"
	echo "  psql \"\$DATABASE_URL\""
	echo "Stop and remove it with:"
	echo "  scripts/pgcluster.sh stop $CLUSTER"
	CLUSTER=""
else
	banner "done; stopping the cluster (run with --keep to leave it running)"
fi
