/*
 * core_revision_graph_codec_test.cpp: RevisionGraph::Encode / Decode, the stored planning graph:
 * a decoded graph answers every query as the graph Build made (revisions, children, dependents,
 * resolved dependencies, effective labels, heads, plans), encodes to the same bytes again, and a
 * damaged value is refused, never half-read.
 */
#include "core/planner.hpp"
#include "core/revision_graph.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExampleRevisions;
using test::Irreversible;
using test::R;
using test::WithDeps;
using test::WithLabels;

using Ids = std::vector<std::string>;

/* A branched and merged graph with labels, dependencies (by id, prefix and label) and files out of lineage order. */
std::vector<Revision>
Branched() {
	Revision late = R("zzzz0000", {}, "root that sorts last");
	late.source = "0000_root.sql"; // first in load order by file, last by id
	Revision own_label = WithLabels(R("abcd9999", {"zzzz0000"}, "labelled with its own id"), {"abcd9999", "side"});
	Revision nontx = WithDeps(R("eeee5555", {"cccc3333", "dddd4444"}, "merge"), {"feat", "abcd"});
	nontx.transactional = false;
	return {late,
	        R("aaaa1111", {"zzzz0000"}, "create account table"),
	        WithLabels(R("bbbb2222", {"aaaa1111"}, "add column"), {"core"}),
	        R("cccc3333", {"bbbb2222"}, "left"),
	        Irreversible(R("dddd4444", {"bbbb2222"}, "right")),
	        nontx,
	        own_label,
	        WithLabels(R("ffff6666", {}, "feat base"), {"feat"}),
	        WithDeps(R("99990000", {"ffff6666"}, ""), {"cccc3333", "cccc3333"}),
	        R("88880000", {"99990000", "eeee5555"}, "merge everything")};
}

void
ExpectSameGraph(const RevisionGraph &a, const RevisionGraph &b) {
	ASSERT_EQ(a.Revisions().size(), b.Revisions().size());
	for (std::size_t i = 0; i < a.Revisions().size(); i++) {
		const Revision &x = a.Revisions()[i];
		const Revision &y = b.Revisions()[i];
		EXPECT_EQ(x.id, y.id);
		EXPECT_EQ(x.parents, y.parents);
		EXPECT_EQ(x.branch_labels, y.branch_labels);
		EXPECT_EQ(x.depends_on, y.depends_on);
		EXPECT_EQ(x.message, y.message);
		EXPECT_EQ(x.reversible, y.reversible);
		EXPECT_EQ(x.transactional, y.transactional);
		EXPECT_EQ(x.source, y.source);
		EXPECT_EQ(a.Children(x.id), b.Children(x.id)) << x.id;
		EXPECT_EQ(a.Dependents(x.id), b.Dependents(x.id)) << x.id;
		EXPECT_EQ(a.ResolvedDependencies(x.id), b.ResolvedDependencies(x.id)) << x.id;
		EXPECT_EQ(a.EffectiveBranchLabels(x.id), b.EffectiveBranchLabels(x.id)) << x.id;
		EXPECT_EQ(a.IsRealHead(x.id), b.IsRealHead(x.id)) << x.id;
		EXPECT_EQ(a.IndexOf(x.id), i);
		EXPECT_EQ(b.IndexOf(x.id), i);
		for (const std::string &label : x.branch_labels) {
			const Revision *fa = a.FindBranchLabel(label);
			const Revision *fb = b.FindBranchLabel(label);
			EXPECT_EQ(fa == nullptr ? "" : fa->id, fb == nullptr ? "" : fb->id) << label;
		}
	}
	EXPECT_EQ(a.Heads(), b.Heads());
	EXPECT_EQ(a.RealHeads(), b.RealHeads());
	EXPECT_EQ(a.Bases(), b.Bases());
	EXPECT_EQ(a.Encode(), b.Encode());
}

/* Ids of a plan, or the SQLSTATE and message of its error. */
std::string
PlanText(const RevisionGraph &g, Direction d, const Ids &heads, const std::string &target) {
	try {
		Plan p = d == Direction::kUpgrade ? PlanUpgrade(g, heads, target) : PlanDowngrade(g, heads, target);
		std::string out;
		for (const pgm::Step &s : p.steps) {
			out += s.revision + " " + DescribeStep(g, s) + "\n";
		}
		out += "heads:";
		for (const std::string &h : p.heads_after) {
			out += " " + h;
		}
		return out;
	} catch (const MigError &e) {
		return e.Sqlstate() + " " + e.Message() + " / " + e.Detail();
	}
}

RevisionGraph
RoundTrip(const RevisionGraph &g) {
	RevisionGraph decoded;
	EXPECT_TRUE(RevisionGraph::Decode(g.Encode(), decoded));
	return decoded;
}

TEST(CoreRevisionGraphCodec, EmptyGraph) {
	RevisionGraph g = RevisionGraph::Build({});
	ExpectSameGraph(g, RoundTrip(g));
}

