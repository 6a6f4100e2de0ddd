/*
 * many_clients_test.cpp: sixteen pgmig processes started at once on one database, directly and
 * through PgBouncer in transaction pooling mode: every revision is applied exactly once and every
 * client exits 0 saying what it did; upgrades racing downgrades, stamps and the upload of a
 * changed folder end in a consistent database whatever the interleaving, and each client that
 * fails says why.  A run spanning several transactions (--transaction-per-revision) is refused
 * through a pooler, since its session-level migration lock would guard nothing there.
 */
#include "test/e2e/harness.hpp"

#include <map>
#include <memory>
#include <regex>
#include <set>

namespace e2e {
namespace {

constexpr int kClients = 16;

/* Id: revision i (1-based) of the chains below. */
std::string
Id(int i) {
	char id[16];
	std::snprintf(id, sizeof(id), "c%07d", i);
	return id;
}

/* TableSql: the upgrade and downgrade of revision id: table t_<id>, written so that a stamp can never make them fail.
 */
std::string
CreateSql(const std::string &id, const std::string &columns = "id int") {
	return "CREATE TABLE IF NOT EXISTS t_" + id + " (" + columns + ");";
}
std::string
DropSql(const std::string &id) {
	return "DROP TABLE IF EXISTS t_" + id + ";";
}

/* Outcome: what a client said it did; -1 when it said neither "Done: N ..." nor "Nothing to do.". */
int
UpgradedCount(const RunResult &r) {
	static const std::regex done(R"(Done: ([0-9]+) revisions? upgraded\.)");
	std::smatch m;
	if (std::regex_search(r.err, m, done))
		return std::stoi(m[1].str());
	if (r.err.find("Nothing to do.") != std::string::npos)
		return 0;
	return -1;
}

/* ClearFailure: a failing client exited 1 with a pgmig error line, not by a signal or an abort. */
::testing::AssertionResult
ClearFailure(const RunResult &r) {
	if (r.exit_code == 0)
		return ::testing::AssertionSuccess();
	static const std::regex error_line("(^|\n)pgmig: error: [^\n]+\n");
	if (r.exit_code == 1 && std::regex_search(r.err, error_line) &&
	    r.err.find("terminate called") == std::string::npos && r.err.find("internal error") == std::string::npos)
		return ::testing::AssertionSuccess();
	return ::testing::AssertionFailure() << "exit " << r.exit_code << ", stderr:\n" << r.err;
}

class ManyClientsTest : public DbTest {
protected:
	void
	TearDown() override {
		bouncer_.reset(); // before the database is dropped
		DbTest::TearDown();
	}

	/* ThroughPgBouncer: point the project at a PgBouncer (transaction pooling, 4 server connections). */
	void
	ThroughPgBouncer() {
		bouncer_ = std::make_unique<PgBouncer>();
		std::string port = bouncer_->Start(admin_->Get(), db_name_, 4);
		ASSERT_NE(port, "") << "could not start /usr/sbin/pgbouncer (Debian package pgbouncer)";
		UseDatabaseUrl("postgresql://" + std::string(PQuser(admin_->Get())) + "@127.0.0.1:" + port + "/" + db_name_);
	}

	/* AddTables: revisions 1..n, each creating its table; the first one sleeps, so the clients meet. */
	void
	AddTables(int n) {
		for (int i = 1; i <= n; i++)
			AddRevision(Id(i), i == 1 ? "" : Id(i - 1), "table " + std::to_string(i),
			            (i == 1 ? "SELECT pg_catalog.pg_sleep(0.3);\n" : "") + CreateSql(Id(i)), DropSql(Id(i)));
	}

	/* RunAll: start every command at once (each in its directory), wait for all. */
	std::vector<RunResult>
	RunAll(const std::vector<std::pair<std::vector<std::string>, fs::path>> &commands) {
		std::vector<std::unique_ptr<Child>> children;
		for (const auto &[args, dir] : commands)
			children.push_back(std::make_unique<Child>(args, dir));
		std::vector<RunResult> results;
		for (auto &child : children)
			results.push_back(child->Wait(120));
		return results;
	}

	/* ExpectEachRevisionAppliedOnce: revisions 1..n applied once each, the database at n. */
	void
	ExpectEachRevisionAppliedOnce(int n) {
		auto rows =
		    Query("SELECT revision, direction, outcome, count(*) FROM pg_migrate.log GROUP BY 1, 2, 3 ORDER BY 1");
		std::vector<std::vector<std::string>> expected;
		for (int i = 1; i <= n; i++)
			expected.push_back({Id(i), "upgrade", "applied", "1"});
		EXPECT_EQ(rows, expected);
		EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), Id(n));
		EXPECT_EQ(Scalar("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'"), std::to_string(n));
	}

