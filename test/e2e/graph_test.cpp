/*
 * graph_test.cpp: end-to-end tests of pgmig graph: DOT and Mermaid, to stdout or a file, with
 * the database's current revisions marked (--current).
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class GraphTest : public DbTest {};

TEST_F(GraphTest, Graph) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	RunResult local = Run({"graph"});
	ASSERT_EQ(local.exit_code, 0) << local.err;
	EXPECT_EQ(local.out.rfind("digraph", 0), 0u) << local.out;
	EXPECT_CONTAINS(local.out, "cccc3333");
	RunResult current = Run({"graph", "--current"});
	ASSERT_EQ(current.exit_code, 0) << current.err;
	EXPECT_NE(current.out, local.out);
	EXPECT_CONTAINS(current.out, "current");

	RunResult m = Run({"graph", "--format", "mermaid", "-o", "g.mmd"});
	ASSERT_EQ(m.exit_code, 0) << m.err;
	EXPECT_EQ(m.out, "");
	std::string text = ReadFile(dir_ / "g.mmd");
	EXPECT_EQ(text.rfind("flowchart", 0), 0u) << text;
	EXPECT_EQ(text.back(), '\n');

	RunResult bad = Run({"graph", "--format", "svg"});
	EXPECT_EQ(bad.exit_code, 2);
	bad = Run({"graph", "-o", "no/such/dir/g.dot"});
	EXPECT_EQ(bad.exit_code, 1);
	EXPECT_CONTAINS(bad.err, "pgmig: error: could not write file \"no/such/dir/g.dot\"\n");
}

} // namespace
} // namespace e2e
