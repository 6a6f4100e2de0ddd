/*
 * core_step_context_test.cpp: the CONTEXT line of a failing step written and read back
 * (core/step_context.hpp), the file lines of the revision file's sections, and the planner's
 * prefixes of a plan and its check of one step run outside a plan.
 */
#include "core/planner.hpp"
#include "core/revision_file.hpp"
#include "core/step_context.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::Linear;

using Ids = std::vector<std::string>;

TEST(StepContext, FormatsBothDirections) {
	EXPECT_EQ(FormatStepContext({"1975ea83b712", false, "2_b.sql", 12}),
	          "applying revision \"1975ea83b712\" (file \"2_b.sql\", line 12)");
	EXPECT_EQ(FormatStepContext({"ab", true, "x.sql", 3}), "reverting revision \"ab\" (file \"x.sql\", line 3)");
}

TEST(StepContext, QuotesAreDoubledAndReadBack) {
	StepLocation in{"ab_12", true, "we\"ird \"\" (file \", line 9).sql", 40};
	std::string text = FormatStepContext(in);
	EXPECT_EQ(text, "reverting revision \"ab_12\" (file \"we\"\"ird \"\"\"\" (file \"\", line 9).sql\", line 40)");
	auto out = ParseStepContext(text);
	ASSERT_TRUE(out.has_value());
	EXPECT_EQ(out->revision, in.revision);
	EXPECT_TRUE(out->downgrade);
	EXPECT_EQ(out->file_name, in.file_name);
	EXPECT_EQ(out->line, 40u);
}

TEST(StepContext, FindsItsLineAmongOthers) {
	std::string context = "SQL statement \"CREATE INDEX i ON t (x)\"\n"
	                      "PL/pgSQL function f() line 3 at SQL statement\n" +
	                      FormatStepContext({"c527ba0bc760", false, "1_init.sql", 7}) +
	                      "\nPL/pgSQL function migrate_upgrade_each(text) line 20 at FOR over SELECT rows";
	auto out = ParseStepContext(context);
	ASSERT_TRUE(out.has_value());
	EXPECT_EQ(out->revision, "c527ba0bc760");
	EXPECT_FALSE(out->downgrade);
	EXPECT_EQ(out->file_name, "1_init.sql");
	EXPECT_EQ(out->line, 7u);
}

TEST(StepContext, RejectsNearMisses) {
	for (const char *text :
	     {"", "applying revision \"x\"", "applying revision \"x\" (file \"a.sql\", line 0)",
	      "applying revision \"x\" (file \"a.sql\", line )", "applying revision \"x\" (file \"a.sql\", line 3",
	      "applying revision \"x\" (file \"a.sql\", line 3) trailing", "applying revision \"\" (file \"a\", line 1)",
	      "applying revision \"x\" (file \"a.sql, line 3)",
	      "applying revision \"x\" (file \"a.sql\", line 99999999999999999999)",
	      "Applying revision \"x\" (file \"a.sql\", line 3)", "applying revision \"x\" (file \"a.sql\", line -3)"}) {
		EXPECT_FALSE(ParseStepContext(text).has_value()) << text;
	}
	EXPECT_TRUE(ParseStepContext("x\napplying revision \"x\" (file \"a.sql\", line 3)\r\ny").has_value());
}

TEST(StepContext, FuzzishInputsNeverThrow) {
	std::string base = FormatStepContext({"abc", false, "f\"g.sql", 5});
	for (std::size_t cut = 0; cut <= base.size(); cut++) {
		std::string text = base.substr(0, cut);
		auto out = ParseStepContext(text);
		if (cut == base.size()) {
			EXPECT_TRUE(out.has_value());
		} else {
			EXPECT_FALSE(out.has_value()) << text;
		}
	}
}

TEST(StepContext, FileLineAt) {
	std::string_view section = "SELECT 1;\nSELECT\n  2;\n";
	EXPECT_EQ(FileLineAt(10, section, 0), 10u);
	EXPECT_EQ(FileLineAt(10, section, 9), 10u);
	EXPECT_EQ(FileLineAt(10, section, 10), 11u);
	EXPECT_EQ(FileLineAt(10, section, 19), 12u);
	EXPECT_EQ(FileLineAt(10, section, 1000), 13u);
}

TEST(StepContext, SkipSpaceAndComments) {
	std::string_view sql = "  -- a comment\n /* outer /* nested */ still */\tCREATE TABLE t ();";
	EXPECT_EQ(sql.substr(SkipSpaceAndComments(sql, 0, sql.size()), 6), "CREATE");
	EXPECT_EQ(SkipSpaceAndComments(sql, 0, 5), 5u);
	std::string_view only = "-- nothing\n/* else */";
	EXPECT_EQ(SkipSpaceAndComments(only, 0, only.size()), only.size());
	std::string_view open = "/* never closed";
	EXPECT_EQ(SkipSpaceAndComments(open, 0, open.size()), open.size());
	EXPECT_EQ(SkipSpaceAndComments("- 1", 0, 3), 0u);
}

TEST(RevisionFileLines, SectionsStartAtTheirFirstNonBlankLine) {
	std::string text = "-- msg\n"               // 1
	                   "--\n"                   // 2
	                   "-- Revision ID: abc\n"  // 3
	                   "-- Revises:\n"          // 4
	                   "\n"                     // 5
	                   "-- migrate:upgrade\r\n" // 6
	                   "\r\n"                   // 7
	                   "\n"                     // 8
	                   "CREATE TABLE t ();\r\n" // 9
	                   "SELECT 1;\n"            // 10
	                   "\n"                     // 11
	                   "-- migrate:downgrade\n" // 12
	                   "DROP TABLE t;\n";       // 13
	RevisionFile file = ParseRevisionFile("1_abc.sql", text);
	EXPECT_EQ(file.upgrade_sql, "CREATE TABLE t ();\nSELECT 1;");
	EXPECT_EQ(file.upgrade_line, 9u);
	ASSERT_TRUE(file.downgrade_sql.has_value());
	EXPECT_EQ(file.downgrade_line, 13u);
	EXPECT_EQ(FileLineAt(file.upgrade_line, file.upgrade_sql, file.upgrade_sql.find("SELECT")), 10u);
}

