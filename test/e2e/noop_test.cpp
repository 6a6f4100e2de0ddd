/*
 * noop_test.cpp: end-to-end tests of the fast path of a run with nothing to do
 * (NothingPending, migration.hpp): the folder's digest equals migrate_folder_digest() and the
 * plan is empty, so pgmig says "Nothing to do." without an upload, a transaction or the
 * migration lock; any change of the folder, a pending revision or a run that has not committed
 * yet takes the full path.
 */
#include "test/e2e/harness.hpp"

#include "core/catalog_names.hpp"

#include <chrono>
#include <thread>

namespace e2e {
namespace {

class NoopTest : public DbTest {
protected:
	/* HoldMigrationLock: another session takes the migration lock (session level) and keeps it. */
	std::unique_ptr<pgmig::Connection>
	HoldMigrationLock() {
		auto holder = std::make_unique<pgmig::Connection>(url_);
		holder->Exec("SELECT pg_catalog.pg_advisory_lock(" + std::to_string(pgm::kMigrationLockKey) + ")");
		return holder;
	}
	/* A short wait for the migration lock: a run that waits fails fast instead of hanging. */
	const Env kShortLockWait{{"PGOPTIONS", "-c deadlock_timeout=50ms -c pg_migrate.migration_lock_timeout=400ms"}};
};

/*
 * At head with the same folder, upgrade and downgrade need no migration lock: a held lock does
 * not make them wait.  The output is the one of the full path.
 */
TEST_F(NoopTest, NothingToDoTakesNoLock) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	std::string before = State();
	auto holder = HoldMigrationLock();
	RunResult r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "] Nothing to do.\n");
	EXPECT_EQ(r.err.find("waiting for the migration lock"), std::string::npos) << r.err;
	EXPECT_EQ(r.err.find("Uploaded"), std::string::npos) << r.err;
	EXPECT_EQ(r.out, "");
	// an explicit target that is current already, in either direction
	for (const char *command : {"upgrade", "downgrade"}) {
		r = Run({command, "cccc3333"}, kShortLockWait);
		EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
		EXPECT_CONTAINS(r.err, "] Nothing to do.\n");
	}
	EXPECT_EQ(State(), before);
}

/* A folder that differs from the catalog (a new file) takes the full path, which waits for the lock. */
TEST_F(NoopTest, ChangedFolderTakesTheFullPath) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	{
		auto holder = HoldMigrationLock();
		RunResult r = Run({"upgrade", "head"}, kShortLockWait);
		EXPECT_EQ(r.exit_code, 1) << r.err;
		EXPECT_CONTAINS(r.err, "could not obtain the migration lock");
	}
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 4 revisions: 1 added, 0 updated, 0 removed, 3 unchanged.");
	EXPECT_CONTAINS(r.err, "Done: 1 revision upgraded.");
	EXPECT_EQ(Run({"current"}).out, "dddd4444 (head)\n");
}

/*
 * A removed file whose revision is pending: the plan to the current head is empty but the
 * digest differs, so the run uploads and the catalog forgets the revision.
 */
TEST_F(NoopTest, RemovedPendingFileIsUploaded) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	for (const auto &entry : fs::directory_iterator(Versions()))
		if (entry.path().filename().string().rfind("cccc3333", 0) == 0)
			fs::remove(entry.path());
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 2 revisions: 0 added, 0 updated, 1 removed, 2 unchanged.");
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_EQ(Scalar("SELECT string_agg(id, ',' ORDER BY id) FROM pg_migrate.revision"), "aaaa1111,bbbb2222");
}

/* The folder uploaded by "pgmig upload" (equal digests) but not applied: the run applies it. */
TEST_F(NoopTest, UploadedButPendingIsApplied) {
	AddChain();
	ASSERT_EQ(Run({"upload"}).exit_code, 0);
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 3 revisions upgraded.");
	r = Run({"downgrade", "base"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 3 revisions downgraded.");
	r = Run({"downgrade", "base"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
}

/*
 * Another session has applied everything but not committed: the fast path sees the committed
 * state (pending), so the run waits for the lock instead of saying nothing is to do; once the
 * other session commits, the run finds nothing to do and applies nothing twice.
 */
TEST_F(NoopTest, UncommittedRunIsWaitedFor) {
	AddChain();
	ASSERT_EQ(Run({"upload"}).exit_code, 0);
	pgmig::Connection other(url_);
	other.SetNoticeHandler([](const PGresult *) {}); // its progress notices
	other.Exec("BEGIN");
	other.Exec("SELECT count(*) FROM migrate_upgrade('head')");
	Child child({"upgrade", "head"}, dir_, {{"PGOPTIONS", "-c deadlock_timeout=50ms"}});
	// Commit once the run waits for the lock.
	auto started = std::chrono::steady_clock::now();
	bool waiting = false;
	while (std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
		pgmig::ResultPtr rows = admin_->Exec("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND "
		                                     "wait_event_type = 'Lock' AND wait_event = 'advisory'",
		                                     {db_name_});
		if (std::string(PQgetvalue(rows.get(), 0, 0)) != "0") {
			waiting = true;
			break;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	}
	EXPECT_TRUE(waiting) << "pgmig did not wait for the migration lock";
	other.Exec("COMMIT");
	RunResult r = child.Wait(60);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log WHERE direction = 'upgrade'"), "3");
}

} // namespace
} // namespace e2e
