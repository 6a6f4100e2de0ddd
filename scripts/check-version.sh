#!/bin/sh
# scripts/check-version.sh: the release version lives in five places; fail unless they agree.
#   Makefile EXTVERSION, pg_migrate.control default_version, META.json "version" and
#   "provides"."pg_migrate"."version", CMakeLists.txt project(... VERSION ...).
# Also checks the extension's scripts:
#   - the install script extension/pg_migrate--<version>.sql exists;
#   - every older version's install script reaches <version> through update scripts
#     (pg_migrate--A--B.sql), so ALTER EXTENSION pg_migrate UPDATE works from any release;
#   - released scripts stay frozen: every script of an older version (install scripts of other
#     versions, update scripts to other versions) is listed in extension/frozen.sha256 with the
#     checksum it was released with.  When the version is raised, add the scripts of the
#     version just released there (sha256sum extension/pg_migrate--<old>.sql ... >> ...).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# json_paths FILE: print "path=value" for every string value of a JSON file, the path being the
# keys from the top joined by "." (array elements get no key).  Enough for META.json, and needs
# neither jq nor python.
json_paths() {
	awk '
	BEGIN { RS = "\001"; depth = 0 }
	{
		s = $0; n = length(s); i = 1
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\"") {
				j = i + 1; str = ""
				while (j <= n) {
					d = substr(s, j, 1)
					if (d == "\\") { str = str substr(s, j, 2); j += 2; continue }
					if (d == "\"") break
					str = str d; j++
				}
				i = j + 1
				# skip blanks to see whether this string is a key
				k = i
				while (k <= n && substr(s, k, 1) ~ /[ \t\r\n]/) k++
				if (substr(s, k, 1) == ":") { key[depth] = str; havekey[depth] = 1; i = k + 1; continue }
				if (havekey[depth] && isobj[depth]) {
					p = ""
					for (m = 1; m <= depth; m++) if (isobj[m]) p = p (p == "" ? "" : ".") key[m]
					print p "=" str
				}
				continue
			}
			if (c == "{" || c == "[") { depth++; isobj[depth] = (c == "{"); havekey[depth] = 0; key[depth] = "" }
			else if (c == "}" || c == "]") { depth-- }
			else if (c == ",") { havekey[depth] = 0 }
			i++
		}
	}' "$1"
}

fail=0
v_make=$(sed -n 's/^EXTVERSION[[:space:]]*[:?]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' Makefile | head -n 1)
v_control=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\\([^']*\\)'.*/\\1/p" pg_migrate.control | head -n 1)
v_cmake=$(tr '\n' ' ' <CMakeLists.txt | sed -n 's/.*project([[:space:]]*pg_migrate[[:space:]][^)]*VERSION[[:space:]]\{1,\}\([0-9][0-9.]*\).*/\1/p')
# debian/changelog's first entry: "pg-migrate (X.Y.Z) ..." (the packages' version).
v_debian=$(sed -n '1s/^pg-migrate (\([^)]*\)).*/\1/p' debian/changelog 2>/dev/null)
if [ -f META.json ]; then
	paths=$(json_paths META.json)
	v_meta=$(echo "$paths" | sed -n 's/^version=//p' | head -n 1)
	v_meta_provides=$(echo "$paths" | sed -n 's/^provides\.pg_migrate\.version=//p' | head -n 1)
else
	v_meta=""
	v_meta_provides=""
fi

echo "check-version: Makefile EXTVERSION                    = ${v_make:-<missing>}"
echo "check-version: pg_migrate.control default_version     = ${v_control:-<missing>}"
echo "check-version: META.json version                      = ${v_meta:-<missing>}"
echo "check-version: META.json provides.pg_migrate.version  = ${v_meta_provides:-<missing>}"
echo "check-version: CMakeLists.txt project VERSION         = ${v_cmake:-<missing>}"
echo "check-version: debian/changelog version              = ${v_debian:-<missing>}"

for v in "$v_control" "$v_meta" "$v_meta_provides" "$v_cmake" "$v_debian"; do
	if [ -z "$v" ] || [ "$v" != "$v_make" ]; then
		fail=1
	fi
done
if [ -z "$v_make" ]; then
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	echo "check-version: error: the versions above differ or are missing" >&2
	exit 1
fi
if [ ! -f "extension/pg_migrate--$v_make.sql" ]; then
	echo "check-version: error: install script extension/pg_migrate--$v_make.sql does not exist" >&2
	exit 1
fi

# The update chain: from each install script's version, follow update scripts to v_make.
reaches() {
	from=$1 hops=0
	while [ "$from" != "$v_make" ]; do
		hops=$((hops + 1))
		[ "$hops" -le 100 ] || return 1
		next=""
		for u in extension/pg_migrate--"$from"--*.sql; do
			[ -e "$u" ] || continue
			next=${u#extension/pg_migrate--"$from"--}
			next=${next%.sql}
			break
		done
		[ -n "$next" ] || return 1
		from=$next
	done
	return 0
}
for f in extension/pg_migrate--*.sql; do
	name=${f#extension/pg_migrate--}
	name=${name%.sql}
	case "$name" in
		*--*) target=${name#*--} ;;
		*)
			target=$name
			if ! reaches "$name"; then
				echo "check-version: error: no update path from $name to $v_make (extension/pg_migrate--$name--<next>.sql ...)" >&2
				fail=1
			fi
			;;
	esac
	if [ "$target" != "$v_make" ] && ! grep -q "  $f\$" extension/frozen.sha256 2>/dev/null; then
		echo "check-version: error: $f is a released script but not listed in extension/frozen.sha256" >&2
		fail=1
	fi
done
if [ -f extension/frozen.sha256 ] && ! sha256sum --check --quiet --strict extension/frozen.sha256; then
	echo "check-version: error: a released script changed; released scripts stay frozen (extension/frozen.sha256)" >&2
	echo "check-version: hint: put the change in the current version's install script and its update script" >&2
	fail=1
fi
# pg_migrate.stored_state (0.10.0) tells pgmig the extension's version as a literal: the current
# version's install script must define it with that version (and every update script to a new
# version must replace it; extension_update compares function bodies).
last_state=$(grep -n "^CREATE\( OR REPLACE\)\? FUNCTION pg_migrate.stored_state" "extension/pg_migrate--$v_make.sql" | tail -n 1 | cut -d: -f1)
if [ -n "$last_state" ] && ! sed -n "$last_state,\$p" "extension/pg_migrate--$v_make.sql" | grep -q "^SELECT '$v_make'::text,"; then
	echo "check-version: error: pg_migrate.stored_state in extension/pg_migrate--$v_make.sql does not return '$v_make'" >&2
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	exit 1
fi
echo "check-version: ok ($v_make; update chain and frozen scripts checked)"
