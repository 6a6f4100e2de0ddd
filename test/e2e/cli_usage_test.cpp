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
	EXPECT_EQ(r.out, std::string("pgmig ") + PGM_PROJECT_VERSION + "\n");
}

/* A mistyped command is named, with the nearest command when one is close. */
TEST(CliTest, UnknownCommandSuggestsTheNearest) {
	fs::path cwd = fs::temp_directory_path();
	RunResult r = Pgmig({"updgrade", "head"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: unknown command \"updgrade\"\n"
	                 "pgmig: hint: Did you mean \"upgrade\"? Run \"pgmig --help\" for the list of commands.\n");
	EXPECT_EQ(r.out, "");
	// After global options, with their values (which are not commands).
	r = Pgmig({"--url", "postgresql:///nowhere", "-c", "pgmig.toml", "histroy"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: unknown command \"histroy\"\n"
	                 "pgmig: hint: Did you mean \"history\"? Run \"pgmig --help\" for the list of commands.\n");
	r = Pgmig({"--url=postgresql:///nowhere", "stmap"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "Did you mean \"stamp\"?");
	// Nothing close: no guess.
	r = Pgmig({"migrate", "head"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: unknown command \"migrate\"\n"
	                 "pgmig: hint: Run \"pgmig --help\" for the list of commands.\n");
	// A terminal escape in the word is shown escaped.
	r = Pgmig({"\x1b]0;owned\x07"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_EQ(r.err, "pgmig: error: unknown command \"\\x1b]0;owned\\x07\"\n"
	                 "pgmig: hint: Run \"pgmig --help\" for the list of commands.\n");
	// A known command's own usage errors are unchanged.
	r = Pgmig({"upgrade", "--bogus"}, cwd);
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "Try \"pgmig upgrade --help\"");
}

/* Global options work after the command as before it (pgmig heads -c FILE). */
class CliProjectTest : public ProjectTest {};

TEST_F(CliProjectTest, GlobalOptionsAfterTheCommand) {
	AddChain();
	fs::path elsewhere = dir_ / "elsewhere";
	fs::create_directories(elsewhere);
	fs::path config = dir_ / "pgmig.toml";
	RunResult before = Pgmig({"-c", config.string(), "heads"}, elsewhere);
	ASSERT_EQ(before.exit_code, 0) << before.err;
	EXPECT_CONTAINS(before.out, "cccc3333 (head)");
	RunResult after = Pgmig({"heads", "-c", config.string()}, elsewhere);
	EXPECT_EQ(after.exit_code, 0) << after.err;
	EXPECT_EQ(after.out, before.out);
	after = Pgmig({"history", "--config=" + config.string(), "--verbose"}, elsewhere);
	EXPECT_EQ(after.exit_code, 0) << after.err;
	EXPECT_CONTAINS(after.out, "create account table");
	after = Pgmig({"heads", "--script-location", (dir_ / "migrations").string()}, elsewhere);
	EXPECT_EQ(after.exit_code, 0) << after.err;
	EXPECT_EQ(after.out, before.out);
	// Without them, there is no folder there.
	after = Pgmig({"heads"}, elsewhere);
	EXPECT_NE(after.exit_code, 0);
	EXPECT_EQ(after.out, "");
}

} // namespace
} // namespace e2e
