/*
 * alembic_import_test.cpp: end-to-end tests of "pgmig import alembic" on the seed-shaped
 * Alembic project test/alembic/dragonai, with Debian's real Alembic and a real server: Alembic
 * migrates a database online (python3-psycopg2) and takes its own downgrades back, pgmig
 * imports the project, prints the same history, heads and branches, adopts the database, finds
 * it equal to the project's SQLAlchemy models (pgmig_models.py) and to a fresh database built
 * from the imported files, autogenerates the next revision from a changed model, and empties
 * the fresh database.  Revisions that cannot run offline, reruns, edited files, unknown ids in
 * alembic_version and --drop-alembic-version.
 *
 * The Python interpreter is the first of $PGMIG_TEST_PYTHON, python3 and /usr/bin/python3 that
 * has alembic, sqlalchemy and psycopg2 (harness PythonWith).
 */
#include "test/e2e/harness.hpp"

#include "autogen/diff.hpp"

#include <algorithm>
#include <regex>

namespace e2e {
namespace {

using Strings = std::vector<std::string>;

const char *const kHeads[] = {"7f2c5d9e4b10", "9e4f7a1b6d32"};

/* Python: the interpreter with Alembic, SQLAlchemy and psycopg2 (fails the test when none has them). */
std::string
Python() {
	std::string python = PythonWith("alembic, sqlalchemy, psycopg2");
	if (python.empty())
		ADD_FAILURE() << "no Python with alembic, sqlalchemy and psycopg2 (install python3-alembic, "
		                 "python3-sqlalchemy and python3-psycopg2, or set PGMIG_TEST_PYTHON)";
	return python.empty() ? "python3" : python;
}

std::string
Quoted(const std::string &s) {
	return ShellQuoted(s);
}

/* SchemaDump: pg_dump -s of conninfo without pg_migrate's schema and alembic_version. */
std::string
SchemaDump(const std::string &conninfo, const fs::path &file) {
	int rc = Sh(PgBinDir() + "/pg_dump -s -N pg_migrate -T public.alembic_version " + Quoted(conninfo) + " > " +
	            Quoted(file.string()));
	EXPECT_EQ(rc, 0);
	std::string kept;
	for (const std::string &line : Lines(ReadFile(file)))
		if (line.rfind("--", 0) != 0 && line.rfind("\\restrict", 0) != 0 && line.rfind("\\unrestrict", 0) != 0 &&
		    line.find("EXTENSION") == std::string::npos)
			kept += line + "\n";
	return kept;
}

class AlembicImportTest : public DbTest {
protected:
	void
	SetUp() override {
		DbTest::SetUp();
		if (IsSkipped() || HasFatalFailure())
			return;
		fs::copy(fs::path(PGM_SOURCE_DIR) / "test" / "alembic" / "dragonai", dir_,
		         fs::copy_options::recursive | fs::copy_options::overwrite_existing);
	}

	/*
	 * Alembic: the stdout of "alembic ARGS" in the project.  Alembic 1.8 lists the versions
	 * folder in os.listdir() order, which depends on the file system; newer Alembic sorts it by
	 * name, as pgmig loads files.  The listing is sorted here so the outputs can be compared.
	 */
	std::string
	Alembic(const std::string &args) {
		fs::path out = dir_ / "alembic.out";
		std::string code = "import os, sys; _l = os.listdir; os.listdir = lambda p='.': sorted(_l(p)); "
		                   "sys.argv[0] = 'alembic'; import alembic.config; alembic.config.main()";
		int rc = Sh("cd " + Quoted(dir_.string()) + " && " + Quoted(Python()) + " -c " + Quoted(code) + " " + args +
		            " > " + Quoted(out.string()) + " 2>/dev/null");
		EXPECT_EQ(rc, 0) << "alembic " << args;
		return ReadFile(out);
	}

