#!/usr/bin/env python3
"""scripts/check-meta.py [META.json]: validate a PGXN distribution's META.json against the PGXN
Meta Spec 1.0.0 (https://pgxn.org/spec/).  No validator is packaged in Debian (the reference one
is the Perl module PGXN::Meta::Validator), so this one implements the spec's rules with the
standard library:

  - the required keys: name, version, abstract, maintainer, license, provides, meta-spec;
  - name and extension names are "terms" (2+ characters, no blank, control character, slash,
    backslash or colon), tags are at most 255 characters without slash, backslash or control;
  - versions are SemVer (major.minor.patch, no leading zeros, an optional pre-release);
  - license is one of the spec's names, a list of them, or an object of name -> URL;
  - provides: each extension has a file and a version, optionally abstract and docfile; the
    files named exist (relative to the directory of META.json);
  - meta-spec.version is 1.0.0 (url optional), release_status is stable, testing or unstable;
  - prereqs: phases configure/build/runtime/test/develop, relations requires/recommends/
    suggests/conflicts, each prerequisite a version range ("0", "1.2.3", ">= 1.2.3, < 2.0.0");
  - resources: homepage (URL), bugtracker (web, mailto), repository (url, web, type);
    no_index: file and directory lists; other keys only as custom x_/X_ keys.

Prints every problem found as "check-meta: error: PATH: MESSAGE" and exits 1, else 0.
Called by scripts/test.sh (static checks); test/meta/refuses_broken.py checks it refuses broken
files.
"""
import json
import os
import re
import sys

LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd", "gfdl_1_2",
    "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1",
    "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source", "restricted",
    "unrestricted", "unknown",
}
PHASES = {"configure", "build", "runtime", "test", "develop"}
RELATIONS = {"requires", "recommends", "suggests", "conflicts"}
STATUSES = {"stable", "testing", "unstable"}
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
                    r"(-?[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")
RANGE_PART = re.compile(r"^(==|!=|>=|<=|>|<)?\s*(\S+)$")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
KNOWN = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec", "description",
         "generated_by", "tags", "no_index", "prereqs", "release_status", "resources"}


