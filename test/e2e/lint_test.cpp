/*
 * lint_test.cpp: end-to-end tests of pgmig lint (findings like a compiler's warnings, JSON, exit
 * codes, waivers) and of the lint check of pgmig upgrade (warnings before the run; --strict
 * refuses and applies nothing).
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

using nlohmann::json;

class LintTest : public DbTest {};

/* LineOf: the 1-based line of the first occurrence of needle in the file at p. */
int
LineOf(const fs::path &p, const std::string &needle) {
	std::string text = ReadFile(p);
	std::size_t at = text.find(needle);
	int line = 1;
	for (std::size_t i = 0; i < at && i < text.size(); i++)
		line += text[i] == '\n' ? 1 : 0;
	return line;
}

TEST_F(LintTest, LintReportsWaivesAndUpgradeWarnsOrRefuses) {
	AddRevision(
	    "aaaa1111", "", "create big",
	    "CREATE TABLE big (id int);\nINSERT INTO big SELECT generate_series(1, 100);\nCREATE INDEX ON big (id);",
	    "DROP TABLE big;");
	// The table is made by the same run: nothing to report, and upgrade prints no warning.
	RunResult r = Run({"lint"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No lint findings.\n");
	r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;

	fs::path file = AddRevision("bbbb2222", "aaaa1111", "index big",
	                            "SELECT 1;\nCREATE INDEX big_id ON big (id);\nALTER TABLE big ADD COLUMN note text;",
	                            "DROP INDEX big_id;");
	std::string at =
	    "versions/" + file.filename().string() + ":" + std::to_string(LineOf(file, "CREATE INDEX big_id")) + ": ";
	std::string before = State();

	r = Run({"lint"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.err, "");
	EXPECT_CONTAINS(r.out,
	                at + "warning: [index-not-concurrent] CREATE INDEX without CONCURRENTLY on non-empty table "
	                     "public.big\n    lock: SHARE on public.big\n    detail: Table public.big has 8192 bytes");
	EXPECT_CONTAINS(r.out, "    hint: Build the index with CREATE INDEX CONCURRENTLY");
	EXPECT_EQ(Lines(r.out).back(), "1 lint finding.");
	EXPECT_EQ(State(), before);

	r = Run({"lint", "--format", "json"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	json j = json::parse(r.out);
	EXPECT_EQ(j["direction"], "upgrade");
	EXPECT_EQ(j["target"], "head");
	EXPECT_EQ(j["count"], 1);
	EXPECT_EQ(j["waived"], 0);
	ASSERT_EQ(j["findings"].size(), 1u);
	EXPECT_EQ(j["findings"][0]["rule"], "index-not-concurrent");
	EXPECT_EQ(j["findings"][0]["revision"], "bbbb2222");
	EXPECT_EQ(j["findings"][0]["line"], LineOf(file, "CREATE INDEX big_id"));
	EXPECT_EQ(j["findings"][0]["relation"], "public.big");
	EXPECT_EQ(j["findings"][0]["relation_size"], 8192);
	EXPECT_EQ(j["findings"][0]["lock_mode"], "SHARE");
	EXPECT_EQ(j["findings"][0]["waived"], false);

	// A downgrade target with --downgrade: aaaa1111's DROP TABLE loses data.
	r = Run({"lint", "--downgrade", "base"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "warning: [drop-table] dropping table public.big loses its data");
	r = Run({"lint", "zzzz"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: can't locate revision identified by 'zzzz'");

	// --strict refuses: the warning, the error, nothing applied.
	r = Run({"upgrade", "--strict"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, at + "warning: [index-not-concurrent]");
	EXPECT_CONTAINS(r.err, "pgmig: error: the pending revisions have 1 lint finding, and --strict refuses to run them\n"
	                       "pgmig: detail: Nothing was applied.\npgmig: hint: ");
	EXPECT_EQ(State(), before);

	// A waiver above the statement: no finding, and --strict runs.
	WriteFile(file, RevisionText("bbbb2222", "aaaa1111", "index big",
	                             "SELECT 1;\n-- lint: ignore index-not-concurrent\nCREATE INDEX big_id ON big (id);\n"
	                             "ALTER TABLE big ADD COLUMN note text;",
	                             "DROP INDEX big_id;"));
	r = Run({"lint"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No lint findings (1 waived).\n");
	j = Json({"lint", "--format", "json"});
	EXPECT_EQ(j["count"], 0);
	EXPECT_EQ(j["waived"], 1);
	EXPECT_EQ(j["findings"][0]["waived"], true);
	r = Run({"upgrade", "--strict", "bbbb2222"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'big_id'"), "1");

	// Without --strict, upgrade warns and runs.
	fs::path third =
	    AddRevision("cccc3333", "bbbb2222", "not null", "ALTER TABLE big ALTER COLUMN id SET NOT NULL;", "");
	r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "versions/" + third.filename().string() + ":" +
	                           std::to_string(LineOf(third, "ALTER TABLE")) + ": warning: [set-not-null]");
	EXPECT_EQ(Scalar("SELECT revision FROM pg_migrate.version"), "cccc3333");
}

} // namespace
} // namespace e2e
