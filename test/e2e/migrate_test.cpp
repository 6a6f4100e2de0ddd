/*
 * migrate_test.cpp: end-to-end tests of upload, upgrade, downgrade and current against a
 * real database: the happy paths, Alembic's output lines and the progress on stderr.
 */
#include "test/e2e/harness.hpp"

#include "core/sha256.hpp"

#include <algorithm>

namespace e2e {
namespace {

class MigrateTest : public DbTest {
protected:
	std::string
	Current() {
		RunResult r = Run({"current"});
		EXPECT_EQ(r.exit_code, 0) << r.err;
		// Below the local head, current says so on stderr (daily_use_test.cpp tests the warning).
		if (r.out.find(" (head)") == std::string::npos && !r.err.empty())
			EXPECT_EQ(r.err.rfind("pgmig: warning: the database is behind the local heads (", 0), 0u) << r.err;
		else
			EXPECT_EQ(r.err, "");
		return r.out;
	}
};

using Strings = std::vector<std::string>;

TEST_F(MigrateTest, UpgradeHeadCurrentHistory) {
	AddChain();
	EXPECT_EQ(Current(), "");

	RunResult r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(Progress(r.err), (Strings{"Uploaded 3 revisions: 3 added, 0 updated, 0 removed, 0 unchanged.",
	                                    "Running upgrade  -> aaaa1111, create account table",
	                                    "Running upgrade aaaa1111 -> bbbb2222, add column",
	                                    "Running upgrade bbbb2222 -> cccc3333, third", "Done: 3 revisions upgraded."}));
	EXPECT_EQ(Current(), "cccc3333 (head)\n");
	EXPECT_EQ(Scalar("SELECT count(*) FROM ledger"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "3");

	r = Run({"history"});
	EXPECT_EQ(r.out, "bbbb2222 -> cccc3333 (head), third\n"
	                 "aaaa1111 -> bbbb2222, add column\n"
	                 "<base> -> aaaa1111, create account table\n");

	// Again: nothing to upload, nothing to run.
	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Nothing to do."}));
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "3");
}

TEST_F(MigrateTest, DowngradeAndRelativeTargets) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);

	RunResult r = Run({"downgrade", "-1"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err),
	          (Strings{"Running downgrade cccc3333 -> bbbb2222, third", "Done: 1 revision downgraded."}));
	EXPECT_EQ(Current(), "bbbb2222\n");
	EXPECT_EQ(Scalar("SELECT to_regclass('ledger') IS NULL"), "t");

	r = Run({"downgrade", "base"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err),
	          (Strings{"Running downgrade bbbb2222 -> aaaa1111, add column",
	                   "Running downgrade aaaa1111 -> , create account table", "Done: 2 revisions downgraded."}));
	EXPECT_EQ(Current(), "");
	EXPECT_EQ(Scalar("SELECT to_regclass('account') IS NULL"), "t");

	r = Run({"upgrade", "+1"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err),
	          (Strings{"Running upgrade  -> aaaa1111, create account table", "Done: 1 revision upgraded."}));
	EXPECT_EQ(Current(), "aaaa1111\n");

	// A unique prefix of an id.
	r = Run({"upgrade", "bbbb"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Current(), "bbbb2222\n");
	r = Run({"upgrade", "cccc3333"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Current(), "cccc3333 (head)\n");
	r = Run({"downgrade", "aaaa"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Current(), "aaaa1111\n");
	// 3 up, 1 down, 2 down, 1 up, 1 up, 1 up, 2 down.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "11");
}

TEST_F(MigrateTest, UploadOnlyThenTheDbaUpgrades) {
	AddChain();
	RunResult r = Run({"upload"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Strings lines = Lines(r.out);
	ASSERT_EQ(lines.size(), 4u) << r.out;
	std::sort(lines.begin(), lines.begin() + 3);
	EXPECT_EQ(lines, (Strings{"added aaaa1111 (aaaa1111_create_account_table.sql)",
	                          "added bbbb2222 (bbbb2222_add_column.sql)", "added cccc3333 (cccc3333_third.sql)",
	                          "Uploaded 3 revisions: 3 added, 0 updated, 0 removed, 0 unchanged."}));
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision"), "3");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "0");
	EXPECT_EQ(Scalar("SELECT to_regclass('account') IS NULL"), "t");

	// Uploading again changes nothing.
	r = Run({"upload"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "Uploaded 3 revisions: 0 added, 0 updated, 0 removed, 3 unchanged.\n");

	// The DBA applies them from SQL.
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM migrate_upgrade('head')"), "aaaa1111,bbbb2222,cccc3333");
	EXPECT_EQ(Current(), "cccc3333 (head)\n");
}

TEST_F(MigrateTest, UploadIsBinarySafe) {
	// Non-ASCII SQL and CRLF line endings: the server must checksum exactly the local bytes.
	fs::path p = Versions() / "aaaa1111_accents.sql";
	std::string text =
	    RevisionText("aaaa1111", "", "accents", "CREATE TABLE café (v text DEFAULT 'déjà vu');", "DROP TABLE café;");
	std::string crlf;
	for (char c : text)
		crlf += (c == '\n') ? std::string("\r\n") : std::string(1, c);
	WriteFile(p, crlf);
	RunResult r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT checksum FROM pg_migrate.revision WHERE id = 'aaaa1111'"), pgm::Sha256Hex(crlf));
	Query("INSERT INTO café DEFAULT VALUES");
	EXPECT_EQ(Scalar("SELECT v FROM café"), "déjà vu");
}

TEST_F(MigrateTest, NoticesOfMigrationsAreShown) {
	AddRevision("aaaa1111", "", "noisy",
	            "DO $$BEGIN RAISE NOTICE 'hello from %', 'aaaa1111'; RAISE WARNING 'careful'; END$$;", "");
	RunResult r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: notice: hello from aaaa1111\n");
	EXPECT_CONTAINS(r.err, "pgmig: warning: careful\n");
}

TEST_F(MigrateTest, EmptyScriptFolder) {
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Nothing to do."}));
	EXPECT_EQ(Current(), "");
}

} // namespace
} // namespace e2e
