/*
 * core_history_range_test.cpp: `history -r` ranges (ResolveHistoryRange): open and closed
 * ends, relative ends, "current", branches, merges, labels, errors and a long chain.
 */
#include "core/history_format.hpp"
#include "core/history_range.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::Linear;
using test::R;

using Ids = std::vector<std::string>;

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

} // namespace
} // namespace pgm
