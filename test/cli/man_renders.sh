#!/bin/sh
# test/cli/man_renders.sh MANPAGE: the man page renders with neither a groff warning (-ww: all
# of them) nor a man-db one.  Registered in ctest as cli.man_renders.
set -eu
MANPAGE=$1
out=$(groff -ww -z -man -Tutf8 "$MANPAGE" 2>&1) || {
	echo "man_renders: FAILED: groff failed: $out" >&2
	exit 1
}
if [ -n "$out" ]; then
	printf 'man_renders: FAILED: groff warns:\n%s\n' "$out" >&2
	exit 1
fi
if command -v man >/dev/null 2>&1; then
	out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$MANPAGE" 2>&1 >/dev/null) || true
	if [ -n "$out" ]; then
		printf 'man_renders: FAILED: man warns:\n%s\n' "$out" >&2
		exit 1
	fi
fi
lines=$(MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$MANPAGE" 2>/dev/null | wc -l)
echo "man_renders: ok ($lines lines at 80 columns, no warning)"
