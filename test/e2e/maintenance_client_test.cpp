/*
 * maintenance_client_test.cpp: end-to-end tests of pgmig in a maintenance window: a
 * "Transactional: false" revision run in autocommit between the transactional ones (and in the
 * offline script), a failed concurrent index build cleaned up, --transaction-per-revision,
 * the file, line and caret of a failing statement, --dry-run, and a killed client whose
 * migration stops in the server.
 */
#include "test/e2e/harness.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace e2e {
namespace {

class MaintenanceClientTest : public DbTest {
protected:
	/*
	 * AddNonTransactional: a revision file declaring "Transactional: false"; its upgrade
	 * section starts at line 11 of the file.
	 */
	fs::path
	AddNonTransactional(const std::string &id, const std::string &parents, const std::string &message,
	                    const std::string &upgrade_sql, const std::string &downgrade_sql) {
		fs::path p = AddRevision(id, parents, message, upgrade_sql, downgrade_sql);
		std::string text = ReadFile(p);
		std::string marker = "-- Depends On: \n";
		text.insert(text.find(marker) + marker.size(), "-- Transactional: false\n");
		WriteFile(p, text);
		return p;
	}

	std::string
	LogRows() {
		return Scalar("SELECT coalesce(string_agg(revision || ':' || direction || ':' || outcome, ',' ORDER BY id), "
		              "'') FROM pg_migrate.log");
	}

