/*
 * core_revision_graph_test.cpp: the revision graph: structure queries on Alembic's example,
 * branch label spreading, dependency resolution, every validation error with its SQLSTATE and
 * text, and graphs of 10,000 revisions (deep chain, wide DAG, many merges, many roots).
 */
#include "core/revision_graph.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
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
using IdSet = std::set<std::string>;

TEST(CoreGraph, StructureOfTheAlembicExample) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(g.Revisions().size(), 7U);
	EXPECT_EQ(g.Revisions()[0].id, "99990000");
	EXPECT_EQ(g.Heads(), (Ids{"99990000", "eeee5555"}));
	EXPECT_EQ(g.RealHeads(), (Ids{"99990000", "eeee5555"}));
	EXPECT_EQ(g.Bases(), (Ids{"aaaa1111", "ffff6666"}));
	EXPECT_EQ(g.Children("bbbb2222"), (Ids{"cccc3333", "dddd4444"}));
	EXPECT_EQ(g.Children("eeee5555"), Ids{});
	EXPECT_EQ(g.Children("nope"), Ids{});
	EXPECT_EQ(g.Dependents("cccc3333"), Ids{"99990000"});
	EXPECT_EQ(g.ResolvedDependencies("99990000"), Ids{"cccc3333"});
	EXPECT_TRUE(g.IsBranchPoint("bbbb2222"));
	EXPECT_FALSE(g.IsBranchPoint("cccc3333")); // a dependent is not a child
	EXPECT_TRUE(g.IsMergePoint("eeee5555"));
	EXPECT_FALSE(g.IsMergePoint("99990000")); // a dependency is not a parent
	EXPECT_TRUE(g.IsRealHead("eeee5555"));
	EXPECT_FALSE(g.IsRealHead("cccc3333"));
	EXPECT_FALSE(g.IsEffectiveHead("cccc3333")); // it has a child
	EXPECT_EQ(g.Find("dddd4444")->message, "side");
	EXPECT_EQ(g.Find("dddd"), nullptr);
}

