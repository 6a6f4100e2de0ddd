/*
 * migrate_errors_test.cpp: end-to-end tests of every way an upload, upgrade or downgrade can
 * be refused: bad files, bad targets, failing SQL, irreversible revisions, edited revisions,
 * connection settings.  Each failure must exit 1, print the error, and change nothing.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class MigrateErrorsTest : public DbTest {
protected:
	void
	SetUp() override {
		DbTest::SetUp();
		if (IsSkipped() || HasFatalFailure())
			return;
		AddRevision("aaaa1111", "", "create account table", "CREATE TABLE account (id int PRIMARY KEY);",
		            "DROP TABLE account;");
		RunResult r = Run({"upgrade"});
		ASSERT_EQ(r.exit_code, 0) << r.err;
		before_ = State();
	}

	/* ExpectRefused: pgmig args fails with exit 1, prints an error, and changes nothing. */
	RunResult
	ExpectRefused(const std::vector<std::string> &args, const Env &env = {}) {
		RunResult r = Run(args, env);
		EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
		EXPECT_CONTAINS(r.err, "pgmig: error: ");
		EXPECT_EQ(State(), before_);
		return r;
	}

	std::string before_;
};

TEST_F(MigrateErrorsTest, MalformedFileIsReportedByLocalPathAndNothingIsUploaded) {
	AddRevision("bbbb2222", "aaaa1111", "ok", "SELECT 1;", "");
	WriteFile(Versions() / "cccc3333_bad.sql", "-- bad\n--\n-- Revision ID: cccc3333\n-- Revises: bbbb2222\n"
	                                           "-- Colour: blue\n\n-- migrate:upgrade\nSELECT 1;\n");
	for (const char *cmd : {"upload", "upgrade"}) {
		RunResult r = ExpectRefused({cmd});
		EXPECT_CONTAINS(r.err, "migrations/versions/cccc3333_bad.sql");
		EXPECT_CONTAINS(r.err, "ine 5");
	}
	// A NUL byte is found before anything is sent too.
	std::string nul = "-- bad\n--\n-- Revision ID: cccc3333\n-- Revises: bbbb2222\n\n-- migrate:upgrade\nSELECT 1;";
	nul += '\0';
	WriteFile(Versions() / "cccc3333_bad.sql", nul + "\n");
	RunResult r = ExpectRefused({"upload"});
	EXPECT_CONTAINS(r.err, "migrations/versions/cccc3333_bad.sql");
}

TEST_F(MigrateErrorsTest, DuplicateIds) {
	AddRevision("bbbb2222", "aaaa1111", "one", "SELECT 1;", "");
	WriteFile(Versions() / "zz_copy.sql", RevisionText("bbbb2222", "aaaa1111", "copy", "SELECT 2;", ""));
	RunResult r = ExpectRefused({"upgrade"});
	EXPECT_CONTAINS(r.err, "bbbb2222");
	EXPECT_CONTAINS(r.err, "zz_copy.sql");
}

TEST_F(MigrateErrorsTest, MissingParent) {
	AddRevision("bbbb2222", "zzzz9999", "orphan", "SELECT 1;", "");
	RunResult r = ExpectRefused({"upgrade"});
	EXPECT_CONTAINS(r.err, "zzzz9999");
}

TEST_F(MigrateErrorsTest, Cycle) {
	AddRevision("bbbb2222", "aaaa1111, cccc3333", "b", "SELECT 1;", "");
	AddRevision("cccc3333", "bbbb2222", "c", "SELECT 1;", "");
	RunResult r = ExpectRefused({"upload"});
	EXPECT_CONTAINS(r.err, "ycle");
	EXPECT_CONTAINS(r.err, "bbbb2222");
}

TEST_F(MigrateErrorsTest, AmbiguousPartialIdAndUnknownTarget) {
	AddRevision("abcd1111", "aaaa1111", "left", "SELECT 1;", "");
	AddRevision("abcd2222", "aaaa1111", "right", "SELECT 1;", "");
	RunResult r = ExpectRefused({"upgrade", "abcd"});
	EXPECT_CONTAINS(r.err, "abcd1111");
	EXPECT_CONTAINS(r.err, "abcd2222");
	r = ExpectRefused({"upgrade", "zzzz9999"});
	EXPECT_CONTAINS(r.err, "locate revision identified by 'zzzz9999'");
	r = ExpectRefused({"downgrade", "zzzz9999"});
	EXPECT_CONTAINS(r.err, "locate revision identified by 'zzzz9999'");
	// Two heads: "head" is ambiguous (Alembic's message).
	r = ExpectRefused({"upgrade", "head"});
	EXPECT_CONTAINS(r.err, "ultiple head");
}

