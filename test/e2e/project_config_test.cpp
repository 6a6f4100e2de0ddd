/*
 * project_config_test.cpp: end-to-end tests of how pgmig finds and reads a project (no
 * database): the configuration file and its errors, the script folder from the configuration
 * or --script-location, revision files that do not parse, and an empty folder.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class ProjectConfigTest : public ProjectTest {};

TEST_F(ProjectConfigTest, HistoryReportsBadFilesByLocalPath) {
	AddRevision("aaaa1111", "", "one", "SELECT 1;");
	WriteFile(Versions() / "bbbb2222_bad.sql", "-- bad\n--\n-- Revision ID: bbbb2222\n-- Bogus: x\n");
	RunResult r = Run({"history"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "migrations/versions/bbbb2222_bad.sql");
	EXPECT_CONTAINS(r.err, "ine 4");
	EXPECT_EQ(r.out, "");
}

TEST_F(ProjectConfigTest, HistoryOfAnEmptyFolderIsEmpty) {
	RunResult r = Run({"history"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
}

TEST_F(ProjectConfigTest, ScriptLocationFromConfigAndOption) {
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

TEST_F(ProjectConfigTest, ConfigErrors) {
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

} // namespace
} // namespace e2e
