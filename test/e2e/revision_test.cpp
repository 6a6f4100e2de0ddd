/*
 * revision_test.cpp: end-to-end tests of pgmig revision without --autogenerate (no database):
 * the file it writes on top of the head, its errors, and the project's template.
 */
#include "test/e2e/harness.hpp"

#include <regex>

namespace e2e {
namespace {

class RevisionTest : public ProjectTest {};

TEST_F(RevisionTest, RevisionWritesFileOnTopOfTheHead) {
	RunResult r = Run({"revision", "-m", "initial migration"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::smatch m;
	ASSERT_TRUE(std::regex_match(r.out, m,
	                             std::regex("Generating (migrations/versions/([0-9a-f]{12})_initial_migration\\.sql) "
	                                        "\\.\\.\\.  done\n")))
	    << r.out;
	std::string first = m[2];
	std::string text = ReadFile(dir_ / m[1].str());
	EXPECT_TRUE(std::regex_match(text, std::regex("-- initial migration\n"
	                                              "--\n"
	                                              "-- Revision ID: " +
	                                              first +
	                                              "\n"
	                                              "-- Revises:\n"
	                                              "-- Create Date: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"
	                                              "[+-]\\d\\d:\\d\\d\n"
	                                              "-- Branch Labels:\n"
	                                              "-- Depends On:\n"
	                                              "\n"
	                                              "-- migrate:upgrade\n"
	                                              "\n"
	                                              "\n"
	                                              "-- migrate:downgrade\n"
	                                              "\n")))
	    << text;

	r = Run({"revision", "-m", "Add avatar field to users!"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	ASSERT_TRUE(std::regex_match(
	    r.out, m,
	    std::regex(
	        "Generating (migrations/versions/([0-9a-f]{12})_add_avatar_field_to_users\\.sql) \\.\\.\\.  done\n")))
	    << r.out;
	EXPECT_NE(m[2].str(), first);
	EXPECT_CONTAINS(ReadFile(dir_ / m[1].str()), "\n-- Revises: " + first + "\n");
	std::string second = m[2];

	r = Run({"revision", "-m", "third", "--rev-id", "cccc3333"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "Generating migrations/versions/cccc3333_third.sql ...  done\n");
	EXPECT_CONTAINS(ReadFile(Versions() / "cccc3333_third.sql"), "\n-- Revises: " + second + "\n");

	r = Run({"history"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, second + " -> cccc3333 (head), third\n" + first + " -> " + second +
	                     ", Add avatar field to users!\n<base> -> " + first + ", initial migration\n");
}

TEST_F(RevisionTest, RevisionErrors) {
	// An existing id, an invalid id.
	ASSERT_EQ(Run({"revision", "-m", "one", "--rev-id", "aaaa1111"}).exit_code, 0);
	RunResult r = Run({"revision", "-m", "again", "--rev-id", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: revision \"aaaa1111\" already exists\n"
	                       "pgmig: detail: It is defined in \"migrations/versions/aaaa1111_one.sql\".\n");
	r = Run({"revision", "-m", "x", "--rev-id", "ab-cd"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: character(s) '-' not allowed in revision identifier 'ab-cd'");

	// Two heads: Alembic's message, the heads, and what to do.
	AddRevision("bbbb2222", "aaaa1111", "left", "SELECT 1;");
	AddRevision("cccc3333", "aaaa1111", "right", "SELECT 1;");
	r = Run({"revision", "-m", "next"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: multiple heads are present\n"
	                 "pgmig: detail: The heads are bbbb2222, cccc3333.\n"
	                 "pgmig: hint: Please specify the head revision on which the new revision should be based "
	                 "(--head), or perform a merge.\n");
	r = Run({"revision", "-m", "on left", "--head", "bbbb", "--rev-id", "dddd4444"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(Versions() / "dddd4444_on_left.sql"), "\n-- Revises: bbbb2222\n");
	r = Run({"revision", "-m", "splice", "--head", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: revision aaaa1111 is not a head revision\n");

	// A message is required: a usage error.
	r = Run({"revision"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "--message is required");
}

TEST_F(RevisionTest, RevisionUsesTheProjectTemplate) {
	WriteFile(dir_ / "migrations" / "script.sql.tmpl",
	          "-- ${message}\n--\n-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n"
	          "-- Create Date: ${create_date}\n\n-- migrate:upgrade\nCREATE TABLE t_${revision} ();\n");
	RunResult r = Run({"revision", "-m", "custom", "--rev-id", "abc123"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(Versions() / "abc123_custom.sql"), "CREATE TABLE t_abc123 ();\n");

	// Without a template, the built-in one is the one init writes.
	std::string written = ReadFile(dir_ / "migrations" / "script.sql.tmpl");
	fs::remove(dir_ / "migrations" / "script.sql.tmpl");
	r = Run({"revision", "-m", "default", "--rev-id", "def456"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(Versions() / "def456_default.sql"), "-- migrate:downgrade\n");

	// A template that does not produce a revision file is reported, and nothing is written.
	WriteFile(dir_ / "migrations" / "script.sql.tmpl", "-- ${message}\n");
	r = Run({"revision", "-m", "broken", "--rev-id", "bad789"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: template \"migrations/script.sql.tmpl\" does not produce a valid "
	                       "revision file");
	EXPECT_FALSE(fs::exists(Versions() / "bad789_broken.sql"));
}

} // namespace
} // namespace e2e
