/*
 * client_error_location_test.cpp: the place of a failed step's error in its revision file
 * (FindStepContext, FormatErrorLocation): psql's LINE/caret lines, file lines of statements
 * that start with comments, UTF-8 and wide characters, no position; and the grouping of a plan
 * into transactions (GroupSteps) and the dry run's report (FormatRehearsal).
 */
#include "client/common/error_location.hpp"
#include "client/common/migration_steps.hpp"
#include "client/common/rehearsal.hpp"

#include <gtest/gtest.h>

namespace pgmig {
namespace {

TEST(FindStepContextTest, StepLineAndTheOthers) {
	std::string rest;
	std::optional<StepContextLine> step = FindStepContext(
	    "PL/pgSQL function f() line 3 at RAISE\nreverting revision \"bbbb2222\" (file \"2_b.sql\", line 40)", &rest);
	ASSERT_TRUE(step);
	EXPECT_EQ(step->action, "reverting");
	EXPECT_EQ(step->revision, "bbbb2222");
	EXPECT_EQ(step->file, "2_b.sql");
	EXPECT_EQ(step->line, 40);
	EXPECT_EQ(rest, "PL/pgSQL function f() line 3 at RAISE");
	EXPECT_FALSE(FindStepContext("SQL statement \"SELECT 1\"", &rest));
	EXPECT_FALSE(FindStepContext(""));
}

TEST(FormatErrorLocationTest, CaretUnderThePositionOnItsLine) {
	// "REFERENCES u" fails; the statement's second line is file line 13.
	ErrorLocation loc{
	    "migrations/versions/2_b.sql", 12, "applying", "b", "ALTER TABLE t\n  ADD COLUMN x int REFERENCES u;", 0};
	loc.position = static_cast<int>(std::string("ALTER TABLE t\n  ADD COLUMN x int REFERENCES ").size()) + 1;
	EXPECT_EQ(FormatErrorLocation(loc), "pgmig: context: migrations/versions/2_b.sql, line 13, while applying revision "
	                                    "\"b\"\n"
	                                    "LINE 13:   ADD COLUMN x int REFERENCES u;\n"
	                                    "                                       ^\n");
}

TEST(FormatErrorLocationTest, LeadingCommentsDoNotShiftTheLine) {
	// The server's line is the first token's; the statement text starts two lines before it.
	ErrorLocation loc{"f.sql", 20, "reverting", "a", "-- why\n\nSELEC 1;", 9};
	EXPECT_EQ(FormatErrorLocation(loc), "pgmig: context: f.sql, line 20, while reverting revision \"a\"\n"
	                                    "LINE 20: SELEC 1;\n"
	                                    "         ^\n");
}

TEST(FormatErrorLocationTest, Utf8AndWideCharactersAndTabs) {
	// position counts characters: "é" is one, "表" is one but two columns wide, a tab one column.
	std::string statement = "SELECT 'é表',\tx FROM t;";
	int position = 15; // the "x"
	ErrorLocation loc{"f.sql", 3, "applying", "a", statement, position};
	std::string out = FormatErrorLocation(loc);
	EXPECT_EQ(out, "pgmig: context: f.sql, line 3, while applying revision \"a\"\n"
	               "LINE 3: SELECT 'é表', x FROM t;\n"
	               "                       ^\n");
}

TEST(FormatErrorLocationTest, NoPositionShowsTheFirstLineWithoutCaret) {
	ErrorLocation loc{"f.sql", 7, "applying", "a", "/* c */\nSELECT 1 / 0\n  FROM t;", 0};
	EXPECT_EQ(FormatErrorLocation(loc), "pgmig: context: f.sql, line 7, while applying revision \"a\"\n"
	                                    "LINE 7: SELECT 1 / 0\n");
}

TEST(GroupStepsTest, NonTransactionalStepsStandAlone) {
	auto step = [](const char *id, bool transactional) {
		return PlannedStep{id, "upgrade", std::string("Running upgrade ") + id, transactional};
	};
	std::vector<PlannedStep> plan{step("a", true), step("b", true), step("c", false), step("d", false),
	                              step("e", true)};
	std::vector<StepGroup> groups = GroupSteps(plan, false);
	ASSERT_EQ(groups.size(), 4u);
	EXPECT_EQ(groups[0].steps.size(), 2u);
	EXPECT_TRUE(groups[0].transactional);
	EXPECT_FALSE(groups[1].transactional);
	EXPECT_EQ(groups[1].steps.front().revision, "c");
	EXPECT_FALSE(groups[2].transactional);
	EXPECT_EQ(groups[3].steps.front().revision, "e");
	EXPECT_EQ(GroupSteps(plan, true).size(), 5u);
	EXPECT_TRUE(GroupSteps({}, false).empty());
}

TEST(FormatRehearsalTest, TimesLocksAndNotRehearsed) {
	std::vector<RehearsedStep> steps{
	    {"aaaa1111", "upgrade", "create table", "00:00:00.0021", true, {"account AccessExclusiveLock"}},
	    {"bbbb2222", "upgrade", "", "00:00:00", false, {}},
	    {"cccc3333", "upgrade", "noop", "00:00:00.0001", true, {}}};
	EXPECT_EQ(FormatRehearsal(steps), "upgrade aaaa1111, create table\n"
	                                  "  time: 00:00:00.0021\n"
	                                  "  lock: account AccessExclusiveLock\n"
	                                  "upgrade bbbb2222\n"
	                                  "  not rehearsed (Transactional: false)\n"
	                                  "upgrade cccc3333, noop\n"
	                                  "  time: 00:00:00.0001\n"
	                                  "  locks: none\n"
	                                  "Dry run: nothing was kept.\n");
}

} // namespace
} // namespace pgmig
