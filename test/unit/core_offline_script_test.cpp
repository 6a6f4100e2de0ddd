/*
 * core_render_test.cpp: the revision graph as DOT and Mermaid (exact text, hostile labels,
 * 10,000 revisions), offline ranges, and offline scripts (exact text, a downgrade from a merge
 * point, and random walks whose rendered version-table statements must leave heads_after).
 */
#include "test/unit/core_test_helpers.hpp"
#include "core/planner.hpp"
#include "core/graph_drawing.hpp"
#include "core/offline_script.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace pgm {
namespace {

using test::CatchMigError;
using test::Irreversible;
using test::R;
using test::WithDeps;
using test::WithLabels;

using Ids = std::vector<std::string>;

/* aaaa1111 -> bbbb2222 (core) -> {cccc3333, dddd4444} -> eeee5555; ffff6666 depends on cccc3333. */
RevisionGraph
Small() {
	return RevisionGraph::Build(
	    {R("aaaa1111", {}, "create account table"), WithLabels(R("bbbb2222", {"aaaa1111"}, "add column"), {"core"}),
	     R("cccc3333", {"bbbb2222"}, "left"), R("dddd4444", {"bbbb2222"}, "right"),
	     R("eeee5555", {"cccc3333", "dddd4444"}, "merge"), WithDeps(R("ffff6666", {}, ""), {"cccc3333"})});
}

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

/* ---- Offline ranges ---- */

TEST(RenderOfflineRangeTest, Upgrade) {
	RevisionGraph g = Small();
	OfflineRange r = ResolveOfflineRange(g, Direction::kUpgrade, "eeee5555");
	EXPECT_EQ(r.start_heads, Ids{});
	EXPECT_EQ(r.target, "eeee5555");
	r = ResolveOfflineRange(g, Direction::kUpgrade, "bbbb:heads");
	EXPECT_EQ(r.start_heads, Ids{"bbbb2222"});
	EXPECT_EQ(r.target, "heads");
	r = ResolveOfflineRange(g, Direction::kUpgrade, "base:cccc3333");
	EXPECT_EQ(r.start_heads, Ids{});
	r = ResolveOfflineRange(g, Direction::kDowngrade, "heads:base");
	EXPECT_EQ(r.start_heads, (Ids{"eeee5555", "ffff6666"}));
	EXPECT_EQ(r.target, "base");
	r = ResolveOfflineRange(g, Direction::kDowngrade, "core:-1");
	EXPECT_EQ(r.start_heads, Ids{"bbbb2222"});
	EXPECT_EQ(r.target, "-1");
}

TEST(RenderOfflineRangeTest, Errors) {
	RevisionGraph g = Small();
	MigError e = CatchMigError([&] { ResolveOfflineRange(g, Direction::kDowngrade, "bbbb2222"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "downgrade with --sql requires <fromrev>:<torev>");
	for (const char *bad : {":bbbb2222", "bbbb2222:", ":", "a:b:c"}) {
		e = CatchMigError([&] { ResolveOfflineRange(g, Direction::kUpgrade, bad); });
		EXPECT_EQ(e.Sqlstate(), "22023") << bad;
	}
	e = CatchMigError([&] { ResolveOfflineRange(g, Direction::kUpgrade, ""); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	e = CatchMigError([&] { ResolveOfflineRange(g, Direction::kUpgrade, "zzzz:eeee5555"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'zzzz'");
	e = CatchMigError([&] { ResolveOfflineRange(g, Direction::kUpgrade, "head:eeee5555"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	test::ExpectCleanMessage(
	    CatchMigError([&] { ResolveOfflineRange(g, Direction::kUpgrade, std::string("\xff\0:x", 4)); }));
}

/* ---- Offline scripts ---- */

std::map<std::string, OfflineStepSource>
Sources(const RevisionGraph &g) {
	std::map<std::string, OfflineStepSource> out;
	for (const Revision &rev : g.Revisions()) {
		out[rev.id] = OfflineStepSource{"-- down " + rev.id, std::string(64, 'c')};
	}
	return out;
}

TEST(RenderOfflineScriptTest, TwoStepUpgradeFromBaseExact) {
	RevisionGraph g = RevisionGraph::Build(
	    {R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add it's\ncolumn")});
	std::map<std::string, OfflineStepSource> src{
	    {"aaaa1111", {std::string("CREATE TABLE account (id int);\n"), std::string(64, 'a')}},
	    {"bbbb2222", {std::string("\nALTER TABLE account ADD last_tx timestamp -- note\n\n"), std::string(64, 'b')}}};
	OfflineRange range = ResolveOfflineRange(g, Direction::kUpgrade, "bbbb2222");
	Plan plan = PlanUpgrade(g, range.start_heads, range.target);
	const std::string expected = R"GOLD(-- pg_migrate offline upgrade script, generated by pgmig 0.1.0
--
-- From: base
-- To:   bbbb2222
-- Steps: 2
--
-- Review it, then run it as it is, e.g. psql -v ON_ERROR_STOP=1 -f FILE.  It takes the migration
-- lock and fails without changing anything unless pg_migrate.version holds exactly the "From"
-- revisions and the revisions it runs are uploaded with the checksums it was generated from.

BEGIN;

SELECT pg_catalog.pg_advisory_xact_lock(8099547378373587553);

DO $pgmig_guard$
DECLARE
	version_rows text[];
	not_uploaded text;
BEGIN
	SELECT coalesce(pg_catalog.array_agg(revision ORDER BY revision), '{}') INTO version_rows FROM pg_migrate.version;
	IF version_rows IS DISTINCT FROM ARRAY[]::text[] THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = 'the database is not at the start of this script',
			DETAIL = pg_catalog.concat('The version rows are ', coalesce(nullif(pg_catalog.array_to_string(version_rows, ', '), ''), '(none)'), '; this script starts from (none).'),
			HINT = 'Check pgmig current, and generate the script from the current revisions.';
	END IF;
	SELECT pg_catalog.string_agg(s.id, ', ' ORDER BY s.ord) INTO not_uploaded
	FROM (VALUES (1, 'aaaa1111', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
		(2, 'bbbb2222', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')) AS s (ord, id, checksum)
	WHERE NOT EXISTS (SELECT FROM pg_migrate.revision AS r WHERE r.id = s.id AND r.checksum = s.checksum);
	IF not_uploaded IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = 'the revisions of this script are not uploaded',
			DETAIL = 'Not uploaded, or uploaded with another checksum: ' || not_uploaded || '.',
			HINT = 'Upload the revision files with pgmig upload, and check pgmig current.';
	END IF;
END
$pgmig_guard$;

-- Running upgrade  -> aaaa1111, create account table

CREATE TABLE account (id int);

INSERT INTO pg_migrate.version (revision) VALUES ('aaaa1111');
INSERT INTO pg_migrate.log (revision, direction, started_at, duration, role, session_role, application_name, client_addr, checksum, outcome)
VALUES ('aaaa1111', 'upgrade', pg_catalog.clock_timestamp(), interval '0', CURRENT_USER, SESSION_USER, pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'applied');

-- Running upgrade aaaa1111 -> bbbb2222, add it's column

ALTER TABLE account ADD last_tx timestamp -- note
;

DELETE FROM pg_migrate.version WHERE revision IN ('aaaa1111');
INSERT INTO pg_migrate.version (revision) VALUES ('bbbb2222');
INSERT INTO pg_migrate.log (revision, direction, started_at, duration, role, session_role, application_name, client_addr, checksum, outcome)
VALUES ('bbbb2222', 'upgrade', pg_catalog.clock_timestamp(), interval '0', CURRENT_USER, SESSION_USER, pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(), 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'applied');

COMMIT;
)GOLD";
	EXPECT_EQ(RenderOfflineScript(g, plan, range.start_heads, src, "pgmig 0.1.0"), expected);
}

/* ApplyVersionStatements: the version rows after the script's DELETE/INSERT statements on pg_migrate.version. */
std::set<std::string>
ApplyVersionStatements(const std::string &script, std::set<std::string> rows) {
	std::istringstream in(script);
	std::string line;
	auto ids = [](const std::string &s) {
		std::vector<std::string> out;
		for (std::size_t q = s.find('\''); q != std::string::npos; q = s.find('\'', s.find('\'', q + 1) + 1)) {
			out.push_back(s.substr(q + 1, s.find('\'', q + 1) - q - 1));
		}
		return out;
	};
	const std::string del = "DELETE FROM pg_migrate.version WHERE revision IN (";
	const std::string ins = "INSERT INTO pg_migrate.version (revision) VALUES ";
	while (std::getline(in, line)) {
		if (line.rfind(del, 0) == 0) {
			for (const std::string &id : ids(line)) {
				EXPECT_EQ(rows.erase(id), 1u) << id;
			}
		} else if (line.rfind(ins, 0) == 0) {
			for (const std::string &id : ids(line)) {
				EXPECT_TRUE(rows.insert(id).second) << id;
			}
		}
	}
	return rows;
}

TEST(RenderOfflineScriptTest, DowngradeFromMergePoint) {
	RevisionGraph g = Small();
	OfflineRange range = ResolveOfflineRange(g, Direction::kDowngrade, "eeee5555:bbbb2222");
	Plan plan = PlanDowngrade(g, range.start_heads, range.target);
	std::map<std::string, OfflineStepSource> src = Sources(g);
	src["eeee5555"].sql = "";
	std::string script = RenderOfflineScript(g, plan, range.start_heads, src, "pgmig");
	const std::string merge_step = "\n-- Running downgrade eeee5555 -> cccc3333, dddd4444, merge\n"
	                               "\n"
	                               "DELETE FROM pg_migrate.version WHERE revision IN ('eeee5555');\n"
	                               "INSERT INTO pg_migrate.version (revision) VALUES ('cccc3333'), ('dddd4444');\n"
	                               "INSERT INTO pg_migrate.log (revision, direction, started_at, duration, role, "
	                               "session_role, application_name, client_addr, checksum, outcome)\n"
	                               "VALUES ('eeee5555', 'downgrade', pg_catalog.clock_timestamp(), interval '0', "
	                               "CURRENT_USER, SESSION_USER, pg_catalog.current_setting('application_name'), "
	                               "pg_catalog.inet_client_addr(), '" +
	                               std::string(64, 'c') + "', 'applied');\n";
	EXPECT_NE(script.find(merge_step), std::string::npos) << script;
	EXPECT_NE(script.find("\n-- Running downgrade cccc3333 -> bbbb2222, left\n\n-- down cccc3333\n;\n\n"
	                      "DELETE FROM pg_migrate.version WHERE revision IN ('cccc3333');\nINSERT INTO pg_migrate.log"),
	          std::string::npos);
	EXPECT_NE(script.find("DELETE FROM pg_migrate.version WHERE revision IN ('dddd4444');\n"
	                      "INSERT INTO pg_migrate.version (revision) VALUES ('bbbb2222');\n"),
	          std::string::npos);
	EXPECT_NE(script.find("IF version_rows IS DISTINCT FROM ARRAY['eeee5555']::text[] THEN"), std::string::npos);
	EXPECT_NE(script.find("-- From: eeee5555\n-- To:   bbbb2222\n-- Steps: 3\n"), std::string::npos);
	std::set<std::string> rows = ApplyVersionStatements(script, {"eeee5555"});
	EXPECT_EQ(rows, (std::set<std::string>{"bbbb2222"}));
	EXPECT_EQ(script.substr(script.size() - 9), "\nCOMMIT;\n");
}

TEST(RenderOfflineScriptTest, IrreversibleAndMissingSources) {
	RevisionGraph g = RevisionGraph::Build({R("aaaa1111"), Irreversible(R("bbbb2222", {"aaaa1111"}))});
	Plan plan{Direction::kDowngrade, {Step{"bbbb2222", Direction::kDowngrade}}, {"aaaa1111"}};
	std::map<std::string, OfflineStepSource> src{{"bbbb2222", {std::nullopt, std::string(64, 'b')}}};
	MigError e = CatchMigError([&] { RenderOfflineScript(g, plan, {"bbbb2222"}, src, "pgmig"); });
	EXPECT_EQ(e.Sqlstate(), "0A000");
	EXPECT_EQ(e.Message(), "cannot downgrade revision \"bbbb2222\" because it is irreversible");
	src.clear();
	e = CatchMigError([&] { RenderOfflineScript(g, plan, {"bbbb2222"}, src, "pgmig"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	e = CatchMigError([&] { RenderOfflineScript(g, Plan{Direction::kUpgrade, {}, {}}, {"zz"}, src, "pgmig"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
}

/* A "Transactional: false" revision cannot go in the one-transaction script: refused up front. */
TEST(RenderOfflineScriptTest, NonTransactionalRevisionIsRefused) {
	Revision concurrent = R("bbbb2222", {"aaaa1111"});
	concurrent.transactional = false;
	RevisionGraph g = RevisionGraph::Build({R("aaaa1111"), concurrent});
	Plan plan = PlanUpgrade(g, {}, "head");
	std::map<std::string, OfflineStepSource> src{
	    {"aaaa1111", {std::string("CREATE TABLE t (id int);"), std::string(64, 'a')}},
	    {"bbbb2222", {std::string("CREATE INDEX CONCURRENTLY i ON t (id);"), std::string(64, 'b')}}};
	MigError e = CatchMigError([&] { RenderOfflineScript(g, plan, {}, src, "pgmig"); });
	EXPECT_EQ(e.Sqlstate(), "25001");
	EXPECT_EQ(e.Message(), "revision \"bbbb2222\" cannot run inside a transaction block");
}

/* Hostile checksums, messages and generator: literals stay literals, comments stay one line. */
TEST(RenderOfflineScriptTest, HostileTextStaysQuoted) {
	RevisionGraph g = RevisionGraph::Build({R("aaaa1111", {}, "x\nDROP TABLE users; --\r\n")});
	Plan plan = PlanUpgrade(g, {}, "head");
	std::map<std::string, OfflineStepSource> src{
	    {"aaaa1111", {std::string("SELECT 1"), "x'); DROP TABLE t; $pgmig_guard$ --"}}};
	std::string script = RenderOfflineScript(g, plan, {}, src, "gen\nDROP TABLE users;");
	EXPECT_EQ(script.find("\nDROP TABLE users"), std::string::npos);
	EXPECT_NE(script.find("-- Running upgrade  -> aaaa1111, x DROP TABLE users; --  \n"), std::string::npos);
	EXPECT_NE(script.find("'x''); DROP TABLE t; $pgmig_guard$ --'"), std::string::npos);
	EXPECT_NE(script.find("DO $pgmig_guard_1$\n"), std::string::npos);
	EXPECT_NE(script.find("\nSELECT 1;\n"), std::string::npos);
}

/* Random walks on a branched graph: the script's version statements leave exactly heads_after. */
TEST(RenderOfflineScriptTest, RandomWalksLeaveHeadsAfter) {
	std::vector<Revision> revs = test::AlembicExampleRevisions();
	revs.push_back(R("gggg7777", {"dddd4444"}, "side two"));
	revs.push_back(WithDeps(R("hhhh8888", {"eeee5555"}, "after merge"), {"ffff6666"}));
	revs.push_back(R("iiii9999", {"hhhh8888", "gggg7777"}, "merge again"));
	RevisionGraph g = RevisionGraph::Build(revs);
	std::map<std::string, OfflineStepSource> src = Sources(g);
	std::vector<std::string> targets{"base", "heads"};
	for (const Revision &rev : g.Revisions()) {
		targets.push_back(rev.id);
	}
	std::mt19937 rng(20240611);
	std::vector<std::string> current;
	int scripts = 0;
	for (int i = 0; i < 400; i++) {
		const std::string &target = targets[rng() % targets.size()];
		bool down = rng() % 2 == 0;
		Plan plan;
		try {
			plan = down ? PlanDowngrade(g, current, target) : PlanUpgrade(g, current, target);
		} catch (const MigError &) {
			continue; // e.g. a downgrade "to" a revision that is not applied
		}
		std::string script = RenderOfflineScript(g, plan, current, src, "pgmig");
		std::set<std::string> rows = ApplyVersionStatements(script, {current.begin(), current.end()});
		EXPECT_EQ(rows, std::set<std::string>(plan.heads_after.begin(), plan.heads_after.end()))
		    << (down ? "downgrade " : "upgrade ") << target;
		EXPECT_EQ(script.find("-- The version rows the planner leaves"), std::string::npos);
		current = plan.heads_after;
		scripts++;
	}
	EXPECT_GT(scripts, 100);
}

} // namespace
} // namespace pgm
