/*
 * plan_test.cpp: end-to-end tests of pgmig plan: the steps and SQL an upgrade or downgrade
 * would run, planned from the local files, as text or JSON, changing nothing.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

using nlohmann::json;

class PlanTest : public DbTest {};

TEST_F(PlanTest, PlanUsesLocalFilesAndChangesNothing) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "aaaa1111"}).exit_code, 0);
	WriteFile(
	    Versions() / "cccc3333_third.sql",
	    RevisionText("cccc3333", "bbbb2222", "third", "CREATE TABLE ledger (id int, v text);", "DROP TABLE ledger;"));
	std::string before = State();
	RunResult r = Run({"plan", "upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "-- Running upgrade aaaa1111 -> bbbb2222, add column\n"
	                 "ALTER TABLE account ADD COLUMN name text;\n"
	                 "\n"
	                 "-- Running upgrade bbbb2222 -> cccc3333, third\n"
	                 "CREATE TABLE ledger (id int, v text);\n");
	EXPECT_EQ(State(), before);

	json plan = Json({"plan", "downgrade", "base", "--format", "json"});
	EXPECT_EQ(plan["direction"], "downgrade");
	EXPECT_EQ(plan["target"], "base");
	ASSERT_EQ(plan["steps"].size(), 1u);
	EXPECT_EQ(plan["steps"][0]["step"], 1);
	EXPECT_EQ(plan["steps"][0]["revision"], "aaaa1111");
	EXPECT_EQ(plan["steps"][0]["direction"], "downgrade");
	EXPECT_EQ(plan["steps"][0]["description"], "Running downgrade aaaa1111 -> , create account table");
	EXPECT_EQ(plan["steps"][0]["sql"], "DROP TABLE account;");
	EXPECT_EQ(State(), before);

	r = Run({"plan", "upgrade", "aaaa1111"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "-- Nothing to do.\n");
	r = Run({"plan", "sideways", "head"});
	EXPECT_EQ(r.exit_code, 2);
	r = Run({"plan", "upgrade", "zzzz"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: can't locate revision identified by 'zzzz'");
	EXPECT_EQ(State(), before);
}

} // namespace
} // namespace e2e
