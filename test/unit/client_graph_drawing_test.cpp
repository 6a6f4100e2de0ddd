/*
 * client_graph_drawing_test.cpp: the revision graph as DOT and Mermaid (RenderGraph): exact
 * text, an unknown current head, hostile labels, and 10,000 revisions.
 */
#include "client/common/graph_drawing.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace pgm {
namespace {

using pgmig::GraphFormat;
using pgmig::RenderGraph;
using test::R;
using test::Small;
using test::WithLabels;

TEST(RenderGraphTest, DotExact) {
	const std::string expected = R"GOLD(digraph pg_migrate {
	rankdir=BT;
	node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];
	edge [arrowsize=0.7];
	"aaaa1111" [label="aaaa1111\ncreate account table", penwidth=2];
	"bbbb2222" [label="bbbb2222\n(core)\nadd column", shape=invtrapezium, color=darkorange];
	"cccc3333" [label="cccc3333\nleft"];
	"dddd4444" [label="dddd4444\nright"];
	"eeee5555" [label="eeee5555 (current)\nmerge", shape=trapezium, color=royalblue, peripheries=2, style="rounded,filled", fillcolor=palegreen];
	"ffff6666" [label="ffff6666", penwidth=2, peripheries=2];
	"aaaa1111" -> "bbbb2222";
	"bbbb2222" -> "cccc3333";
	"bbbb2222" -> "dddd4444";
	"cccc3333" -> "eeee5555";
	"dddd4444" -> "eeee5555";
	"cccc3333" -> "ffff6666" [style=dashed];
	subgraph cluster_legend {
		label="Legend";
		fontname="Helvetica";
		node [fontsize=9];
		"legend:root" [label="root (no parent)", penwidth=2];
		"legend:revision" [label="revision"];
		"legend:branchpoint" [label="branch point", shape=invtrapezium, color=darkorange];
		"legend:mergepoint" [label="merge point", shape=trapezium, color=royalblue];
		"legend:head" [label="head", peripheries=2];
		"legend:current" [label="(current)\nversion row", style="rounded,filled", fillcolor=palegreen];
		"legend:root" -> "legend:revision" [label="parent -> child", fontsize=9];
		"legend:branchpoint" -> "legend:mergepoint" [style=dashed, label="dependency -> dependent", fontsize=9];
		"legend:head" -> "legend:current" [style=invis];
	}
}
)GOLD";
	EXPECT_EQ(RenderGraph(Small(), {"eeee5555"}, GraphFormat::kDot), expected);
}

TEST(RenderGraphTest, MermaidExact) {
	const std::string expected = R"GOLD(flowchart BT
    r_aaaa1111["aaaa1111<br/>create account table"]
    r_bbbb2222["bbbb2222<br/>(core)<br/>add column"]
    r_cccc3333["cccc3333<br/>left"]
    r_dddd4444["dddd4444<br/>right"]
    r_eeee5555["eeee5555 (current)<br/>merge"]
    r_ffff6666["ffff6666"]
    r_aaaa1111 --> r_bbbb2222
    r_bbbb2222 --> r_cccc3333
    r_bbbb2222 --> r_dddd4444
    r_cccc3333 --> r_eeee5555
    r_dddd4444 --> r_eeee5555
    r_cccc3333 -.-> r_ffff6666
    subgraph legend ["Legend"]
        legend_parent["parent"] --> legend_child["child"]
        legend_dependency["dependency"] -.-> legend_dependent["dependent"]
        legend_branchpoint["branch point"]
        legend_mergepoint["merge point"]
        legend_head["head"]
        legend_current["(current)<br/>version row"]
    end
    classDef current fill:#c8f7c5,stroke:#2e7d32,color:#000
    classDef head stroke-width:3px
    classDef branchpoint stroke:#d97706
    classDef mergepoint stroke:#2563eb
    class r_bbbb2222,legend_branchpoint branchpoint
    class r_eeee5555,legend_mergepoint mergepoint
    class r_eeee5555,r_ffff6666,legend_head head
    class r_eeee5555,legend_current current
)GOLD";
	EXPECT_EQ(RenderGraph(Small(), {"eeee5555"}, GraphFormat::kMermaid), expected);
}

TEST(RenderGraphTest, UnknownCurrentHeadIsIgnored) {
	std::string dot = RenderGraph(Small(), {"zzzz9999"}, GraphFormat::kDot);
	EXPECT_EQ(dot.find("zzzz9999"), std::string::npos);
	EXPECT_EQ(dot.find(" (current)"), std::string::npos);
	EXPECT_EQ(dot.find("palegreen"), dot.rfind("palegreen")); // the legend only
}

/* Hostile: a message and a label trying to leave their strings in both formats. */
TEST(RenderGraphTest, EscapesHostileText) {
	RevisionGraph g = RevisionGraph::Build(
	    {WithLabels(R("a1", {}, "x\" ]; \"evil\" -> \"a1\"; } \\\"\nline2 --> r_a1 #quot;<b>"), {"l_b"})});
	std::string dot = RenderGraph(g, {}, GraphFormat::kDot);
	std::string dot_label = dot.substr(dot.find("\"a1\" [label="));
	dot_label = dot_label.substr(0, dot_label.find('\n'));
	EXPECT_EQ(dot_label, R"("a1" [label="a1\n(l_b)\nx\" ]; \"evil\" -> \"a1\"; } \\\" line2 --> r_a...", penwidth=2, )"
	                     R"(peripheries=2];)");
	EXPECT_EQ(dot.find("\"evil\" ->"), std::string::npos);

	std::string mermaid = RenderGraph(g, {}, GraphFormat::kMermaid);
	std::string node = mermaid.substr(mermaid.find("    r_a1["));
	node = node.substr(0, node.find('\n'));
	EXPECT_EQ(node, "    r_a1[\"a1<br/>(l_b)<br/>x#quot; ]; #quot;evil#quot; -#gt; #quot;a1#quot;; } \\#quot; "
	                "line2 --#gt; r_a...\"]");
	/* The message is cut at 40 characters; a full-length one shows #, < and > as entities. */
	RevisionGraph h = RevisionGraph::Build({R("b2", {}, "#quot;<b>")});
	std::string m2 = RenderGraph(h, {}, GraphFormat::kMermaid);
	EXPECT_NE(m2.find("    r_b2[\"b2<br/>#35;quot;#lt;b#gt;\"]\n"), std::string::npos) << m2;
	/* Every label line is one line: the graph has exactly one node line per revision. */
	EXPECT_EQ(mermaid.find("\nline2"), std::string::npos);
	EXPECT_EQ(dot.find("\nline2"), std::string::npos);
}

TEST(RenderGraphTest, TenThousandRevisionsRenderQuickly) {
	std::vector<Revision> revs = test::LinearRevisions(10000);
	revs[5000].parents = {revs[4999].id};
	revs.push_back(R("side", {revs[100].id}, "a branch"));
	RevisionGraph g = RevisionGraph::Build(std::move(revs));
	auto t0 = std::chrono::steady_clock::now();
	std::string dot = RenderGraph(g, {"r09999", "side"}, GraphFormat::kDot);
	std::string mermaid = RenderGraph(g, {"r09999", "side"}, GraphFormat::kMermaid);
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	EXPECT_LT(seconds, 2.0);
	EXPECT_NE(dot.find("\"r09998\" -> \"r09999\";"), std::string::npos);
	EXPECT_NE(mermaid.find("class r_r09999,r_side,legend_current current\n"), std::string::npos);
}

} // namespace
} // namespace pgm
