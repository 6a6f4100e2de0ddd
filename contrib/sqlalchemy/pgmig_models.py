#!/usr/bin/env python3
"""pgmig_models.py: print the PostgreSQL DDL of SQLAlchemy models, for pg_migrate.

Usage: pgmig_models.py MODULE:BASE [MODULE ...]

Imports MODULE (and every further MODULE, e.g. the modules that define more models on the
same base), with the current directory on sys.path, then prints the CREATE statements of
BASE.metadata for PostgreSQL, in dependency order, each ending with ";": schemas, enum
types (also those declared with postgresql.ENUM(..., create_type=False)), sequences,
tables, indexes and comments.  What the modules print while they are imported or compiled
goes to standard error, so that standard output holds nothing but the DDL.  BASE is a
declarative base class (or any object with a .metadata) or a MetaData object; a dotted path
such as db.Base works too.
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


def column_types(metadata):
    """The types of every column, with what they wrap (ARRAY items, TypeDecorator impls)."""
    for table in metadata.tables.values():
        for column in table.columns:
            pending = [column.type]
            while pending:
                t = pending.pop()
                yield t
                for attr in ("item_type", "impl"):
                    inner = getattr(t, attr, None)
                    if inner is not None and not isinstance(inner, type) and inner is not t:
                        pending.append(inner)


def named_enums(metadata):
    """The named enum types of the columns: (schema, name, type), in table order, no duplicates."""
    from sqlalchemy import Enum

    seen = {}
    for t in column_types(metadata):
        if isinstance(t, Enum) and t.name:
            seen.setdefault((t.schema, t.name), []).append(t)
    return seen


def sequences_of(metadata):
    """The sequences create_all creates: metadata-level ones and the columns' defaults."""
    from sqlalchemy import Sequence

    found = list(getattr(metadata, "_sequences", {}).values())
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.default, Sequence):
                found.append(column.default)
    return found


def uncreated_enum_ddl(enums):
    """
    CREATE TYPE for the enums create_all leaves out (postgresql.ENUM(..., create_type=False)):
    the tables need them.  One statement per (schema, name), unless another column's enum of
    the same name is created by create_all anyway.
    """
    try:
        from sqlalchemy.dialects.postgresql.named_types import CreateEnumType
    except ImportError:
        from sqlalchemy.dialects.postgresql.base import CreateEnumType
    from sqlalchemy.dialects import postgresql

    dialect = postgresql.dialect()
    out = []
    for types in enums.values():
        if any(getattr(t, "create_type", True) for t in types):
            continue
        out.append(str(CreateEnumType(types[0]).compile(dialect=dialect)).strip())
    return out


def main(argv):
    spec, module_name, base, extra_modules = parse_args(argv)
    sys.path.insert(0, os.getcwd())
    # Whatever the models print while they are imported or compiled (print(), a logging
    # handler on stdout, a C library) goes to standard error: standard output is the DDL.
    sys.stdout.flush()
    ddl_out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        import sqlalchemy  # noqa: F401
    except ImportError as e:
        fail("could not import sqlalchemy: %s" % e,
             detail="Run this script with the Python interpreter that has the project's SQLAlchemy.")
    module = import_module(module_name)
    for name in extra_modules:
        import_module(name)
    metadata = metadata_of(resolve(module, module_name, base), spec)
    if not metadata.tables:
        fail('"%s" has no tables' % spec,
             detail="Import the modules that define the models too: %s %s MODULE ..." % (PROG, spec))
    enums = named_enums(metadata)
    out = []
    # create_all does not create schemas; the tables, enum types and sequences of other
    # schemas need them.
    schemas = {t.schema for t in metadata.tables.values()}
    schemas.update(schema for schema, _ in enums)
    schemas.update(s.schema for s in sequences_of(metadata))
    schemas.add(metadata.schema)
    from sqlalchemy.dialects import postgresql

    preparer = postgresql.dialect().identifier_preparer
    for schema in sorted(s for s in schemas if s and s != "public"):
        out.append("CREATE SCHEMA IF NOT EXISTS %s" % preparer.quote_schema(schema))
    out.extend(uncreated_enum_ddl(enums))
    out.extend(ddl_statements(metadata))
    sys.stdout.flush()
    ddl_out.write("".join(s + ";\n\n" for s in out))
    ddl_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
