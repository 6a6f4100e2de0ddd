/*
 * lock_retry_test.cpp: end-to-end tests of the lock retries of 0.8.0, whose steps share a
 * subtransaction until it passes 1 s: a step that could not obtain a lock rolls back the
 * steps run before it in its subtransaction too, and they run again (once more in the progress
 * lines, once in the log); a step that took longer than that ended the subtransaction, so it is
 * kept and not run again.
 */
#include "test/e2e/harness.hpp"

#include <chrono>
#include <thread>

namespace e2e {
namespace {

class LockRetryTest : public DbTest {
protected:
	/*
	 * HoldLock: a session holds ACCESS EXCLUSIVE on account.  With release_after_first_wait, a
	 * thread releases it as soon as the first attempt has stopped waiting for it (seen in
	 * pg_locks: a lock requested and not granted, then gone), so the retry (0.5 to 1 s later)
	 * gets it, however slowly the machine runs; otherwise it is held until the test ends.
	 */
	void
	HoldLock(bool release_after_first_wait) {
		blocker_.emplace(url_);
		blocker_->Exec("BEGIN");
		blocker_->Exec("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
		if (!release_after_first_wait)
			return;
		std::string url = url_;
		release_ = std::thread([this, url] {
			pgmig::Connection watcher(url);
			const std::string waiting =
			    "SELECT count(*) FROM pg_locks WHERE relation = 'account'::regclass AND NOT granted";
			auto waiters = [&] { return std::string(PQgetvalue(watcher.Exec(waiting).get(), 0, 0)); };
			for (int i = 0; i < 6000 && waiters() == "0"; i++) // up to 60 s for pgmig to reach the step
				std::this_thread::sleep_for(std::chrono::milliseconds(10));
			for (int i = 0; i < 6000 && waiters() != "0"; i++)
				std::this_thread::sleep_for(std::chrono::milliseconds(10));
			blocker_->Exec("ROLLBACK");
		});
	}

	void
	TearDown() override {
		if (release_.joinable())
			release_.join();
		blocker_.reset(); // ends a transaction still open

		DbTest::TearDown();
	}

	std::string
	LogRows() {
		return Scalar(
		    "SELECT coalesce(string_agg(revision || ':' || outcome, ',' ORDER BY id), '') FROM pg_migrate.log");
	}

	static std::size_t
	Count(const std::string &text, const std::string &needle) {
		std::size_t n = 0;
		for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
			n++;
		return n;
	}

	/* The first attempt times out after 100 ms; the retry comes 0.5 to 1 s later. */
	const Env retry_settings_{
	    {"PGOPTIONS",
	     "-c pg_migrate.lock_timeout=100ms -c pg_migrate.lock_retries=3 -c pg_migrate.lock_retry_delay=1s"}};
	std::optional<pgmig::Connection> blocker_;
	std::thread release_;
};

TEST_F(LockRetryTest, StepsOfTheSameSubtransactionRunAgain) {
	Query("CREATE TABLE account (id int)");
	AddRevision("aaaa1111", "", "table a", "CREATE TABLE a (id int);", "DROP TABLE a;");
	AddRevision("bbbb2222", "aaaa1111", "busy", "ALTER TABLE account ADD COLUMN note text;",
	            "ALTER TABLE account DROP COLUMN note;");
	HoldLock(true);
	RunResult r = Run({"upgrade"}, retry_settings_);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "could not obtain a lock for revision \"bbbb2222\", retrying in ");
	EXPECT_CONTAINS(r.err, "The 1 step run before it since the last savepoint was rolled back too and run again.");
	EXPECT_EQ(Count(r.err, "Running upgrade  -> aaaa1111, table a"), 2u) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 2 revisions upgraded.\n");
	// One log row per step, whatever ran twice; both changes are there.
	EXPECT_EQ(LogRows(), "aaaa1111:applied,bbbb2222:applied");
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), "bbbb2222");
	EXPECT_EQ(Scalar("SELECT to_regclass('a') IS NOT NULL AND EXISTS (SELECT FROM pg_attribute WHERE attrelid = "
	                 "'account'::regclass AND attname = 'note')"),
	          "t");
}

