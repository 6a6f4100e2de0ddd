/*
 * client_alembic_import_test.cpp: the revision files "pgmig import alembic" writes (they parse
 * back to the Alembic revision's header), the sections of revisions that need editing, the
 * exporter's JSON, the header cross-check and the adoption's log reason.
 */
#include "client/common/alembic_import.hpp"

#include "core/error.hpp"
#include "core/revision_file.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using pgmig::AlembicRevision;

AlembicRevision
Sample() {
	AlembicRevision rev;
	rev.id = "6a0b4c8d3e27";
	rev.parents = {"4c1d8e2f7a90", "5e9a3b7c2d18"};
	rev.branch_labels = {"core"};
	rev.depends_on = {"c527ba0bc760"};
	rev.doc = "merge title index\nand token count \xE2\x80\x94 \xE5\x88\x86";
	rev.create_date = "2025-02-11 08:00:00.000000";
	rev.path = "/p/alembic/versions/6a0b4c8d3e27_merge.py";
	rev.upgrade.sql = "CREATE TABLE t (id integer);\n\nINSERT INTO t VALUES (1);\n\n";
	rev.downgrade.sql = "DROP TABLE t;\n\n";
	return rev;
}

TEST(AlembicImport, FileParsesBackToTheHeader) {
	AlembicRevision rev = Sample();
	std::string text = pgmig::RenderImportedRevision(rev, "migrations/versions/x.sql", "alembic/versions/x.py");
	EXPECT_EQ(text, "-- merge title index\n"
	                "-- and token count \xE2\x80\x94 \xE5\x88\x86\n"
	                "--\n"
	                "-- Revision ID: 6a0b4c8d3e27\n"
	                "-- Revises: 4c1d8e2f7a90, 5e9a3b7c2d18\n"
	                "-- Create Date: 2025-02-11 08:00:00.000000\n"
	                "-- Branch Labels: core\n"
	                "-- Depends On: c527ba0bc760\n"
	                "\n"
	                "-- migrate:upgrade\n"
	                "CREATE TABLE t (id integer);\n\nINSERT INTO t VALUES (1);\n"
	                "\n"
	                "-- migrate:downgrade\n"
	                "DROP TABLE t;\n");
	pgm::RevisionFile f = pgm::ParseRevisionFile("x.sql", text);
	EXPECT_EQ(f.rev.id, rev.id);
	EXPECT_EQ(f.rev.parents, rev.parents);
	EXPECT_EQ(f.rev.branch_labels, rev.branch_labels);
	EXPECT_EQ(f.rev.depends_on, rev.depends_on);
	EXPECT_EQ(f.rev.message, rev.doc);
	EXPECT_EQ(f.create_date, rev.create_date);
	EXPECT_TRUE(f.rev.transactional);
	EXPECT_TRUE(f.rev.reversible);
}

TEST(AlembicImport, RootWithoutMessageAndAutocommit) {
	AlembicRevision rev;
	rev.id = "aaaa1111";
	rev.downgrade.autocommit = true;
	rev.downgrade.sql = "DROP INDEX CONCURRENTLY ix;\n\n";
	std::string text = pgmig::RenderImportedRevision(rev, "f.sql", "f.py");
	EXPECT_EQ(text, "-- Revision ID: aaaa1111\n-- Revises:\n-- Transactional: false\n\n-- migrate:upgrade\n\n"
	                "-- migrate:downgrade\nDROP INDEX CONCURRENTLY ix;\n");
	pgm::RevisionFile f = pgm::ParseRevisionFile("f.sql", text);
	EXPECT_TRUE(f.rev.parents.empty());
	EXPECT_EQ(f.rev.message, "");
	EXPECT_FALSE(f.rev.transactional);
	EXPECT_EQ(f.upgrade_sql, "");
}