class Checker:
    def __init__(self, base):
        self.base = base
        self.errors = []

    def error(self, path, message):
        self.errors.append(f"{path}: {message}")

    def string(self, path, value, allow_empty=False):
        if not isinstance(value, str):
            self.error(path, f"must be a string, not {type(value).__name__}")
            return False
        if not allow_empty and not value.strip():
            self.error(path, "must not be empty")
            return False
        return True

    def term(self, path, value):
        if self.string(path, value) and (len(value) < 2 or re.search(r"[\s/\\:\x00-\x1f\x7f]", value)):
            self.error(path, f'"{value}" is not a term (2 or more characters, no blank, "/", "\\\\", ":" '
                             "or control character)")

    def semver(self, path, value):
        if self.string(path, value) and not SEMVER.match(value):
            self.error(path, f'"{value}" is not a semantic version (major.minor.patch, e.g. 1.0.0)')

    def version_range(self, path, value):
        if isinstance(value, int) and value == 0:
            return
        if not self.string(path, value):
            return
        if value == "0":
            return
        for part in value.split(","):
            m = RANGE_PART.match(part.strip())
            if not m or not SEMVER.match(m.group(2)):
                self.error(path, f'"{value}" is not a version range ("0", "1.2.3" or operators and '
                                 'semantic versions such as ">= 1.2.3, < 2.0.0")')
                return

    def url(self, path, value):
        if self.string(path, value) and not URL.match(value):
            self.error(path, f'"{value}" is not a URL')

    def obj(self, path, value):
        if not isinstance(value, dict):
            self.error(path, f"must be an object, not {type(value).__name__}")
            return False
        return True

    def only(self, path, value, keys):
        for key in value:
            if key not in keys and not key.lower().startswith("x_"):
                self.error(f"{path}.{key}", f"unknown key (allowed: {', '.join(sorted(keys))}, or x_ custom keys)")

    def file(self, path, value):
        if self.string(path, value) and not os.path.isfile(os.path.join(self.base, value)):
            self.error(path, f'file "{value}" does not exist')

    def check(self, meta):
        if not self.obj("META.json", meta):
            return
        for key in ("name", "version", "abstract", "maintainer", "license", "provides", "meta-spec"):
            if key not in meta:
                self.error(key, "required key is missing")
        self.only("META", meta, KNOWN)
        if "name" in meta:
            self.term("name", meta["name"])
        if "version" in meta:
            self.semver("version", meta["version"])
        for key in ("abstract", "description", "generated_by"):
            if key in meta:
                self.string(key, meta[key])
        if "maintainer" in meta:
            m = meta["maintainer"]
            if isinstance(m, list):
                if not m:
                    self.error("maintainer", "must name at least one maintainer")
                for i, v in enumerate(m):
                    self.string(f"maintainer[{i}]", v)
            else:
                self.string("maintainer", m)
        if "license" in meta:
            self.license(meta["license"])
        if "provides" in meta:
            self.provides(meta["provides"])
        if "meta-spec" in meta and self.obj("meta-spec", meta["meta-spec"]):
            spec = meta["meta-spec"]
            self.only("meta-spec", spec, {"version", "url"})
            if spec.get("version") != "1.0.0":
                self.error("meta-spec.version", f'must be "1.0.0", not {json.dumps(spec.get("version"))}')
            if "url" in spec:
                self.url("meta-spec.url", spec["url"])
        if "release_status" in meta and meta["release_status"] not in STATUSES:
            self.error("release_status", f"{json.dumps(meta['release_status'])} is not one of {', '.join(sorted(STATUSES))}")
        if "tags" in meta:
            if not isinstance(meta["tags"], list):
                self.error("tags", "must be an array of strings")
            else:
                for i, tag in enumerate(meta["tags"]):
                    if self.string(f"tags[{i}]", tag) and (len(tag) > 255 or re.search(r"[/\\\x00-\x1f\x7f]", tag)):
                        self.error(f"tags[{i}]", f'"{tag}" is not a tag (at most 255 characters, no "/", "\\\\" '
                                                 "or control character)")
        if "prereqs" in meta:
            self.prereqs(meta["prereqs"])
        if "resources" in meta:
            self.resources(meta["resources"])
        if "no_index" in meta and self.obj("no_index", meta["no_index"]):
            self.only("no_index", meta["no_index"], {"file", "directory"})
            for key, value in meta["no_index"].items():
                if not key.lower().startswith("x_"):
                    values = value if isinstance(value, list) else [value]
                    for i, v in enumerate(values):
                        self.string(f"no_index.{key}[{i}]", v)

    def license(self, value):
        if isinstance(value, str):
            if value not in LICENSES:
                self.error("license", f'"{value}" is not a license name of the spec (e.g. postgresql, mit, '
                                      "bsd, gpl_3), nor a list or an object of name -> URL")
        elif isinstance(value, list):
            if not value:
                self.error("license", "must name at least one license")
            for i, v in enumerate(value):
                if not isinstance(v, str) or v not in LICENSES:
                    self.error(f"license[{i}]", f"{json.dumps(v)} is not a license name of the spec")
        elif isinstance(value, dict):
            if not value:
                self.error("license", "must name at least one license")
            for name, link in value.items():
                self.url(f"license.{name}", link)
        else:
            self.error("license", "must be a string, an array or an object")

    def provides(self, value):
        if not self.obj("provides", value):
            return
        if not value:
            self.error("provides", "must list at least one extension")
        for ext, entry in value.items():
            path = f"provides.{ext}"
            self.term(path, ext)
            if not self.obj(path, entry):
                continue
            self.only(path, entry, {"file", "version", "abstract", "docfile"})
            for key in ("file", "version"):
                if key not in entry:
                    self.error(f"{path}.{key}", "required key is missing")
            if "file" in entry:
                self.file(f"{path}.file", entry["file"])
            if "docfile" in entry:
                self.file(f"{path}.docfile", entry["docfile"])
            if "version" in entry:
                self.semver(f"{path}.version", entry["version"])
            if "abstract" in entry:
                self.string(f"{path}.abstract", entry["abstract"])

    def prereqs(self, value):
        if not self.obj("prereqs", value):
            return
        for phase, relations in value.items():
            path = f"prereqs.{phase}"
            if phase not in PHASES and not phase.lower().startswith("x_"):
                self.error(path, f"unknown phase (allowed: {', '.join(sorted(PHASES))})")
                continue
            if not self.obj(path, relations):
                continue
            for relation, prereqs in relations.items():
                rpath = f"{path}.{relation}"
                if relation not in RELATIONS and not relation.lower().startswith("x_"):
                    self.error(rpath, f"unknown relation (allowed: {', '.join(sorted(RELATIONS))})")
                    continue
                if not self.obj(rpath, prereqs):
                    continue
                for name, version in prereqs.items():
                    self.term(f"{rpath}.{name}", name)
                    self.version_range(f"{rpath}.{name}", version)

    def resources(self, value):
        if not self.obj("resources", value):
            return
        self.only("resources", value, {"homepage", "bugtracker", "repository"})
        if "homepage" in value:
            self.url("resources.homepage", value["homepage"])
        if "bugtracker" in value and self.obj("resources.bugtracker", value["bugtracker"]):
            bt = value["bugtracker"]
            self.only("resources.bugtracker", bt, {"web", "mailto"})
            if "web" in bt:
                self.url("resources.bugtracker.web", bt["web"])
            if "mailto" in bt and self.string("resources.bugtracker.mailto", bt["mailto"]) and "@" not in bt["mailto"]:
                self.error("resources.bugtracker.mailto", f'"{bt["mailto"]}" is not an email address')
        if "repository" in value and self.obj("resources.repository", value["repository"]):
            repo = value["repository"]
            self.only("resources.repository", repo, {"url", "web", "type"})
            for key in ("url", "web"):
                if key in repo:
                    self.url(f"resources.repository.{key}", repo[key])
            if "type" in repo and self.string("resources.repository.type", repo["type"]) and \
                    not re.match(r"^[a-z]+$", repo["type"]):
                self.error("resources.repository.type", f'"{repo["type"]}" must be a lower-case word (e.g. git)')
            if ("url" in repo) != ("type" in repo):
                self.error("resources.repository", "url and type go together")


def main(argv):
    if len(argv) > 2:
        print("usage: check-meta.py [META.json]", file=sys.stderr)
        return 2
    path = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "META.json")
    try:
        with open(path, encoding="utf-8") as f:
            meta = json.load(f)
    except OSError as e:
        print(f"check-meta: error: could not read \"{path}\": {e.strerror}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"check-meta: error: \"{path}\" is not valid JSON: {e}", file=sys.stderr)
        return 1
    checker = Checker(os.path.dirname(os.path.abspath(path)))
    checker.check(meta)
    for message in checker.errors:
        print(f"check-meta: error: {message}", file=sys.stderr)
    if checker.errors:
        print(f"check-meta: {path} does not follow the PGXN Meta Spec 1.0.0 ({len(checker.errors)} problems)",
              file=sys.stderr)
        return 1
    print(f"check-meta: ok ({meta['name']} {meta['version']}, PGXN Meta Spec 1.0.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
