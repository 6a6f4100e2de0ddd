#!/bin/sh
# scripts/check-format.sh: fail when a C++ file under core/, autogen/, extension/, client/, test/ or bench/ is not
# formatted as .clang-format says (clang-format 14, as in Debian 12).
# Fix a tree with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "check-format: error: $CLANG_FORMAT not found (scripts/setup.sh installs it)" >&2
	exit 1
fi

files=$(find core autogen extension client test bench -type f \( -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null | sort)
if [ -z "$files" ]; then
	echo "check-format: no C++ files"
	exit 0
fi
count=$(echo "$files" | wc -l)
# The list is word-split below, so no name may contain a blank.
if echo "$files" | grep -q '[[:space:]]'; then
	echo "check-format: error: a C++ file name contains a blank" >&2
	exit 1
fi
# First one clang-format run over every file (--dry-run --Werror: about a second, where a run per
# file takes half a minute, most of it starting clang-format); when it finds something, one run
# per file, comparing its output with the file: the report is then the list of files and a
# unified diff of what would change (the first 200 lines), not one warning per token.
# shellcheck disable=SC2086 # word splitting of the file list is intended
if "$CLANG_FORMAT" --style=file --dry-run --Werror $files >/dev/null 2>&1; then
	echo "check-format: $count files ok"
	exit 0
fi
bad=""
diffs=$(mktemp)
trap 'rm -f "$diffs"' EXIT
for f in $files; do
	if ! "$CLANG_FORMAT" --style=file "$f" | diff -u "$f" - >>"$diffs"; then
		bad="$bad $f"
	fi
done
if [ -n "$bad" ]; then
	echo "check-format: error: not formatted as .clang-format says:" >&2
	for f in $bad; do
		echo "  $f" >&2
	done
	echo "check-format: the changes clang-format would make (first 200 lines):" >&2
	head -n 200 "$diffs" >&2
	echo "check-format: hint: clang-format -i$bad" >&2
	exit 1
fi
echo "check-format: $count files ok"