TEST(AlembicImport, SectionThatNeedsEditing) {
	AlembicRevision rev = Sample();
	rev.upgrade.error = "AttributeError: 'NoneType' object has no attribute 'fetchall'";
	rev.upgrade.reads = {"SELECT id FROM users"};
	rev.upgrade.sql = "SELECT id FROM users;\n\n";
	std::string text = pgmig::RenderImportedRevision(rev, "migrations/versions/it's.sql", "alembic/versions/x.py");
	EXPECT_NE(text.find("-- WARNING: this section was not converted from Alembic: upgrade() of alembic/versions/x.py "
	                    "cannot run in Alembic's offline mode.\n"
	                    "-- WARNING: upgrade() raised AttributeError: 'NoneType' object has no attribute 'fetchall'\n"
	                    "-- WARNING: upgrade() reads data through op.get_bind(): SELECT id FROM users\n"),
	          std::string::npos)
	    << text;
	EXPECT_NE(text.find("-- SELECT id FROM users;\n"), std::string::npos);
	EXPECT_NE(text.find("RAISE EXCEPTION USING ERRCODE = 'MG007'"), std::string::npos);
	EXPECT_NE(text.find("HINT = 'Edit the upgrade section of migrations/versions/it''s.sql"), std::string::npos);
	pgm::RevisionFile f = pgm::ParseRevisionFile("x.sql", text);
	EXPECT_EQ(f.upgrade_sql.find("\nSELECT"), std::string::npos); // the SELECT is commented out
	EXPECT_EQ(f.upgrade_sql.rfind("SELECT", 0), std::string::npos);
	EXPECT_EQ(*f.downgrade_sql, "DROP TABLE t;");
	EXPECT_TRUE(rev.upgrade.NeedsManualEdit());
	EXPECT_FALSE(rev.downgrade.NeedsManualEdit());
}

TEST(AlembicImport, ExportJsonAndCrossCheck) {
	pgmig::AlembicExport e = pgmig::ParseAlembicExport(
	    R"({"alembic_version": "1.8.1", "env_offline": true, "env_error": null, "dialect": "postgresql",
	        "version_table": "versions", "version_table_schema": "meta", "revisions": [
	        {"revision": "b2", "down_revision": ["a1"], "branch_labels": [], "depends_on": [],
	         "path": "/p/b2_x.py", "doc": "second",
	         "upgrade": {"sql": "SELECT 1;", "error": null, "reads": [], "autocommit": false},
	         "downgrade": {"sql": "", "error": "NotImplementedError", "reads": [], "autocommit": false}}]})");
	ASSERT_EQ(e.revisions.size(), 1u);
	EXPECT_EQ(e.version_table, "versions");
	EXPECT_EQ(*e.version_table_schema, "meta");
	EXPECT_EQ(e.revisions[0].parents, (std::vector<std::string>{"a1"}));
	EXPECT_EQ(e.revisions[0].downgrade.error, "NotImplementedError");
	EXPECT_EQ(pgmig::ImportedFileName(e.revisions[0].path), "b2_x.sql");

	pgmig::CheckAgainstPythonHeader(
	    e.revisions[0], "'''second\n\nCreate Date: 2025-01-01'''\nrevision = 'b2'\ndown_revision = 'a1'\n", "b2_x.py");
	EXPECT_EQ(e.revisions[0].create_date, "2025-01-01");
	try {
		pgmig::CheckAgainstPythonHeader(e.revisions[0], "'''second'''\nrevision = 'b2'\ndown_revision = 'a0'\n",
		                                "b2_x.py");
		ADD_FAILURE() << "no error";
	} catch (const pgm::MigError &err) {
		EXPECT_EQ(err.Sqlstate(), "XX000");
		EXPECT_EQ(err.Message(), "Alembic and pgmig read revision file \"b2_x.py\" differently");
		EXPECT_EQ(err.Detail(), "pgmig read down_revision \"a0\", Alembic \"a1\".");
	}
	EXPECT_THROW(pgmig::ParseAlembicExport("{\"revisions\": 1}"), pgm::MigError);
	EXPECT_THROW(pgmig::ParseAlembicExport("not json"), pgm::MigError);
}

