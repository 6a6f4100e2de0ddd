#!/bin/sh
# scripts/check-regress.sh: keep the regression suites wired up.
#   - every sql/<name>.sql is listed in the Makefile's REGRESS, and every REGRESS entry has a file;
#   - every specs/<name>.spec is listed in ISOLATION, and every ISOLATION entry has a file;
#   - every test has its expected/<name>.out.
# REGRESS and ISOLATION are read by make itself, so continuation lines and functions work.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

make_var() {
	# shellcheck disable=SC2016 # $($*) is for make, not for the shell
	make -s --no-print-directory PG_CONFIG="$PG_CONFIG" --eval 'pgm-print-%: ; @echo $($*)' "pgm-print-$1"
}

regress=$(make_var REGRESS)
isolation=$(make_var ISOLATION)
fail=0

# listed WORD LIST: true when WORD is one of the blank-separated LIST.
listed() {
	case " $2 " in
		*" $1 "*) return 0 ;;
		*) return 1 ;;
	esac
}

check_dir() {
	dir=$1 ext=$2 var=$3 list=$4
	for f in "$dir"/*."$ext"; do
		[ -e "$f" ] || continue
		name=$(basename "$f" ".$ext")
		if ! listed "$name" "$list"; then
			echo "check-regress: error: $f is not in the Makefile's $var" >&2
			fail=1
		fi
	done
	for name in $list; do
		if [ ! -f "$dir/$name.$ext" ]; then
			echo "check-regress: error: $var lists \"$name\" but $dir/$name.$ext does not exist" >&2
			fail=1
		fi
		if [ ! -f "expected/$name.out" ]; then
			echo "check-regress: error: $var test \"$name\" has no expected/$name.out" >&2
			fail=1
		fi
	done
}

check_dir sql sql REGRESS "$regress"
check_dir specs spec ISOLATION "$isolation"

if [ "$fail" -ne 0 ]; then
	exit 1
fi
# shellcheck disable=SC2086 # one name per line
n_regress=$(printf '%s\n' $regress | grep -c . || true)
# shellcheck disable=SC2086
n_isolation=$(printf '%s\n' $isolation | grep -c . || true)
echo "check-regress: ok ($n_regress regress, $n_isolation isolation tests)"