	/* SixteenUpgrades: kClients clients run upgrade head; each says what it did; n applied once. */
	void
	SixteenUpgrades(int n, int per_revision_clients) {
		std::vector<std::pair<std::vector<std::string>, fs::path>> commands;
		for (int i = 0; i < kClients; i++) {
			if (i < per_revision_clients)
				commands.push_back({{"upgrade", "head", "--transaction-per-revision"}, dir_});
			else
				commands.push_back({{"upgrade", "head"}, dir_});
		}
		std::vector<RunResult> results = RunAll(commands);
		int upgraded = 0, did_work = 0;
		for (const RunResult &r : results) {
			EXPECT_EQ(r.exit_code, 0) << r.err;
			int count = UpgradedCount(r);
			EXPECT_GE(count, 0) << r.err;
			upgraded += count > 0 ? count : 0;
			did_work += count > 0 ? 1 : 0;
		}
		// The migration lock serializes the runs: whoever comes first applies everything.
		EXPECT_EQ(upgraded, n);
		EXPECT_EQ(did_work, 1);
		ExpectEachRevisionAppliedOnce(n);
	}

	/*
	 * ExpectConsistent: the version table, the log and the tables agree.  The log is replayed in
	 * order (failed steps left out): an upgrade of r puts the database at r and creates t_r, a
	 * downgrade of r puts it at r's parent and drops t_r, a stamp of r puts it at r.  The result
	 * must be the version table and the tables that exist; the head must be an uploaded revision.
	 */
	void
	ExpectConsistent(const std::map<std::string, std::string> &parent, const std::string &when) {
		SCOPED_TRACE(when);
		auto versions = Query("SELECT revision FROM pg_migrate.version");
		ASSERT_LE(versions.size(), 1u);
		std::string current;
		std::set<std::string> tables;
		for (const auto &row :
		     Query("SELECT revision, direction FROM pg_migrate.log WHERE outcome <> 'failed' ORDER BY id")) {
			const std::string &rev = row[0], &direction = row[1];
			ASSERT_TRUE(parent.count(rev)) << rev;
			if (direction == "upgrade") {
				current = rev;
				tables.insert("t_" + rev);
			} else if (direction == "downgrade") {
				current = parent.at(rev);
				tables.erase("t_" + rev);
			} else if (direction == "stamp") {
				current = rev;
			}
		}
		EXPECT_EQ(versions.empty() ? "" : versions[0][0], current) << Log();
		std::set<std::string> actual;
		for (const auto &row : Query("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'"))
			actual.insert(row[0]);
		EXPECT_EQ(actual, tables) << Log();
		if (!versions.empty()) {
			EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision WHERE id = $1", {versions[0][0]}), "1");
		}
	}

	std::string
	Log() {
		std::string text = "pg_migrate.log:\n";
		for (const auto &row :
		     Query("SELECT revision, direction, outcome, coalesce(reason, '') FROM pg_migrate.log ORDER BY id"))
			text += "  " + row[0] + " " + row[1] + " " + row[2] + " " + row[3] + "\n";
		return text;
	}

