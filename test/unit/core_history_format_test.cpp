/*
 * core_history_format_test.cpp: history order and Alembic's history, current, heads and
 * branches lines, checked against the outputs recorded in reference/alembic.md section 7, and
 * Alembic's verbose entry (FormatLogEntry) of `show` and `history -v`.
 */
#include "core/history_format.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::R;

using Ids = std::vector<std::string>;

std::vector<std::string>
HistoryLines(const RevisionGraph &g, const std::set<std::string> &current = {}, bool indicate_current = false) {
	std::vector<std::string> lines;
	for (const std::string &id : HistoryOrder(g)) {
		lines.push_back(FormatHistoryLine(g, id, current, indicate_current));
	}
	return lines;
}

TEST(CoreHistory, AlembicExampleHistory) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(HistoryOrder(g),
	          (Ids{"99990000", "ffff6666", "eeee5555", "dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(HistoryLines(g), (std::vector<std::string>{
	                               "ffff6666 (cccc3333) -> 99990000 (feat) (head), feat two",
	                               "<base> -> ffff6666 (feat), feat base",
	                               "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d",
	                               "bbbb2222 -> dddd4444, side",
	                               "bbbb2222 -> cccc3333, third",
	                               "aaaa1111 -> bbbb2222 (branchpoint), add column",
	                               "<base> -> aaaa1111, create account table",
	                           }));
}

/* Alembic's current names a branch applied only as a dependency: "99990000 (head)" then "cccc3333". */
TEST(CoreHistory, CurrentRevisionsIncludeBranchesAppliedAsDependencies) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(CurrentRevisions(g, {"99990000"}), (Ids{"99990000", "cccc3333"}));
	EXPECT_EQ(FormatCurrentLine(g, "cccc3333"), "cccc3333");
	EXPECT_EQ(CurrentRevisions(g, {"eeee5555", "99990000"}), (Ids{"eeee5555", "99990000"}));
	EXPECT_EQ(CurrentRevisions(g, {"bbbb2222"}), (Ids{"bbbb2222"}));
	EXPECT_EQ(CurrentRevisions(g, {}), (Ids{}));
}

TEST(CoreHistory, IndicateCurrentBeforeTheMerge) {
	RevisionGraph g =
	    RevisionGraph::Build({R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add column"),
	                          R("cccc3333", {"bbbb2222"}, "third"), R("dddd4444", {"bbbb2222"}, "side")});
	EXPECT_EQ(HistoryLines(g, {"cccc3333", "dddd4444"}, true), (std::vector<std::string>{
	                                                               "bbbb2222 -> cccc3333 (head) (current), third",
	                                                               "bbbb2222 -> dddd4444 (head) (current), side",
	                                                               "aaaa1111 -> bbbb2222 (branchpoint), add column",
	                                                               "<base> -> aaaa1111, create account table",
	                                                           }));
	/* Without indicate_current the set is ignored. */
	EXPECT_EQ(FormatHistoryLine(g, "cccc3333", {"cccc3333"}, false), "bbbb2222 -> cccc3333 (head), third");
	/* (current) goes before (branchpoint). */
	EXPECT_EQ(FormatHistoryLine(g, "bbbb2222", {"bbbb2222"}, true),
	          "aaaa1111 -> bbbb2222 (current) (branchpoint), add column");
}

TEST(CoreHistory, LinearHistoryIsNewestFirst) {
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(50));
	Ids order = HistoryOrder(g);
	ASSERT_EQ(order.size(), 50U);
	for (std::size_t i = 0; i < 50; i++) {
		EXPECT_EQ(order[i], g.Revisions()[49 - i].id);
	}
}

TEST(CoreHistory, HistoryOrderOfTenThousand) {
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(10000));
	Ids order = HistoryOrder(g);
	ASSERT_EQ(order.size(), 10000U);
	EXPECT_EQ(order.front(), "r09999");
	EXPECT_EQ(order.back(), "r00000");
}

TEST(CoreHistory, EmptyMessageKeepsTheComma) {
	/* Alembic formats ", %s" % doc unconditionally: a revision without a docstring is "a -> b, ". */
	RevisionGraph g = RevisionGraph::Build({R("aaaa1111"), R("bbbb2222", {"aaaa1111"})});
	EXPECT_EQ(FormatHistoryLine(g, "bbbb2222"), "aaaa1111 -> bbbb2222 (head), ");
	EXPECT_EQ(FormatHistoryLine(g, "aaaa1111"), "<base> -> aaaa1111, ");
}

TEST(CoreHistory, EffectiveHeadAndDependencyShownAsWritten) {
	/* depends_on is shown as declared (a label stays symbolic). */
	RevisionGraph g = RevisionGraph::Build({test::WithLabels(R("aaaa1111", {}, "core"), {"core"}),
	                                        test::WithDeps(R("bbbb2222", {}, "uses core"), {"core"})});
	EXPECT_EQ(FormatHistoryLine(g, "bbbb2222"), "<base> (core) -> bbbb2222 (head), uses core");
	EXPECT_EQ(FormatHistoryLine(g, "aaaa1111"), "<base> -> aaaa1111 (core) (effective head), core");
	EXPECT_EQ(FormatCurrentLine(g, "aaaa1111"), "aaaa1111 (effective head)");
}

TEST(CoreHistory, CurrentLines) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(FormatCurrentLine(g, "eeee5555"), "eeee5555 (head) (mergepoint)");
	EXPECT_EQ(FormatCurrentLine(g, "99990000"), "99990000 (head)");
	EXPECT_EQ(FormatCurrentLine(g, "bbbb2222"), "bbbb2222 (branchpoint)");
	EXPECT_EQ(FormatCurrentLine(g, "cccc3333"), "cccc3333");
}

TEST(CoreHistory, HeadsLines) {
	RevisionGraph g = AlembicExample();
	std::vector<std::string> lines;
	for (const std::string &id : g.Heads()) {
		lines.push_back(FormatHeadsLine(g, id));
	}
	EXPECT_EQ(lines, (std::vector<std::string>{"99990000 (feat) (head)", "eeee5555 (head)"}));
}

TEST(CoreHistory, BranchesBlock) {
	RevisionGraph g =
	    RevisionGraph::Build({R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add column"),
	                          R("cccc3333", {"bbbb2222"}, "third"), R("dddd4444", {"bbbb2222"}, "side")});
	EXPECT_EQ(FormatBranchesBlock(g, "bbbb2222"), "bbbb2222 (branchpoint)\n"
	                                              "         -> cccc3333 (head)\n"
	                                              "         -> dddd4444 (head)");
}

TEST(CoreHistory, UnknownRevision) {
	RevisionGraph g = AlembicExample();
	MigError e = test::CatchMigError([&] { FormatHistoryLine(g, "nope"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'nope'");
}

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

} // namespace
} // namespace pgm
