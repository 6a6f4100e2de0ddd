/*
 * core_stamp_plan_test.cpp: stamp planning (PlanStamp, DescribeStamp): no-op, insert, moves
 * up and down, base, merges, several lineages and targets, purge, and every error.
 */
#include "core/stamp_plan.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::Linear;

using Ids = std::vector<std::string>;

using Steps = std::vector<std::pair<Ids, Ids>>;

Steps
StepsOf(const StampPlan &plan) {
	Steps out;
	for (const StampStep &s : plan.steps) {
		out.emplace_back(s.from, s.to);
	}
	return out;
}

TEST(CoreStamp, NoOpWhenPresent) {
	RevisionGraph g = Linear();
	StampPlan p = PlanStamp(g, {"cccc3333"}, {"cccc3333"}, false);
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
}

TEST(CoreStamp, EmptyTableInserts) {
	RevisionGraph g = Linear();
	StampPlan p = PlanStamp(g, {}, {"head"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{}, {"dddd4444"}}}));
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
	EXPECT_EQ(DescribeStamp(p.steps[0]), "Running stamp_revision  -> dddd4444");
}

TEST(CoreStamp, MovesUpAndDown) {
	RevisionGraph g = Linear();
	StampPlan up = PlanStamp(g, {"bbbb2222"}, {"dddd"}, false);
	EXPECT_EQ(StepsOf(up), (Steps{{{"bbbb2222"}, {"dddd4444"}}}));
	EXPECT_EQ(up.heads_after, Ids{"dddd4444"});
	StampPlan down = PlanStamp(g, {"dddd4444"}, {"aaaa1111"}, false);
	EXPECT_EQ(StepsOf(down), (Steps{{{"dddd4444"}, {"aaaa1111"}}}));
	EXPECT_EQ(down.heads_after, Ids{"aaaa1111"});
	EXPECT_EQ(DescribeStamp(down.steps[0]), "Running stamp_revision dddd4444 -> aaaa1111");
	StampPlan rel = PlanStamp(g, {"dddd4444"}, {"head-2"}, false);
	EXPECT_EQ(StepsOf(rel), (Steps{{{"dddd4444"}, {"bbbb2222"}}}));
}

TEST(CoreStamp, Base) {
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"eeee5555", "ffff6666"}, {"base"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{"eeee5555"}, {}}, {{"ffff6666"}, {}}}));
	EXPECT_TRUE(p.heads_after.empty());
	EXPECT_EQ(DescribeStamp(p.steps[0]), "Running stamp_revision eeee5555 -> ");
	StampPlan branch = PlanStamp(g, {"eeee5555", "ffff6666"}, {"feat@base"}, false);
	EXPECT_EQ(StepsOf(branch), (Steps{{{"ffff6666"}, {}}}));
	EXPECT_EQ(branch.heads_after, Ids{"eeee5555"});
	EXPECT_TRUE(PlanStamp(g, {}, {"base"}, false).steps.empty());
}

TEST(CoreStamp, MergeReplacesBothRowsInOneStep) {
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"cccc3333", "dddd4444"}, {"eeee5555"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{"cccc3333", "dddd4444"}, {"eeee5555"}}}));
	EXPECT_EQ(p.heads_after, Ids{"eeee5555"});
	EXPECT_EQ(DescribeStamp(p.steps[0]), "Running stamp_revision cccc3333, dddd4444 -> eeee5555");
}

TEST(CoreStamp, HeadsFromTwoLineages) {
	/* reference/alembic.md: stamp heads from {bbbb2222, ffff6666}. */
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"bbbb2222", "ffff6666"}, {"heads"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{"bbbb2222", "ffff6666"}, {"99990000"}}, {{}, {"eeee5555"}}}));
	EXPECT_EQ(DescribeStamp(p.steps[0]), "Running stamp_revision bbbb2222, ffff6666 -> 99990000");
	EXPECT_EQ(p.heads_after, (Ids{"99990000", "eeee5555"}));
}

TEST(CoreStamp, UnrelatedLineageUntouched) {
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"eeee5555", "ffff6666"}, {"bbbb2222"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{"eeee5555"}, {"bbbb2222"}}}));
	EXPECT_EQ(p.heads_after, (Ids{"ffff6666", "bbbb2222"}));
}

TEST(CoreStamp, UnrelatedTargetInserts) {
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"cccc3333"}, {"feat"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{}, {"ffff6666"}}}));
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "ffff6666"}));
	/* A dependency counts as lineage: 99990000 depends on cccc3333, so that row moves down. */
	StampPlan dep = PlanStamp(g, {"99990000"}, {"cccc3333"}, false);
	EXPECT_EQ(StepsOf(dep), (Steps{{{"99990000"}, {"cccc3333"}}}));
}

TEST(CoreStamp, SeveralTargets) {
	RevisionGraph g = AlembicExample();
	StampPlan p = PlanStamp(g, {"aaaa1111"}, {"cccc3333", "dddd4444"}, false);
	EXPECT_EQ(StepsOf(p), (Steps{{{"aaaa1111"}, {"cccc3333"}}, {{}, {"dddd4444"}}}));
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "dddd4444"}));
	StampPlan q = PlanStamp(g, {}, {"eeee5555", "feat@head", "eeee5555"}, false);
	EXPECT_EQ(StepsOf(q), (Steps{{{}, {"eeee5555"}}, {{}, {"99990000"}}}));
}

TEST(CoreStamp, Purge) {
	RevisionGraph g = Linear();
	StampPlan p = PlanStamp(g, {"gone0000", "bbbb2222", "gone0000"}, {"bbbb2222"}, true);
	EXPECT_EQ(StepsOf(p), (Steps{{{"gone0000", "bbbb2222"}, {}}, {{}, {"bbbb2222"}}}));
	EXPECT_EQ(p.heads_after, Ids{"bbbb2222"});
	StampPlan empty = PlanStamp(g, {}, {"base"}, true);
	EXPECT_TRUE(empty.steps.empty());
	EXPECT_TRUE(empty.heads_after.empty());
	/* Without purge an unknown row is an error. */
	MigError e = CatchMigError([&] { PlanStamp(g, {"gone0000"}, {"bbbb2222"}, false); });
	EXPECT_EQ(e.Sqlstate(), "42704");
}

TEST(CoreStamp, Errors) {
	RevisionGraph g = AlembicExample();
	MigError e = CatchMigError([&] { PlanStamp(g, {}, {"head"}, false); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Message(), "multiple heads are present; please specify a single target revision");
	e = CatchMigError([&] { PlanStamp(g, {}, {"bbbb2222", "eeee5555"}, false); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	e = CatchMigError([&] { PlanStamp(g, {}, {"base", "eeee5555"}, false); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	e = CatchMigError([&] { PlanStamp(g, {}, {"feat@base", "99990000"}, false); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(PlanStamp(g, {"ffff6666"}, {"feat@base", "eeee5555"}, false).heads_after, Ids{"eeee5555"});
	e = CatchMigError([&] { PlanStamp(g, {}, {"nope"}, false); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	e = CatchMigError([&] { PlanStamp(g, {}, {"aaaa1111:bbbb2222"}, false); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	e = CatchMigError([&] { PlanStamp(g, {}, {}, false); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	e = CatchMigError([&] { PlanStamp(g, {}, {std::string("\xff\0", 2)}, false); });
	test::ExpectCleanMessage(e);
}

} // namespace
} // namespace pgm
