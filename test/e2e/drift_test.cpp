/*
 * drift_test.cpp: end-to-end tests of "pgmig drift" and pg_migrate.guard against a real
 * database: clean after pgmig upgrade, hand-made DDL listed and diffed (text and JSON, exit 1),
 * --clear acknowledging it, and the guard set per database refusing hand-made DDL while pgmig
 * upgrade passes.  The stored snapshot is copy-on-write: a run leaves a pending row, hand-made
 * DDL materialises it first, and a change the event triggers did not see is found by the
 * fingerprint and compared with the schema the migrations build in a shadow database.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class DriftTest : public DbTest {};

TEST_F(DriftTest, CleanAfterUpgrade) {
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// The DDL pgmig upgrade ran is not drift, and the snapshot is the schema it left.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.drift"), "0");
	EXPECT_EQ(Scalar("SELECT heads::text FROM pg_migrate.schema_snapshot"), "{cccc3333}");
	// Pending: no snapshot computed by the run, only the fingerprint; drift needs none either.
	EXPECT_EQ(Scalar("SELECT snapshot IS NULL AND fingerprint IS NOT NULL FROM pg_migrate.schema_snapshot"), "t");

	r = Run({"drift"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.schema_snapshot WHERE snapshot IS NOT NULL"), "0");
	EXPECT_CONTAINS(r.out, "No drift: no schema change was made outside migrations, and the schema matches the "
	                       "snapshot taken after the last migration (");
	EXPECT_CONTAINS(r.out, ", head cccc3333).");

	nlohmann::json doc = Json({"drift", "--format", "json"});
	EXPECT_EQ(doc["drifted"], false);
	EXPECT_EQ(doc["recorded"], nlohmann::json::array());
	EXPECT_EQ(doc["snapshot"]["heads"], nlohmann::json::array({"cccc3333"}));
	EXPECT_EQ(doc["differences"], nlohmann::json::array());
	EXPECT_EQ(doc["statements"], nlohmann::json::array());
	EXPECT_EQ(doc["snapshot"]["pending"], true);
	EXPECT_EQ(doc["unrecorded_change"], nullptr);
}

TEST_F(DriftTest, HandMadeDdlIsReportedAndCleared) {
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Query("ALTER TABLE account ADD COLUMN nickname text");
	// The first statement stored the snapshot of the run before it changed anything.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.schema_snapshot WHERE snapshot IS NOT NULL"), "1");
	Query("DROP TABLE ledger");

	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "Schema changes made outside migrations (2):\n");
	EXPECT_CONTAINS(r.out, "  ALTER TABLE table public.account  by ");
	EXPECT_CONTAINS(r.out, "  DROP TABLE table public.ledger  by ");
	EXPECT_CONTAINS(r.out, "The schema differs from the snapshot taken after the last migration (");
	EXPECT_CONTAINS(r.out, "  - added column public.account.nickname\n");
	EXPECT_CONTAINS(r.out, "  - removed table public.ledger\n");
	EXPECT_CONTAINS(r.out, "  ALTER TABLE public.account ADD COLUMN nickname text;\n");
	EXPECT_CONTAINS(r.err, "pgmig: error: the schema of database \"" + db_name_ +
	                           "\" has drifted from its migrations\n"
	                           "pgmig: detail: 2 schema changes were made outside migrations. 2 differences were found "
	                           "between the schema and the snapshot taken after the last migration.\n");
	EXPECT_CONTAINS(r.err, "pgmig drift --clear");

	r = Run({"drift", "--format", "json"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "");
	nlohmann::json doc = nlohmann::json::parse(r.out);
	EXPECT_EQ(doc["drifted"], true);
	ASSERT_EQ(doc["recorded"].size(), 2u);
	EXPECT_EQ(doc["recorded"][0]["command_tag"], "ALTER TABLE");
	EXPECT_EQ(doc["recorded"][0]["object_identity"], "public.account");
	EXPECT_EQ(doc["recorded"][0]["application_name"], "pgmig");
	EXPECT_EQ(doc["recorded"][1]["command_tag"], "DROP TABLE");
	EXPECT_EQ(doc["recorded"][1]["object_type"], "table");
	EXPECT_EQ(doc["recorded"][1]["object_identity"], "public.ledger");
	ASSERT_EQ(doc["differences"].size(), 2u);
	EXPECT_EQ(doc["differences"][1]["description"], "removed table public.ledger");
	EXPECT_EQ(doc["differences"][1]["destructive"], true);

	// --clear lists, acknowledges, exits 0; afterwards nothing drifted.
	r = Run({"drift", "--clear"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Acknowledged: 2 records cleared; the schema as it is now is the new snapshot.\n");
	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.drift"), "0");
}

TEST_F(DriftTest, GuardPerDatabase) {
	AddChain();
	Query("ALTER DATABASE " + db_->QuoteIdentifier(db_name_) + " SET pg_migrate.guard = on");
	// pgmig upgrade runs its DDL under the guard.
	RunResult r = Run({"upgrade", "bbbb2222"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// A new session gets the setting; its hand-made DDL is refused and nothing is recorded.
	pgmig::Connection hand(url_);
	hand.SetNoticeHandler([](const PGresult *) {});
	try {
		hand.Exec("CREATE TABLE by_hand (a int)");
		ADD_FAILURE() << "the guard let CREATE TABLE through";
	} catch (const pgmig::DbError &e) {
		EXPECT_EQ(e.Sqlstate(), "55000");
		EXPECT_EQ(e.Message(), "cannot run CREATE TABLE outside a migration");
		EXPECT_CONTAINS(e.Hint(), "pgmig upgrade");
	}
	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(Scalar("SELECT to_regclass('by_hand') IS NULL"), "t");
	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT heads::text FROM pg_migrate.schema_snapshot"), "{cccc3333}");
}

/* HiddenChange: DDL run with the event triggers disabled, as a superuser may. */
class HiddenDriftTest : public DbTest {
protected:
	void
	Hidden(const std::string &sql) {
		Query("ALTER EVENT TRIGGER pg_migrate_guard DISABLE");
		Query("ALTER EVENT TRIGGER pg_migrate_record_ddl DISABLE");
		Query("ALTER EVENT TRIGGER pg_migrate_record_drop DISABLE");
		Query(sql);
		Query("ALTER EVENT TRIGGER pg_migrate_guard ENABLE");
		Query("ALTER EVENT TRIGGER pg_migrate_record_ddl ENABLE");
		Query("ALTER EVENT TRIGGER pg_migrate_record_drop ENABLE");
	}
};