	/*
	 * Race: the database at revision 2 of 6; then at once: upgrades (both modes), downgrades of
	 * one revision and stamps at revision 3 from folder A, and uploads and upgrades from folder B,
	 * which adds revision 7 and edits revision 5 (not applied at the start).  Every client
	 * succeeds or fails with a clear error, and the database is consistent afterwards.  Then B is
	 * brought in (reverting A's revision 5 first when it was applied): the database ends at
	 * revision 7 and validate finds nothing.
	 */
	void
	Race() {
		std::map<std::string, std::string> parent;
		for (int i = 1; i <= 7; i++)
			parent[Id(i)] = i == 1 ? "" : Id(i - 1);
		for (int i = 1; i <= 6; i++)
			AddRevision(Id(i), parent[Id(i)], "table " + std::to_string(i),
			            (i == 3 ? "SELECT pg_catalog.pg_sleep(0.2);\n" : "") + CreateSql(Id(i)), DropSql(Id(i)));
		ASSERT_EQ(Run({"upgrade", Id(2)}).exit_code, 0);
		fs::path b = dir_ / "b";
		fs::create_directories(b);
		fs::copy(dir_ / "pgmig.toml", b / "pgmig.toml");
		fs::copy(dir_ / "migrations", b / "migrations", fs::copy_options::recursive);
		fs::path edited;
		for (const auto &entry : fs::directory_iterator(b / "migrations" / "versions"))
			if (entry.path().filename().string().rfind(Id(5), 0) == 0)
				edited = entry.path();
		ASSERT_FALSE(edited.empty());
		WriteFile(edited, RevisionText(Id(5), Id(4), "table 5, edited", CreateSql(Id(5), "id int, edited int"),
		                               DropSql(Id(5))));
		WriteFile(b / "migrations" / "versions" / (Id(7) + "_table_7.sql"),
		          RevisionText(Id(7), Id(6), "table 7", CreateSql(Id(7)), DropSql(Id(7))));

		std::vector<std::pair<std::vector<std::string>, fs::path>> commands;
		for (int i = 0; i < 4; i++)
			commands.push_back({{"upgrade", "head"}, dir_});
		for (int i = 0; i < 3; i++)
			commands.push_back({{"upgrade", "head", "--transaction-per-revision"}, dir_});
		for (int i = 0; i < 2; i++)
			commands.push_back({{"downgrade", "-1"}, dir_});
		for (int i = 0; i < 2; i++)
			commands.push_back({{"stamp", Id(3)}, dir_});
		for (int i = 0; i < 3; i++)
			commands.push_back({{"upload"}, b});
		for (int i = 0; i < 2; i++)
			commands.push_back({{"upgrade", "head"}, b});
		ASSERT_EQ(commands.size(), static_cast<std::size_t>(kClients));
		std::vector<RunResult> results = RunAll(commands);
		int failed = 0;
		for (std::size_t i = 0; i < results.size(); i++) {
			EXPECT_TRUE(ClearFailure(results[i])) << "client " << i;
			failed += results[i].exit_code != 0 ? 1 : 0;
		}
		ExpectConsistent(parent, "after the race");

		RunResult r = Pgmig({"upgrade", "head"}, b);
		if (r.exit_code != 0) {
			// A's revision 5 was applied first: B's edit of it is refused until it is reverted.
			EXPECT_CONTAINS(r.err,
			                "pgmig: error: checksum of applied revision \"" + Id(5) + "\" does not match its file");
			EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = "
			                 "'edited'",
			                 {"t_" + Id(5)}),
			          "0");
			RunResult down = Run({"downgrade", Id(4)});
			EXPECT_EQ(down.exit_code, 0) << down.err;
			r = Pgmig({"upgrade", "head"}, b);
		}
		EXPECT_EQ(r.exit_code, 0) << r.err << Log();
		ExpectConsistent(parent, "after B's upgrade");
		EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), Id(7));
		RunResult validate = Pgmig({"validate"}, b);
		EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
		RecordProperty("failed_clients", failed);
	}

	std::unique_ptr<PgBouncer> bouncer_;
};

TEST_F(ManyClientsTest, SixteenUpgradesApplyEachRevisionOnce) {
	AddTables(20);
	SixteenUpgrades(20, 4);
}

TEST_F(ManyClientsTest, UpgradesRacingDowngradeStampAndUploadEndConsistent) {
	Race();
}

TEST_F(ManyClientsTest, SixteenUpgradesThroughPgBouncerTransactionPooling) {
	AddTables(20);
	ThroughPgBouncer();
	if (HasFatalFailure())
		return;
	SixteenUpgrades(20, 0);
}

TEST_F(ManyClientsTest, RacesThroughPgBouncerTransactionPoolingEndConsistent) {
	ThroughPgBouncer();
	if (HasFatalFailure())
		return;
	Race();
}

/*
 * --transaction-per-revision holds the migration lock at session level across its transactions;
 * through transaction pooling those transactions may run on different server connections, so
 * pgmig refuses before it takes the lock or uploads anything, and says what to do instead.
 */
TEST_F(ManyClientsTest, TransactionPerRevisionIsRefusedThroughPgBouncer) {
	AddTables(3);
	ThroughPgBouncer();
	if (HasFatalFailure())
		return;
	std::string before = State();
	std::vector<std::pair<std::vector<std::string>, fs::path>> commands;
	for (int i = 0; i < 4; i++)
		commands.push_back({{"upgrade", "head", "--transaction-per-revision"}, dir_});
	for (const RunResult &r : RunAll(commands)) {
		EXPECT_EQ(r.exit_code, 1) << r.err;
		EXPECT_CONTAINS(
		    r.err, "pgmig: error: cannot hold the migration lock across transactions through a connection pooler\n");
		EXPECT_CONTAINS(r.err, "pgmig: detail: --transaction-per-revision commits after each revision");
		EXPECT_CONTAINS(r.err, "a pooler such as PgBouncer is in between");
		EXPECT_CONTAINS(r.err, "pgmig: hint: Connect to the server directly for this run.");
	}
	EXPECT_EQ(State(), before);
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory'"), "0");

	// The one-transaction run goes through the same pooler.
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	ExpectEachRevisionAppliedOnce(3);
}

} // namespace
} // namespace e2e
