/*
 * validate_repair_test.cpp: end-to-end tests of validate and repair: local edits of applied
 * revisions, files not uploaded and catalog scripts edited in the database are reported, and
 * repair accepts an edit (from the local file or from the database), logged with its reason
 * (history --applied).
 */
#include "test/e2e/harness.hpp"

#include "core/sha256.hpp"

#include <regex>

namespace e2e {
namespace {

using Strings = std::vector<std::string>;
using nlohmann::json;

class ValidateRepairTest : public DbTest {};

TEST_F(ValidateRepairTest, ValidateRepairCycle) {
	AddChain();
	ASSERT_EQ(Run({"upgrade"}).exit_code, 0);
	RunResult r = Run({"validate"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "OK: 3 revisions, 3 applied, all checksums match.\n");
	EXPECT_EQ(r.err, "");

	// Edit an applied file: upgrade refuses, validate reports it and changes nothing.
	fs::path b = Versions() / "bbbb2222_add_column.sql";
	std::string old_sum = pgm::Sha256Hex(ReadFile(b));
	WriteFile(b, RevisionText("bbbb2222", "aaaa1111", "add column", "ALTER TABLE account ADD COLUMN name text; -- ok",
	                          "ALTER TABLE account DROP COLUMN name;"));
	std::string new_sum = pgm::Sha256Hex(ReadFile(b));
	std::string before = State();
	r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err,
	                "pgmig: error: checksum of applied revision \"bbbb2222\" does not match its file\n"); // MG001
	EXPECT_EQ(State(), before);

	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "edited: bbbb2222 (migrations/versions/bbbb2222_add_column.sql): the local file differs from the "
	                 "applied revision (checksum " +
	                     new_sum.substr(0, 12) + "... vs " + old_sum.substr(0, 12) +
	                     "...)\n"
	                     "new: dddd4444 (migrations/versions/dddd4444_fourth.sql) is not uploaded\n");
	EXPECT_CONTAINS(r.err, "pgmig: error: 2 differences between migrations and the database\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Run \"pgmig upload\"");
	EXPECT_CONTAINS(r.err, "Run \"pgmig repair REV --reason TEXT\"");
	EXPECT_EQ(State(), before);
	// The same as one JSON document on stdout, exit status 1, nothing on stderr.
	r = Run({"validate", "--format", "json"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "");
	json doc = json::parse(r.out);
	EXPECT_EQ(doc["ok"], false);
	EXPECT_EQ(doc["revisions"], 4);
	EXPECT_EQ(doc["applied"], 3);
	ASSERT_EQ(doc["differences"].size(), 2u) << r.out;
	EXPECT_EQ(doc["differences"][0]["kind"], "edited_applied");
	EXPECT_EQ(doc["differences"][0]["revision"], "bbbb2222");
	EXPECT_EQ(doc["differences"][0]["file"], "migrations/versions/bbbb2222_add_column.sql");
	EXPECT_EQ(doc["differences"][0]["fix"], "repair");
	EXPECT_EQ(doc["differences"][1]["kind"], "new");
	EXPECT_EQ(doc["differences"][1]["revision"], "dddd4444");
	EXPECT_EQ(doc["differences"][1]["fix"], "upload");
	EXPECT_EQ(doc["differences"][1]["description"],
	          "new: dddd4444 (migrations/versions/dddd4444_fourth.sql) is not uploaded");
	EXPECT_EQ(Run({"validate", "--format", "yaml"}).exit_code, 2);

	// Repair takes the local file.
	r = Run({"repair", "bbbb", "--reason", "comment added"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out,
	          "Repaired bbbb2222: checksum " + old_sum.substr(0, 12) + "... -> " + new_sum.substr(0, 12) + "...\n");
	EXPECT_EQ(Scalar("SELECT checksum FROM pg_migrate.revision WHERE id = 'bbbb2222'"), new_sum);
	r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "new: dddd4444 (migrations/versions/dddd4444_fourth.sql) is not uploaded\n");

	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"validate"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "OK: 4 revisions, 4 applied, all checksums match.\n");
	json ok = Json({"validate", "--format", "json"});
	EXPECT_EQ(ok, json::parse(R"({"ok": true, "revisions": 4, "applied": 4, "differences": []})"));

	// The log shows the repair with its reason.
	r = Run({"history", "--applied"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// The steps of each upgrade follow a "run N: ..." line (its WAL position, restore point, backup).
	Strings lines;
	int runs = 0;
	for (const std::string &line : Lines(r.out)) {
		if (line.rfind("run ", 0) == 0)
			runs++;
		else
			lines.push_back(line);
	}
	EXPECT_EQ(runs, 2) << r.out;
	ASSERT_EQ(lines.size(), 5u) << r.out;
	std::regex line_re("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+[-+][0-9]{2}  upgrade    aaaa1111  [0-9.]+ m?s  [^ ]+  "
	                   "pgmig  applied");
	EXPECT_TRUE(std::regex_match(lines[0], line_re)) << lines[0];
	EXPECT_CONTAINS(lines[3], "  repair     bbbb2222  ");
	EXPECT_CONTAINS(lines[3], "  reason: comment added");
	EXPECT_CONTAINS(lines[4], "  upgrade    dddd4444  ");

	json log = Json({"history", "--applied", "--format", "json"});
	ASSERT_TRUE(log.is_array());
	ASSERT_EQ(log.size(), 5u);
	EXPECT_EQ(log[3]["direction"], "repair");
	EXPECT_EQ(log[3]["reason"], "comment added");
	EXPECT_EQ(log[3]["checksum"], new_sum);
	EXPECT_EQ(log[0]["reason"], nullptr);
	EXPECT_EQ(log[0]["application_name"], "pgmig");
	EXPECT_TRUE(log[0]["id"].is_number());
}

TEST_F(ValidateRepairTest, RepairFromDatabaseAndErrors) {
	AddChain();
	ASSERT_EQ(Run({"upgrade"}).exit_code, 0);
	std::string sum = pgm::Sha256Hex(ReadFile(Versions() / "aaaa1111_create_account_table.sql"));
	// Someone rewrote the catalog's row behind pgmig's back, file, checksum and SQL alike (a row
	// changed in part is "corrupted": integrity_test.cpp).
	Query("UPDATE pg_migrate.revision SET script = replace(script, 'account', 'acct'), "
	      "message = replace(message, 'account', 'acct'), upgrade_sql = replace(upgrade_sql, 'account', 'acct'), "
	      "downgrade_sql = replace(downgrade_sql, 'account', 'acct') WHERE id = 'aaaa1111'");
	Query("UPDATE pg_migrate.revision SET checksum = encode(sha256(convert_to(script, 'UTF8')), 'hex') "
	      "WHERE id = 'aaaa1111'");
	std::string edited = Scalar("SELECT checksum FROM pg_migrate.revision WHERE id = 'aaaa1111'");
	RunResult r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "edited in database: aaaa1111: the uploaded script differs from the one applied (migrate_verify "
	                 "status edited)\n");
	EXPECT_CONTAINS(r.err, "pgmig: error: 1 difference between migrations and the database\n");

	r = Run({"repair", "aaaa1111", "--reason", "accept", "--from-database"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "Repaired aaaa1111: checksum " + sum.substr(0, 12) + "... -> " + edited.substr(0, 12) + "...\n");

	// --reason is required; unknown revisions are reported.
	std::string before = State();
	r = Run({"repair", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "--reason is required");
	r = Run({"repair", "zzzz", "--reason", "x"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: can't locate revision identified by 'zzzz'");
	EXPECT_EQ(State(), before);
}

} // namespace
} // namespace e2e