TEST(CoreGraph, AncestorsDescendantsAndAppliedSet) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(g.Ancestors("99990000"), (IdSet{"99990000", "ffff6666", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_EQ(g.Ancestors(Ids{"99990000"}, false), (IdSet{"99990000", "ffff6666"}));
	EXPECT_EQ(g.Descendants("bbbb2222"), (IdSet{"bbbb2222", "cccc3333", "dddd4444", "eeee5555", "99990000"}));
	EXPECT_EQ(g.Descendants(Ids{"bbbb2222"}, false), (IdSet{"bbbb2222", "cccc3333", "dddd4444", "eeee5555"}));
	EXPECT_EQ(g.AppliedSet({"eeee5555"}), (IdSet{"aaaa1111", "bbbb2222", "cccc3333", "dddd4444", "eeee5555"}));
	EXPECT_EQ(g.AppliedSet({}), IdSet{});
	EXPECT_TRUE(g.SharesLineage("aaaa1111", "eeee5555"));
	EXPECT_FALSE(g.SharesLineage("cccc3333", "dddd4444"));
	EXPECT_FALSE(g.SharesLineage("cccc3333", "99990000")); // lineage follows parents only

	MigError e = CatchMigError([&] { g.AppliedSet({"deadbeef0000"}); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'deadbeef0000'");
	EXPECT_EQ(e.Detail(), "The version table holds revision \"deadbeef0000\", but no revision file has that id.");
}

TEST(CoreGraph, EffectiveHead) {
	/* b is a head by parents, but c depends on it. */
	RevisionGraph g = RevisionGraph::Build({R("a"), R("b", {"a"}), WithDeps(R("c"), {"b"})});
	EXPECT_EQ(g.Heads(), (Ids{"b", "c"}));
	EXPECT_EQ(g.RealHeads(), Ids{"c"});
	EXPECT_TRUE(g.IsEffectiveHead("b"));
	EXPECT_FALSE(g.IsRealHead("b"));
}

TEST(CoreGraph, BranchLabelsSpreadAsInAlembic) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(g.EffectiveBranchLabels("ffff6666"), Ids{"feat"});
	EXPECT_EQ(g.EffectiveBranchLabels("99990000"), Ids{"feat"});
	EXPECT_EQ(g.EffectiveBranchLabels("cccc3333"), Ids{}); // a dependency does not carry the label
	EXPECT_EQ(g.FindBranchLabel("feat")->id, "ffff6666");
	EXPECT_EQ(g.FindBranchLabel("nope"), nullptr);

	/* Down the ancestors until a branch point: b branches into c and e, so b and a keep none. */
	RevisionGraph g2 =
	    RevisionGraph::Build({R("a"), R("b", {"a"}), WithLabels(R("c", {"b"}), {"x"}), R("d", {"c"}), R("e", {"b"})});
	EXPECT_EQ(g2.EffectiveBranchLabels("c"), Ids{"x"});
	EXPECT_EQ(g2.EffectiveBranchLabels("d"), Ids{"x"});
	EXPECT_EQ(g2.EffectiveBranchLabels("b"), Ids{});
	EXPECT_EQ(g2.EffectiveBranchLabels("a"), Ids{});
	EXPECT_EQ(g2.EffectiveBranchLabels("e"), Ids{});

	/* On a plain line the label reaches the root. */
	RevisionGraph g3 = RevisionGraph::Build({R("a"), R("b", {"a"}), WithLabels(R("c", {"b"}), {"x", "y"})});
	EXPECT_EQ(g3.EffectiveBranchLabels("a"), (Ids{"x", "y"}));

	/* A labelled merge point does not pass its label down. */
	RevisionGraph g4 = RevisionGraph::Build({R("p"), R("q"), WithLabels(R("m", {"p", "q"}), {"x"}), R("n", {"m"})});
	EXPECT_EQ(g4.EffectiveBranchLabels("m"), Ids{"x"});
	EXPECT_EQ(g4.EffectiveBranchLabels("n"), Ids{"x"});
	EXPECT_EQ(g4.EffectiveBranchLabels("p"), Ids{});
}

TEST(CoreGraph, ResolveDependency) {
	RevisionGraph g =
	    RevisionGraph::Build({R("aaaa1111"), R("aaab9999", {"aaaa1111"}),
	                          WithLabels(R("bbbb2222", {"aaab9999"}), {"feat"}), R("aaac7777", {"aaaa1111"})});
	EXPECT_EQ(g.ResolveDependency("aaaa1111"), "aaaa1111");
	EXPECT_EQ(g.ResolveDependency("feat"), "bbbb2222");
	EXPECT_EQ(g.ResolveDependency("bb"), "bbbb2222");
	EXPECT_EQ(g.ResolveDependency("aaab"), "aaab9999");
	EXPECT_EQ(g.ResolveDependency("fe"), "bbbb2222"); // prefix of a label
	EXPECT_EQ(g.MatchPrefix("aaa"), (Ids{"aaaa1111", "aaab9999", "aaac7777"}));

	MigError e = CatchMigError([&] { g.ResolveDependency("aaa"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "multiple revisions start with 'aaa': 'aaaa1111', 'aaab9999', 'aaac7777'");
	EXPECT_EQ(e.Detail(), "The prefix \"aaa\" matches 3 revisions.");

	e = CatchMigError([&] { g.ResolveDependency("xy"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'xy'");
	EXPECT_EQ(e.Hint(), "Use at least four characters of a revision id for a partial revision identifier.");
	e = CatchMigError([&] { g.ResolveDependency("xyzzy"); });
	EXPECT_EQ(e.Hint(), "");
}

TEST(CoreGraph, DependsOnByLabelAndPrefix) {
	RevisionGraph g = RevisionGraph::Build({WithLabels(R("aaaa1111"), {"core"}), R("bbbb2222"),
	                                        WithDeps(R("cccc3333", {"bbbb2222"}), {"core"}),
	                                        WithDeps(R("dddd4444", {"bbbb2222"}), {"aaaa"})});
	EXPECT_EQ(g.ResolvedDependencies("cccc3333"), Ids{"aaaa1111"});
	EXPECT_EQ(g.ResolvedDependencies("dddd4444"), Ids{"aaaa1111"});
	EXPECT_EQ(g.Dependents("aaaa1111"), (Ids{"cccc3333", "dddd4444"}));
	EXPECT_EQ(g.RealHeads(), (Ids{"cccc3333", "dddd4444"}));
}

TEST(CoreGraph, DuplicateId) {
	Revision first = R("cccc3333");
	first.source = "cccc3333_third.sql";
	Revision second = R("cccc3333");
	second.source = "cccc3333_copy.sql";
	MigError e = CatchMigError([&] { RevisionGraph::Build({first, R("x1"), second}); });
	EXPECT_EQ(e.Sqlstate(), "42710");
	EXPECT_EQ(e.Message(), "revision \"cccc3333\" is present more than once");
	EXPECT_EQ(e.Detail(), "File \"cccc3333_third.sql\" and file \"cccc3333_copy.sql\" both have Revision ID "
	                      "\"cccc3333\".");
}

TEST(CoreGraph, DuplicateBranchLabel) {
	MigError e = CatchMigError([] {
		RevisionGraph::Build(
		    {R("aaaa1111"), WithLabels(R("bbbb2222", {"aaaa1111"}), {"feat"}), WithLabels(R("ffff6666"), {"feat"})});
	});
	EXPECT_EQ(e.Sqlstate(), "42710");
	EXPECT_EQ(e.Message(), "branch name 'feat' in revision ffff6666 already used by revision bbbb2222");
	EXPECT_EQ(e.Detail(), "File \"bbbb2222.sql\" and file \"ffff6666.sql\" both declare the branch label \"feat\".");

	/* Labels and ids share one namespace. */
	e = CatchMigError([] { RevisionGraph::Build({R("aaaa1111"), WithLabels(R("bbbb2222"), {"aaaa1111"})}); });
	EXPECT_EQ(e.Sqlstate(), "42710");
	EXPECT_EQ(e.Message(), "branch name 'aaaa1111' in revision bbbb2222 already used by revision aaaa1111");
}

TEST(CoreGraph, MissingParent) {
	Revision rev = R("aaaa1111", {"zzzz"});
	rev.source = "aaaa1111_create_account.sql";
	MigError e = CatchMigError([&] { RevisionGraph::Build({rev}); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "revision \"zzzz\" referenced from revision \"aaaa1111\" is not present");
	EXPECT_EQ(e.Detail(), "File \"aaaa1111_create_account.sql\" lists \"zzzz\" in its \"Revises\" header, but no "
	                      "revision has that id.");
	EXPECT_EQ(e.Hint(), "Add the revision file with Revision ID \"zzzz\", or fix the \"Revises\" header of file "
	                    "\"aaaa1111_create_account.sql\".");
}

TEST(CoreGraph, MissingDependency) {
	MigError e = CatchMigError([] { RevisionGraph::Build({R("aaaa1111"), WithDeps(R("bbbb2222"), {"zzzz9999"})}); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "revision \"zzzz9999\" referenced from revision \"bbbb2222\" is not present");
	EXPECT_EQ(e.Detail(), "File \"bbbb2222.sql\" lists \"zzzz9999\" in its \"Depends On\" header, but no revision "
	                      "has that id or branch label.");
}

TEST(CoreGraph, AmbiguousDependency) {
	MigError e = CatchMigError([] {
		RevisionGraph::Build({R("aaaa1111"), R("aaab2222"), WithDeps(R("cccc3333"), {"aaa"})});
	});
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "multiple revisions start with 'aaa': 'aaaa1111', 'aaab2222'");
	EXPECT_EQ(e.Detail(), "File \"cccc3333.sql\" lists \"aaa\" in its \"Depends On\" header. The prefix \"aaa\" "
	                      "matches 2 revisions.");
}

TEST(CoreGraph, Cycle) {
	MigError e = CatchMigError([] {
		RevisionGraph::Build({R("a"), R("b", {"a", "c"}), R("c", {"b"}), R("d", {"a"})});
	});
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "cycle is detected in revisions (b, c)");
	EXPECT_EQ(e.Detail(), "These revisions form a cycle or descend from one: file \"b.sql\" and file \"c.sql\".");

	/* With no base at all every revision is listed, in load order, as Alembic does. */
	e = CatchMigError([] { RevisionGraph::Build({R("e", {"d"}), R("d", {"e"})}); });
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "cycle is detected in revisions (e, d)");
}

TEST(CoreGraph, SelfLoops) {
	MigError e = CatchMigError([] { RevisionGraph::Build({R("aaaa1111", {"aaaa1111"})}); });
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "self-loop is detected in revisions (aaaa1111)");
	EXPECT_EQ(e.Detail(), "File \"aaaa1111.sql\" lists its own id in its \"Revises\" header.");

	e = CatchMigError([] { RevisionGraph::Build({WithDeps(R("aaaa1111"), {"aaaa1111"})}); });
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "dependency self-loop is detected in revisions (aaaa1111)");

	/* Through its own branch label. */
	e = CatchMigError([] { RevisionGraph::Build({WithDeps(WithLabels(R("aaaa1111"), {"feat"}), {"feat"})}); });
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "dependency self-loop is detected in revisions (aaaa1111)");
}

TEST(CoreGraph, DependencyCycle) {
	MigError e = CatchMigError([] {
		RevisionGraph::Build({R("a"), WithDeps(R("b", {"a"}), {"c"}), WithDeps(R("c", {"a"}), {"b"}), R("d", {"a"})});
	});
	EXPECT_EQ(e.Sqlstate(), "MG003");
	EXPECT_EQ(e.Message(), "dependency cycle is detected in revisions (b, c)");
	EXPECT_EQ(e.Hint(), "Fix the \"Revises\" and \"Depends On\" headers so that following them always ends at a root "
	                    "revision.");

	e = CatchMigError([] {
		RevisionGraph::Build({R("a"), WithDeps(R("b", {"a"}), {"c"}), WithDeps(R("c", {"a"}), {"b"})});
	});
	EXPECT_EQ(e.Message(), "dependency cycle is detected in revisions (a, b, c)");
}

TEST(CoreGraph, InvalidIds) {
	MigError e = CatchMigError([] { RevisionGraph::Build({R("ab-cd")}); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "character(s) '-' not allowed in revision identifier 'ab-cd'");
	EXPECT_EQ(e.Detail().rfind("File \"ab-cd.sql\" has this identifier in its \"Revision ID\" header.", 0), 0U);

	e = CatchMigError([] { RevisionGraph::Build({R("a", {"b c"})}); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid revision identifier \"b c\"");

	e = CatchMigError([] { RevisionGraph::Build({WithLabels(R("a"), {"x:y"})}); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid branch label \"x:y\"");
}

TEST(CoreGraph, EmptyGraph) {
	RevisionGraph g = RevisionGraph::Build({});
	EXPECT_TRUE(g.Heads().empty());
	EXPECT_TRUE(g.Bases().empty());
	EXPECT_TRUE(g.AppliedSet({}).empty());
}

/* ---- Scale: 10,000 revisions. ---- */

long long
ElapsedMs(std::chrono::steady_clock::time_point since) {
	return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

TEST(CoreGraphScale, LinearChainOfTenThousand) {
	auto start = std::chrono::steady_clock::now();
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(10000));
	EXPECT_EQ(g.Heads(), Ids{"r09999"});
	EXPECT_EQ(g.Bases(), Ids{"r00000"});
	EXPECT_EQ(g.Ancestors("r09999").size(), 10000U);
	EXPECT_EQ(g.Descendants("r00000").size(), 10000U);
	std::set<std::string> all = g.Ancestors("r09999");
	Ids order = g.TopologicalOrder(all, g.Heads());
	ASSERT_EQ(order.size(), 10000U);
	EXPECT_EQ(order.front(), "r09999");
	EXPECT_EQ(order[1], "r09998");
	EXPECT_EQ(order.back(), "r00000");
	EXPECT_LT(ElapsedMs(start), 5000);
}

/* Checks that order lists each revision after all its children and dependents (newest first). */
void
ExpectNewestFirst(const RevisionGraph &g, const Ids &order) {
	std::map<std::string, std::size_t> pos;
	for (std::size_t i = 0; i < order.size(); i++) {
		pos[order[i]] = i;
	}
	for (const std::string &id : order) {
		for (const std::string &p : g.Find(id)->parents) {
			ASSERT_LT(pos.at(id), pos.at(p)) << id << " before its parent " << p;
		}
		for (const std::string &d : g.ResolvedDependencies(id)) {
			ASSERT_LT(pos.at(id), pos.at(d)) << id << " before its dependency " << d;
		}
	}
}

/* A root, 100 branches of 100 revisions, one merge of all of them, and cross dependencies. */
std::vector<Revision>
WideDag() {
	std::vector<Revision> revs;
	revs.push_back(R("root"));
	Ids tips;
	for (int b = 0; b < 100; b++) {
		std::string prev = "root";
		for (int k = 0; k < 100; k++) {
			std::string id = "b" + std::to_string(b) + "_" + std::to_string(k);
			Revision rev = R(id, {prev});
			if (k == 50 && b > 0) {
				rev.depends_on = {"b" + std::to_string(b - 1) + "_60"};
			}
			revs.push_back(rev);
			prev = id;
		}
		tips.push_back(prev);
	}
	revs.push_back(R("merge", tips));
	revs.push_back(R("top", {"merge"}));
	return revs;
}

TEST(CoreGraphScale, WideDag) {
	auto start = std::chrono::steady_clock::now();
	RevisionGraph g = RevisionGraph::Build(WideDag());
	EXPECT_EQ(g.Revisions().size(), 10003U);
	EXPECT_EQ(g.Heads(), Ids{"top"});
	EXPECT_TRUE(g.IsBranchPoint("root"));
	EXPECT_EQ(g.Children("root").size(), 100U);
	EXPECT_TRUE(g.IsMergePoint("merge"));
	std::set<std::string> all = g.Ancestors("top");
	EXPECT_EQ(all.size(), 10003U);
	Ids order = g.TopologicalOrder(all, g.Heads());
	ASSERT_EQ(order.size(), 10003U);
	EXPECT_EQ(order[0], "top");
	EXPECT_EQ(order[1], "merge");
	EXPECT_EQ(order.back(), "root");
	ExpectNewestFirst(g, order);
	EXPECT_LT(ElapsedMs(start), 5000);
}

TEST(CoreGraphScale, ManyMerges) {
	/* A ladder: x_i merges x_(i-1) and y_(i-1); y_i branches off x_(i-1). 2,500 merge points (Alembic recomputes at
	 * each). */
	std::vector<Revision> revs;
	revs.push_back(R("x0"));
	revs.push_back(R("y0", {"x0"}));
	for (int i = 1; i < 2500; i++) {
		std::string xi = "x" + std::to_string(i), yi = "y" + std::to_string(i);
		std::string xp = "x" + std::to_string(i - 1), yp = "y" + std::to_string(i - 1);
		revs.push_back(R(xi, {xp, yp}));
		revs.push_back(R(yi, {xi}));
	}
	auto start = std::chrono::steady_clock::now();
	RevisionGraph g = RevisionGraph::Build(revs);
	std::set<std::string> all;
	for (const Revision &rev : g.Revisions()) {
		all.insert(rev.id);
	}
	Ids order = g.TopologicalOrder(all, g.RealHeads());
	ASSERT_EQ(order.size(), 5000U);
	EXPECT_EQ(order.front(), "y2499");
	EXPECT_EQ(order.back(), "x0");
	ExpectNewestFirst(g, order);
	EXPECT_LT(ElapsedMs(start), 5000);
}

TEST(CoreGraphScale, TenThousandRoots) {
	std::vector<Revision> revs;
	for (int i = 0; i < 10000; i++) {
		revs.push_back(R("root" + std::to_string(i)));
	}
	auto start = std::chrono::steady_clock::now();
	RevisionGraph g = RevisionGraph::Build(revs);
	EXPECT_EQ(g.Heads().size(), 10000U);
	std::set<std::string> all;
	for (const Revision &rev : g.Revisions()) {
		all.insert(rev.id);
	}
	Ids order = g.TopologicalOrder(all, g.RealHeads());
	ASSERT_EQ(order.size(), 10000U);
	/* Unrelated heads come out in load order. */
	EXPECT_EQ(order[0], "root0");
	EXPECT_EQ(order[9999], "root9999");
	EXPECT_LT(ElapsedMs(start), 5000);
}

} // namespace
} // namespace pgm

namespace pgm {
namespace {

/* TipsOf: a branch applied only as a dependency is a tip by children, not when dependents count. */
TEST(CoreGraph, TipsOfCountsDependentsOnlyWhenAsked) {
	RevisionGraph g = test::AlembicExample();
	std::set<std::string> applied = g.AppliedSet({"99990000"});
	EXPECT_EQ(g.TipsOf(applied, true), (std::vector<std::string>{"99990000"}));
	EXPECT_EQ(g.TipsOf(applied, false), (std::vector<std::string>{"99990000", "cccc3333"})); // load order
	EXPECT_TRUE(g.IsTipOf("cccc3333", applied, false));
	EXPECT_FALSE(g.IsTipOf("cccc3333", applied, true));
	EXPECT_FALSE(g.IsTipOf("bbbb2222", applied, false));
	EXPECT_FALSE(g.IsTipOf("eeee5555", applied, false)); // not applied
	EXPECT_TRUE(g.TipsOf({}, true).empty());
}

} // namespace
} // namespace pgm