	/*
	 * AlembicOnline: "alembic ARGS" run online by real Alembic on database db (psycopg2), in the
	 * project; env.py reads the URL from DATABASE_URL (app.config).  Its output is shown when it fails.
	 */
	void
	AlembicOnline(const std::string &db, const std::string &args) {
		fs::path log = dir_ / "alembic.log";
		int rc = Sh("cd " + Quoted(dir_.string()) +
		            " && PYTHONDONTWRITEBYTECODE=1 DATABASE_URL=" + Quoted(SqlalchemyUrl(db)) + " " + Quoted(Python()) +
		            " -m alembic " + args + " > " + Quoted(log.string()) + " 2>&1");
		ASSERT_EQ(rc, 0) << "alembic " << args << ":\n" << ReadFile(log);
	}

	/* AlembicUpgrade: real Alembic migrates database db to heads. */
	void
	AlembicUpgrade(const std::string &db) {
		AlembicOnline(db, "upgrade heads");
	}

	/* AlembicVersion: the revisions in alembic_version of the test database, sorted. */
	std::string
	AlembicVersion() {
		return Scalar("SELECT coalesce(string_agg(version_num, ',' ORDER BY 1), '') FROM alembic_version");
	}

	RunResult
	Import(Strings extra = {}) {
		Strings args = {"import", "alembic", "--python", Python()};
		args.insert(args.end(), extra.begin(), extra.end());
		return Run(args);
	}

	std::string
	Heads() {
		return Scalar("SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM pg_migrate.version");
	}

	int
	SqlFileCount() {
		int n = 0;
		for (const auto &entry : fs::directory_iterator(Versions()))
			n += entry.path().extension() == ".sql";
		return n;
	}

	/* Snapshot: migrate_snapshot() of the database conninfo, as text. */
	std::string
	Snapshot(const std::string &conninfo) {
		pgmig::Connection c(conninfo);
		pgmig::ResultPtr res = c.Exec("SELECT migrate_snapshot()::text");
		return PQgetvalue(res.get(), 0, 0);
	}