TEST(CoreRevisionGraphCodec, AlembicExample) {
	RevisionGraph g = RevisionGraph::Build(AlembicExampleRevisions());
	ExpectSameGraph(g, RoundTrip(g));
}

TEST(CoreRevisionGraphCodec, BranchedGraphAnswersAndPlansTheSame) {
	RevisionGraph g = RevisionGraph::Build(Branched());
	RevisionGraph d = RoundTrip(g);
	ExpectSameGraph(g, d);
	const std::vector<Ids> states = {{}, {"cccc3333"}, {"eeee5555"}, {"abcd9999", "cccc3333"}, {"88880000"}};
	const Ids targets = {"head",  "heads",      "base",    "core@head", "feat@head", "side@head", "cccc",
	                     "+1",    "-1",         "core@+1", "eeee5555",  "88880000",  "nope",      "cccc3333@base",
	                     "heads", "zzzz0000+2", "side@-1", "dddd4444"};
	for (const Ids &heads : states) {
		for (const std::string &target : targets) {
			for (Direction dir : {Direction::kUpgrade, Direction::kDowngrade}) {
				EXPECT_EQ(PlanText(g, dir, heads, target), PlanText(d, dir, heads, target))
				    << DirectionName(dir) << " " << target;
			}
		}
	}
}

TEST(CoreRevisionGraphCodec, ManyRevisions) {
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(5000));
	RevisionGraph d = RoundTrip(g);
	ExpectSameGraph(g, d);
	EXPECT_EQ(PlanText(g, Direction::kUpgrade, {}, "head"), PlanText(d, Direction::kUpgrade, {}, "head"));
}

TEST(CoreRevisionGraphCodec, DamagedValuesAreRefused) {
	RevisionGraph g = RevisionGraph::Build(Branched());
	const std::string blob = g.Encode();
	RevisionGraph out;
	// Every truncation, and a byte too many.
	for (std::size_t len = 0; len < blob.size(); len++) {
		EXPECT_FALSE(RevisionGraph::Decode(std::string_view(blob).substr(0, len), out)) << len;
	}
	EXPECT_FALSE(RevisionGraph::Decode(blob + std::string(1, '\0'), out));
	// Another format version, another magic.
	std::string other = blob;
	other[8] = 2;
	EXPECT_FALSE(RevisionGraph::Decode(other, out));
	other = blob;
	other[0] = 'X';
	EXPECT_FALSE(RevisionGraph::Decode(other, out));
	// Every single byte flipped: refused or decoded, never a crash (run under ASan by the fuzz build).
	for (std::size_t i = 0; i < blob.size(); i++) {
		std::string flipped = blob;
		flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
		RevisionGraph maybe;
		(void)RevisionGraph::Decode(flipped, maybe);
	}
	EXPECT_TRUE(out.Revisions().empty()); // untouched by the refusals
}

TEST(CoreRevisionGraphCodec, DuplicateIdsAreRefused) {
	// Two revisions with one id cannot come out of Build: write the value by hand from two graphs.
	RevisionGraph a = RevisionGraph::Build({R("aaaa1111"), R("bbbb2222")});
	std::string blob = a.Encode();
	std::size_t at = blob.find("bbbb2222");
	ASSERT_NE(at, std::string::npos);
	blob.replace(at, 8, "aaaa1111");
	RevisionGraph out;
	EXPECT_FALSE(RevisionGraph::Decode(blob, out));
}

/* A value written by hand in Encode's format: two revisions that are each other's parent. */
TEST(CoreRevisionGraphCodec, CyclesAreRefused) {
	auto revision = [](const std::string &id, char parent) {
		std::string r;
		r += static_cast<char>(id.size()) + id; // id
		r += '\0';                              // message
		r += '\0';                              // source
		r += '\3';                              // reversible, transactional
		r += std::string("\1") + parent;        // one parent, by index
		r += std::string(4, '\0');              // labels, depends_on, resolved, normalized
		return r;
	};
	std::string blob = std::string("PGMGRAPH") + '\1' + '\2' + revision("aaaa1111", 1) + revision("bbbb2222", 0);
	blob += '\0'; // no effective labels
	RevisionGraph out;
	EXPECT_FALSE(RevisionGraph::Decode(blob, out));
	// The same value without the cycle (b's parent is a, a has none) decodes.
	std::string fine = std::string("PGMGRAPH") + '\1' + '\2' + revision("aaaa1111", 0) + revision("bbbb2222", 0);
	fine.replace(fine.find("aaaa1111") + 8 + 3, 2, std::string(1, '\0'));
	fine += '\0';
	ASSERT_TRUE(RevisionGraph::Decode(fine, out));
	EXPECT_EQ(out.Revisions()[1].parents, std::vector<std::string>{"aaaa1111"});
}

} // namespace
} // namespace pgm
