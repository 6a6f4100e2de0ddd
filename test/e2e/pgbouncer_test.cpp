/*
 * pgbouncer_test.cpp: pgmig through a real PgBouncer in transaction pooling mode (Debian's
 * pgbouncer, started by the test on a free port).  Transaction pooling drops startup options,
 * so the lock settings are set per database (ALTER DATABASE ... SET), which every server
 * connection the pooler opens picks up: a step that waits for a lock gives up after
 * pg_migrate.lock_timeout and names the blocker, and nothing of the run stays.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class PgBouncerTest : public DbTest {
protected:
	void
	TearDown() override {
		bouncer_.reset(); // before the database is dropped
		DbTest::TearDown();
	}

	/* StartPgBouncer: a pooler in transaction mode in front of the test server; its port. */
	std::string
	StartPgBouncer() {
		bouncer_ = std::make_unique<PgBouncer>();
		return bouncer_->Start(admin_->Get(), db_name_);
	}

	std::unique_ptr<PgBouncer> bouncer_;
};

TEST_F(PgBouncerTest, LockSettingsPerDatabaseApplyThroughTransactionPooling) {
	AddChain();
	admin_->Exec("ALTER DATABASE " + admin_->QuoteIdentifier(db_name_) + " SET pg_migrate.lock_timeout = '150ms'");
	admin_->Exec("ALTER DATABASE " + admin_->QuoteIdentifier(db_name_) + " SET pg_migrate.lock_retries = 0");
	std::string port = StartPgBouncer();
	ASSERT_NE(port, "") << "could not start /usr/sbin/pgbouncer (Debian package pgbouncer)";
	PGconn *c = admin_->Get();
	UseDatabaseUrl("postgresql://" + std::string(PQuser(c)) + "@127.0.0.1:" + port + "/" + db_name_);

	RunResult r = Run({"upgrade", "aaaa1111"});
	ASSERT_EQ(r.exit_code, 0) << r.err;

	// A session holds the table the next revision alters: the step gives up after the
	// database's pg_migrate.lock_timeout, the error names the blocker, nothing stays.
	pgmig::Connection blocker(url_);
	blocker.Exec("BEGIN");
	blocker.Exec("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
	pgmig::ResultPtr pid = blocker.Exec("SELECT pg_catalog.pg_backend_pid()");
	std::string before = State();
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: canceling statement due to lock timeout\n");
	EXPECT_CONTAINS(r.err, "Process " + std::string(PQgetvalue(pid.get(), 0, 0)) + " holds AccessExclusiveLock");
	blocker.Exec("ROLLBACK");
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), "aaaa1111");
	EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'account' AND "
	                 "column_name = 'name'"),
	          "0");

	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");
}

} // namespace
} // namespace e2e
