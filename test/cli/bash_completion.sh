#!/bin/bash
# test/cli/bash_completion.sh COMPLETION: drive the bash completion of pgmig the way bash does
# (COMP_WORDS, COMP_CWORD, then the function "complete -p pgmig" names) and check COMPREPLY:
# commands, options (global ones after the command too), option values ("--format json",
# "--format=json"), files, and revision ids read from the script folder of the command line
# (pgmig.toml's script_location, -c FILE, --script-location DIR).  Registered in ctest as
# cli.bash_completion.
set -eu

COMPLETION=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# shellcheck disable=SC1090
. "$COMPLETION"
function=$(complete -p pgmig | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
if [ -z "$function" ]; then
	echo "bash_completion: FAILED: $COMPLETION registers no completion function for pgmig" >&2
	exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# revision_file DIR ID: a revision file with the header pgmig writes.
revision_file() {
	mkdir -p "$1"
	printf -- '-- a revision\n--\n-- Revision ID: %s\n-- Revises:\n-- Create Date: 2026-12-07 00:00:00+00:00\n\n-- migrate:upgrade\nSELECT 1;\n' \
		"$2" >"$1/$2_a_revision.sql"
}
revision_file migrations/versions c527ba0bc760
revision_file migrations/versions 1975ea83b712
# A file whose name does not start with its id: the header is what counts.
revision_file migrations/versions 8b04f6e2d7a9
mv migrations/versions/8b04f6e2d7a9_a_revision.sql migrations/versions/0003_third.sql
mkdir other
printf 'script_location = "db"\n' >other/pgmig.toml
revision_file other/db/versions abc123def456
revision_file elsewhere/versions fe9876543210
touch settings.toml

failed=0
passed=0
# complete WORD...: COMPREPLY, sorted, one a line, for the command line "pgmig WORD..." whose
# last word is being completed.
complete_words() {
	COMP_WORDS=(pgmig "$@")
	COMP_CWORD=$#
	COMP_LINE="pgmig $*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$function" pgmig "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
# expect "WORDS" EXPECTED...: every EXPECTED is offered (a leading ! means: is not offered).
expect() {
	local words=$1 got e ok=1
	shift
	# shellcheck disable=SC2086 # the words of the command line
	got=$(complete_words $words)
	[ "${words: -1}" = " " ] && got=$(complete_words $words "")
	for e in "$@"; do
		if [ "${e#!}" != "$e" ]; then
			printf '%s\n' "$got" | grep -qxF -- "${e#!}" && ok=0
		else
			printf '%s\n' "$got" | grep -qxF -- "$e" || ok=0
		fi
	done
	if [ "$ok" -eq 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "bash_completion: FAILED: \"pgmig $words\" should offer $*; it offers: $(echo $got)" >&2
	fi
}

expect "up" upgrade upload '!downgrade'
expect " " init upgrade import baseline
expect "upgrade --tr" --transaction-per-revision
expect "upgrade -" --sql --dry-run --backup --strict --url --config '!--purge'
expect "upgrade head --u" --url
expect "upgrade " head heads c527ba0bc760 1975ea83b712 8b04f6e2d7a9 '!abc123def456'
expect "downgrade c5" c527ba0bc760 '!1975ea83b712'
expect "downgrade " base -1 1975ea83b712
expect "show " current head 8b04f6e2d7a9
expect "-c other/pgmig.toml show " abc123def456 '!c527ba0bc760'
expect "--config other/pgmig.toml stamp a" abc123def456
expect "--script-location elsewhere stamp " fe9876543210 base '!c527ba0bc760'
expect "stamp fe --script-loc" --script-location
expect "merge " heads 1975ea83b712
expect "repair 19" 1975ea83b712
expect "revision --head " base head c527ba0bc760
expect "history -r " current base c527ba0bc760
expect "current --format " text json
expect "graph --format " dot mermaid '!json'
expect "graph --format = " dot mermaid
expect "validate --format = j" json '!text'
expect "plan " upgrade downgrade
expect "plan upgrade " head 8b04f6e2d7a9
expect "import " alembic
expect "import alembic --ad" --adopt
expect "-c sett" settings.toml
expect "--script-location oth" other
expect "init el" elsewhere
expect "revision -m " '!c527ba0bc760' '!--message'
expect "check --" --from-migrations --models --no-cache --format

echo "bash_completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