TEST(RevisionFileLines, AbsentAndEmptySections) {
	RevisionFile file = ParseRevisionFile("a.sql", "-- Revision ID: abc\n-- migrate:upgrade\n");
	EXPECT_EQ(file.upgrade_line, 3u);
	EXPECT_FALSE(file.downgrade_sql.has_value());
	EXPECT_EQ(file.downgrade_line, 0u);
}

Ids
StepIds(const Plan &plan) {
	Ids ids;
	for (const Step &s : plan.steps) {
		ids.push_back(s.revision);
	}
	return ids;
}

TEST(PlanPrefix, HeadsAfterEachPrefixOfAnUpgrade) {
	RevisionGraph graph = AlembicExample();
	Plan plan = PlanUpgrade(graph, {}, "eeee5555");
	ASSERT_EQ(StepIds(plan), (Ids{"aaaa1111", "bbbb2222", "dddd4444", "cccc3333", "eeee5555"}));
	EXPECT_EQ(PlanPrefix(graph, {}, plan, 0).heads_after, Ids{});
	EXPECT_TRUE(PlanPrefix(graph, {}, plan, 0).steps.empty());
	EXPECT_EQ(PlanPrefix(graph, {}, plan, 1).heads_after, Ids{"aaaa1111"});
	Plan three = PlanPrefix(graph, {}, plan, 3);
	EXPECT_EQ(StepIds(three), (Ids{"aaaa1111", "bbbb2222", "dddd4444"}));
	EXPECT_EQ(three.heads_after, Ids{"dddd4444"});
	EXPECT_EQ(PlanPrefix(graph, {}, plan, 4).heads_after, (Ids{"cccc3333", "dddd4444"}));
	EXPECT_EQ(PlanPrefix(graph, {}, plan, 5).heads_after, plan.heads_after);
	EXPECT_EQ(PlanPrefix(graph, {}, plan, 99).steps.size(), 5u);
}

TEST(PlanPrefix, EachPrefixOfADowngradeMatchesAPlanToThere) {
	RevisionGraph graph = Linear();
	Plan plan = PlanDowngrade(graph, {"dddd4444"}, "base");
	for (std::size_t n = 0; n <= plan.steps.size(); n++) {
		Plan prefix = PlanPrefix(graph, {"dddd4444"}, plan, n);
		EXPECT_EQ(prefix.steps.size(), n);
		EXPECT_EQ(prefix.direction, Direction::kDowngrade);
		Ids expected = n == 4 ? Ids{} : Ids{plan.steps[n].revision};
		EXPECT_EQ(prefix.heads_after, expected) << n;
	}
}

TEST(CheckNextStep, UpgradeNeedsParentsAndDependencies) {
	RevisionGraph graph = AlembicExample();
	EXPECT_EQ(CheckNextStep(graph, {}, {"aaaa1111", Direction::kUpgrade}), Ids{"aaaa1111"});
	EXPECT_EQ(CheckNextStep(graph, {"bbbb2222"}, {"dddd4444", Direction::kUpgrade}), Ids{"dddd4444"});
	EXPECT_EQ(CheckNextStep(graph, {"cccc3333", "ffff6666"}, {"99990000", Direction::kUpgrade}), Ids{"99990000"});
	MigError missing = CatchMigError([&] { CheckNextStep(graph, {"ffff6666"}, {"99990000", Direction::kUpgrade}); });
	EXPECT_EQ(missing.Sqlstate(), "55000");
	EXPECT_EQ(missing.Message(), "revision \"99990000\" is not the next step of an upgrade");
	EXPECT_NE(missing.Detail().find("cccc3333"), std::string::npos);
	MigError applied = CatchMigError([&] { CheckNextStep(graph, {"bbbb2222"}, {"aaaa1111", Direction::kUpgrade}); });
	EXPECT_EQ(applied.Sqlstate(), "55000");
	EXPECT_EQ(applied.Message(), "revision \"aaaa1111\" is already applied");
	MigError unknown = CatchMigError([&] { CheckNextStep(graph, {}, {"nope", Direction::kUpgrade}); });
	EXPECT_EQ(unknown.Sqlstate(), "42704");
}

TEST(CheckNextStep, DowngradeNeedsACurrentHead) {
	RevisionGraph graph = Linear();
	EXPECT_EQ(CheckNextStep(graph, {"cccc3333"}, {"cccc3333", Direction::kDowngrade}), Ids{"bbbb2222"});
	EXPECT_EQ(CheckNextStep(graph, {"aaaa1111"}, {"aaaa1111", Direction::kDowngrade}), Ids{});
	MigError below = CatchMigError([&] { CheckNextStep(graph, {"cccc3333"}, {"bbbb2222", Direction::kDowngrade}); });
	EXPECT_EQ(below.Sqlstate(), "55000");
	EXPECT_EQ(below.Message(), "revision \"bbbb2222\" is not the next step of a downgrade");
	MigError above = CatchMigError([&] { CheckNextStep(graph, {"bbbb2222"}, {"dddd4444", Direction::kDowngrade}); });
	EXPECT_EQ(above.Sqlstate(), "55000");
	EXPECT_NE(above.Detail().find("not applied"), std::string::npos);
}

} // namespace
} // namespace pgm
