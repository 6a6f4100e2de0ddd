/*
 * json_output_test.cpp: end-to-end tests of --format json of current, heads and history, and
 * of the usage errors of --format.
 */
#include "test/e2e/harness.hpp"

#include <set>

namespace e2e {
namespace {

using nlohmann::json;

class JsonOutputTest : public DbTest {};

TEST_F(JsonOutputTest, JsonFormats) {
	AddChain();
	AddRevision("dddd4444", "bbbb2222", "side", "CREATE TABLE side (id int);", "DROP TABLE side;");
	ASSERT_EQ(Run({"upgrade", "heads"}).exit_code, 0);

	json current = Json({"current", "--format", "json"});
	ASSERT_EQ(current.size(), 2u) << current.dump();
	for (const json &row : current) {
		EXPECT_TRUE(row["is_head"].get<bool>());
		EXPECT_FALSE(row["is_branchpoint"].get<bool>());
		EXPECT_FALSE(row["is_mergepoint"].get<bool>());
	}
	std::set<std::string> ids{current[0]["revision"], current[1]["revision"]};
	EXPECT_EQ(ids, (std::set<std::string>{"cccc3333", "dddd4444"}));

	json heads = Json({"heads", "--format", "json"});
	ASSERT_EQ(heads.size(), 2u);
	EXPECT_EQ(heads[0]["revision"], "cccc3333");
	EXPECT_EQ(heads[0]["message"], "third");
	EXPECT_EQ(heads[0]["branch_labels"], json::array());

	json history = Json({"history", "--format", "json", "-i"});
	ASSERT_EQ(history.size(), 4u);
	json b;
	for (const json &row : history)
		if (row["revision"] == "bbbb2222")
			b = row;
	EXPECT_EQ(b["parents"], json::array({"aaaa1111"}));
	EXPECT_EQ(b["message"], "add column");
	EXPECT_EQ(b["create_date"], "2026-11-23 10:02:03.120000+00:00");
	EXPECT_EQ(b["path"], "migrations/versions/bbbb2222_add_column.sql");
	EXPECT_EQ(b["is_branchpoint"], true);
	EXPECT_EQ(b["is_head"], false);
	EXPECT_EQ(b["is_mergepoint"], false);
	EXPECT_EQ(b["is_current"], false);
	EXPECT_EQ(history[0]["is_current"], true);
	EXPECT_FALSE(Json({"history", "--format", "json"})[0].contains("is_current"));

	RunResult r = Run({"current", "--format", "yaml"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: --format: yaml not in {text,json}\n");
	r = Run({"heads", "--format", "json", "-v"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: --format json excludes --verbose\n");
}

} // namespace
} // namespace e2e