	std::string
	Version() {
		return Scalar("SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM pg_migrate.version");
	}
};

/* A concurrent index build between two transactional revisions: three steps, three log rows. */
TEST_F(MaintenanceClientTest, NonTransactionalRevisionRunsBetweenTransactionalOnes) {
	AddRevision("aaaa1111", "", "table", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (2);", "DROP TABLE t;");
	AddNonTransactional("bbbb2222", "aaaa1111", "index", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nVACUUM t;",
	                    "DROP INDEX CONCURRENTLY t_id;");
	AddRevision("cccc3333", "bbbb2222", "column", "ALTER TABLE t ADD COLUMN x int;", "ALTER TABLE t DROP COLUMN x;");
	RunResult r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Running upgrade aaaa1111 -> bbbb2222, index (Transactional: false)\n");
	EXPECT_CONTAINS(r.err, "  statement 1 of 2, line 11: CREATE INDEX CONCURRENTLY t_id ON t (id)\n");
	EXPECT_CONTAINS(r.err, "  statement 2 of 2, line 12: VACUUM t\n");
	EXPECT_CONTAINS(r.err, "Done: 3 revisions upgraded.\n");
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:applied,bbbb2222:upgrade:applied,cccc3333:upgrade:applied");
	EXPECT_EQ(Version(), "cccc3333");
	EXPECT_EQ(Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id'::regclass"), "t");
	// The migration lock is released at the end.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");

	r = Run({"downgrade", "base"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Version(), "");
	EXPECT_EQ(Scalar("SELECT to_regclass('t') IS NULL"), "t");
}

/* A failed CREATE UNIQUE INDEX CONCURRENTLY leaves no INVALID index: the fixed revision then runs. */
TEST_F(MaintenanceClientTest, FailedConcurrentIndexLeavesNoInvalidIndex) {
	AddRevision("aaaa1111", "", "table", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (1);", "DROP TABLE t;");
	fs::path index =
	    AddNonTransactional("bbbb2222", "aaaa1111", "unique", "CREATE UNIQUE INDEX CONCURRENTLY t_u ON t (id);",
	                        "DROP INDEX CONCURRENTLY t_u;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: could not create unique index \"t_u\"\n");
	EXPECT_CONTAINS(r.err, "Dropped the invalid index t_u that the failed statement left on ");
	EXPECT_CONTAINS(r.err, "pgmig: context: migrations/versions/" + index.filename().string() +
	                           ", line 11, while applying revision \"bbbb2222\"\n"
	                           "pgmig: LINE 11: CREATE UNIQUE INDEX CONCURRENTLY t_u ON t (id)\n");
	EXPECT_CONTAINS(r.err, "the database is at revision aaaa1111.\n");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
	EXPECT_EQ(Version(), "aaaa1111");
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:applied,bbbb2222:upgrade:failed");
	EXPECT_EQ(Scalar("SELECT reason FROM pg_migrate.log WHERE outcome = 'failed'").rfind("23505: ", 0), 0u);

	AddNonTransactional("bbbb2222", "aaaa1111", "unique",
	                    "DELETE FROM t WHERE ctid <> (SELECT min(ctid) FROM t);\n"
	                    "CREATE UNIQUE INDEX CONCURRENTLY t_u ON t (id);",
	                    "DROP INDEX CONCURRENTLY t_u;");
	r = Run({"upgrade"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Version(), "bbbb2222");
	EXPECT_EQ(Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_u'::regclass"), "t");
}

/* An enum value added by one revision and used by the next: only one transaction per revision works. */
TEST_F(MaintenanceClientTest, EnumValueUsedByTheNextRevisionWithTransactionPerRevision) {
	AddRevision("aaaa1111", "", "type", "CREATE TYPE mood AS ENUM ('calm');", "DROP TYPE mood;");
	AddRevision("bbbb2222", "aaaa1111", "value", "ALTER TYPE mood ADD VALUE 'angry';", "");
	AddRevision("cccc3333", "bbbb2222", "use", "CREATE TABLE m AS SELECT 'angry'::mood AS v;", "DROP TABLE m;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: unsafe use of new value \"angry\" of enum type mood\n");
	EXPECT_EQ(Version(), "");

	r = Run({"upgrade", "--transaction-per-revision"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 3 revisions upgraded.\n");
	EXPECT_EQ(Version(), "cccc3333");
	EXPECT_EQ(Scalar("SELECT v::text FROM m"), "angry");
}

/* With --transaction-per-revision a failure keeps the revisions before it and says where it stopped. */
TEST_F(MaintenanceClientTest, PerRevisionFailureKeepsEarlierRevisions) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE t_a (id int);", "DROP TABLE t_a;");
	AddRevision("bbbb2222", "aaaa1111", "second", "CREATE TABLE t_b (id int);", "DROP TABLE t_b;");
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE t_c (id int);\nSELECT 1 / 0;", "DROP TABLE t_c;");
	RunResult r = Run({"upgrade", "--transaction-per-revision"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: division by zero\n");
	EXPECT_CONTAINS(r.err, "Stopped after 2 revisions upgraded, which are kept: the database is at revision "
	                       "bbbb2222.\n");
	EXPECT_EQ(Version(), "bbbb2222");
	EXPECT_EQ(Scalar("SELECT to_regclass('t_b') IS NOT NULL AND to_regclass('t_c') IS NULL"), "t");
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:applied,bbbb2222:upgrade:applied,cccc3333:upgrade:failed");
}

/* A syntax error: the local file, the line in the file, the caret; and the step is logged. */
TEST_F(MaintenanceClientTest, SyntaxErrorShowsFileLineAndCaretAndIsLogged) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE t (id int);", "DROP TABLE t;");
	fs::path bad = AddRevision("bbbb2222", "aaaa1111", "bad", "CREATE TABLE u (id int);\n\nCREATE TABEL v (id int);",
	                           "DROP TABLE u;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: syntax error at or near \"TABEL\"\n"
	                       "pgmig: context: migrations/versions/" +
	                           bad.filename().string() +
	                           ", line 12, while applying revision \"bbbb2222\"\n"
	                           "pgmig: LINE 12: CREATE TABEL v (id int)\n"
	                           "pgmig:                 ^\n");
	EXPECT_EQ(LogRows(), "bbbb2222:upgrade:failed");
	EXPECT_EQ(Scalar("SELECT reason FROM pg_migrate.log").rfind("42601: ", 0), 0u);
}

/* A runtime error on the second line of a statement: the caret is on that line. */
TEST_F(MaintenanceClientTest, RuntimeErrorShowsItsLineInTheFile) {
	fs::path bad = AddRevision("aaaa1111", "", "bad", "CREATE TABLE t (id int);\nSELECT id,\n       nosuch\nFROM t;",
	                           "DROP TABLE t;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: column \"nosuch\" does not exist\n");
	EXPECT_CONTAINS(r.err, "pgmig: context: migrations/versions/" + bad.filename().string() +
	                           ", line 12, while applying revision \"aaaa1111\"\n"
	                           "pgmig: LINE 12:        nosuch\n"
	                           "pgmig:                 ^\n");
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:failed");
}

/* --dry-run: the time and locks of each revision, a non-transactional one listed, nothing kept. */
TEST_F(MaintenanceClientTest, DryRunPrintsLocksAndKeepsNothing) {
	AddChain();
	AddNonTransactional("dddd4444", "cccc3333", "index", "CREATE INDEX CONCURRENTLY l_id ON ledger (id);",
	                    "DROP INDEX CONCURRENTLY l_id;");
	ASSERT_EQ(Run({"upgrade", "aaaa1111"}).exit_code, 0);
	std::string before = State();
	RunResult r = Run({"upgrade", "--dry-run"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "upgrade bbbb2222, add column\n  time: ");
	EXPECT_CONTAINS(r.out, "AccessExclusiveLock");
	EXPECT_CONTAINS(r.out, "account");
	EXPECT_CONTAINS(r.out, "upgrade dddd4444, index\n  not rehearsed (Transactional: false)\n");
	EXPECT_CONTAINS(r.out, "Dry run: nothing was kept.\n");
	EXPECT_EQ(State(), before);
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:applied");
}

/* The offline script runs a non-transactional revision in autocommit through psql. */
TEST_F(MaintenanceClientTest, OfflineScriptRunsNonTransactionalRevisionWithPsql) {
	AddRevision("aaaa1111", "", "table", "CREATE TABLE t (id int);", "DROP TABLE t;");
	AddNonTransactional("bbbb2222", "aaaa1111", "index", "CREATE INDEX CONCURRENTLY t_id ON t (id);",
	                    "DROP INDEX CONCURRENTLY t_id;");
	AddRevision("cccc3333", "bbbb2222", "column", "ALTER TABLE t ADD COLUMN x int;", "ALTER TABLE t DROP COLUMN x;");
	RunResult r = Run({"upgrade", "--sql"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	WriteFile(dir_ / "up.sql", r.out);
	ASSERT_EQ(Run({"upload"}).exit_code, 0);
	std::string command =
	    "psql -X -q -v ON_ERROR_STOP=1 -d '" + Conninfo(db_name_) + "' -f '" + (dir_ / "up.sql").string() + "' 2>&1";
	FILE *psql = popen(command.c_str(), "r");
	ASSERT_NE(psql, nullptr);
	std::string output;
	char buf[4096];
	for (std::size_t n; (n = fread(buf, 1, sizeof(buf), psql)) > 0;)
		output.append(buf, n);
	ASSERT_EQ(pclose(psql), 0) << output;
	EXPECT_EQ(Version(), "cccc3333");
	EXPECT_EQ(LogRows(), "aaaa1111:upgrade:applied,bbbb2222:upgrade:applied,cccc3333:upgrade:applied");
	EXPECT_EQ(Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id'::regclass"), "t");
}

/*
 * A pgmig killed while its revision runs: client_connection_check_interval makes the server
 * notice and end the backend long before the revision's sleep would (the bound is generous).
 */
TEST_F(MaintenanceClientTest, KilledClientStopsItsMigrationInTheServer) {
	AddRevision("aaaa1111", "", "slow", "SELECT pg_sleep(300);", "");
	Child child({"upgrade"}, dir_);
	std::string pid;
	for (int i = 0; i < 600 && pid.empty(); i++) {
		pid = Scalar("SELECT coalesce(min(pid)::text, '') FROM pg_stat_activity WHERE datname = $1 AND "
		             "query LIKE '%migrate_upgrade%' AND wait_event = 'PgSleep'",
		             {db_name_});
		if (pid.empty())
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	ASSERT_FALSE(pid.empty());
	EXPECT_EQ(Scalar("SELECT setting FROM pg_settings WHERE name = 'client_connection_check_interval'"), "0");
	kill(child.Pid(), SIGKILL);
	child.Wait();
	bool gone = false;
	for (int i = 0; i < 600 && !gone; i++) { // up to 30 s; the interval is 2 s
		gone = Scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", {pid}) == "0";
		if (!gone)
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	EXPECT_TRUE(gone) << "backend " << pid << " still runs the killed client's migration";
	EXPECT_EQ(Version(), "");
}

} // namespace
} // namespace e2e