TEST_F(MigrateErrorsTest, SqlErrorInTheSecondOfThreeRevisionsRollsEverythingBack) {
	AddRevision("bbbb2222", "aaaa1111", "ok", "CREATE TABLE t2 (id int);", "DROP TABLE t2;");
	AddRevision("cccc3333", "bbbb2222", "broken", "CREATE TABLE t3 (id int);\nSELECT * FROM nope;", "DROP TABLE t3;");
	AddRevision("dddd4444", "cccc3333", "after", "CREATE TABLE t4 (id int);", "DROP TABLE t4;");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: relation \"nope\" does not exist\npgmig: context: ");
	EXPECT_CONTAINS(r.err.substr(r.err.find("pgmig: context: ")), "cccc3333");
	// The progress lines show how far it got.
	EXPECT_CONTAINS(r.err, "Running upgrade bbbb2222 -> cccc3333, broken");
	EXPECT_EQ(Scalar("SELECT to_regclass('t2') IS NULL"), "t");
	// The failed step is recorded afterwards (failure_record_test.cpp); apart from that row nothing changed.
	EXPECT_EQ(Scalar("SELECT string_agg(revision || ':' || outcome, ',') FROM pg_migrate.log WHERE outcome = 'failed'"),
	          "cccc3333:failed");
	Query("DELETE FROM pg_migrate.log WHERE outcome = 'failed'");
	EXPECT_EQ(State(), before_);
}

TEST_F(MigrateErrorsTest, IrreversibleDowngradeIsRefusedBeforeAnything) {
	AddRevision("bbbb2222", "aaaa1111", "one way", "CREATE TABLE t2 (id int);", std::nullopt);
	AddRevision("cccc3333", "bbbb2222", "back", "CREATE TABLE t3 (id int);", "DROP TABLE t3;");
	ASSERT_EQ(Run({"upgrade"}).exit_code, 0);
	before_ = State();
	RunResult r = ExpectRefused({"downgrade", "base"});
	EXPECT_CONTAINS(r.err, "bbbb2222");
	EXPECT_EQ(r.err.find("Running downgrade"), std::string::npos) << r.err;
	EXPECT_EQ(Scalar("SELECT to_regclass('t3') IS NOT NULL"), "t");
}

TEST_F(MigrateErrorsTest, EditedAppliedRevisionIsRefused) {
	fs::path p = Versions() / "aaaa1111_create_account_table.sql";
	std::string text = ReadFile(p);
	WriteFile(p, text + "-- an innocent comment\n");
	RunResult r = ExpectRefused({"upload"});
	EXPECT_CONTAINS(r.err, "aaaa1111");
	EXPECT_CONTAINS(r.err, "pgmig: hint: ");
	ExpectRefused({"upgrade"});
	// Restored, all is well again.
	WriteFile(p, text);
	EXPECT_EQ(Run({"upgrade"}).exit_code, 0);
}

TEST_F(MigrateErrorsTest, MissingExtension) {
	std::string bare = CreateDatabase(false);
	RunResult r = Run({"--url", Conninfo(bare), "current"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: extension \"pg_migrate\" is not installed in database \"" + bare +
	                     "\"\npgmig: hint: Run CREATE EXTENSION pg_migrate; as a superuser.\n");
	r = Run({"--url", Conninfo(bare), "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "is not installed");
}

TEST_F(MigrateErrorsTest, ConnectionFailure) {
	RunResult r = Run({"--url", "postgresql://127.0.0.1:1/nowhere", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err.rfind("pgmig: error: connection to server at \"127.0.0.1\", port 1 failed: ", 0), 0u) << r.err;
	EXPECT_EQ(State(), before_);
}

/*
 * UrlPrecedence: --url over DATABASE_URL over database_url in pgmig.toml.  The losers point
 * at a database that does not exist, so using one of them would fail.
 */
TEST_F(MigrateErrorsTest, UrlPrecedence) {
	std::string good = url_;
	std::string bad = Conninfo("pgmig_e2e_does_not_exist");
	RunResult r = Run({"--url", good, "current"}, {{"DATABASE_URL", bad}});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "aaaa1111 (head)\n");

	WriteFile(dir_ / "pgmig.toml", "database_url = \"" + bad + "\"\n");
	r = Run({"current"}, {{"DATABASE_URL", good}});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "aaaa1111 (head)\n");

	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "\"pgmig_e2e_does_not_exist\" does not exist");

	r = Run({"current"}, {{"DATABASE_URL", bad}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "\"pgmig_e2e_does_not_exist\" does not exist");

	// ${VAR} in the configuration; and with no URL at all, libpq's PGDATABASE.
	WriteFile(dir_ / "pgmig.toml", "database_url = \"dbname=${PGMIG_E2E_DB}\"\n");
	Env pg_env = {{"PGHOST", PQhost(db_->Get())}, {"PGPORT", PQport(db_->Get())}, {"PGUSER", PQuser(db_->Get())}};
	if (*PQpass(db_->Get()) != '\0')
		pg_env["PGPASSWORD"] = PQpass(db_->Get());
	Env with_var = pg_env;
	with_var["PGMIG_E2E_DB"] = db_name_;
	r = Run({"current"}, with_var);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "aaaa1111 (head)\n");
	WriteFile(dir_ / "pgmig.toml", "");
	Env with_pgdatabase = pg_env;
	with_pgdatabase["PGDATABASE"] = db_name_;
	r = Run({"current"}, with_pgdatabase);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "aaaa1111 (head)\n");
}

} // namespace
} // namespace e2e
