#!/usr/bin/env python3
"""test/meta/refuses_broken.py: scripts/check-meta.py accepts the tree's META.json and refuses
copies of it broken one way at a time, each with the message that names the problem.  Runs the
checker in this process (one Python start).  Registered in ctest as meta.refuses_broken."""
import copy
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "check-meta.py")
spec = importlib.util.spec_from_file_location("check_meta", SCRIPT)
check_meta = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_meta)

with open(os.path.join(ROOT, "META.json"), encoding="utf-8") as f:
    META = json.load(f)


def errors(meta, base=ROOT):
    checker = check_meta.Checker(base)
    checker.check(meta)
    return checker.errors


def runtime(m):
    return m["prereqs"]["runtime"]


CASES = [
    ("no name", "name: required key is missing", lambda m: m.pop("name")),
    ("no version", "version: required key is missing", lambda m: m.pop("version")),
    ("no abstract", "abstract: required key is missing", lambda m: m.pop("abstract")),
    ("no maintainer", "maintainer: required key is missing", lambda m: m.pop("maintainer")),
    ("no license", "license: required key is missing", lambda m: m.pop("license")),
    ("no provides", "provides: required key is missing", lambda m: m.pop("provides")),
    ("no meta-spec", "meta-spec: required key is missing", lambda m: m.pop("meta-spec")),
    ("name with a slash", "is not a term", lambda m: m.update(name="pg/migrate")),
    ("two-part version", "is not a semantic version", lambda m: m.update(version="0.6")),
    ("leading zero", "is not a semantic version", lambda m: m.update(version="0.06.0")),
    ("empty abstract", "must not be empty", lambda m: m.update(abstract=" ")),
    ("maintainer not a string", "must be a string", lambda m: m.update(maintainer=[42])),
    ("license not of the spec", "is not a license name", lambda m: m.update(license="PostgreSQL License")),
    ("license URL", "is not a URL", lambda m: m.update(license={"postgresql": "not a url"})),
    ("provides without file", "provides.pg_migrate.file: required key is missing",
     lambda m: m["provides"]["pg_migrate"].pop("file")),
    ("provides without version", "provides.pg_migrate.version: required key is missing",
     lambda m: m["provides"]["pg_migrate"].pop("version")),
    ("provides a missing file", "does not exist",
     lambda m: m["provides"]["pg_migrate"].update(file="extension/nothing.sql")),
    ("missing docfile", "does not exist", lambda m: m["provides"]["pg_migrate"].update(docfile="docs/nothing.md")),
    ("provides an unknown key", "unknown key", lambda m: m["provides"]["pg_migrate"].update(control="x")),
    ("meta-spec 2", 'must be "1.0.0"', lambda m: m["meta-spec"].update(version="2.0.0")),
    ("release status", "is not one of", lambda m: m.update(release_status="beta")),
    ("prereq version", "is not a version range", lambda m: runtime(m)["requires"].update(PostgreSQL="15")),
    ("prereq range", "is not a version range", lambda m: runtime(m)["requires"].update(PostgreSQL=">= 15, < 16")),
    ("prereq phase", "unknown phase", lambda m: m["prereqs"].update(install={"requires": {"plpgsql": "0"}})),
    ("prereq relation", "unknown relation", lambda m: runtime(m).update(needs={"plpgsql": "0"})),
    ("unknown key", "unknown key", lambda m: m.update(homepage="https://example.org/")),
    ("resources URL", "is not a URL", lambda m: m.update(resources={"homepage": "example.org"})),
    ("repository without type", "url and type go together",
     lambda m: m.update(resources={"repository": {"url": "https://example.org/x.git"}})),
    ("tag with a slash", "is not a tag", lambda m: m["tags"].append("a/b")),
]

passed = failed = 0


def report(ok, message):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"refuses_broken: FAILED: {message}", file=sys.stderr)


found = errors(META)
report(not found, f"the tree's META.json is refused: {found}")
# Accepted forms of the spec must stay accepted.
for name, change in [
    ("license list", lambda m: m.update(license=["postgresql", "mit"])),
    ("license object", lambda m: m.update(license={"PostgreSQL": "https://opensource.org/licenses/PostgreSQL"})),
    ("version range", lambda m: runtime(m)["requires"].update(PostgreSQL=">= 15.0.0, < 16.0.0")),
    ("custom key", lambda m: m.update(x_build="debian")),
    ("pre-release", lambda m: m.update(version="0.7.0-beta1")),
]:
    m = copy.deepcopy(META)
    change(m)
    found = errors(m)
    report(not found, f"{name}: refused: {found}")
for name, expected, change in CASES:
    m = copy.deepcopy(META)
    change(m)
    found = errors(m)
    report(any(expected in e for e in found), f"{name}: expected an error with \"{expected}\", got {found}")

# The command line: exit status 1 and the message, for a broken file and for one that is not JSON.
with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "META.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"name": "pg_migrate",')
    r = subprocess.run([sys.executable, SCRIPT, path], capture_output=True, text=True)
    report(r.returncode == 1 and "is not valid JSON" in r.stderr, f"truncated JSON: {r.returncode} {r.stderr!r}")
    r = subprocess.run([sys.executable, SCRIPT, os.path.join(ROOT, "META.json")], capture_output=True, text=True)
    report(r.returncode == 0 and "check-meta: ok" in r.stdout, f"the tree's META.json: {r.returncode} {r.stderr!r}")

print(f"refuses_broken: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
