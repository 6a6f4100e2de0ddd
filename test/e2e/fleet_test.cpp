/*
 * fleet_test.cpp: end-to-end tests of one command on many databases (--targets, targets and
 * targets_query in pgmig.toml, --jobs, --canary, --stop-on-error, the report and its JSON,
 * Ctrl-C) and of --wait-replicas with a real streaming standby (pg_basebackup -R).
 */
#include "test/e2e/harness.hpp"

#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

namespace e2e {
namespace {

using Strings = std::vector<std::string>;

/* Toml: s as a TOML basic string. */
std::string
Toml(const std::string &s) {
	std::string out = "\"";
	for (char ch : s) {
		if (ch == '"' || ch == '\\')
			out += '\\';
		out += ch;
	}
	return out + "\"";
}

class FleetTest : public DbTest {
protected:
	/*
	 * Databases: n fresh databases with the extension, copies of one made by CreateDatabase
	 * (quicker than n CREATE EXTENSION); their names.  All are dropped at teardown.
	 */
	Strings
	Databases(int n) {
		std::string first = CreateDatabase(true);
		Strings names{first};
		for (int i = 1; i < n; i++) {
			names.push_back(first + "_" + std::to_string(i));
			admin_->Exec("CREATE DATABASE " + admin_->QuoteIdentifier(names.back()) + " TEMPLATE " +
			             admin_->QuoteIdentifier(first));
			databases_.push_back(names.back());
		}
		return names;
	}
	/* TargetsFile: targets.txt with the conninfo of each database, a comment and a blank line. */
	void
	TargetsFile(const Strings &dbs) {
		std::string text = "# the tenants\n\n";
		for (const std::string &db : dbs)
			text += Conninfo(db) + "\n";
		WriteFile(dir_ / "targets.txt", text);
	}
	/* On: the single value of sql in database db. */
	std::string
	On(const std::string &db, const std::string &sql) {
		pgmig::Connection c(Conninfo(db));
		pgmig::ResultPtr res = c.Exec(sql);
		return PQntuples(res.get()) == 0 || PQgetisnull(res.get(), 0, 0) ? "NULL" : PQgetvalue(res.get(), 0, 0);
	}
	/* StateOf: the catalog and tables of db (DbTest::State of another database). */
	std::string
	StateOf(const std::string &db) {
		return On(db, "SELECT concat_ws(E'\\n', "
		              "'revisions: ' || (SELECT string_agg(id || ':' || checksum, ',' ORDER BY id) FROM "
		              "pg_migrate.revision), "
		              "'version: ' || (SELECT string_agg(revision, ',' ORDER BY revision) FROM pg_migrate.version), "
		              "'log: ' || (SELECT count(*) FROM pg_migrate.log), "
		              "'tables: ' || (SELECT string_agg(table_name::text, ',' ORDER BY table_name) "
		              "FROM information_schema.tables WHERE table_schema = 'public'))");
	}
	std::string
	Version(const std::string &db) {
		return On(db, "SELECT coalesce(string_agg(revision, ','), 'none') FROM pg_migrate.version");
	}
	/* Shell: a shell command in the project directory; its exit status, stdout and stderr. */
	RunResult
	Shell(const std::string &command) {
		int rc = Sh("cd " + ShellQuoted(dir_.string()) + " && (" + command + ") >out.txt 2>err.txt");
		RunResult r;
		r.exit_code = rc;
		r.out = ReadFile(dir_ / "out.txt");
		r.err = ReadFile(dir_ / "err.txt");
		return r;
	}
};

/* Issue 13: 30 databases, 4 at a time, one failing by design: 29 at head, that one unchanged. */
TEST_F(FleetTest, ThirtyDatabasesOneFailsByDesign) {
	AddChain();
	Strings dbs = Databases(30);
	const std::string bad = dbs[17];
	On(bad, "CREATE TABLE ledger (conflict int) -- cccc3333 creates it too\n");
	std::string before = StateOf(bad);
	// One target carries a password (the test server trusts, so it is not checked).
	std::string text = "# the tenants\n\n";
	for (std::size_t i = 0; i < dbs.size(); i++)
		text += Conninfo(dbs[i]) + (i == 3 ? " password=s3cret" : "") + "\n";
	WriteFile(dir_ / "targets.txt", text);

	RunResult r = Run({"--targets", "targets.txt", "--jobs", "4", "--format", "json", "upgrade", "head"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.out.find("s3cret"), std::string::npos);
	EXPECT_EQ(r.err.find("s3cret"), std::string::npos);
	nlohmann::json j = nlohmann::json::parse(r.out);
	EXPECT_EQ(j["command"], "upgrade");
	EXPECT_EQ(j["summary"]["targets"], 30);
	EXPECT_EQ(j["summary"]["succeeded"], 29);
	EXPECT_EQ(j["summary"]["ok"], 29);
	EXPECT_EQ(j["summary"]["failed"], 1);
	ASSERT_EQ(j["targets"].size(), 30u);
	for (std::size_t i = 0; i < dbs.size(); i++) {
		const nlohmann::json &t = j["targets"][i];
		if (dbs[i] == bad) {
			EXPECT_EQ(t["outcome"], "failed");
			EXPECT_EQ(t["exit_status"], 1);
			EXPECT_EQ(t["revisions"], nlohmann::json::array());
			EXPECT_EQ(t["failed_revision"], "cccc3333");
			EXPECT_EQ(t["error"]["message"], "relation \"ledger\" already exists");
			// The child's CONTEXT names the failed step.
			ASSERT_TRUE(t["error"]["context"].is_string()) << t.dump();
			EXPECT_CONTAINS(t["error"]["context"].get<std::string>(), "revision \"cccc3333\"");
			EXPECT_CONTAINS(t["target"].get<std::string>(), bad);
		} else {
			EXPECT_EQ(t["outcome"], "ok") << t.dump();
			EXPECT_EQ(t["exit_status"], 0);
			EXPECT_EQ(t["revisions"], (nlohmann::json{"aaaa1111", "bbbb2222", "cccc3333"}));
			EXPECT_EQ(t["error"], nullptr);
			EXPECT_TRUE(t["duration_ms"].is_number());
			EXPECT_EQ(Version(dbs[i]), "cccc3333") << dbs[i];
		}
	}
	EXPECT_CONTAINS(j["targets"][3]["target"].get<std::string>(), "password=***");
	// The failing database: catalog and tables as before, and the failure in its log only.
	std::string after = StateOf(bad);
	EXPECT_EQ(Version(bad), "none");
	EXPECT_EQ(On(bad, "SELECT count(*) FROM pg_migrate.log WHERE outcome <> 'failed'"), "0");
	EXPECT_EQ(On(bad, "SELECT string_agg(table_name::text, ',') FROM information_schema.tables WHERE "
	                  "table_schema = 'public'"),
	          "ledger");
	auto without_log = [](std::string state) {
		std::size_t p = state.find("log: ");
		return state.erase(p, state.find('\n', p) - p);
	};
	EXPECT_EQ(without_log(before), without_log(after));

	// Again, as text: the 29 have nothing to do, the report says so line by line and in the table.
	r = Run({"--targets", "targets.txt", "--jobs", "4", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	int nothing = 0, failed = 0;
	for (const std::string &line : Lines(r.err)) {
		nothing += line.find("] nothing to do: ") != std::string::npos;
		if (line.find("] failed: ") != std::string::npos) {
			failed++;
			EXPECT_CONTAINS(line, bad);
			EXPECT_CONTAINS(line, ": relation \"ledger\" already exists");
		}
	}
	EXPECT_EQ(nothing, 29) << r.err;
	EXPECT_EQ(failed, 1) << r.err;
	EXPECT_CONTAINS(r.out, "TARGET");
	EXPECT_CONTAINS(r.out, "30 targets: 29 succeeded (0 ok, 29 nothing to do), 1 failed, 0 skipped, 0 canceled");
	EXPECT_CONTAINS(r.out, "password=***");
	EXPECT_EQ(r.out.find("s3cret"), std::string::npos);
}

/* Targets from standard input, and current on every target (its JSON inside the report's). */
TEST_F(FleetTest, TargetsFromStandardInputAndCurrent) {
	AddChain();
	Strings dbs = Databases(3);
	std::string lines;
	for (const std::string &db : dbs)
		lines += Conninfo(db) + "\n";
	WriteFile(dir_ / "list.txt", lines);
	RunResult r = Shell(std::string(PGMIG_BINARY) + " --targets - --jobs 2 upgrade bbbb2222 <list.txt");
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "3 targets: 3 succeeded (3 ok, 0 nothing to do), 0 failed, 0 skipped, 0 canceled");
	for (const std::string &db : dbs)
		EXPECT_EQ(Version(db), "bbbb2222");
	TargetsFile(dbs);
	nlohmann::json j = nlohmann::json::parse(Run({"--targets", "targets.txt", "current", "--format", "json"}).out);
	ASSERT_EQ(j["targets"].size(), 3u);
	for (const nlohmann::json &t : j["targets"]) {
		EXPECT_EQ(t["outcome"], "ok");
		EXPECT_EQ(t["revisions"], nlohmann::json{"bbbb2222"});
		EXPECT_EQ(t["output"][0]["revision"], "bbbb2222");
	}
	// current -v: each child's own text, under its target in the targets' order, before the
	// table; the current revisions are read from it.
	r = Run({"--targets", "targets.txt", "current", "-v"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	std::size_t at = 0;
	for (const std::string &db : dbs) {
		std::size_t header = r.out.find(Conninfo(db) + ":\n  Current revision(s) for ", at);
		ASSERT_NE(header, std::string::npos) << r.out;
		EXPECT_NE(r.out.find("\n  Rev: bbbb2222", header), std::string::npos) << r.out;
		at = header + 1;
	}
	EXPECT_LT(at, r.out.find("TARGET")) << r.out;
	EXPECT_EQ(Lines(r.err).size(), 3u) << r.err;
	for (const std::string &line : Lines(r.err))
		EXPECT_CONTAINS(line, ": at bbbb2222");
	j = nlohmann::json::parse(Run({"--targets", "targets.txt", "--format", "json", "current", "-v"}).out);
	ASSERT_EQ(j["targets"].size(), 3u);
	for (const nlohmann::json &t : j["targets"]) {
		EXPECT_EQ(t["revisions"], nlohmann::json{"bbbb2222"});
		EXPECT_CONTAINS(t["output_text"].get<std::string>(), "Rev: bbbb2222");
	}
	// downgrade, stamp, validate and check run on targets too.
	EXPECT_EQ(Run({"--targets", "targets.txt", "downgrade", "aaaa1111"}).exit_code, 0);
	EXPECT_EQ(Version(dbs[2]), "aaaa1111");
	EXPECT_EQ(Run({"--targets", "targets.txt", "stamp", "head"}).exit_code, 0);
	EXPECT_EQ(Version(dbs[1]), "cccc3333");
	r = Run({"--targets", "targets.txt", "validate"});
	EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
}

/*
 * check and validate on targets: a target where they find differences is reported "differs"
 * (not "failed") with what differs, in the line, the table's summary and the JSON; the exit
 * status is 1.
 */
TEST_F(FleetTest, CheckAndValidateSayWhatDiffers) {
	AddChain();
	Strings dbs = Databases(3);
	TargetsFile(dbs);
	ASSERT_EQ(Run({"--targets", "targets.txt", "upgrade", "head"}).exit_code, 0);
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "schema.sql",
	          "CREATE TABLE account (id int PRIMARY KEY, name text);\nCREATE TABLE ledger (id int);\n");
	RunResult r = Run({"--targets", "targets.txt", "check"});
	EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
	EXPECT_CONTAINS(r.out, "3 targets: 3 succeeded (3 ok, 0 nothing to do), 0 differ, 0 failed");

	// Drift on one target: check names it; the others are ok.
	On(dbs[1], "ALTER TABLE ledger ADD COLUMN note text");
	r = Run({"--targets", "targets.txt", "check"});
	EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
	EXPECT_CONTAINS(r.err, "differs: " + Conninfo(dbs[1]));
	EXPECT_CONTAINS(r.err, "public.ledger.note");
	EXPECT_CONTAINS(r.out, "3 targets: 2 succeeded (2 ok, 0 nothing to do), 1 differ, 0 failed");
	nlohmann::json j = nlohmann::json::parse(Run({"--targets", "targets.txt", "check", "--format", "json"}).out);
	ASSERT_EQ(j["targets"].size(), 3u);
	EXPECT_EQ(j["targets"][0]["outcome"], "ok");
	EXPECT_EQ(j["targets"][1]["outcome"], "differs");
	EXPECT_EQ(j["targets"][1]["output"]["differs"], true);
	EXPECT_EQ(j["summary"]["differs"], 1);
	EXPECT_EQ(j["summary"]["failed"], 0);

	// validate: an edited applied file differs on every target.
	fs::path first = Versions() / "aaaa1111_create_account_table.sql";
	ASSERT_TRUE(fs::exists(first)) << first;
	WriteFile(first, ReadFile(first) + "\n-- edited\n");
	r = Run({"--targets", "targets.txt", "validate"});
	EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
	EXPECT_CONTAINS(r.err, "differs: ");
	EXPECT_CONTAINS(r.err, "edited: aaaa1111");
	EXPECT_CONTAINS(r.out, "3 targets: 0 succeeded (0 ok, 0 nothing to do), 3 differ, 0 failed");
	// An error is still a failure, not a difference.
	r = Run({"--targets", "targets.txt", "check", "--models", "missing"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err.find("differs:"), std::string::npos) << r.err;
}

/* targets_query runs on the configured database; with --url the command runs on that one database. */
TEST_F(FleetTest, TargetsQuery) {
	AddChain();
	Strings dbs = Databases(3);
	db_->Exec("CREATE TABLE tenants (url text)");
	for (const std::string &db : dbs)
		db_->Exec("INSERT INTO tenants VALUES ($1)", {Conninfo(db)});
	WriteFile(dir_ / "pgmig.toml",
	          "database_url = " + Toml(url_) + "\ntargets_query = \"SELECT url FROM tenants ORDER BY url\"\n");
	RunResult r = Run({"upgrade"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	for (const std::string &db : dbs)
		EXPECT_EQ(Version(db), "cccc3333");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0"); // the registry itself is no target
	r = Run({"--url", url_, "upgrade", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT revision FROM pg_migrate.version"), "aaaa1111");
	// A duplicate row, and both keys at once, are errors before anything runs.
	db_->Exec("INSERT INTO tenants VALUES ($1)", {Conninfo(dbs[0])});
	r = Run({"downgrade", "base"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: duplicate target number ");
	EXPECT_EQ(Version(dbs[0]), "cccc3333");
	WriteFile(dir_ / "pgmig.toml", "targets = [\"dbname=a\"]\ntargets_query = \"SELECT 1\"\n");
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: configuration keys \"targets\" and \"targets_query\" in \"pgmig.toml\" "
	                       "cannot both be set\n");
	// The targets key.
	WriteFile(dir_ / "pgmig.toml", "targets = [" + Toml(Conninfo(dbs[0])) + ", " + Toml(Conninfo(dbs[1])) + "]\n");
	r = Run({"downgrade", "base"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Version(dbs[0]), "none");
	EXPECT_EQ(Version(dbs[1]), "none");
	EXPECT_EQ(Version(dbs[2]), "cccc3333");
}

/* A failed canary stops the rollout: the others are skipped and untouched. */
TEST_F(FleetTest, CanaryStopsTheRollout) {
	AddChain();
	Strings dbs = Databases(5);
	On(dbs[1], "CREATE TABLE ledger (conflict int)");
	TargetsFile(dbs);
	RunResult r = Run({"--targets", "targets.txt", "--canary", "2", "--jobs", "4", "--format", "json", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	nlohmann::json j = nlohmann::json::parse(r.out);
	EXPECT_EQ(j["canary_failed"], true);
	EXPECT_EQ(j["targets"][0]["outcome"], "ok");
	EXPECT_EQ(j["targets"][1]["outcome"], "failed");
	for (int i = 2; i < 5; i++) {
		EXPECT_EQ(j["targets"][i]["outcome"], "skipped");
		EXPECT_EQ(j["targets"][i]["exit_status"], nullptr);
		EXPECT_EQ(Version(dbs[static_cast<std::size_t>(i)]), "none");
	}
	EXPECT_EQ(Version(dbs[0]), "cccc3333");
	// Canaries that succeed let the rest run.
	On(dbs[1], "DROP TABLE ledger");
	r = Run({"--targets", "targets.txt", "--canary", "2", "upgrade"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "5 targets: 5 succeeded (4 ok, 1 nothing to do)");
}

/* --stop-on-error: after the failure no target starts; without it the others go on. */
TEST_F(FleetTest, StopOnError) {
	AddChain();
	Strings dbs = Databases(5);
	On(dbs[1], "CREATE TABLE ledger (conflict int)");
	TargetsFile(dbs);
	RunResult r = Run({"--targets", "targets.txt", "--jobs", "1", "--stop-on-error", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "5 targets: 1 succeeded (1 ok, 0 nothing to do), 1 failed, 3 skipped, 0 canceled");
	EXPECT_CONTAINS(r.out, "A target failed (--stop-on-error)");
	for (int i = 2; i < 5; i++)
		EXPECT_EQ(Version(dbs[static_cast<std::size_t>(i)]), "none");
	r = Run({"--targets", "targets.txt", "--jobs", "1", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "5 targets: 4 succeeded (3 ok, 1 nothing to do), 1 failed, 0 skipped, 0 canceled");
	EXPECT_EQ(Version(dbs[4]), "cccc3333");
}

/* A malformed list, a misused option and a malformed folder fail once, before any target. */
TEST_F(FleetTest, MalformedTargetsAndUsage) {
	AddChain();
	Strings dbs = Databases(2);
	WriteFile(dir_ / "bad.txt", Conninfo(dbs[0]) + "\n# x\nhost=h password=hunter2 dbname\n");
	RunResult r = Run({"--targets", "bad.txt", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: invalid target on line 3 of targets file \"bad.txt\"\n");
	EXPECT_CONTAINS(r.err, "host=h password=*** dbname");
	EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
	WriteFile(dir_ / "empty.txt", "# nobody\n");
	r = Run({"--targets", "empty.txt", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: no targets in targets file \"empty.txt\"\n");
	WriteFile(dir_ / "dup.txt", Conninfo(dbs[0]) + "\n" + Conninfo(dbs[1]) + "\n" + Conninfo(dbs[0]) + "\n");
	r = Run({"--targets", "dup.txt", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: duplicate target on line 3 of targets file \"dup.txt\"\n");
	r = Run({"--targets", "missing.txt", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not open file \"missing.txt\"");
	TargetsFile(dbs);
	r = Run({"--targets", "targets.txt", "history"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: --targets cannot be used with \"pgmig history\"");
	r = Run({"upgrade", "--jobs", "2"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: --jobs requires --targets");
	r = Run({"--targets", "targets.txt", "upgrade", "--sql"});
	EXPECT_EQ(r.exit_code, 2);
	r = Run({"--targets", "targets.txt", "--jobs", "0", "upgrade"});
	EXPECT_EQ(r.exit_code, 2);
	r = Run({"current", "--wait-replicas=2s"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "--wait-replicas applies to upgrade, downgrade and stamp only");
	// A malformed folder: one error, no target touched.
	WriteFile(Versions() / "dddd4444_broken.sql", "-- broken\n-- Revision ID: dddd4444\n-- Revises: nosuch\n");
	r = Run({"--targets", "targets.txt", "upgrade"});
	EXPECT_EQ(r.exit_code, 1);
	std::size_t errors = 0;
	for (std::size_t p = r.err.find("pgmig: error:"); p != std::string::npos; p = r.err.find("pgmig: error:", p + 1))
		errors++;
	EXPECT_EQ(errors, 1u) << r.err;
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(Version(dbs[0]), "none");
}

/* SIGINT to the parent while children run: they cancel, nothing is half-applied, exit 130. */
TEST_F(FleetTest, InterruptCancelsTheRunningTargets) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE one ();", "DROP TABLE one;");
	AddRevision("bbbb2222", "aaaa1111", "slow", "CREATE TABLE two (); SELECT pg_sleep(60);", "DROP TABLE two;");
	Strings dbs = Databases(4);
	TargetsFile(dbs);
	Child child({"--targets", "targets.txt", "--jobs", "2", "--format", "json", "upgrade"}, dir_);
	// Wait until both running children sleep in their revision.
	bool sleeping = false;
	for (int i = 0; i < 300 && !sleeping; i++) {
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
		pgmig::ResultPtr res =
		    admin_->Exec("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%migrate_upgrade%' AND "
		                 "wait_event = 'PgSleep' AND datname = ANY ($1::text[])",
		                 {"{" + dbs[0] + "," + dbs[1] + "," + dbs[2] + "," + dbs[3] + "}"});
		sleeping = std::string(PQgetvalue(res.get(), 0, 0)) == "2";
	}
	ASSERT_TRUE(sleeping);
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(60);
	EXPECT_EQ(r.exit_code, 130) << r.err;
	nlohmann::json j = nlohmann::json::parse(r.out);
	EXPECT_EQ(j["interrupted"], true);
	EXPECT_EQ(j["summary"]["canceled"], 2) << r.out << r.err;
	EXPECT_EQ(j["summary"]["skipped"], 2);
	for (const std::string &db : dbs) {
		EXPECT_EQ(Version(db), "none");
		EXPECT_EQ(On(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), "0");
	}
}

/* --wait-replicas with a real streaming standby: lag reported; a paused standby times out. */
TEST_F(FleetTest, WaitReplicas) {
	AddChain();
	PGconn *c = admin_->Get();
	std::string host = PQhost(c), port = PQport(c), user = PQuser(c);
	char tmpl[] = "/tmp/pgm-fleet-standby.XXXXXX";
	ASSERT_NE(mkdtemp(tmpl), nullptr);
	std::string dir = tmpl;
	std::string standby_port = FreeTcpPort();
	std::string as_owner = AsOwner();
	if (getuid() == 0)
		Sh("chown postgres " + dir);
	// A hot standby needs at least the primary's values of these settings.
	std::string settings;
	pgmig::ResultPtr res = admin_->Exec("SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', "
	                                    "'max_locks_per_transaction', 'max_prepared_transactions', "
	                                    "'max_wal_senders', 'max_worker_processes')");
	for (int i = 0; i < PQntuples(res.get()); i++)
		settings += std::string(" -c ") + PQgetvalue(res.get(), i, 0) + "=" + PQgetvalue(res.get(), i, 1);
	// With a physical slot, so that the primary knows the standby while it is down.
	std::string slot = "pgm_fleet_" + std::to_string(getpid());
	struct DropSlot {
		pgmig::Connection *admin;
		std::string slot;
		~DropSlot() {
			try {
				admin->Exec("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1",
				            {slot});
			} catch (const std::exception &) {
				// the test reports what went wrong before
			}
		}
	} drop_slot{admin_.get(), slot};
	ASSERT_EQ(Sh(as_owner + PgBinDir() + "/pg_basebackup -D " + dir + "/data -R -C -S " + slot +
	             " -X stream --checkpoint=fast -h " + host + " -p " + port + " -U " + user + " >/dev/null 2>&1"),
	          0);
	ASSERT_EQ(Sh(as_owner + PgBinDir() + "/pg_ctl -D " + dir + "/data -w -l " + dir + "/log -o \"-p " + standby_port +
	             " -k " + dir + " -c listen_addresses=127.0.0.1 -c cluster_name=fleet_standby" + settings +
	             "\" start >/dev/null"),
	          0);
	std::string standby = "host=127.0.0.1 port=" + standby_port + " user=" + user + " dbname=" + db_name_;
	RunResult r = Run({"upgrade", "bbbb2222", "--wait-replicas"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Standby \"fleet_standby\" (");
	EXPECT_CONTAINS(r.err, "Replicas caught up in ");
	{
		pgmig::Connection s(standby);
		pgmig::ResultPtr v = s.Exec("SELECT revision FROM pg_migrate.version");
		ASSERT_EQ(PQntuples(v.get()), 1);
		EXPECT_EQ(std::string(PQgetvalue(v.get(), 0, 0)), "bbbb2222");
		// Paused replay: the wait times out, the upgrade itself stays committed.
		s.Exec("SELECT pg_wal_replay_pause()");
		r = Run({"upgrade", "--wait-replicas", "2s"});
		EXPECT_EQ(r.exit_code, 1);
		EXPECT_CONTAINS(r.err,
		                "pgmig: error: timed out waiting for standby \"fleet_standby\" to replay the migration\n");
		EXPECT_CONTAINS(r.err, "pgmig: hint: ");
		EXPECT_EQ(Scalar("SELECT revision FROM pg_migrate.version"), "cccc3333");
		s.Exec("SELECT pg_wal_replay_resume()");
	}
	// On a fleet, each target waits for its standbys.
	TargetsFile({db_name_});
	r = Run({"--targets", "targets.txt", "downgrade", "aaaa1111", "--wait-replicas=30s"});
	EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
	// A standby that is down but has its slot is waited for, and times out.
	Sh(as_owner + PgBinDir() + "/pg_ctl -D " + dir + "/data -m immediate -w stop >/dev/null");
	Sh("rm -rf " + dir);
	r = Run({"upgrade", "--wait-replicas=2s"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err,
	                "pgmig: error: timed out waiting for standby \"slot " + slot + "\" to replay the migration\n");
	EXPECT_CONTAINS(r.err, "(not connected)");
	// Without any standby, there is nothing to wait for.
	admin_->Exec("SELECT pg_drop_replication_slot($1)", {slot});
	r = Run({"downgrade", "aaaa1111", "--wait-replicas"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "No standby to wait for");
}

} // namespace
} // namespace e2e
