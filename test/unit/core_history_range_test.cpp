/*
 * core_history_range_test.cpp: `history -r` ranges (ResolveHistoryRange), Alembic's verbose
 * entry (FormatLogEntry), and stamp planning (PlanStamp, DescribeStamp).
 */
#include "test/unit/core_test_helpers.hpp"
#include "core/history_format.hpp"
#include "core/history_range.hpp"
#include "core/stamp_plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::R;
using test::WithDeps;
using test::WithLabels;

using Ids = std::vector<std::string>;

RevisionGraph
Linear() {
	return RevisionGraph::Build(
	    {R("aaaa1111"), R("bbbb2222", {"aaaa1111"}), R("cccc3333", {"bbbb2222"}), R("dddd4444", {"cccc3333"})});
}

/* aaaa1111 -> bbbb2222 -> {cccc3333, dddd4444}, no merge. */
RevisionGraph
Branched() {
	return RevisionGraph::Build(
	    {R("aaaa1111"), R("bbbb2222", {"aaaa1111"}), R("cccc3333", {"bbbb2222"}), R("dddd4444", {"bbbb2222"})});
}

Ids
Range(const RevisionGraph &g, std::string_view range, const Ids &current = {}) {
	return ResolveHistoryRange(g, current, range);
}

TEST(CoreHistoryRange, LinearForms) {
	RevisionGraph g = Linear();
	EXPECT_EQ(Range(g, ":"), (Ids{"dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "base:heads"), (Ids{"dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "bbbb2222:"), (Ids{"dddd4444", "cccc3333", "bbbb2222"}));
	EXPECT_EQ(Range(g, ":bbbb2222"), (Ids{"bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "bbbb:cccc"), (Ids{"cccc3333", "bbbb2222"}));
	EXPECT_EQ(Range(g, "cccc3333:cccc3333"), (Ids{"cccc3333"}));
	EXPECT_EQ(Range(g, " bbbb2222:head "), (Ids{"dddd4444", "cccc3333", "bbbb2222"}));
	/* Relative forms; history does not assert relative lengths, so an overlong walk stops at the end. */
	EXPECT_EQ(Range(g, "base:aaaa1111+1"), (Ids{"bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, ":head-1"), (Ids{"cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, ":head-9"), Ids{});
	EXPECT_EQ(Range(g, ":aaaa1111+9"), (Ids{"dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "bbbb2222:+1"), (Ids{"cccc3333", "bbbb2222"}));
	EXPECT_EQ(Range(g, ":+2"), (Ids{"bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "-2:"), (Ids{"dddd4444", "cccc3333", "bbbb2222"}));
	EXPECT_EQ(Range(g, "head-1:"), (Ids{"dddd4444", "cccc3333"}));
	EXPECT_EQ(Range(g, "aaaa1111+2:dddd4444"), (Ids{"dddd4444", "cccc3333"}));
}

TEST(CoreHistoryRange, Current) {
	RevisionGraph g = Linear();
	EXPECT_EQ(Range(g, "current:", {"bbbb2222"}), (Ids{"dddd4444", "cccc3333", "bbbb2222"}));
	EXPECT_EQ(Range(g, ":current", {"bbbb2222"}), (Ids{"bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "-1:current", {"cccc3333"}), (Ids{"cccc3333", "bbbb2222"}));
	/* An empty database: everything lies above it, nothing below. */
	EXPECT_EQ(Range(g, "current:", {}), (Ids{"dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, ":current", {}), Ids{});
	MigError e = CatchMigError([&] { Range(g, ":current", {"zzzz9999"}); });
	EXPECT_EQ(e.Sqlstate(), "42704");
}

TEST(CoreHistoryRange, Branched) {
	RevisionGraph g = Branched();
	EXPECT_EQ(Range(g, "bbbb2222:"), (Ids{"cccc3333", "dddd4444", "bbbb2222"}));
	EXPECT_EQ(Range(g, "aaaa1111:dddd4444"), (Ids{"dddd4444", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, "cccc3333:heads"), (Ids{"cccc3333"}));
	EXPECT_EQ(Range(g, ":current", {"cccc3333", "dddd4444"}), (Ids{"cccc3333", "dddd4444", "bbbb2222", "aaaa1111"}));
	MigError e = CatchMigError([&] { Range(g, "cccc3333:dddd4444"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "requested range cccc3333:dddd4444 does not refer to ancestor/descendant revisions "
	                       "along the same branch");
	/* The lower end only has to lie below one of the upper ones. */
	EXPECT_EQ(Range(g, "cccc3333:"), (Ids{"cccc3333"}));
	e = CatchMigError([&] { Range(g, ":head"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	e = CatchMigError([&] { Range(g, "bbbb2222:+1"); });
	EXPECT_EQ(e.Message(), "ambiguous walk");
}

TEST(CoreHistoryRange, MergedAndLabelled) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(Range(g, ":"), HistoryOrder(g));
	/* Ordered by Alembic's topological sort from the range's upper end. */
	EXPECT_EQ(Range(g, "bbbb2222:eeee5555"), (Ids{"eeee5555", "cccc3333", "dddd4444", "bbbb2222"}));
	EXPECT_EQ(Range(g, "cccc3333:eeee5555"), (Ids{"eeee5555", "cccc3333"}));
}

TEST(CoreHistoryRange, MergeWalkIsAmbiguous) {
	RevisionGraph g = AlembicExample();
	MigError e = CatchMigError([&] { Range(g, ":eeee5555-1"); });
	EXPECT_EQ(e.Message(), "ambiguous walk");
}

TEST(CoreHistoryRange, Labels) {
	RevisionGraph g = AlembicExample();
	/* A named base keeps the upper ends on that branch; from base their dependencies are listed too. */
	EXPECT_EQ(Range(g, "feat@base:"), (Ids{"99990000", "ffff6666", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, ":feat@head"), (Ids{"99990000", "ffff6666", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(Range(g, ":feat@head-1"), (Ids{"ffff6666"}));
	EXPECT_EQ(Range(g, "feat:"), (Ids{"99990000", "ffff6666"}));
	EXPECT_EQ(Range(g, "ffff6666@base:heads"), Range(g, "feat@base:"));
	EXPECT_EQ(Range(g, "ffff6666@ffff6666:heads"), (Ids{"99990000", "ffff6666"}));
	/* Above the lower end only descendants by parents count: 99990000 merely depends on cccc3333. */
	EXPECT_EQ(Range(g, "cccc3333:99990000"), (Ids{"cccc3333"}));
	MigError e = CatchMigError([&] { Range(g, "aaaa1111@base:"); });
	EXPECT_EQ(e.Message(), "revision aaaa1111 does not name a single branch");
}

TEST(CoreHistoryRange, Errors) {
	RevisionGraph g = Linear();
	MigError e = CatchMigError([&] { Range(g, "bbbb2222"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "history range requires [start]:[end], [start]:, or :[end]");
	e = CatchMigError([&] { Range(g, "a:b:c"); });
	EXPECT_EQ(e.Message(), "history range requires [start]:[end], [start]:, or :[end]");
	e = CatchMigError([&] { Range(g, "cccc3333:bbbb2222"); });
	EXPECT_EQ(e.Message(), "requested range cccc3333:bbbb2222 does not refer to ancestor/descendant revisions "
	                       "along the same branch");
	e = CatchMigError([&] { Range(g, "zzzz:"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	e = CatchMigError([&] { Range(g, ":-1"); });
	EXPECT_EQ(e.Message(), "relative revision -1 didn't produce 1 migrations");
	e = CatchMigError([&] { Range(g, std::string("a\0\xff:", 4)); });
	test::ExpectCleanMessage(e);
}

TEST(CoreHistoryRange, LongChain) {
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(10000));
	EXPECT_EQ(Range(g, "r09990:").size(), 10U);
	EXPECT_EQ(Range(g, ":").size(), 10000U);
	EXPECT_EQ(Range(g, "-3:").front(), "r09999");
}

/* ---- FormatLogEntry ---- */

TEST(CoreLogEntry, Root) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(FormatLogEntry(g, "aaaa1111", {}, false, "migrations/aaaa1111_create.sql", "2026-11-24 03:04:20"),
	          "Rev: aaaa1111\n"
	          "Parent: <base>\n"
	          "Path: migrations/aaaa1111_create.sql\n"
	          "\n"
	          "    create account table\n"
	          "    \n"
	          "    Revision ID: aaaa1111\n"
	          "    Revises: \n"
	          "    Create Date: 2026-11-24 03:04:20\n");
}

TEST(CoreLogEntry, BranchPoint) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(FormatLogEntry(g, "bbbb2222", {}, false, "p/bbbb2222_add_column.sql", "2026-11-24 03:04:20.212207"),
	          "Rev: bbbb2222 (branchpoint)\n"
	          "Parent: aaaa1111\n"
	          "Branches into: cccc3333, dddd4444\n"
	          "Path: p/bbbb2222_add_column.sql\n"
	          "\n"
	          "    add column\n"
	          "    \n"
	          "    Revision ID: bbbb2222\n"
	          "    Revises: aaaa1111\n"
	          "    Create Date: 2026-11-24 03:04:20.212207\n");
}

TEST(CoreLogEntry, MergePointAndCurrent) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(FormatLogEntry(g, "eeee5555", {"eeee5555"}, true, "p/e.sql", "d"),
	          "Rev: eeee5555 (head) (mergepoint) (current)\n"
	          "Merges: cccc3333, dddd4444\n"
	          "Path: p/e.sql\n"
	          "\n"
	          "    merge c and d\n"
	          "    \n"
	          "    Revision ID: eeee5555\n"
	          "    Revises: cccc3333, dddd4444\n"
	          "    Create Date: d\n");
	/* Without indicate_current the set is ignored. */
	EXPECT_EQ(FormatLogEntry(g, "eeee5555", {"eeee5555"}, false, "p/e.sql", "d").substr(0, 44),
	          "Rev: eeee5555 (head) (mergepoint)\nMerges: cc");
}

TEST(CoreLogEntry, LabelledWithDependency) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(FormatLogEntry(g, "99990000", {}, false, "p/9.sql", "2026-01-02 03:04:05"),
	          "Rev: 99990000 (head)\n"
	          "Parent: ffff6666\n"
	          "Also depends on: cccc3333\n"
	          "Branch names: feat\n"
	          "Path: p/9.sql\n"
	          "\n"
	          "    feat two\n"
	          "    \n"
	          "    Revision ID: 99990000\n"
	          "    Revises: ffff6666\n"
	          "    Create Date: 2026-01-02 03:04:05\n");
}

TEST(CoreLogEntry, MultiLineAndEmptyMessages) {
	RevisionGraph g = RevisionGraph::Build(
	    {R("aaaa1111", {}, "first line\nsecond line"), R("bbbb2222", {"aaaa1111"}), R("cccc3333", {"aaaa1111"})});
	EXPECT_EQ(FormatLogEntry(g, "aaaa1111", {}, false, "a.sql", "d"), "Rev: aaaa1111 (branchpoint)\n"
	                                                                  "Parent: <base>\n"
	                                                                  "Branches into: bbbb2222, cccc3333\n"
	                                                                  "Path: a.sql\n"
	                                                                  "\n"
	                                                                  "    first line\n"
	                                                                  "    second line\n"
	                                                                  "    \n"
	                                                                  "    Revision ID: aaaa1111\n"
	                                                                  "    Revises: \n"
	                                                                  "    Create Date: d\n");
	/* An empty message and create date: the docstring is stripped as Alembic's longdoc is. */
	EXPECT_EQ(FormatLogEntry(g, "bbbb2222", {}, false, "b.sql", ""), "Rev: bbbb2222 (head)\n"
	                                                                 "Parent: aaaa1111\n"
	                                                                 "Path: b.sql\n"
	                                                                 "\n"
	                                                                 "    Revision ID: bbbb2222\n"
	                                                                 "    Revises: aaaa1111\n"
	                                                                 "    Create Date:\n");
	MigError e = CatchMigError([&] { FormatLogEntry(g, "zzzz", {}, false, "", ""); });
	EXPECT_EQ(e.Sqlstate(), "42704");
}

/* ---- PlanStamp ---- */

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
