/*
 * client_models_command_test.cpp: unit tests of the models command (running a shell command
 * with both output streams collected, its wait status in words, the end of its standard
 * error, the errors of a failing command) and of the stamp reasons that exclude an adopted
 * Alembic database's version table.  Runs /bin/sh; needs no database.
 */
#include "client/common/exclusions.hpp"
#include "client/common/models_command.hpp"
#include "test/unit/core_test_helpers.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

namespace {

using pgm::test::CatchMigError;

TEST(ClientModelsCommand, RunsInTheGivenDirectoryAndCollectsBothStreams) {
	pgmig::CommandOutput r = pgmig::RunShellCommand("pwd; echo oops >&2; exit 4", "/tmp");
	EXPECT_EQ(r.out, "/tmp\n");
	EXPECT_EQ(r.err, "oops\n");
	ASSERT_TRUE(WIFEXITED(r.wait_status));
	EXPECT_EQ(WEXITSTATUS(r.wait_status), 4);

	// Large outputs on both streams at once do not block the command.
	r = pgmig::RunShellCommand("i=0; while [ $i -lt 20000 ]; do echo 'line of output'; echo 'line of error' >&2; "
	                           "i=$((i+1)); done",
	                           ".");
	EXPECT_EQ(r.out.size(), 20000u * 15);
	// Of standard error only the end is kept (between 64 and 128 kB), whole lines of it here.
	EXPECT_GE(r.err.size(), 65536u);
	EXPECT_LE(r.err.size(), 2u * 65536u);
	EXPECT_LT(r.err.size(), 20000u * 14);
	EXPECT_EQ(r.err.substr(r.err.size() - 28), "line of error\nline of error\n");
	EXPECT_EQ(pgmig::ErrorTail(r.err).substr(0, 18), "...\nline of error\n");

	// Standard input is /dev/null.
	r = pgmig::RunShellCommand("cat; echo done", ".");
	EXPECT_EQ(r.out, "done\n");
}

TEST(ClientModelsCommand, WaitStatusAndErrorTail) {
	EXPECT_EQ(pgmig::WaitStatusText(pgmig::RunShellCommand("exit 2", ".").wait_status), "exited with exit code 2");
	EXPECT_EQ(pgmig::WaitStatusText(pgmig::RunShellCommand("nonexistent-cmd-x 2>/dev/null", ".").wait_status),
	          "exited with exit code 127 (command not found)");
	EXPECT_EQ(pgmig::WaitStatusText(pgmig::RunShellCommand("kill -TERM $$", ".").wait_status),
	          "was terminated by signal 15: Terminated");

	EXPECT_EQ(pgmig::ErrorTail(""), "");
	EXPECT_EQ(pgmig::ErrorTail("one\ntwo\n\n"), "one\ntwo");
	std::string many;
	for (int i = 1; i <= 30; i++)
		many += "l" + std::to_string(i) + "\n";
	EXPECT_EQ(pgmig::ErrorTail(many).substr(0, 8), "...\nl11\n");
	EXPECT_EQ(pgmig::ErrorTail(std::string(5000, 'x')), "...\n" + std::string(2000, 'x'));
}

TEST(ClientModelsCommand, FailuresAreErrors) {
	pgm::MigError e = CatchMigError([] { pgmig::RunModelsCommand("echo bad >&2; exit 3", "."); });
	EXPECT_EQ(e.Sqlstate(), "38000");
	EXPECT_EQ(e.Message(), "models command failed");
	EXPECT_EQ(e.Detail(), "The command \"echo bad >&2; exit 3\" (run by /bin/sh in \".\") exited with exit code 3. "
	                      "Its standard error ends with:\nbad");

	e = CatchMigError([] { pgmig::RunModelsCommand("echo; echo", "."); });
	EXPECT_EQ(e.Sqlstate(), "38000");
	EXPECT_EQ(e.Message(), "models command wrote nothing on its standard output");

	pgmig::ModelFile model = pgmig::RunModelsCommand("echo 'CREATE TABLE t (x int);'", ".");
	EXPECT_EQ(model.text, "CREATE TABLE t (x int);\n");
	EXPECT_EQ(model.what, "models command output");
}

TEST(ClientModelsCommand, AdoptedVersionTablePatterns) {
	EXPECT_EQ(pgmig::AdoptedVersionTablePattern("adopted from alembic_version"), "public.alembic_version");
	EXPECT_EQ(pgmig::AdoptedVersionTablePattern("adopted from legacy.alembic_version"), "legacy.alembic_version");
	EXPECT_EQ(pgmig::AdoptedVersionTablePattern("adopted from odd.v*[1]"), "odd.v\\*\\[1]");
	EXPECT_EQ(pgmig::AdoptedVersionTablePattern("baseline"), "");
	EXPECT_EQ(pgmig::AdoptedVersionTablePattern("adopted from "), "");
}

} // namespace
