/*
 * concurrency_test.cpp: end-to-end tests of pgmig runs that meet other sessions or signals:
 * two upgrades started together, a second runner waiting for the migration lock, a connection
 * killed in the middle of an upgrade, and an upgrade interrupted by SIGINT.
 */
#include "test/e2e/harness.hpp"

#include "core/catalog_names.hpp"

#include <chrono>
#include <csignal>

namespace e2e {
namespace {

class ConcurrencyTest : public DbTest {};

TEST_F(ConcurrencyTest, TwoUpgradesStartedTogetherApplyEachRevisionOnce) {
	AddRevision("aaaa1111", "", "slow start", "SELECT pg_sleep(1);\nCREATE TABLE account (id int);",
	            "DROP TABLE account;");
	AddRevision("bbbb2222", "aaaa1111", "second", "ALTER TABLE account ADD COLUMN name text;",
	            "ALTER TABLE account DROP COLUMN name;");
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE ledger (id int);", "DROP TABLE ledger;");

	Child first({"upgrade", "head"}, dir_);
	Child second({"upgrade", "head"}, dir_);
	RunResult a = first.Wait();
	RunResult b = second.Wait();
	EXPECT_EQ(a.exit_code, 0) << a.err;
	EXPECT_EQ(b.exit_code, 0) << b.err;

	auto rows = Query("SELECT revision, direction, count(*) FROM pg_migrate.log GROUP BY 1, 2 ORDER BY 1");
	EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{
	                    {"aaaa1111", "upgrade", "1"}, {"bbbb2222", "upgrade", "1"}, {"cccc3333", "upgrade", "1"}}));
	RunResult r = Run({"current"});
	EXPECT_EQ(r.out, "cccc3333 (head)\n");
	// One of them did the work, the other found nothing to do.
	bool one_did_it = (a.err.find("Done: 3 revisions upgraded.") != std::string::npos) !=
	                  (b.err.find("Done: 3 revisions upgraded.") != std::string::npos);
	EXPECT_TRUE(one_did_it) << a.err << "\n---\n" << b.err;
}

/*
 * A session holds the migration lock: pgmig says whom it waits for (after the quiet wait of
 * deadlock_timeout), gives up after pg_migrate.migration_lock_timeout with the holder named,
 * and applies nothing; once the lock is free the same run goes through.
 */
TEST_F(ConcurrencyTest, WaitsForTheMigrationLockAndNamesItsHolder) {
	AddChain();
	pgmig::Connection holder(url_);
	holder.Exec("SELECT pg_catalog.pg_advisory_lock(" + std::to_string(pgm::kMigrationLockKey) + ")");
	pgmig::ResultPtr pid = holder.Exec("SELECT pg_catalog.pg_backend_pid()");
	std::string holder_pid = PQgetvalue(pid.get(), 0, 0);
	Env env{{"PGOPTIONS", "-c deadlock_timeout=50ms -c pg_migrate.migration_lock_timeout=400ms"}};
	RunResult r = Run({"upgrade", "head"}, env);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, "waiting for the migration lock held by pid " + holder_pid);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not obtain the migration lock\n");
	EXPECT_CONTAINS(r.err, holder_pid);
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0");
	EXPECT_EQ(Scalar("SELECT to_regclass('account') IS NULL"), "t");

	holder.Exec("SELECT pg_catalog.pg_advisory_unlock_all()");
	r = Run({"upgrade", "head"}, env);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err.find("waiting for the migration lock"), std::string::npos) << r.err;
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");
}

TEST_F(ConcurrencyTest, DroppedConnectionFailsAndAppliesNothing) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE account (id int);", "DROP TABLE account;");
	AddRevision("bbbb2222", "aaaa1111", "very slow", "SELECT pg_sleep(30);", "");
	std::string before = State();

	auto started = std::chrono::steady_clock::now();
	Child child({"upgrade", "head"}, dir_);
	// Wait until pgmig's session is running the slow revision, then kill that session.
	std::string pid;
	while (std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
		auto rows = admin_->Exec("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = "
		                         "'pgmig' AND wait_event = 'PgSleep'",
		                         {db_name_});
		if (PQntuples(rows.get()) == 1) {
			pid = PQgetvalue(rows.get(), 0, 0);
			break;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	ASSERT_FALSE(pid.empty()) << "pgmig's session was not seen in pg_stat_activity";
	admin_->Exec("SELECT pg_terminate_backend($1::int)", {pid});

	RunResult r = child.Wait(60);
	EXPECT_NE(r.exit_code, 0);
	EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(25));
	// The server's reason, and libpq's report of the closed socket.
	EXPECT_CONTAINS(r.err, "pgmig: error: FATAL:  terminating connection due to administrator command\n");
	EXPECT_CONTAINS(r.err, "applying revision \"bbbb2222\"");
	EXPECT_CONTAINS(r.err, "server closed the connection unexpectedly\n");
	EXPECT_CONTAINS(r.err, "pgmig: detail: The connection to the server was lost.\n");
	EXPECT_EQ(State(), before);
}

TEST_F(ConcurrencyTest, InterruptCancelsAndAppliesNothing) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE account (id int);", "DROP TABLE account;");
	AddRevision("bbbb2222", "aaaa1111", "very slow", "SELECT pg_sleep(30);", "");
	std::string before = State();

	auto started = std::chrono::steady_clock::now();
	Child child({"upgrade", "head"}, dir_);
	bool sleeping = false;
	while (!sleeping && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
		auto rows = admin_->Exec("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = "
		                         "'pgmig' AND wait_event = 'PgSleep'",
		                         {db_name_});
		sleeping = PQntuples(rows.get()) == 1;
		if (!sleeping)
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	ASSERT_TRUE(sleeping) << "pgmig's session was not seen in pg_stat_activity";
	kill(child.Pid(), SIGINT);

	RunResult r = child.Wait(60);
	EXPECT_EQ(r.exit_code, 130);
	EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(25));
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n");
	EXPECT_CONTAINS(r.err, "applying revision \"bbbb2222\"");
	// The cancelled step is recorded as failed afterwards; apart from that row nothing changed.
	EXPECT_EQ(Scalar("SELECT string_agg(revision || ' ' || reason, ',') FROM pg_migrate.log WHERE outcome = 'failed'"),
	          "bbbb2222 57014: canceling statement due to user request");
	Query("DELETE FROM pg_migrate.log WHERE outcome = 'failed'");
	EXPECT_EQ(State(), before);
}

} // namespace
} // namespace e2e