TEST(AlembicImport, NamesPgMigrateCannotHold) {
	pgmig::AlembicExport e = pgmig::ParseAlembicExport(
	    R"({"alembic_version": "1.8.1", "env_offline": true, "env_error": null, "dialect": "postgresql",
	        "version_table": "alembic_version", "version_table_schema": null, "run_migrations_calls": 2,
	        "own_output_buffer": true, "revisions": [
	        {"revision": "r1", "down_revision": [], "branch_labels": ["release-1.0"], "depends_on": [],
	         "path": "/p/r1_x.py", "doc": "first",
	         "upgrade": {"sql": "", "error": null, "reads": [], "autocommit": false, "trivial": false},
	         "downgrade": {"sql": "", "error": null, "reads": [], "autocommit": false, "trivial": true}}]})");
	EXPECT_EQ(e.run_migrations_calls, 2);
	EXPECT_TRUE(e.own_output_buffer);
	AlembicRevision &rev = e.revisions[0];
	pgmig::CheckAgainstPythonHeader(rev,
	                                "'''first'''\nrevision = 'r1'\ndown_revision = None\n\nbranch_labels = "
	                                "('release-1.0',)\n",
	                                "r1_x.py");
	EXPECT_EQ(rev.branch_labels_line, 5u);
	try {
		pgmig::CheckImportableNames(rev, "alembic/versions/r1_x.py");
		ADD_FAILURE() << "no error";
	} catch (const pgm::MigError &err) {
		EXPECT_EQ(err.Sqlstate(), "22023");
		EXPECT_EQ(err.Message(), "cannot import Alembic branch label \"release-1.0\" of \"alembic/versions/r1_x.py\"");
		EXPECT_EQ(err.Detail().rfind("It is assigned to branch_labels on line 5;", 0), 0u) << err.Detail();
	}
	rev.branch_labels = {"release_1"};
	rev.depends_on = {"c527ba0bc760", "feature.x"};
	rev.depends_on_line = 7;
	try {
		pgmig::CheckImportableNames(rev, "r1_x.py");
		ADD_FAILURE() << "no error";
	} catch (const pgm::MigError &err) {
		EXPECT_EQ(err.Message(), "cannot import Alembic dependency \"feature.x\" of \"r1_x.py\"");
		EXPECT_EQ(err.Detail().rfind("It is assigned to depends_on on line 7;", 0), 0u) << err.Detail();
	}
	rev.depends_on = {"c527ba0bc760", "release_1"};
	EXPECT_NO_THROW(pgmig::CheckImportableNames(rev, "r1_x.py"));

	// Nothing written although upgrade() is more than "pass": suspicious; otherwise not.
	EXPECT_TRUE(pgmig::WroteNothingSuspiciously(rev));
	rev.upgrade.trivial = true;
	EXPECT_FALSE(pgmig::WroteNothingSuspiciously(rev));
	rev.upgrade.trivial = std::nullopt;
	EXPECT_FALSE(pgmig::WroteNothingSuspiciously(rev));
	rev.upgrade.trivial = false;
	rev.downgrade.sql = "DROP TABLE t;\n\n";
	EXPECT_FALSE(pgmig::WroteNothingSuspiciously(rev));
	rev.downgrade.sql = "\n\n";
	rev.upgrade.error = "RuntimeError: x";
	EXPECT_FALSE(pgmig::WroteNothingSuspiciously(rev));
}

TEST(AlembicImport, AdoptReason) {
	EXPECT_EQ(pgmig::AdoptReason("public", "alembic_version"), "adopted from alembic_version");
	EXPECT_EQ(pgmig::AdoptReason("meta", "alembic_version"), "adopted from meta.alembic_version");
	EXPECT_EQ(pgmig::AdoptReason("public", "versions"), "adopted from public.versions");
}

} // namespace
