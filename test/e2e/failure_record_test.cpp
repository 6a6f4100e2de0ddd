/*
 * failure_record_test.cpp: end-to-end tests of the failure record: a failing upgrade or
 * downgrade is rolled back, and afterwards pgmig records the step that failed in
 * pg_migrate.log (outcome failed, reason "<sqlstate>: <message>", the local file's checksum),
 * shown by history --applied.  A failure before any step ran records nothing; a record that
 * cannot be written is a warning after the original error.
 */
#include "test/e2e/harness.hpp"

#include "core/sha256.hpp"

namespace e2e {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class FailureRecordTest : public DbTest {
protected:
	/* Three revisions; the second divides by zero on upgrade or on downgrade. */
	fs::path
	AddThree(bool fail_upgrade) {
		AddRevision("aaaa1111", "", "first", "CREATE TABLE t_a (id int);", "DROP TABLE t_a;");
		fs::path second =
		    AddRevision("bbbb2222", "aaaa1111", "divide",
		                fail_upgrade ? "CREATE TABLE t_b (id int);\nSELECT 1 / 0;" : "CREATE TABLE t_b (id int);",
		                fail_upgrade ? "DROP TABLE t_b;" : "DROP TABLE t_b;\nSELECT 1 / 0;");
		AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE t_c (id int);", "DROP TABLE t_c;");
		return second;
	}

	/* FailedRows: the failed rows of pg_migrate.log: revision, direction, outcome, reason, checksum. */
	Rows
	FailedRows() {
		return Query("SELECT revision, direction, outcome, reason, coalesce(checksum, 'NULL') FROM pg_migrate.log "
		             "WHERE outcome = 'failed' ORDER BY id");
	}
};

TEST_F(FailureRecordTest, FailedUpgradeStepIsRecordedAfterTheRollback) {
	fs::path second = AddThree(true);
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: division by zero\n");
	EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
	// Everything was rolled back: no revision uploaded, no version, no table.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), "0");
	// One log row: the failed step, with the local file's checksum (its upload was rolled back).
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "1");
	Rows rows = FailedRows();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0][0], "bbbb2222");
	EXPECT_EQ(rows[0][1], "upgrade");
	EXPECT_EQ(rows[0][2], "failed");
	EXPECT_EQ(rows[0][3].rfind("22012: division by zero", 0), 0u) << rows[0][3];
	EXPECT_EQ(rows[0][4], pgm::Sha256Hex(ReadFile(second)));
	EXPECT_EQ(Scalar("SELECT duration >= '0' AND started_at <= now() AND role = current_user FROM pg_migrate.log"),
	          "t");

	RunResult h = Run({"history", "--applied"});
	EXPECT_EQ(h.exit_code, 0) << h.err;
	EXPECT_CONTAINS(h.out, "upgrade    bbbb2222  ");
	EXPECT_CONTAINS(h.out, "  failed  reason: 22012: division by zero\n");

	// Fixed, the upgrade runs, and the failed row stays in the history.
	AddThree(false);
	r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT string_agg(revision || ':' || outcome, ',' ORDER BY id) FROM pg_migrate.log"),
	          "bbbb2222:failed,aaaa1111:applied,bbbb2222:applied,cccc3333:applied");
	// The failed row is not the applied script: validate sees nothing to repair.
	EXPECT_EQ(Run({"validate"}).exit_code, 0);
}

TEST_F(FailureRecordTest, FailedDowngradeStepIsRecordedAfterTheRollback) {
	fs::path second = AddThree(false);
	ASSERT_EQ(Run({"upgrade"}).exit_code, 0);
	std::string before = State();
	RunResult r = Run({"downgrade", "base"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: division by zero\n");
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), "cccc3333");
	EXPECT_EQ(Scalar("SELECT to_regclass('t_c') IS NOT NULL"), "t");
	// Downgrade step 2 of 3 (cccc3333 went first) failed.
	Rows rows = FailedRows();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0][0], "bbbb2222");
	EXPECT_EQ(rows[0][1], "downgrade");
	EXPECT_EQ(rows[0][3].rfind("22012: division by zero", 0), 0u) << rows[0][3];
	EXPECT_EQ(rows[0][4], pgm::Sha256Hex(ReadFile(second)));
	// Apart from that row nothing changed.
	Query("DELETE FROM pg_migrate.log WHERE outcome = 'failed'");
	EXPECT_EQ(State(), before);
}

TEST_F(FailureRecordTest, TheFailedStepComesFromTheNoticeDetailNotFromCounting) {
	// The second revision raises a notice with the progress SQLSTATE of its own before it fails:
	// counting MG101 notices would blame the third revision, the notice's DETAIL names the second.
	AddRevision("aaaa1111", "", "first", "CREATE TABLE t_a (id int);", "DROP TABLE t_a;");
	fs::path second = AddRevision("bbbb2222", "aaaa1111", "impostor",
	                              "DO $$ BEGIN RAISE NOTICE USING ERRCODE = 'MG101', MESSAGE = 'Running nothing', "
	                              "DETAIL = 'Not a step.'; END $$;\nSELECT 1 / 0;",
	                              "SELECT 1;");
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE t_c (id int);", "DROP TABLE t_c;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: division by zero\n");
	Rows rows = FailedRows();
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0][0], "bbbb2222");
	EXPECT_EQ(rows[0][1], "upgrade");
	EXPECT_EQ(rows[0][4], pgm::Sha256Hex(ReadFile(second)));
}

TEST_F(FailureRecordTest, FailureBeforeAnyStepRecordsNothing) {
	AddThree(true);
	RunResult r = Run({"upgrade", "zzzz9999"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "locate revision identified by 'zzzz9999'");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "0");
	r = Run({"downgrade", "zzzz9999"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "0");
}

TEST_F(FailureRecordTest, RecordThatCannotBeWrittenIsAWarningAfterTheError) {
	AddThree(true);
	Query("CREATE FUNCTION public.no_failed_rows() RETURNS trigger LANGUAGE plpgsql AS $$ "
	      "BEGIN RAISE EXCEPTION 'failed rows are not accepted here'; END $$");
	Query("CREATE TRIGGER no_failed_rows BEFORE INSERT ON pg_migrate.log FOR EACH ROW "
	      "WHEN (NEW.outcome = 'failed') EXECUTE FUNCTION public.no_failed_rows()");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	std::size_t error = r.err.find("pgmig: error: division by zero\n");
	std::size_t warning = r.err.find(
	    "pgmig: warning: could not record the failure in pg_migrate.log: failed rows are not accepted here\n");
	ASSERT_NE(error, std::string::npos) << r.err;
	ASSERT_NE(warning, std::string::npos) << r.err;
	EXPECT_LT(error, warning);
	// The original error is printed once.
	EXPECT_EQ(r.err.find("pgmig: error: ", error + 1), std::string::npos) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log"), "0");
}

} // namespace
} // namespace e2e
