#!/usr/bin/env python3
"""pgmig_models.py: print the PostgreSQL DDL of SQLAlchemy models, for pg_migrate.

Usage: pgmig_models.py MODULE:BASE [MODULE ...]

Imports MODULE (and every further MODULE, e.g. the modules that define more models on the
same base), with the current directory on sys.path, then prints the CREATE statements of
BASE.metadata for PostgreSQL, in dependency order, each ending with ";": schemas, enum
types, sequences, tables, indexes and comments.  BASE is a declarative base class (or any
object with a .metadata) or a MetaData object; a dotted path such as db.Base works too.
No database is needed: the DDL is compiled with SQLAlchemy's mock engine.

Use it as the models command of pg_migrate (pgmig.toml, run in pgmig.toml's directory):

    models_command = "python3 contrib/sqlalchemy/pgmig_models.py app.models:Base"

Works with SQLAlchemy 1.4 and 2.0.  Errors go to standard error with exit status 2 for a
bad argument and 1 for a module that cannot be imported or a missing attribute.
"""

import importlib
import os
import sys
import traceback

PROG = "pgmig_models.py"
USAGE = "usage: %s MODULE:BASE [MODULE ...]" % PROG


def fail(message, status=1, detail=None):
    sys.stderr.write("%s: error: %s\n" % (PROG, message))
    if detail:
        sys.stderr.write(detail if detail.endswith("\n") else detail + "\n")
    sys.exit(status)


def usage_error(message):
    sys.stderr.write("%s\n" % USAGE)
    fail(message, status=2)


def import_module(name):
    try:
        return importlib.import_module(name)
    except Exception as exc:  # the models' own errors too: SyntaxError, NameError, ...
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        missing = getattr(exc, "name", None)
        if isinstance(exc, ModuleNotFoundError) and missing and (name == missing or name.startswith(missing + ".")):
            fail('could not import module "%s": %s' % (name, summary),
                 detail="The current directory (%s) and the usual places are searched." % os.getcwd())
        # The traceback of the user's code, without this script's and importlib's frames.
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename != __file__ and "importlib" not in f.filename]
        detail = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames[-10:])) + summary
        fail('could not import module "%s": %s' % (name, summary), detail=detail)


def resolve(module, module_name, path):
    obj = module
    for part in path.split("."):
        if not part or not hasattr(obj, part):
            fail('module "%s" has no attribute "%s"' % (module_name, path))
        obj = getattr(obj, part)
    return obj


def metadata_of(obj, spec):
    from sqlalchemy import MetaData

    if isinstance(obj, MetaData):
        return obj
    metadata = getattr(obj, "metadata", None)
    if isinstance(metadata, MetaData):
        return metadata
    fail('"%s" is neither a MetaData nor a declarative base (it has no .metadata)' % spec)


def parse_args(argv):
    if not argv or argv[0] in ("-h", "--help"):
        if argv:
            sys.stdout.write(USAGE + "\n")
            sys.exit(0)
        usage_error("missing MODULE:BASE")
    spec = argv[0]
    module_name, sep, base = spec.partition(":")
    if not sep or not module_name or not base:
        usage_error('invalid argument "%s": expected MODULE:BASE, e.g. app.models:Base' % spec)
    for extra in argv[1:]:
        if not extra or ":" in extra or extra.startswith("-"):
            usage_error('invalid argument "%s": expected a MODULE to import' % extra)
    return spec, module_name, base, argv[1:]


def ddl_statements(metadata):
    """The DDL of metadata.create_all on PostgreSQL, compiled, in SQLAlchemy's order."""
    from sqlalchemy import create_mock_engine

    statements = []

    def executor(sql, *args, **kwargs):
        statements.append(str(sql.compile(dialect=engine.dialect)).strip())

    engine = create_mock_engine("postgresql://", executor)
    metadata.create_all(engine, checkfirst=False)
    return statements


def main(argv):
    spec, module_name, base, extra_modules = parse_args(argv)
    sys.path.insert(0, os.getcwd())
    try:
        import sqlalchemy  # noqa: F401
    except ImportError as e:
        fail("could not import sqlalchemy: %s" % e,
             detail="Run this script with the Python interpreter that has the project's SQLAlchemy.")
    module = import_module(module_name)
    for name in extra_modules:
        import_module(name)
    metadata = metadata_of(resolve(module, module_name, base), spec)
    out = []
    # create_all does not create schemas; the tables of other schemas need them.
    schemas = sorted({t.schema for t in metadata.tables.values() if t.schema and t.schema != "public"})
    if metadata.schema and metadata.schema != "public" and metadata.schema not in schemas:
        schemas.append(metadata.schema)
    from sqlalchemy.dialects import postgresql

    preparer = postgresql.dialect().identifier_preparer
    for schema in schemas:
        out.append("CREATE SCHEMA IF NOT EXISTS %s" % preparer.quote_schema(schema))
    out.extend(ddl_statements(metadata))
    if not metadata.tables:
        fail('"%s" has no tables' % spec,
             detail="Import the modules that define the models too: %s %s MODULE ..." % (PROG, spec))
    sys.stdout.write("".join(s + ";\n\n" for s in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
