/*
 * integrity_test.cpp: end-to-end tests of what runs being what was checked (a planted
 * downgrade_sql is reported by validate and not run), of upgrade --backup and the runs in
 * history --applied, and of the refusals on a streaming standby started by the test
 * (pg_basebackup -R from the test server).
 */
#include "test/e2e/harness.hpp"

#include <cstdlib>
#include <unistd.h>

namespace e2e {
namespace {

using Strings = std::vector<std::string>;

class IntegrityTest : public DbTest {};

/* The attack of issue 9, point 9: a planted downgrade_sql is refused, reported and not run. */
TEST_F(IntegrityTest, PlantedDowngradeSqlIsReportedAndNotRun) {
	AddChain();
	ASSERT_EQ(Run({"upgrade"}).exit_code, 0);
	// A deploy role with the guide's grants cannot write the catalog.
	admin_->Exec("DROP ROLE IF EXISTS pgm_e2e_deploy");
	admin_->Exec("CREATE ROLE pgm_e2e_deploy LOGIN");
	db_->Exec("GRANT USAGE ON SCHEMA pg_migrate TO pgm_e2e_deploy");
	db_->Exec("GRANT SELECT ON pg_migrate.log, pg_migrate.run TO pgm_e2e_deploy");
	db_->Exec("GRANT EXECUTE ON FUNCTION migrate_upgrade(text), migrate_downgrade(text) TO pgm_e2e_deploy");
	{
		pgmig::Connection deploy(Conninfo(db_name_) + " user=pgm_e2e_deploy");
		try {
			deploy.Exec("UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE planted (id int);'");
			ADD_FAILURE() << "the deploy role wrote pg_migrate.revision";
		} catch (const pgmig::DbError &e) {
			EXPECT_EQ(e.Sqlstate(), "42501");
		}
	}
	// A superuser plants it: validate reports the row, the downgrade runs the file's SQL.
	db_->Exec("UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE planted (id int);' "
	          "WHERE id = 'cccc3333'");
	RunResult r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "corrupted in database: cccc3333 (cccc3333_third.sql)");
	r = Run({"downgrade", "-1"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT to_regclass('planted') IS NULL AND to_regclass('ledger') IS NULL"), "t");
	// An upload rewrites the row.
	ASSERT_EQ(Run({"upload"}).exit_code, 0);
	r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	db_->Exec("DROP OWNED BY pgm_e2e_deploy");
	db_.reset();
	admin_->Exec("DROP ROLE pgm_e2e_deploy");
}

/* upgrade --backup DIR: a pg_dump -Fc file recorded in the run; history --applied shows the run. */
TEST_F(IntegrityTest, BackupAndAppliedHistory) {
	AddChain();
	fs::path backups = dir_ / "backups";
	Env env{{"PGMIG_PG_DUMP", PgBinDir() + "/pg_dump"}};
	// A failing pg_dump migrates nothing.
	std::string before = State();
	RunResult r = Run({"upgrade", "--backup", backups.string()}, {{"PGMIG_PG_DUMP", "false"}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not back up the database with pg_dump\n");
	EXPECT_CONTAINS(r.err, "Nothing was migrated.");
	EXPECT_EQ(State(), before);

	r = Run({"upgrade", "aaaa1111", "--backup", backups.string()}, env);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string file = Scalar("SELECT backup_file FROM pg_migrate.run");
	EXPECT_EQ(fs::path(file).parent_path(), fs::absolute(backups));
	EXPECT_CONTAINS(file, "-base.dump");
	EXPECT_EQ(Sh(PgBinDir() + "/pg_restore --list '" + file + "' >/dev/null"), 0);
	r = Run({"upgrade", "--backup", backups.string()}, env);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(Scalar("SELECT backup_file FROM pg_migrate.run ORDER BY id DESC LIMIT 1"), "-aaaa1111.dump");

	std::string out = Out({"history", "--applied"});
	std::vector<std::vector<std::string>> runs =
	    Query("SELECT id, wal_lsn, restore_point, backup_file FROM pg_migrate.run ORDER BY id");
	ASSERT_EQ(runs.size(), 2u);
	for (const auto &run : runs)
		EXPECT_CONTAINS(out, "run " + run[0] + ": WAL " + run[1] + ", restore point " + run[2] + ", backup " + run[3] +
		                         "\n");
	EXPECT_EQ(Query("SELECT count(*) FROM pg_migrate.log WHERE run_id IS NOT NULL")[0][0], "3");
	nlohmann::json j = Json({"history", "--applied", "--format", "json"});
	EXPECT_EQ(j[0]["run"]["restore_point"], runs[0][2]);
}

/* On a streaming standby every changing call refuses at once with 25006, and pgmig says so. */
TEST_F(IntegrityTest, StandbyRefuses) {
	AddChain();
	ASSERT_EQ(Run({"upload"}).exit_code, 0);
	PGconn *c = admin_->Get();
	std::string host = PQhost(c), port = PQport(c), user = PQuser(c);
	char tmpl[] = "/tmp/pgm-standby.XXXXXX";
	ASSERT_NE(mkdtemp(tmpl), nullptr);
	std::string dir = tmpl;
	std::string standby_port = FreeTcpPort();
	std::string as_owner = AsOwner();
	if (getuid() == 0)
		Sh("chown postgres " + dir);
	ASSERT_EQ(Sh(as_owner + PgBinDir() + "/pg_basebackup -D " + dir + "/data -R -X stream --checkpoint=fast -h " +
	             host + " -p " + port + " -U " + user + " >/dev/null 2>&1"),
	          0);
	// A hot standby refuses to start with less of these than its primary has; the primary may have
	// been started with more on its command line (not in the configuration files the base backup
	// copies): the standby gets the primary's values.
	std::string settings;
	for (const char *name : {"max_connections", "max_locks_per_transaction", "max_prepared_transactions",
	                         "max_worker_processes", "max_wal_senders"})
		settings += std::string(" -c ") + name + "=" + Scalar(std::string("SHOW ") + name);
	ASSERT_EQ(Sh(as_owner + PgBinDir() + "/pg_ctl -D " + dir + "/data -w -l " + dir + "/log -o \"-p " + standby_port +
	             " -k " + dir + " -c listen_addresses=127.0.0.1" + settings + "\" start >/dev/null"),
	          0);
	std::string standby = "host=127.0.0.1 port=" + standby_port + " user=" + user + " dbname=" + db_name_;
	{
		pgmig::Connection conn(standby);
		EXPECT_EQ(Scalar("SELECT 1"), "1");
		for (const std::string &call :
		     Strings{"SELECT * FROM migrate_upgrade('head')", "SELECT * FROM migrate_downgrade('base')",
		             "SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[])",
		             "SELECT * FROM migrate_stamp(ARRAY['head'])", "SELECT * FROM migrate_repair('aaaa1111', 'x')",
		             "SELECT migrate_log_failure('aaaa1111', 'upgrade', '22012', 'x')",
		             "CALL pg_migrate.write_log('aaaa1111', 'upgrade', 'applied', now())"}) {
			try {
				conn.Exec(call);
				ADD_FAILURE() << call << " ran on the standby";
			} catch (const pgmig::DbError &e) {
				EXPECT_EQ(e.Sqlstate(), "25006") << call;
				EXPECT_CONTAINS(e.Message(), "on a standby server");
			}
		}
	}
	UseDatabaseUrl("postgresql://" + user + "@127.0.0.1:" + standby_port + "/" + db_name_);
	for (const Strings &args : {Strings{"upgrade"}, Strings{"upload"}, Strings{"stamp", "head"}}) {
		RunResult r = Run(args);
		EXPECT_EQ(r.exit_code, 1) << args[0];
		EXPECT_CONTAINS(r.err, "the server is a standby\n");
		EXPECT_CONTAINS(r.err, "pgmig: hint: Connect to the primary server.\n");
		EXPECT_EQ(r.out, "");
	}
	Sh(as_owner + PgBinDir() + "/pg_ctl -D " + dir + "/data -m immediate -w stop >/dev/null");
	Sh("rm -rf " + dir);
}

} // namespace
} // namespace e2e