// With one step's file held at a time (pg_migrate.step_window = 1), the rewind to the group's
// first step reads the files of the earlier steps again: they run again, and run what they ran
// the first time.
TEST_F(LockRetryTest, ARewindReadsTheEarlierStepsFilesAgain) {
	Query("CREATE TABLE account (id int)");
	AddRevision("aaaa1111", "", "table a", "CREATE TABLE a (id int);", "DROP TABLE a;");
	AddRevision("cccc3333", "aaaa1111", "row in a", "INSERT INTO a VALUES (3);", "DELETE FROM a;");
	AddRevision("bbbb2222", "cccc3333", "busy", "ALTER TABLE account ADD COLUMN note text;",
	            "ALTER TABLE account DROP COLUMN note;");
	HoldLock(true);
	RunResult r = Run({"upgrade"}, {{"PGOPTIONS", "-c pg_migrate.lock_timeout=100ms -c pg_migrate.lock_retries=3 "
	                                              "-c pg_migrate.lock_retry_delay=1s -c pg_migrate.step_window=1"}});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "The 2 steps run before it since the last savepoint were rolled back too and run again.");
	EXPECT_EQ(Count(r.err, "Running upgrade  -> aaaa1111, table a"), 2u) << r.err;
	EXPECT_EQ(Count(r.err, "Running upgrade aaaa1111 -> cccc3333, row in a"), 2u) << r.err;
	EXPECT_EQ(LogRows(), "aaaa1111:applied,cccc3333:applied,bbbb2222:applied");
	EXPECT_EQ(Scalar("SELECT string_agg(n::text, ',') FROM (SELECT id AS n FROM a) s"), "3");
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), "bbbb2222");
}

TEST_F(LockRetryTest, AStepPastTheGroupTimeIsKept) {
	Query("CREATE TABLE account (id int)");
	AddRevision("aaaa1111", "", "slow table a", "SELECT pg_sleep(1.1);\nCREATE TABLE a (id int);", "DROP TABLE a;");
	AddRevision("bbbb2222", "aaaa1111", "busy", "ALTER TABLE account ADD COLUMN note text;",
	            "ALTER TABLE account DROP COLUMN note;");
	HoldLock(true);
	RunResult r = Run({"upgrade"}, retry_settings_);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "could not obtain a lock for revision \"bbbb2222\", retrying in ");
	EXPECT_FALSE(Contains(r.err, "rolled back too")) << r.err;
	EXPECT_EQ(Count(r.err, "Running upgrade  -> aaaa1111, slow table a"), 1u) << r.err;
	EXPECT_EQ(LogRows(), "aaaa1111:applied,bbbb2222:applied");
}

TEST_F(LockRetryTest, LastAttemptFailsAndNothingStays) {
	Query("CREATE TABLE account (id int)");
	AddRevision("aaaa1111", "", "table a", "CREATE TABLE a (id int);", "DROP TABLE a;");
	AddRevision("bbbb2222", "aaaa1111", "busy", "ALTER TABLE account ADD COLUMN note text;",
	            "ALTER TABLE account DROP COLUMN note;");
	HoldLock(false);
	RunResult r = Run({"upgrade"}, {{"PGOPTIONS", "-c pg_migrate.lock_timeout=100ms -c pg_migrate.lock_retries=1 "
	                                              "-c pg_migrate.lock_retry_delay=10ms"}});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: canceling statement due to lock timeout\n");
	EXPECT_CONTAINS(r.err, "The step was tried 2 times.");
	// Rolled back: no version, no table; the log holds only the failure pgmig records afterwards.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0");
	EXPECT_EQ(Scalar("SELECT to_regclass('a') IS NULL"), "t");
	EXPECT_EQ(LogRows(), "bbbb2222:failed");
}

} // namespace
} // namespace e2e
