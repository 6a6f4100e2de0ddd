/*
 * alembic_import_edge_test.cpp: end-to-end tests of "pgmig import alembic" on small projects
 * made by Debian's real "alembic init" (no database needed): "%" in SQL and bound values on
 * the env.py path and on the fallback path, as "alembic upgrade --sql" writes them; an env.py
 * with its own output_buffer and the multidb template; a revision that writes no SQL although
 * its code does something; branch labels and depends_on entries pg_migrate cannot hold.
 *
 * The Python interpreter is $PGMIG_TEST_PYTHON, else /usr/bin/python3 (Debian's, which has
 * python3-alembic), else python3.
 */
#include "test/e2e/harness.hpp"

#include <cstdlib>

namespace e2e {
namespace {

/* EdgePython: the Python interpreter: PGMIG_TEST_PYTHON, else /usr/bin/python3 (else python3). */
std::string
EdgePython() {
	if (const char *p = std::getenv("PGMIG_TEST_PYTHON"))
		return p;
	std::error_code ec;
	return fs::exists("/usr/bin/python3", ec) ? "/usr/bin/python3" : "python3";
}

/* Replaced: text with every from replaced by to; from must occur. */
std::string
Replaced(std::string text, const std::string &from, const std::string &to) {
	EXPECT_NE(text.find(from), std::string::npos) << from;
	for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
		text.replace(at, from.size(), to);
	return text;
}

class AlembicImportEdgeTest : public ProjectTest {
protected:
	/* Init: "alembic init -t tmpl alembic" in the project, with PostgreSQL URLs in alembic.ini. */
	void
	Init(const std::string &tmpl) {
		ASSERT_EQ(Sh("cd " + ShellQuoted(dir_.string()) + " && " + ShellQuoted(EdgePython()) + " -m alembic init -t " +
		             tmpl + " alembic >/dev/null 2>&1"),
		          0);
		fs::path ini = dir_ / "alembic.ini";
		WriteFile(ini, Replaced(ReadFile(ini), "driver://user:pass@localhost/", "postgresql://app@localhost/"));
	}

	/* AddPy: alembic/versions/<id>_<slug>.py with the given header lines and function bodies. */
	fs::path
	AddPy(const std::string &id, const std::string &slug, const std::string &header, const std::string &upgrade,
	      const std::string &downgrade = "    pass\n") {
		fs::path file = dir_ / "alembic" / "versions" / (id + "_" + slug + ".py");
		WriteFile(file, "\"\"\"" + slug + "\n\nRevision ID: " + id +
		                    "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + id + "'\n" +
		                    header + "\n\ndef upgrade():\n" + upgrade + "\n\ndef downgrade():\n" + downgrade);
		return file;
	}

	/* AlembicSql: the stdout of "alembic ARGS --sql". */
	std::string
	AlembicSql(const std::string &args) {
		fs::path out = dir_ / "alembic.out";
		EXPECT_EQ(Sh("cd " + ShellQuoted(dir_.string()) + " && " + ShellQuoted(EdgePython()) + " -m alembic " + args +
		             " --sql > " + ShellQuoted(out.string()) + " 2>/dev/null"),
		          0);
		return ReadFile(out);
	}

	RunResult
	Import() {
		return Run({"import", "alembic", "--python", EdgePython()});
	}

