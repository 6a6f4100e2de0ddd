/*
 * core_packed_graph_test.cpp: PackedGraph, the stored planning graph read in place, against
 * RevisionGraph on random branched and merged graphs with labels, dependencies and repeated
 * parents: it accepts exactly the values RevisionGraph::Decode accepts (every truncation, every
 * flipped byte), holds the same ids, messages and edges, and PlanUpgradePacked plans the same
 * steps in the same order with the same descriptions as PlanUpgrade, or declines where
 * PlanUpgrade raises an error.
 */
#include "core/error.hpp"
#include "core/packed_graph.hpp"
#include "core/planner.hpp"
#include "core/revision_graph.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace pgm {
namespace {

using test::R;
using Ids = std::vector<std::string>;

/*
 * RandomRevisions: n revisions, each revising up to three earlier ones (sometimes the same one
 * twice), some with branch labels and "Depends On" entries (an earlier id or label, sometimes
 * repeated), some without a message, given in a shuffled load order.
 */
std::vector<Revision>
RandomRevisions(std::mt19937 &rng, std::size_t n) {
	auto pick = [&](std::size_t below) { return std::uniform_int_distribution<std::size_t>(0, below - 1)(rng); };
	auto chance = [&](int percent) { return static_cast<int>(pick(100)) < percent; };
	std::vector<Revision> revs;
	std::vector<std::string> labels;
	for (std::size_t i = 0; i < n; i++) {
		std::string id = "r" + std::to_string(i) + "x" + std::to_string(pick(1000000));
		std::vector<std::string> parents;
		if (i > 0 && !chance(10)) {
			std::size_t count = 1 + (chance(25) ? pick(3) : 0);
			for (std::size_t k = 0; k < count; k++) {
				std::string p = revs[i - 1 - pick(std::min<std::size_t>(i, 4))].id;
				if (std::find(parents.begin(), parents.end(), p) == parents.end() || chance(30)) {
					parents.push_back(p);
				}
			}
		}
		Revision rev = R(id, parents, chance(20) ? "" : "message " + std::to_string(i));
		if (chance(10)) {
			labels.push_back("label" + std::to_string(i));
			rev.branch_labels.push_back(labels.back());
		}
		if (i > 2 && chance(15)) {
			std::size_t count = 1 + pick(2);
			for (std::size_t k = 0; k < count; k++) {
				if (!labels.empty() && chance(30)) {
					rev.depends_on.push_back(labels[pick(labels.size())]);
				} else {
					rev.depends_on.push_back(revs[pick(i)].id);
				}
			}
		}
		rev.reversible = !chance(10);
		rev.transactional = !chance(10);
		revs.push_back(std::move(rev));
	}
	std::shuffle(revs.begin(), revs.end(), rng);
	return revs;
}

/* RandomGraph: a graph Build accepts (a label may land on its own descendants' dependencies: retry). */
RevisionGraph
RandomGraph(std::mt19937 &rng, std::size_t n) {
	for (;;) {
		try {
			return RevisionGraph::Build(RandomRevisions(rng, n));
		} catch (const MigError &) {
		}
	}
}

Ids
IdsOf(const PackedGraph &g, IndexLists::Span span) {
	Ids out;
	for (std::size_t i : span) {
		out.emplace_back(g.Id(i));
	}
	return out;
}

void
ExpectSameAsFull(const RevisionGraph &full, const PackedGraph &packed) {
	ASSERT_EQ(full.Revisions().size(), packed.Size());
	for (std::size_t i = 0; i < packed.Size(); i++) {
		const Revision &rev = full.Revisions()[i];
		EXPECT_EQ(packed.Id(i), rev.id);
		EXPECT_EQ(packed.Message(i), rev.message);
		EXPECT_EQ(packed.IndexOf(rev.id), i);
		EXPECT_EQ(IdsOf(packed, packed.DeclaredParents(i)), rev.parents);
		Ids unique;
		for (const std::string &p : rev.parents) {
			if (std::find(unique.begin(), unique.end(), p) == unique.end()) {
				unique.push_back(p);
			}
		}
		EXPECT_EQ(IdsOf(packed, packed.Parents(i)), unique);
		EXPECT_EQ(IdsOf(packed, packed.Children(i)), full.Children(rev.id));
		EXPECT_EQ(IdsOf(packed, packed.Dependencies(i)), full.ResolvedDependencies(rev.id));
		EXPECT_EQ(IdsOf(packed, packed.Dependents(i)), full.Dependents(rev.id));
	}
	EXPECT_EQ(packed.IndexOf("no such revision"), PackedGraph::kNoIndex);
}

/* The plan PlanUpgrade makes, as text (one line per step: id and description), or its error. */
std::string
FullPlan(const RevisionGraph &g, const Ids &heads, const std::string &target) {
	try {
		Plan plan = PlanUpgrade(g, heads, target);
		std::string out;
		for (const Step &step : plan.steps) {
			out += step.revision + " | " + DescribeStep(g, step) + "\n";
		}
		return out;
	} catch (const MigError &e) {
		return "error " + e.Sqlstate();
	}
}

/* The same from PlanUpgradePacked; "declined" when it leaves the call to PlanUpgrade. */
std::string
PackedPlan(const PackedGraph &g, const Ids &heads, const std::string &target) {
	std::optional<std::vector<std::size_t>> steps = PlanUpgradePacked(g, heads, target);
	if (!steps) {
		return "declined";
	}
	std::string out;
	std::string text;
	for (std::size_t i : *steps) {
		DescribePackedStep(g, i, Direction::kUpgrade, text);
		out += std::string(g.Id(i)) + " | " + text + "\n";
	}
	return out;
}

/* ExpectSamePlans: for "head" and "heads" from these heads: the same steps, or declined where PlanUpgrade fails. */
void
ExpectSamePlans(const RevisionGraph &full, const PackedGraph &packed, const Ids &heads) {
	for (const std::string target : {"head", "heads"}) {
		std::string want = FullPlan(full, heads, target);
		std::string got = PackedPlan(packed, heads, target);
		if (want.rfind("error ", 0) == 0) {
			EXPECT_EQ(got, "declined") << target << ": PlanUpgrade says " << want;
		} else {
			EXPECT_EQ(got, want) << target;
		}
	}
	// Other targets are left to PlanUpgrade.
	EXPECT_EQ(PackedPlan(packed, heads, "base"), "declined");
	EXPECT_EQ(PackedPlan(packed, heads, "+1"), "declined");
	EXPECT_EQ(PackedPlan(packed, heads, "head@head"), "declined");
}

TEST(CorePackedGraph, RandomGraphsDecodeAndPlanAsRevisionGraph) {
	std::mt19937 rng(20261207);
	for (int round = 0; round < 150; round++) {
		const std::size_t n = 1 + static_cast<std::size_t>(round % 40);
		RevisionGraph built = RandomGraph(rng, n);
		const std::string blob = built.Encode();
		RevisionGraph full;
		ASSERT_TRUE(RevisionGraph::Decode(blob, full));
		PackedGraph packed;
		ASSERT_TRUE(PackedGraph::Decode(blob, packed));
		ExpectSameAsFull(full, packed);
		const std::vector<Revision> &revs = full.Revisions();
		std::vector<Ids> states = {{}, {revs[round % n].id}, {revs[0].id, revs[n - 1].id}, {"unknown0"}};
		states.push_back(full.TipsOf(full.Ancestors({revs[(round * 7) % n].id}, true), true));
		states.push_back(full.RealHeads());
		for (const Ids &heads : states) {
			ExpectSamePlans(full, packed, heads);
		}
	}
}

TEST(CorePackedGraph, EmptyAndLinearGraphs) {
	RevisionGraph empty = RevisionGraph::Build({});
	PackedGraph packed_empty;
	ASSERT_TRUE(PackedGraph::Decode(empty.Encode(), packed_empty));
	EXPECT_EQ(packed_empty.Size(), 0U);
	ExpectSamePlans(empty, packed_empty, {});
	ExpectSamePlans(empty, packed_empty, {"r00001"});

	RevisionGraph linear = RevisionGraph::Build(test::LinearRevisions(5000));
	const std::string blob = linear.Encode();
	PackedGraph packed;
	ASSERT_TRUE(PackedGraph::Decode(blob, packed));
	ExpectSameAsFull(linear, packed);
	ExpectSamePlans(linear, packed, {});
	ExpectSamePlans(linear, packed, {"r02500"});
	ExpectSamePlans(linear, packed, {"r04999"});
}

TEST(CorePackedGraph, SeveralHeads) {
	// Two heads: "head" is an error (declined), "heads" plans both branches, as PlanUpgrade.
	RevisionGraph g =
	    RevisionGraph::Build({R("aaaa0001"), R("bbbb0002", {"aaaa0001"}, "left"), R("cccc0003", {"aaaa0001"}, "right"),
	                          test::WithDeps(R("dddd0004", {"cccc0003"}), {"bbbb0002"})});
	PackedGraph packed;
	const std::string blob = g.Encode();
	ASSERT_TRUE(PackedGraph::Decode(blob, packed));
	EXPECT_EQ(PackedPlan(packed, {}, "head"), "declined");
	EXPECT_EQ(PackedPlan(packed, {}, "heads"), FullPlan(g, {}, "heads"));
	ExpectSamePlans(g, packed, {"bbbb0002"});
}

/* Every truncation and every flipped byte: PackedGraph::Decode accepts exactly what RevisionGraph::Decode accepts. */
TEST(CorePackedGraph, DamagedValuesAreRefusedAsByRevisionGraph) {
	std::mt19937 rng(7);
	std::vector<RevisionGraph> graphs;
	graphs.push_back(RevisionGraph::Build(test::AlembicExampleRevisions()));
	for (int k = 0; k < 4; k++) {
		graphs.push_back(RandomGraph(rng, 12));
	}
	for (const RevisionGraph &g : graphs) {
		const std::string blob = g.Encode();
		PackedGraph out;
		for (std::size_t len = 0; len < blob.size(); len++) {
			EXPECT_FALSE(PackedGraph::Decode(std::string_view(blob).substr(0, len), out)) << len;
		}
		EXPECT_FALSE(PackedGraph::Decode(blob + std::string(1, '\0'), out));
		EXPECT_EQ(out.Size(), 0U); // untouched by the refusals
		for (std::size_t i = 0; i < blob.size(); i++) {
			for (unsigned char mask : {0x01, 0x5A, 0x80, 0xFF}) {
				std::string flipped = blob;
				flipped[i] = static_cast<char>(flipped[i] ^ mask);
				RevisionGraph full;
				PackedGraph packed;
				bool full_ok = RevisionGraph::Decode(flipped, full);
				bool packed_ok = PackedGraph::Decode(flipped, packed);
				ASSERT_EQ(packed_ok, full_ok) << "byte " << i << " ^ " << static_cast<int>(mask);
				if (packed_ok) {
					ExpectSameAsFull(full, packed);
					ExpectSamePlans(full, packed, {});
				}
			}
		}
	}
}

TEST(CorePackedGraph, DuplicateIdsAreRefused) {
	RevisionGraph a = RevisionGraph::Build({R("aaaa1111"), R("bbbb2222")});
	std::string blob = a.Encode();
	std::size_t at = blob.find("bbbb2222");
	ASSERT_NE(at, std::string::npos);
	blob.replace(at, 8, "aaaa1111");
	PackedGraph out;
	EXPECT_FALSE(PackedGraph::Decode(blob, out));
}

} // namespace
} // namespace pgm
