"""alembic_export.py: the SQL of every revision of an Alembic project, by real Alembic.

Embedded into pgmig at build time and run by "pgmig import alembic" with the project's Python
interpreter, in the directory of the project's alembic.ini:

    python3 - INI OUTPUT_JSON

It loads the project as the alembic command does (Config, ScriptDirectory.from_config, which
honours prepend_sys_path), runs the project's env.py in offline mode (as "alembic upgrade --sql"
does), and inside the migration function that env.py's run_migrations() calls (Alembic's "op"
is installed then) calls each revision's upgrade() and downgrade() itself, cutting the output
buffer per call.  The output buffer is always the exporter's own: an output_buffer that env.py
passes to context.configure() (the multidb template opens one file per database) is replaced,
so no SQL is written into the project.  The number of run_migrations() calls is reported: more
than one means env.py migrates several databases, which pgmig refuses.  No step is handed back to Alembic, so no alembic_version statement, no
"-- Running" comment and no BEGIN/COMMIT is in the slices.  If env.py cannot run offline, a
bare PostgreSQL offline context is used instead (configured as Alembic's env.py templates
configure it: literal binds, the "named" paramstyle, so "%" is not doubled), and the reason is
reported.  For each upgrade() and downgrade() it also reports whether the body is only "pass"
(or a docstring), so that pgmig can warn about a revision that wrote no SQL although its code
does something.

The result is written as JSON to OUTPUT_JSON (stdout belongs to env.py and its logging).
"""

import contextlib
import io
import ast
import json
import os
import re
import sys
import traceback

_READING = re.compile(r"^\s*(select|with|show|table|values|explain|fetch)\b", re.I)


def _describe(exc):
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


class _Recorder:
    """What one revision function did besides writing SQL."""

    def __init__(self):
        self.autocommit = False
        self.reads = []