	int
	SqlFileCount() {
		int n = 0;
		std::error_code ec;
		if (!fs::is_directory(Versions(), ec))
			return 0;
		for (const auto &entry : fs::directory_iterator(Versions()))
			n += entry.path().extension() == ".sql";
		return n;
	}
};

TEST_F(AlembicImportEdgeTest, PercentSignsAsAlembicWritesThem) {
	Init("generic");
	AddPy("r1", "pct", "down_revision = None\nbranch_labels = None\ndepends_on = None\n",
	      "    op.execute(\"UPDATE t SET a = 'x%y' WHERE b LIKE '%z'\")\n"
	      "    op.execute(sa.text('UPDATE t SET a = :v').bindparams(v='50%'))\n",
	      "    op.execute(\"DELETE FROM t WHERE b LIKE '100%'\")\n");
	const std::string upgrade = "UPDATE t SET a = 'x%y' WHERE b LIKE '%z';\n\nUPDATE t SET a = '50%';\n";
	const std::string downgrade = "DELETE FROM t WHERE b LIKE '100%';\n";
	std::string alembic = AlembicSql("upgrade r1");
	EXPECT_CONTAINS(alembic, "-- Running upgrade  -> r1\n\n" + upgrade + "\nINSERT INTO alembic_version");
	EXPECT_CONTAINS(AlembicSql("downgrade r1:base"), "-- Running downgrade r1 -> \n\n" + downgrade +
	                                                     "\nDELETE FROM "
	                                                     "alembic_version");

	// env.py's offline mode.
	RunResult r = Import();
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	fs::path file = Versions() / "r1_pct.sql";
	std::string text = ReadFile(file);
	EXPECT_CONTAINS(text, "-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\n" + downgrade);

	// The fallback context (env.py cannot run offline) writes the same SQL.
	WriteFile(dir_ / "alembic" / "env.py", "from alembic import context\n"
	                                       "if context.is_offline_mode():\n"
	                                       "    raise RuntimeError('this project needs a live database')\n");
	fs::remove(file);
	r = Import();
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: warning: the project's env.py could not be used\n");
	EXPECT_EQ(ReadFile(file), text);
	EXPECT_EQ(text.find("%%"), std::string::npos);
}

TEST_F(AlembicImportEdgeTest, OutputBufferOfEnvPyAndRevisionsThatWriteNothing) {
	Init("generic");
	fs::path env = dir_ / "alembic" / "env.py";
	WriteFile(env, Replaced(ReadFile(env), "    context.configure(\n        url=url,",
	                        "    buffer = open('offline.sql', 'w')\n    context.configure(\n        "
	                        "output_buffer=buffer,\n        url=url,"));
	AddPy("r1", "create_t", "down_revision = None\nbranch_labels = None\ndepends_on = None\n",
	      "    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n", "    op.drop_table('t')\n");
	AddPy("r2", "online_only", "down_revision = 'r1'\nbranch_labels = None\ndepends_on = None\n",
	      "    if op.get_context().as_sql:\n        return\n    op.execute('UPDATE t SET id = id + 1')\n");
	AddPy("r3", "empty", "down_revision = 'r2'\nbranch_labels = None\ndepends_on = None\n",
	      "    \"\"\"Nothing yet.\"\"\"\n    pass\n");
	RunResult r = Import();
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(Versions() / "r1_create_t.sql"), "-- migrate:upgrade\nCREATE TABLE t (\n    id SERIAL "
	                                                          "NOT NULL, \n    PRIMARY KEY (id)\n);\n\n-- "
	                                                          "migrate:downgrade\nDROP TABLE t;\n");
	// Nothing was written into env.py's own buffer, a file of the project.
	EXPECT_EQ(ReadFile(dir_ / "offline.sql"), "");
	// r2 does something but wrote nothing offline: a warning; r3 is only "pass": none.
	EXPECT_CONTAINS(r.err, "pgmig: warning: revision \"r2\" wrote no SQL in Alembic's offline mode\n");
	EXPECT_CONTAINS(r.err, "both sections of \"migrations/versions/r2_online_only.sql\" are empty.");
	EXPECT_EQ(r.err.find("\"r3\""), std::string::npos) << r.err;
	EXPECT_EQ(r.err.find("\"r1\""), std::string::npos) << r.err;
}

TEST_F(AlembicImportEdgeTest, MultidbEnvPyIsRefused) {
	Init("multidb");
	AddPy("m1", "tables", "down_revision = None\nbranch_labels = None\ndepends_on = None\n",
	      "    globals()['upgrade_%s' % engine_name]()\n", "    globals()['downgrade_%s' % engine_name]()\n");
	fs::path file = dir_ / "alembic" / "versions" / "m1_tables.py";
	std::string py = Replaced(ReadFile(file), "def upgrade():", "def upgrade(engine_name):");
	py = Replaced(py, "def downgrade():", "def downgrade(engine_name):");
	WriteFile(file, py + "\n\ndef upgrade_engine1():\n    op.execute('CREATE TABLE e1 (id int)')\n\n"
	                     "def downgrade_engine1():\n    op.execute('DROP TABLE e1')\n\n"
	                     "def upgrade_engine2():\n    op.execute('CREATE TABLE e2 (id int)')\n\n"
	                     "def downgrade_engine2():\n    op.execute('DROP TABLE e2')\n");
	// Alembic writes one file per database into the project.
	AlembicSql("upgrade heads");
	EXPECT_CONTAINS(ReadFile(dir_ / "engine1.sql"), "CREATE TABLE e1 (id int);");
	EXPECT_CONTAINS(ReadFile(dir_ / "engine2.sql"), "CREATE TABLE e2 (id int);");
	fs::remove(dir_ / "engine1.sql");
	fs::remove(dir_ / "engine2.sql");
	RunResult r = Import();
	EXPECT_EQ(r.exit_code, 1) << r.out;
	EXPECT_CONTAINS(r.err, "pgmig: error: cannot import an Alembic project whose env.py migrates several databases\n"
	                       "pgmig: detail: env.py called context.run_migrations() 2 times in offline mode");
	EXPECT_EQ(SqlFileCount(), 0);
	// The template's own output files got nothing from the export.
	for (const char *name : {"engine1.sql", "engine2.sql"}) {
		std::error_code ec;
		if (fs::exists(dir_ / name, ec)) {
			EXPECT_EQ(ReadFile(dir_ / name), "") << name;
		}
	}
}

TEST_F(AlembicImportEdgeTest, LabelsAndDependenciesPgMigrateCannotHold) {
	Init("generic");
	AddPy("r1", "release", "down_revision = None\nbranch_labels = ('release-1.0',)\ndepends_on = None\n",
	      "    op.execute('CREATE TABLE t (id int)')\n");
	AddPy("r2", "after_release", "down_revision = 'r1'\nbranch_labels = None\n\ndepends_on = 'release-1.0'\n",
	      "    op.execute('CREATE TABLE u (id int)')\n");
	RunResult r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: cannot import Alembic dependency \"release-1.0\" of "
	                       "\"alembic/versions/r2_after_release.py\"\n"
	                       "pgmig: detail: It is assigned to depends_on on line 12;");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Rename the revision or branch label it names in Alembic first");
	EXPECT_EQ(SqlFileCount(), 0);

	fs::remove(dir_ / "alembic" / "versions" / "r2_after_release.py");
	r = Import();
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: cannot import Alembic branch label \"release-1.0\" of "
	                       "\"alembic/versions/r1_release.py\"\n"
	                       "pgmig: detail: It is assigned to branch_labels on line 10;");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Rename the branch label in Alembic first");
	EXPECT_EQ(r.err.find(".sql"), std::string::npos) << r.err;
	EXPECT_EQ(SqlFileCount(), 0);
}

} // namespace
} // namespace e2e