	std::string
	UserObjects(const std::string &conninfo) {
		pgmig::Connection c(conninfo);
		pgmig::ResultPtr res = c.Exec(
		    "SELECT coalesce(string_agg(n.nspname || '.' || c.relname, ',' ORDER BY 1), '') FROM pg_class c JOIN "
		    "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', "
		    "'pg_toast', 'pg_migrate') UNION ALL SELECT coalesce(string_agg(typname, ','), '') FROM pg_type t JOIN "
		    "pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname = 'public' UNION ALL "
		    "SELECT coalesce(string_agg(nspname, ','), '') FROM pg_namespace WHERE nspname = 'audit'");
		std::string out;
		for (int i = 0; i < PQntuples(res.get()); i++)
			out += std::string(PQgetvalue(res.get(), i, 0)) + ";";
		return out;
	}
};

TEST_F(AlembicImportTest, ImportAdoptAndRebuild) {
	// Real Alembic, online: up, its own downgrades back (one step of the audit branch, whose
	// index is dropped CONCURRENTLY in an autocommit block, then everything), and up again.
	AlembicUpgrade(db_name_);
	EXPECT_EQ(AlembicVersion(), std::string(kHeads[0]) + "," + kHeads[1]);
	EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE username = 'system'"), "1");
	AlembicOnline(db_name_, "downgrade audit@-1");
	EXPECT_EQ(AlembicVersion(), std::string(kHeads[0]) + ",8d3e6f0a5c21");
	EXPECT_EQ(Scalar("SELECT to_regclass('audit.ix_audit_events_occurred_at') IS NULL"), "t");
	AlembicOnline(db_name_, "downgrade base");
	EXPECT_EQ(AlembicVersion(), "");
	EXPECT_EQ(UserObjects(url_), "public.alembic_version,public.alembic_version_pkc;;;");
	AlembicUpgrade(db_name_);
	EXPECT_EQ(AlembicVersion(), std::string(kHeads[0]) + "," + kHeads[1]);

	RunResult r = Import();
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	EXPECT_CONTAINS(r.out, "Imported 9 Alembic revisions: 9 written, 0 unchanged.");
	EXPECT_TRUE(fs::exists(Versions() / "c527ba0bc760_initial_migration.sql"));
	std::string autocommit = ReadFile(Versions() / "9e4f7a1b6d32_index_audit_events_by_time.sql");
	EXPECT_CONTAINS(autocommit, "-- Transactional: false\n");
	EXPECT_CONTAINS(autocommit, "CREATE INDEX CONCURRENTLY ix_audit_events_occurred_at ON audit.events (occurred_at);");
	EXPECT_EQ(autocommit.find("COMMIT"), std::string::npos);
	std::string initial = ReadFile(Versions() / "c527ba0bc760_initial_migration.sql");
	EXPECT_CONTAINS(initial, "CREATE TYPE messagerole AS ENUM ('user', 'assistant', 'system');");
	EXPECT_CONTAINS(initial, "DROP TYPE messagerole;");
	EXPECT_EQ(initial.find("alembic_version"), std::string::npos);
	std::string audit = ReadFile(Versions() / "8d3e6f0a5c21_create_audit_schema.sql");
	EXPECT_CONTAINS(audit, "-- Revises:\n-- Create Date: 2025-03-01 09:00:00.000000\n-- Branch Labels: audit\n"
	                       "-- Depends On: c527ba0bc760\n");

	// The same listings as Alembic's, byte for byte (branch children in a set order: sorted).
	EXPECT_EQ(Out({"history"}), Alembic("history"));
	EXPECT_EQ(Out({"heads"}), Alembic("heads"));
	Strings ours = Lines(Out({"branches"})), theirs = Lines(Alembic("branches"));
	EXPECT_EQ(ours.size(), theirs.size());
	std::sort(ours.begin(), ours.end());
	std::sort(theirs.begin(), theirs.end());
	EXPECT_EQ(ours, theirs);

	// Adopt: stamped as alembic_version says, logged, no revision SQL run.
	std::string before = SchemaDump(url_, dir_ / "before.sql");
	r = Import({"--adopt"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Imported 9 Alembic revisions: 0 written, 9 unchanged.");
	EXPECT_CONTAINS(r.out, "Adopted the database at 7f2c5d9e4b10, 9e4f7a1b6d32");
	EXPECT_CONTAINS(r.out, "public.alembic_version is left in place.");
	EXPECT_EQ(Heads(), std::string(kHeads[0]) + "," + kHeads[1]);
	EXPECT_EQ(Scalar("SELECT string_agg(revision || ' ' || direction || ' ' || reason, ';' ORDER BY revision) FROM "
	                 "pg_migrate.log"),
	          "7f2c5d9e4b10 stamp adopted from alembic_version;9e4f7a1b6d32 stamp adopted from alembic_version");
	EXPECT_EQ(SchemaDump(url_, dir_ / "after.sql"), before);
	EXPECT_EQ(Scalar("SELECT count(*) FROM alembic_version"), "2");
	r = Run({"upgrade", "heads"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Nothing to do."}));

	// Again: nothing written, nothing changed.
	r = Import({"--adopt"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "The database is already adopted: its current revisions are 7f2c5d9e4b10, 9e4f7a1b6d32");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "2");

	// A fresh database built by pgmig has Alembic's schema, and downgrade base empties it.
	std::string fresh = Conninfo(CreateDatabase(true));
	r = Run({"--url", fresh, "upgrade", "heads"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(SchemaDump(fresh, dir_ / "fresh.sql"), before);
	// The same comparison as check's: the differ finds nothing between the two databases.
	pgm::schema::Snapshot built_by_alembic = pgm::schema::ParseSnapshot(Snapshot(url_), "the Alembic database");
	pgm::schema::ExcludeObjects(built_by_alembic, {"public.alembic_version"});
	pgm::schema::DiffResult diff =
	    pgm::schema::Diff(built_by_alembic, pgm::schema::ParseSnapshot(Snapshot(fresh), "the fresh database"));
	std::string changes;
	for (const pgm::schema::Change &change : diff.changes)
		changes += change.description + "\n";
	EXPECT_EQ(changes, "");
	r = Run({"--url", fresh, "downgrade", "base"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(UserObjects(fresh), ";;;");
}

/*
 * The move-in path end to end: real Alembic builds the database, "import alembic --adopt" takes
 * it over, and the project's SQLAlchemy models (pgmig_models.py as models_command) describe
 * exactly that schema, alembic_version left out because the database was adopted (pgmig.toml
 * has no exclude).  A new column in a model is autogenerated as the next revision, applied,
 * and check is clean again.
 */
TEST_F(AlembicImportTest, AdoptedDatabaseMatchesSqlalchemyModels) {
	AlembicUpgrade(db_name_);
	RunResult r = Import({"--adopt"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "public.alembic_version is left in place.");

	std::string command = Python() + " " +
	                      (fs::path(PGM_SOURCE_DIR) / "contrib" / "sqlalchemy" / "pgmig_models.py").string() +
	                      " app.models:Base";
	std::string toml = ReadFile(dir_ / "pgmig.toml");
	ASSERT_EQ(toml.find("exclude"), std::string::npos);
	WriteFile(dir_ / "pgmig.toml", toml + "models_command = \"" + command + "\"\n");
	Env env = {{"PYTHONDONTWRITEBYTECODE", "1"}};
	r = Run({"check"}, env);
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	// Not adopted, the same database built by Alembic differs from the models in alembic_version alone.
	std::string other_db = CreateDatabase(true);
	AlembicUpgrade(other_db);
	r = Run({"--url", Conninfo(other_db), "check"}, env);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out,
	          "New upgrade operations detected:\n  - removed constraint alembic_version_pkc on public.alembic_version\n"
	          "  - removed table public.alembic_version\n");

	// A new column in a model class: autogenerated on the main branch's head, applied, clean again.
	fs::path user_py = dir_ / "app" / "models" / "user.py";
	std::string text = ReadFile(user_py);
	std::string last = "    avatar = Column(String(255), nullable=True)\n";
	ASSERT_NE(text.find(last), std::string::npos);
	text.replace(text.find(last), last.size(), last + "    nickname = Column(String(80), nullable=True)\n");
	WriteFile(user_py, text);
	r = Run({"check"}, env);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "New upgrade operations detected:\n  - added column public.users.nickname\n");
	r = Run({"revision", "--autogenerate", "-m", "add nickname to users", "--head", kHeads[0]}, env);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::smatch m;
	ASSERT_TRUE(std::regex_search(r.out, m, std::regex("Generating (migrations/versions/[^ ]+\\.sql) \\.\\.\\.  done")))
	    << r.out;
	std::string revision = ReadFile(dir_ / m[1].str());
	EXPECT_CONTAINS(revision, "-- Revises: 7f2c5d9e4b10\n");
	EXPECT_CONTAINS(revision, "-- migrate:upgrade\nALTER TABLE public.users ADD COLUMN nickname VARCHAR(80);\n");
	EXPECT_CONTAINS(revision, "ALTER TABLE public.users DROP COLUMN nickname;\n");
	r = Run({"upgrade", "heads"}, env);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = "
	                 "'nickname'"),
	          "1");
	r = Run({"check"}, env);
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
}

TEST_F(AlembicImportTest, RevisionThatCannotRunOffline) {
	WriteFile(dir_ / "alembic" / "versions" / "a0b1c2d3e4f5_copy_usernames.py",
	          "\"\"\"copy usernames into the audit log\n\nRevision ID: a0b1c2d3e4f5\n\"\"\"\n"
	          "from alembic import op\nimport sqlalchemy as sa\n\n"
	          "revision = 'a0b1c2d3e4f5'\ndown_revision = '7f2c5d9e4b10'\nbranch_labels = None\ndepends_on = None\n\n"
	          "def upgrade():\n"
	          "    bind = op.get_bind()\n"
	          "    for row in bind.execute(sa.text('SELECT id, username FROM users')).fetchall():\n"
	          "        op.execute(sa.text('INSERT INTO audit.events (user_id, action) VALUES (:i, :a)')\n"
	          "                   .bindparams(i=row.id, a=row.username))\n\n"
	          "def downgrade():\n"
	          "    op.execute(\"DELETE FROM audit.events WHERE action <> ''\")\n");
	RunResult r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: 1 revision could not be converted from Alembic");
	EXPECT_CONTAINS(r.err, "a0b1c2d3e4f5 (migrations/versions/a0b1c2d3e4f5_copy_usernames.sql): raised AttributeError");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Write their SQL by hand");
	std::string text = ReadFile(Versions() / "a0b1c2d3e4f5_copy_usernames.sql");
	EXPECT_CONTAINS(text, "-- WARNING: upgrade() raised AttributeError");
	EXPECT_CONTAINS(text, "-- WARNING: upgrade() reads data through op.get_bind(): SELECT id, username FROM users");
	EXPECT_CONTAINS(text, "-- SELECT id, username FROM users;");
	EXPECT_CONTAINS(text, "RAISE EXCEPTION USING ERRCODE = 'MG007'");
	EXPECT_CONTAINS(text, "-- migrate:downgrade\nDELETE FROM audit.events WHERE action <> '';\n");

	// With --allow-manual: exit 0 and a warning.
	r = Import({"--allow-manual"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "0 written, 10 unchanged.");
	EXPECT_CONTAINS(r.err, "pgmig: warning: 1 revision could not be converted from Alembic");

	// The unedited revision fails when it runs, and its step is not recorded.
	r = Run({"upgrade", "heads"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: revision a0b1c2d3e4f5 was imported from Alembic and its upgrade must be "
	                       "written by hand");
	EXPECT_CONTAINS(r.err,
	                "pgmig: hint: Edit the upgrade section of migrations/versions/a0b1c2d3e4f5_copy_usernames.sql");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version WHERE revision = 'a0b1c2d3e4f5'"), "0");
}

TEST_F(AlembicImportTest, EditedFileIsNeverOverwritten) {
	ASSERT_EQ(Import().exit_code, 0);
	fs::path file = Versions() / "1975ea83b712_add_avatar_field_to_users.sql";
	std::string edited = ReadFile(file) + "-- reviewed\n";
	WriteFile(file, edited);
	RunResult r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err,
	                "pgmig: error: revision file \"migrations/versions/1975ea83b712_add_avatar_field_to_users.sql\" "
	                "already exists with other content");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Keep the edited file");
	EXPECT_EQ(ReadFile(file), edited);
}

TEST_F(AlembicImportTest, UnknownRevisionInAlembicVersion) {
	AlembicUpgrade(db_name_);
	Query("INSERT INTO alembic_version VALUES ('deadbeef0000')");
	RunResult r = Import({"--adopt", "--drop-alembic-version"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: Can't locate revision identified by 'deadbeef0000'\n");
	EXPECT_CONTAINS(r.err, "pgmig: detail: The table public.alembic_version holds revision \"deadbeef0000\"");
	EXPECT_EQ(Heads(), "");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM alembic_version"), "3");
}

TEST_F(AlembicImportTest, DropAlembicVersionAndRefuseOtherHeads) {
	AlembicUpgrade(db_name_);
	RunResult r = Import({"--adopt", "--drop-alembic-version"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "; dropped public.alembic_version.");
	EXPECT_EQ(Scalar("SELECT to_regclass('public.alembic_version') IS NULL"), "t");
	EXPECT_EQ(Heads(), std::string(kHeads[0]) + "," + kHeads[1]);

	// Another database whose pg_migrate heads differ from its alembic_version: refused.
	std::string other_db = CreateDatabase(true);
	std::string other = Conninfo(other_db);
	AlembicUpgrade(other_db);
	ASSERT_EQ(Run({"--url", other, "stamp", "c527ba0bc760"}).exit_code, 0);
	r = Run({"--url", other, "import", "alembic", "--python", Python(), "--adopt"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: database already has pg_migrate revisions");
	EXPECT_CONTAINS(r.err, "Its current revisions are c527ba0bc760; public.alembic_version holds 7f2c5d9e4b10, "
	                       "9e4f7a1b6d32.");
}

TEST_F(AlembicImportTest, VersionTableConfiguredInEnvPy) {
	// env.py keeps the revisions in meta.dragon_versions: adopt reads that table, and says so in the log.
	std::string env = ReadFile(dir_ / "alembic" / "env.py");
	std::string from = "        include_schemas=True,\n    )\n\n    with context.begin_transaction():";
	ASSERT_NE(env.find(from), std::string::npos);
	env.replace(env.find(from), from.size(),
	            "        include_schemas=True,\n        version_table='dragon_versions',\n        "
	            "version_table_schema='meta',\n    )\n\n    with context.begin_transaction():");
	from = "target_metadata=target_metadata, include_schemas=True)";
	ASSERT_NE(env.find(from), std::string::npos);
	env.replace(env.find(from), from.size(),
	            "target_metadata=target_metadata, include_schemas=True,\n"
	            "                          version_table='dragon_versions', version_table_schema='meta')");
	WriteFile(dir_ / "alembic" / "env.py", env);
	Query("CREATE SCHEMA meta");
	AlembicUpgrade(db_name_);
	EXPECT_EQ(Scalar("SELECT to_regclass('public.alembic_version') IS NULL"), "t");
	RunResult r = Import({"--adopt", "--drop-alembic-version"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "logged as \"adopted from meta.dragon_versions\"");
	EXPECT_CONTAINS(r.out, "; dropped meta.dragon_versions.");
	EXPECT_EQ(Heads(), std::string(kHeads[0]) + "," + kHeads[1]);
	EXPECT_EQ(Scalar("SELECT string_agg(DISTINCT reason, ',') FROM pg_migrate.log"),
	          "adopted from meta.dragon_versions");
	EXPECT_EQ(Scalar("SELECT to_regclass('meta.dragon_versions') IS NULL"), "t");
}

TEST_F(AlembicImportTest, EnvPyThatCannotRunOffline) {
	WriteFile(dir_ / "alembic" / "env.py", "from alembic import context\n"
	                                       "if context.is_offline_mode():\n"
	                                       "    raise RuntimeError('this project needs a live database')\n");
	RunResult r = Import();
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: warning: the project's env.py could not be used\n"
	                       "pgmig: detail: env.py failed in offline mode: RuntimeError: this project needs a live "
	                       "database.");
	EXPECT_CONTAINS(r.out, "Imported 9 Alembic revisions: 9 written, 0 unchanged.");
	EXPECT_CONTAINS(ReadFile(Versions() / "1975ea83b712_add_avatar_field_to_users.sql"),
	                "ALTER TABLE users ADD COLUMN avatar VARCHAR(255);");
}

TEST_F(AlembicImportTest, FailingInterpreterIsReported) {
	RunResult r = Run({"import", "alembic", "--python", "/nonexistent/python3"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not read the Alembic project of \"");
	EXPECT_CONTAINS(r.err, "pgmig: detail: The interpreter \"/nonexistent/python3\" was not found (exit status 127).");
	// An id pg_migrate cannot hold: refused before any file is written.
	fs::path dotted = dir_ / "alembic" / "versions" / "v1_0_release.py";
	WriteFile(dotted, "revision = 'v1.0'\ndown_revision = '7f2c5d9e4b10'\n\ndef upgrade():\n    pass\n\n"
	                  "def downgrade():\n    pass\n");
	r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err,
	                "pgmig: error: cannot import Alembic revision \"v1.0\" of \"alembic/versions/v1_0_release.py\"");
	EXPECT_EQ(SqlFileCount(), 0);
	fs::remove(dotted);
	WriteFile(dir_ / "alembic" / "versions" / "broken.py", "revision = 'x'\ndown_revision = (\n");
	r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: detail: The exporter exited with status 1. Its standard error ended with:");
	EXPECT_CONTAINS(r.err, "SyntaxError");
	r = Run({"import", "alembic", "--alembic-ini", "nowhere.ini"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not find Alembic configuration file \"nowhere.ini\"");
	EXPECT_EQ(SqlFileCount(), 0);
}

} // namespace
} // namespace e2e
