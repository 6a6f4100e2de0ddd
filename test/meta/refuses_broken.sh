#!/bin/sh
# test/meta/refuses_broken.sh: scripts/check-meta.py accepts the tree's META.json and refuses
# copies of it broken one way at a time, each with the message that names the problem.
# Registered in ctest as meta.refuses_broken.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK="$ROOT/scripts/check-meta.py"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The files META.json names, so "does not exist" is only reported for the broken copies.
for f in $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))
for e in m["provides"].values():
    print(e["file"]); print(e.get("docfile", e["file"]))' "$ROOT/META.json"); do
	mkdir -p "$WORK/$(dirname "$f")"
	: >"$WORK/$f"
done

failed=0
passed=0
# case NAME EXPECTED PYTHON: META.json changed by PYTHON (m is the parsed file) must be refused
# with a message containing EXPECTED.
case_() {
	python3 -c "import json,sys
m = json.load(open(sys.argv[1]))
$3
json.dump(m, open(sys.argv[2], 'w'), indent=3)" "$ROOT/META.json" "$WORK/META.json"
	if out=$(python3 "$CHECK" "$WORK/META.json" 2>&1); then
		echo "refuses_broken: FAILED: $1: accepted" >&2
		failed=$((failed + 1))
	elif ! printf '%s\n' "$out" | grep -qF -- "$2"; then
		echo "refuses_broken: FAILED: $1: refused without \"$2\": $out" >&2
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}

if python3 "$CHECK" "$ROOT/META.json" >/dev/null; then
	passed=$((passed + 1))
else
	echo "refuses_broken: FAILED: the tree's META.json is refused" >&2
	failed=$((failed + 1))
fi
case_ "no name" "name: required key is missing" 'del m["name"]'
case_ "no maintainer" "maintainer: required key is missing" 'del m["maintainer"]'
case_ "no meta-spec" "meta-spec: required key is missing" 'del m["meta-spec"]'
case_ "name with a slash" "is not a term" 'm["name"] = "pg/migrate"'
case_ "two-part version" "is not a semantic version" 'm["version"] = "0.6"'
case_ "leading zero" "is not a semantic version" 'm["version"] = "0.06.0"'
case_ "license not of the spec" "is not a license name" 'm["license"] = "PostgreSQL License"'
case_ "license URL" "is not a URL" 'm["license"] = {"postgresql": "not a url"}'
case_ "provides without file" "provides.pg_migrate.file: required key is missing" 'del m["provides"]["pg_migrate"]["file"]'
case_ "provides without version" "provides.pg_migrate.version: required key is missing" 'del m["provides"]["pg_migrate"]["version"]'
case_ "provides a missing file" "does not exist" 'm["provides"]["pg_migrate"]["file"] = "extension/nothing.sql"'
case_ "missing docfile" "does not exist" 'm["provides"]["pg_migrate"]["docfile"] = "docs/nothing.md"'
case_ "meta-spec 2" "must be \"1.0.0\"" 'm["meta-spec"]["version"] = "2.0.0"'
case_ "release status" "is not one of" 'm["release_status"] = "beta"'
case_ "prereq version" "is not a version range" 'm["prereqs"]["runtime"]["requires"]["PostgreSQL"] = "15"'
case_ "prereq phase" "unknown phase" 'm["prereqs"]["install"] = {"requires": {"PostgreSQL": "15.0.0"}}'
case_ "prereq relation" "unknown relation" 'm["prereqs"]["runtime"]["needs"] = {"plpgsql": "0"}'
case_ "unknown key" "unknown key" 'm["homepage"] = "https://example.org/"'
case_ "resources URL" "is not a URL" 'm["resources"] = {"homepage": "example.org"}'
case_ "tag with a slash" "is not a tag" 'm["tags"].append("a/b")'
printf '{"name": "pg_migrate",' >"$WORK/META.json"
if python3 "$CHECK" "$WORK/META.json" 2>&1 | grep -q "is not valid JSON"; then
	passed=$((passed + 1))
else
	echo "refuses_broken: FAILED: truncated JSON accepted" >&2
	failed=$((failed + 1))
fi

echo "refuses_broken: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