def main():
    ini, output = sys.argv[1], sys.argv[2]
    from alembic import __version__ as alembic_version
    from alembic.config import Config
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    buf = io.StringIO()
    config = Config(ini, output_buffer=buf)
    script = ScriptDirectory.from_config(config)
    scripts = list(script.walk_revisions("base", "heads"))

    result = {
        "alembic_version": alembic_version,
        "env_offline": False,
        "env_error": None,
        "dialect": None,
        "version_table": "alembic_version",
        "version_table_schema": None,
        "run_migrations_calls": 0,
        "own_output_buffer": False,
        "revisions": [],
    }
    state = {"recorder": None, "kw": {}}
    original_autocommit = MigrationContext.autocommit_block
    original_run = MigrationContext.run_migrations
    original_configure = EnvironmentContext.configure

    def configure(self, *args, **kw):
        # env.py's own output buffer (a file it opened) is replaced by ours: the export reads
        # the SQL from buf, and nothing is written into the project.
        if kw.get("output_buffer") is not None:
            result["own_output_buffer"] = True
        kw["output_buffer"] = buf
        return original_configure(self, *args, **kw)

    @contextlib.contextmanager
    def autocommit_block(self):
        # Offline, Alembic writes COMMIT; ... BEGIN; around the block: the revision is imported
        # as a non-transactional one instead (see docs/alembic.md).
        if state["recorder"] is not None:
            state["recorder"].autocommit = True
        yield

    def run_migrations(self, **kw):
        result["run_migrations_calls"] += 1
        if result["run_migrations_calls"] == 1:
            state["kw"] = kw
        return original_run(self, **kw)

    def export(context):
        result["dialect"] = context.dialect.name
        version = getattr(context, "_version", None)
        if version is not None:
            result["version_table"] = version.name
            result["version_table_schema"] = version.schema
        connection = context.connection
        dump = connection.execute

        def execute(construct, *multiparams, **params):
            # A statement run on op.get_bind(): offline it only writes text and returns None,
            # so code that reads its result cannot be converted.
            if isinstance(construct, str):
                sql = construct
            else:
                try:
                    sql = str(construct.compile(dialect=connection.dialect))
                except Exception:  # noqa: BLE001 - only used to classify the statement
                    sql = ""
            if getattr(construct, "is_select", False) or _READING.match(sql) or " returning " in sql.lower():
                if state["recorder"] is not None:
                    state["recorder"].reads.append(" ".join(sql.split())[:200])
            return dump(construct, *multiparams, **params)

        connection.execute = execute
        try:
            with Operations.context(context):
                for sc in scripts:
                    entry = {
                        "revision": sc.revision,
                        "down_revision": list(_tuple(sc.down_revision)),
                        "branch_labels": list(_tuple(sc._orig_branch_labels)),
                        "depends_on": list(_tuple(sc.dependencies)),
                        "path": os.path.abspath(sc.path),
                        "doc": sc.doc,
                    }
                    trivial = _trivial_functions(sc.path)
                    for name in ("upgrade", "downgrade"):
                        entry[name] = run_one(sc, name)
                        entry[name]["trivial"] = trivial.get(name)
                    result["revisions"].append(entry)
        finally:
            connection.execute = dump

    def run_one(sc, name):
        recorder = _Recorder()
        state["recorder"] = recorder
        start = len(buf.getvalue())
        error = None
        try:
            getattr(sc.module, name)(**state["kw"])
        except Exception as exc:  # noqa: BLE001 - any failure makes the revision a manual one
            error = _describe(exc)
        finally:
            state["recorder"] = None
        sql = buf.getvalue()[start:]
        out = {"sql": sql, "error": error, "reads": recorder.reads, "autocommit": recorder.autocommit}
        return out

    def fn(heads, context):
        if not result["revisions"] and context.as_sql:
            if context.dialect.name != "postgresql":
                raise _WrongDialect(context.dialect.name)
            export(context)
        return []

    MigrationContext.autocommit_block = autocommit_block
    MigrationContext.run_migrations = run_migrations
    EnvironmentContext.configure = configure
    try:
        try:
            with EnvironmentContext(config, script, fn=fn, as_sql=True, starting_rev=None, destination_rev="heads"):
                script.run_env()
            if result["revisions"] or not scripts:
                result["env_offline"] = True
            else:
                result["env_error"] = "env.py did not call context.run_migrations() in offline mode"
        except _WrongDialect as exc:
            result["env_error"] = "env.py configures the %s dialect in offline mode, not postgresql" % exc.args[0]
        except SystemExit as exc:
            result["env_error"] = "env.py exited with status %s in offline mode" % (exc.code,)
        except Exception as exc:  # noqa: BLE001 - reported, then the fallback runs
            result["env_error"] = "env.py failed in offline mode: " + _describe(exc)
        if not result["env_offline"]:
            del result["revisions"][:]
            buf.seek(0)
            buf.truncate()
            result["run_migrations_calls"] = 0
            result["own_output_buffer"] = False
            # As Alembic's env.py templates configure the offline context: without the "named"
            # paramstyle, SQLAlchemy's default for PostgreSQL (pyformat) doubles every "%".
            context = MigrationContext.configure(
                dialect_name="postgresql",
                opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
                dialect_opts={"paramstyle": "named"},
            )
            state["kw"] = {}
            export(context)
    finally:
        MigrationContext.autocommit_block = original_autocommit
        MigrationContext.run_migrations = original_run
        EnvironmentContext.configure = original_configure

    with open(output, "w", encoding="utf-8") as f:
        json.dump(result, f)


class _WrongDialect(Exception):
    pass


def _trivial_functions(path):
    """name -> True when the top-level function is only "pass" or a docstring, False when it
    does more; names not defined by a plain top-level def are left out (not known)."""
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
    except (OSError, SyntaxError, ValueError):
        return {}
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = all(
                isinstance(stmt, ast.Pass)
                or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
                for stmt in node.body
            )
    return out


def _tuple(value):
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


if __name__ == "__main__":
    main()
