/*
 * stamp_test.cpp: end-to-end tests against a real database of stamp, with and without
 * --purge: the version table rewritten without running any migration, the progress lines,
 * the log, and errors rolled back.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

using Strings = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

class StampTest : public DbTest {
protected:
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
	// The folder's head is the merge eeee5555: current says the database is behind it.
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out, "cccc3333\ndddd4444\n");
	EXPECT_EQ(r.err, "pgmig: warning: the database is behind the local heads (1 revision to apply)\n"
	                 "pgmig: hint: Run \"pgmig upgrade head\".\n");
}

} // namespace
} // namespace e2e
