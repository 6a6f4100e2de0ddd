/*
 * cli_usage_test.cpp: end-to-end tests of pgmig's command line: usage errors (exit 2 with a
 * hint), --help and --version.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

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
	EXPECT_CONTAINS(r.out, PGM_PROJECT_VERSION);
}

} // namespace
} // namespace e2e
