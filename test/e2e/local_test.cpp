/*
 * local_test.cpp: end-to-end tests of the pgmig commands that need no database: init,
 * revision, history, configuration errors and command-line usage.
 */
#include "test/e2e/harness.hpp"

#include <regex>

namespace e2e {
namespace {

class LocalTest : public ProjectTest {};

TEST(InitTest, CreatesProjectAndRefusesToOverwrite) {
	fs::path dir = fs::path(::testing::TempDir()) / ("pgmig_init_" + std::to_string(getpid()));
	fs::remove_all(dir);
	fs::create_directories(dir);
	RunResult r = Pgmig({"init", "proj"}, dir);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::string> lines = Lines(r.out);
	ASSERT_GE(lines.size(), 5u) << r.out;
	EXPECT_EQ(lines[0], "Creating directory proj ...  done");
	EXPECT_EQ(lines[1], "Creating directory proj/migrations ...  done");
	EXPECT_EQ(lines[2], "Creating directory proj/migrations/versions ...  done");
	EXPECT_EQ(lines[3], "Generating proj/migrations/script.sql.tmpl ...  done");
	EXPECT_EQ(lines[4], "Generating proj/pgmig.toml ...  done");
	EXPECT_TRUE(fs::is_directory(dir / "proj" / "migrations" / "versions"));
	std::string toml = ReadFile(dir / "proj" / "pgmig.toml");
	EXPECT_CONTAINS(toml, "script_location = \"migrations\"\n");
	EXPECT_CONTAINS(toml, "# database_url = ");
	EXPECT_CONTAINS(ReadFile(dir / "proj" / "migrations" / "script.sql.tmpl"),
	                "-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n");

	// Again: the configuration file exists.
	r = Pgmig({"init", "proj"}, dir);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: configuration file \"proj/pgmig.toml\" already exists\n"
	                 "pgmig: hint: Choose another directory, or edit the existing project.\n");

	// A non-empty migrations directory is refused too (Alembic's wording), and nothing is written.
	fs::remove(dir / "proj" / "pgmig.toml");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: directory \"migrations\" already exists and is not empty\n");
	EXPECT_FALSE(fs::exists(dir / "proj" / "pgmig.toml"));

	// An empty migrations directory is fine.
	fs::remove_all(dir / "proj" / "migrations");
	fs::create_directories(dir / "proj" / "migrations");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Lines(r.out)[0], "Creating directory migrations/versions ...  done");
	fs::remove_all(dir);
}

TEST_F(LocalTest, RevisionWritesFileOnTopOfTheHead) {
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

TEST_F(LocalTest, RevisionErrors) {
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

TEST_F(LocalTest, RevisionUsesTheProjectTemplate) {
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

TEST_F(LocalTest, HistoryReportsBadFilesByLocalPath) {
	AddRevision("aaaa1111", "", "one", "SELECT 1;");
	WriteFile(Versions() / "bbbb2222_bad.sql", "-- bad\n--\n-- Revision ID: bbbb2222\n-- Bogus: x\n");
	RunResult r = Run({"history"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "migrations/versions/bbbb2222_bad.sql");
	EXPECT_CONTAINS(r.err, "ine 4");
	EXPECT_EQ(r.out, "");
}

TEST_F(LocalTest, HistoryOfAnEmptyFolderIsEmpty) {
	RunResult r = Run({"history"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
}

TEST_F(LocalTest, ScriptLocationFromConfigAndOption) {
	fs::create_directories(dir_ / "sub" / "db" / "versions");
	WriteFile(dir_ / "sub" / "pgmig.toml", "script_location = \"db\"\n");
	WriteFile(dir_ / "sub" / "db" / "versions" / "aaaa1111_x.sql", RevisionText("aaaa1111", "", "x", "", ""));
	RunResult r = Run({"-c", "sub/pgmig.toml", "history"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "<base> -> aaaa1111 (head), x\n");
	r = Run({"--script-location", "sub/db", "revision", "-m", "y", "--rev-id", "bbbb2222"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "Generating sub/db/versions/bbbb2222_y.sql ...  done\n");
	r = Run({"--script-location", "nowhere", "history"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: script folder \"nowhere\" does not exist\n");
}

TEST_F(LocalTest, ConfigErrors) {
	WriteFile(dir_ / "pgmig.toml", "script_location = \"migrations\"\ndatabse_url = \"x\"\n");
	RunResult r = Run({"history"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: unrecognized configuration key \"databse_url\" in \"pgmig.toml\"\n"
	                 "pgmig: detail: Line 2.\n"
	                 "pgmig: hint: Did you mean \"database_url\"?\n");

	r = Run({"-c", "missing.toml", "history"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: could not open configuration file \"missing.toml\": No such file or directory\n");

	WriteFile(dir_ / "pgmig.toml", "database_url = \"postgresql://${PGMIG_TEST_UNSET_VAR}@localhost/x\"\n");
	r = Run({"current"}, {{"PGMIG_TEST_UNSET_VAR", std::nullopt}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: environment variable \"PGMIG_TEST_UNSET_VAR\" is not set\n"
	                 "pgmig: detail: The database_url in \"pgmig.toml\" refers to ${PGMIG_TEST_UNSET_VAR}.\n"
	                 "pgmig: hint: Set PGMIG_TEST_UNSET_VAR, or give a default with ${PGMIG_TEST_UNSET_VAR:-value}.\n");
	// The variable is not needed when the URL comes from elsewhere (the connection fails instead).
	r = Run({"--url", "postgresql://127.0.0.1:1/x", "current"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: connection to server at \"127.0.0.1\", port 1 failed");
}

TEST(CliTest, UsageErrorsExitTwo) {
	fs::path cwd = fs::temp_directory_path();
	RunResult r = Pgmig({}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: a subcommand is required\n"
	                 "pgmig: hint: Try \"pgmig --help\" for more information.\n");
	r = Pgmig({"bogus"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	r = Pgmig({"downgrade"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: TARGET is required\n"
	                 "pgmig: hint: Try \"pgmig downgrade --help\" for more information.\n");
	r = Pgmig({"upgrade", "a", "b"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTest, HelpAndVersion) {
	fs::path cwd = fs::temp_directory_path();
	RunResult r = Pgmig({"--help"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	for (const char *word :
	     {"init", "revision", "upload", "upgrade", "downgrade", "current", "history", "heads", "branches", "show",
	      "stamp", "merge", "--config", "--url", "--script-location", "--version"})
		EXPECT_CONTAINS(r.out, word);
	r = Pgmig({"upgrade", "--help"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_CONTAINS(r.out, "TARGET");
	r = Pgmig({"history", "--help"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	for (const char *word : {"--rev-range", "--verbose", "--indicate-current", "-r-3:current"})
		EXPECT_CONTAINS(r.out, word);
	r = Pgmig({"stamp", "--help"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_CONTAINS(r.out, "--purge");
	r = Pgmig({"merge", "--help"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_CONTAINS(r.out, "--branch-label");
	r = Pgmig({"--version"}, cwd);
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_CONTAINS(r.out, "0.1.0");
}

} // namespace
} // namespace e2e
