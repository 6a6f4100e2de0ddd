/*
 * stamp_test.cpp: end-to-end tests against a real database of stamp (with and without
 * --purge) and of the listing commands that read the database: history -i, history -r with
 * current, current -v and show current.
 */
#include "test/e2e/harness.hpp"

#include "client/common/password_mask.hpp"

#include <regex>

namespace e2e {
namespace {

using Strings = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

class StampTest : public DbTest {
protected:
	/* A branch point (bbbb2222) and a merge point (eeee5555); each upgrade creates a table. */
	void
	AddGraph() {
		AddRevision("aaaa1111", "", "create account table", "CREATE TABLE t_a ();", "DROP TABLE t_a;");
		AddRevision("bbbb2222", "aaaa1111", "add column", "CREATE TABLE t_b ();", "DROP TABLE t_b;");
		AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE t_c ();", "DROP TABLE t_c;");
		AddRevision("dddd4444", "bbbb2222", "side", "CREATE TABLE t_d ();", "DROP TABLE t_d;");
		AddRevision("eeee5555", "cccc3333, dddd4444", "merge c and d", "CREATE TABLE t_e ();", "DROP TABLE t_e;");
	}

	/* Progress: the stderr lines without their "[  0.012s] " stamps. */
	static Strings
	Progress(const std::string &err) {
		Strings out;
		std::regex stamped("\\[ *[0-9]+\\.[0-9]{3}s\\] (.*)");
		for (const std::string &line : Lines(err)) {
			std::smatch m;
			out.push_back(std::regex_match(line, m, stamped) ? m[1].str() : "UNSTAMPED: " + line);
		}
		return out;
	}

	std::string
	VersionRows() {
		return Scalar("SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM pg_migrate.version");
	}

	std::string
	Tables() {
		return Scalar("SELECT coalesce(string_agg(table_name::text, ',' ORDER BY table_name), '') "
		              "FROM information_schema.tables WHERE table_schema = 'public'");
	}

	Rows
	Log() {
		return Query("SELECT revision, direction, outcome FROM pg_migrate.log ORDER BY id");
	}

	std::string
	Out(const std::vector<std::string> &args) {
		RunResult r = Run(args);
		EXPECT_EQ(r.exit_code, 0) << r.err;
		EXPECT_EQ(r.err, "");
		return r.out;
	}
};

TEST_F(StampTest, StampRunsNoMigration) {
	AddGraph();
	RunResult r = Run({"stamp", "cccc3333"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(Progress(r.err), (Strings{"Uploaded 5 revisions: 5 added, 0 updated, 0 removed, 0 unchanged.",
	                                    "Running stamp_revision  -> cccc3333", "Done: 1 stamp step."}));
	EXPECT_EQ(VersionRows(), "cccc3333");
	EXPECT_EQ(Tables(), "");
	EXPECT_EQ(Log(), (Rows{{"cccc3333", "stamp", "stamped"}}));

	// A merge target replaces the rows it descends from, in one step.
	r = Run({"stamp", "heads"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Running stamp_revision cccc3333 -> eeee5555", "Done: 1 stamp step."}));
	EXPECT_EQ(VersionRows(), "eeee5555");

	r = Run({"stamp", "eeee"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Nothing to do."}));

	r = Run({"stamp", "base"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Running stamp_revision eeee5555 -> ", "Done: 1 stamp step."}));
	EXPECT_EQ(VersionRows(), "");
	EXPECT_EQ(Tables(), "");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log WHERE direction = 'stamp'"), "3");

	// Errors roll everything back, the upload included.
	AddRevision("ffff6666", "eeee5555", "later", "CREATE TABLE t_f ();", "DROP TABLE t_f;");
	r = Run({"stamp", "nosuchrev"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: ");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision"), "5");
	r = Run({"stamp"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: REV is required\n");
}

TEST_F(StampTest, StampPurgeWithTwoRevisions) {
	AddGraph();
	ASSERT_EQ(Run({"upgrade", "heads"}).exit_code, 0);
	EXPECT_EQ(VersionRows(), "eeee5555");
	std::string tables = Tables();
	EXPECT_EQ(tables, "t_a,t_b,t_c,t_d,t_e");
	std::string log_before = Scalar("SELECT count(*) FROM pg_migrate.log");

	RunResult r = Run({"stamp", "--purge", "cccc3333", "dddd4444"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Progress(r.err), (Strings{"Running stamp_revision eeee5555 -> ", "Running stamp_revision  -> cccc3333",
	                                    "Running stamp_revision  -> dddd4444", "Done: 3 stamp steps."}));
	EXPECT_EQ(VersionRows(), "cccc3333,dddd4444");
	EXPECT_EQ(Tables(), tables);
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log WHERE direction <> 'stamp'"), log_before);
	EXPECT_EQ(Out({"current"}), "cccc3333\ndddd4444\n");
}

TEST_F(StampTest, HistoryIndicatesCurrent) {
	AddGraph();
	ASSERT_EQ(Run({"upgrade", "cccc3333"}).exit_code, 0);
	EXPECT_EQ(Out({"history", "-i"}), "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d\n"
	                                  "bbbb2222 -> cccc3333 (current), third\n"
	                                  "bbbb2222 -> dddd4444, side\n"
	                                  "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                                  "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"history", "-r", ":current"}), "bbbb2222 -> cccc3333, third\n"
	                                              "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                                              "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"history", "-r", "current:", "-i"}),
	          "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d\n"
	          "bbbb2222 -> cccc3333 (current), third\n");
	std::string verbose = Out({"history", "-v", "-i", "-r", "bbbb2222:cccc3333"});
	EXPECT_CONTAINS(verbose, "Rev: cccc3333 (current)\nParent: bbbb2222\n");
	EXPECT_CONTAINS(verbose, "\n\nRev: bbbb2222 (branchpoint)\n");
}

TEST_F(StampTest, CurrentVerboseAndShowCurrent) {
	AddGraph();
	ASSERT_EQ(Run({"upgrade", "heads"}).exit_code, 0);
	std::string entry = "Rev: eeee5555 (head) (mergepoint)\n"
	                    "Merges: cccc3333, dddd4444\n"
	                    "Path: migrations/versions/eeee5555_merge_c_and_d.sql\n"
	                    "\n"
	                    "    merge c and d\n"
	                    "    \n"
	                    "    Revision ID: eeee5555\n"
	                    "    Revises: cccc3333, dddd4444\n"
	                    "    Create Date: 2026-11-23 10:02:03.120000+00:00\n"
	                    "\n";
	EXPECT_EQ(Out({"show", "current"}), entry);

	std::string out = Out({"current", "-v"});
	std::string header = "Current revision(s) for " + pgmig::ObfuscatePassword(url_) + ":\n";
	EXPECT_EQ(out.substr(0, header.size()), header);
	if (url_.find("password=") != std::string::npos) {
		EXPECT_CONTAINS(header, "password=***");
	}
	// The entry is the server's (migrate_show('current')), with the file name it was uploaded as.
	EXPECT_CONTAINS(out, ":\nRev: eeee5555 (head) (mergepoint)");
	EXPECT_CONTAINS(out, "\nMerges: cccc3333, dddd4444\n");
	EXPECT_CONTAINS(out, "    Create Date: 2026-11-23 10:02:03.120000+00:00\n\n");

	// An empty database: the header only; show current prints nothing.
	ASSERT_EQ(Run({"downgrade", "base"}).exit_code, 0);
	EXPECT_EQ(Out({"current", "-v"}), header);
	EXPECT_EQ(Out({"show", "current"}), "");
}

} // namespace
} // namespace e2e
