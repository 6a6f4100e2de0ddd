#!/bin/sh
# scripts/check-version.sh: the release version lives in five places; fail unless they agree.
#   Makefile EXTVERSION, pg_migrate.control default_version, META.json "version" and
#   "provides"."pg_migrate"."version", CMakeLists.txt project(... VERSION ...).
# Also checks that the install script extension/pg_migrate--<version>.sql exists.
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

for v in "$v_control" "$v_meta" "$v_meta_provides" "$v_cmake"; do
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
echo "check-version: ok ($v_make)"