TEST_F(HiddenDriftTest, ComparedWithTheMigrations) {
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Hidden("ALTER TABLE account ADD COLUMN secret text");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.drift"), "0");

	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.out, ") in a way the event triggers did not record: the catalogs' fingerprint differs from the "
	                       "one stored then.\nCompared with the schema the migrations build:\n");
	EXPECT_CONTAINS(r.out, "  - added column public.account.secret\n");
	EXPECT_CONTAINS(r.err, "pgmig: detail: The schema changed after the last migration in a way the event triggers "
	                       "did not record");
	EXPECT_CONTAINS(r.err, "1 difference was found between the schema and the one the migrations build.\n");

	nlohmann::json doc = nlohmann::json::parse(Run({"drift", "--format", "json"}).out);
	EXPECT_EQ(doc["drifted"], true);
	EXPECT_EQ(doc["snapshot"]["pending"], true);
	EXPECT_EQ(doc["unrecorded_change"]["compared_with_migrations"], true);
	ASSERT_EQ(doc["differences"].size(), 1u);
	EXPECT_EQ(doc["differences"][0]["description"], "added column public.account.secret");
	// No shadow database is left behind.
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_database WHERE datname LIKE 'pgmig_shadow_%'"), "0");

	// --clear acknowledges it: the fingerprint of the schema as it is now is stored.
	r = Run({"drift", "--clear"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(HiddenDriftTest, NotComparedWhenTheFolderIsElsewhere) {
	AddChain();
	RunResult r = Run({"upgrade", "bbbb2222"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	Hidden("CREATE TABLE secret (a int)");

	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
	EXPECT_CONTAINS(r.out, "No difference can be shown: The heads of the script folder (cccc3333) are not those the "
	                       "last migration left");
	EXPECT_CONTAINS(r.err,
	                "pgmig: error: the schema of database \"" + db_name_ + "\" has drifted from its migrations\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Run \"pgmig drift\" where the script folder is at the database's heads");
	nlohmann::json doc = nlohmann::json::parse(Run({"drift", "--format", "json"}).out);
	EXPECT_EQ(doc["drifted"], true);
	EXPECT_EQ(doc["unrecorded_change"]["compared_with_migrations"], false);
}

TEST_F(HiddenDriftTest, RewrittenCatalogsAreNotDrift) {
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// VACUUM FULL moves the catalog rows: the fingerprint differs, the schema does not.
	Query("VACUUM FULL pg_catalog.pg_attribute");
	r = Run({"drift"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_CONTAINS(r.out, "The schema matches the one the migrations build");
	EXPECT_CONTAINS(r.out, "No drift: ");
}

} // namespace
} // namespace e2e
