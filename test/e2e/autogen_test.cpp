/*
 * autogen_test.cpp: end-to-end tests of "pgmig revision --autogenerate" and "pgmig check":
 * the round trip through a generated revision, the shadow databases (always dropped: on
 * success, on errors and on SIGINT), the errors of roles without CREATEDB, of model files
 * with SQL errors and of a database that is not up to date, --from-migrations, shadow_url
 * and --models.
 */
#include "test/e2e/harness.hpp"

#include "client/common/models_cache.hpp"

#include <chrono>
#include <csignal>
#include <regex>
#include <sys/stat.h>
#include <unistd.h>

namespace e2e {
namespace {

class AutogenTest : public DbTest {
protected:
	void
	TearDown() override {
		if (db_) {
			for (const std::string &role : roles_) {
				try {
					db_->Exec("DROP OWNED BY " + db_->QuoteIdentifier(role));
					admin_->Exec("DROP ROLE IF EXISTS " + admin_->QuoteIdentifier(role));
				} catch (const std::exception &e) {
					ADD_FAILURE() << "could not drop role " << role << ": " << e.what();
				}
			}
		}
		DbTest::TearDown();
	}

	/* WriteModel: models/<name> with text. */
	void
	WriteModel(const std::string &name, const std::string &text) {
		fs::create_directories(dir_ / "models");
		WriteFile(dir_ / "models" / name, text);
	}

	/* ShadowDatabases: the names of the shadow databases on the server. */
	std::vector<std::string>
	ShadowDatabases() {
		pgmig::ResultPtr res =
		    admin_->Exec("SELECT datname FROM pg_database WHERE datname LIKE 'pgmig\\_shadow\\_%' ORDER BY 1");
		std::vector<std::string> names;
		for (int i = 0; i < PQntuples(res.get()); i++)
			names.emplace_back(PQgetvalue(res.get(), i, 0));
		return names;
	}

	/* VersionFiles: the files of migrations/versions, sorted. */
	std::vector<std::string>
	VersionFiles() {
		std::vector<std::string> names;
		for (const auto &entry : fs::directory_iterator(Versions()))
			names.push_back(entry.path().filename().string());
		std::sort(names.begin(), names.end());
		return names;
	}

	/* GeneratedFile: the path "Generating <path> ...  done" in out names (fails when none). */
	fs::path
	GeneratedFile(const std::string &out) {
		std::smatch m;
		if (!std::regex_search(out, m, std::regex("Generating (migrations/versions/[^ ]+\\.sql) \\.\\.\\.  done\n"))) {
			ADD_FAILURE() << "no file generated:\n" << out;
			return {};
		}
		return dir_ / m[1].str();
	}

	/*
	 * CreateRole: a login role (not a superuser) with a password, dropped at teardown, that may
	 * read the test database's pg_migrate catalog and take snapshots; returns its name.
	 */
	std::string
	CreateRole(const std::string &suffix, bool createdb) {
		std::string role = "pgmig_e2e_" + suffix + "_" + std::to_string(getpid());
		std::string quoted = admin_->QuoteIdentifier(role);
		admin_->Exec("DROP ROLE IF EXISTS " + quoted);
		admin_->Exec("CREATE ROLE " + quoted + " LOGIN PASSWORD 'secret' " + (createdb ? "CREATEDB" : "NOCREATEDB"));
		roles_.push_back(role);
		db_->Exec("GRANT USAGE ON SCHEMA pg_migrate TO " + quoted);
		db_->Exec("GRANT SELECT ON pg_migrate.revision, pg_migrate.version, pg_migrate.log TO " + quoted);
		db_->Exec("GRANT EXECUTE ON FUNCTION migrate_current(), migrate_snapshot() TO " + quoted);
		return role;
	}

	/* RoleConninfo: the test database (or db) as role. */
	std::string
	RoleConninfo(const std::string &role, const std::string &db = "") {
		PGconn *c = admin_->Get();
		return std::string("host=") + PQhost(c) + " port=" + PQport(c) + " user=" + role +
		       " password=secret dbname=" + (db.empty() ? db_name_ : db);
	}

	std::vector<std::string> roles_;
};

/* Section: the text of a revision file from marker to the next marker (or the end). */
std::string
Section(const std::string &text, const std::string &marker) {
	std::size_t at = text.find(marker + "\n");
	if (at == std::string::npos)
		return "";
	at += marker.size() + 1;
	std::size_t end = text.find("-- migrate:", at);
	return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST_F(AutogenTest, AddColumnRoundTrip) {
	WriteModel("001_users.sql", "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\n");

	// The first revision, on an empty database.
	RunResult r = Run({"revision", "--autogenerate", "-m", "create users"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Detected ");
	EXPECT_CONTAINS(r.out, "users");
	fs::path first = GeneratedFile(r.out);
	std::string text = ReadFile(first);
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "CREATE TABLE public.users");
	EXPECT_CONTAINS(Section(text, "-- migrate:downgrade"), "DROP TABLE public.users");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
	r = Run({"check", "--format", "json"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(
	    nlohmann::json::parse(r.out),
	    nlohmann::json::parse(
	        R"({"compared": "database", "differs": false, "differences": [], "statements": [], "warnings": []})"));

	// A new column in the models.
	WriteModel("001_users.sql",
	           "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  avatar text\n);\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "New upgrade operations detected:\n  - ");
	EXPECT_CONTAINS(r.out, "avatar");
	EXPECT_CONTAINS(r.err, "pgmig: error: the database schema differs from the models\n"
	                       "pgmig: detail: 1 difference was found.\n"
	                       "pgmig: hint: Run \"pgmig revision --autogenerate -m MESSAGE\" to write a revision for "
	                       "them.\n");
	// The same as one JSON document: the differences and the SQL that removes them; exit status 1.
	r = Run({"check", "--format", "json"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "");
	{
		nlohmann::json doc = nlohmann::json::parse(r.out);
		EXPECT_EQ(doc["compared"], "database");
		EXPECT_EQ(doc["differs"], true);
		ASSERT_EQ(doc["differences"].size(), 1u) << r.out;
		EXPECT_CONTAINS(doc["differences"][0]["description"].get<std::string>(), "avatar");
		EXPECT_EQ(doc["differences"][0]["destructive"], false);
		ASSERT_EQ(doc["statements"].size(), 1u) << r.out;
		EXPECT_TRUE(std::regex_search(doc["statements"][0].get<std::string>(),
		                              std::regex("ALTER TABLE public\\.users\\s+ADD COLUMN avatar text;")))
		    << r.out;
		EXPECT_EQ(doc["warnings"], nlohmann::json::array());
	}

	r = Run({"revision", "--autogenerate", "-m", "add avatar"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::string> lines = Lines(r.out);
	ASSERT_EQ(lines.size(), 2u) << r.out;
	EXPECT_TRUE(lines[0].rfind("Detected ", 0) == 0) << lines[0];
	EXPECT_CONTAINS(lines[0], "avatar");
	fs::path second = GeneratedFile(r.out);
	text = ReadFile(second);
	EXPECT_CONTAINS(text, "-- add avatar\n");
	std::string up = Section(text, "-- migrate:upgrade");
	std::string down = Section(text, "-- migrate:downgrade");
	EXPECT_TRUE(std::regex_search(up, std::regex("ALTER TABLE public\\.users\\s+ADD COLUMN avatar text;"))) << up;
	EXPECT_TRUE(std::regex_search(down, std::regex("ALTER TABLE public\\.users\\s+DROP COLUMN avatar;"))) << down;

	// Not applied yet: the database is not up to date, and nothing is written.
	std::vector<std::string> files = VersionFiles();
	r = Run({"revision", "--autogenerate", "-m", "again"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: target database is not up to date\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Run \"pgmig upgrade head\" first.\n");
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(VersionFiles(), files);
	// check compares what the database holds, behind or not, and says that it is behind.
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: warning: target database is not up to date\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: The comparison is with the schema the database has now.\n");
	EXPECT_CONTAINS(r.out, "avatar");
	EXPECT_CONTAINS(r.err, "pgmig: error: the database schema differs from the models\n");

	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = "
	                 "'avatar'"),
	          "1");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	// Nothing more to generate: no file.
	r = Run({"revision", "--autogenerate", "-m", "nothing"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No changes in schema detected.\n");
	EXPECT_EQ(VersionFiles(), files);

	// The downgrade undoes it, and check sees the difference again.
	r = Run({"downgrade", "-1"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = "
	                 "'avatar'"),
	          "0");
	// The database is behind the head now: check warns and compares.
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: warning: target database is not up to date\n");
	EXPECT_CONTAINS(r.out, "avatar");
	// Without the avatar revision it is up to date again: no warning.
	fs::remove(second);
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
	EXPECT_CONTAINS(r.out, "New upgrade operations detected:\n  - ");
	EXPECT_CONTAINS(r.out, "avatar");
	EXPECT_CONTAINS(r.err, "pgmig: error: the database schema differs from the models\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(AutogenTest, RoleWithoutCreatedb) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
	std::string role = CreateRole("nocreatedb", false);
	RunResult r = Run({"--url", RoleConninfo(role), "check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_CONTAINS(r.err, "pgmig: error: permission denied to create the shadow database\n"
	                       "pgmig: detail: Role \"" +
	                           role + "\" may not create databases on server \"");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Grant it with ALTER ROLE " + role +
	                           " CREATEDB, or set shadow_url in pgmig.toml to a server where it may create "
	                           "databases.\n");
	r = Run({"--url", RoleConninfo(role), "revision", "--autogenerate", "-m", "users"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: permission denied to create the shadow database\n");
	EXPECT_EQ(VersionFiles(), std::vector<std::string>{});
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// With shadow_url naming a role that may create databases (and install pg_migrate), it works.
	WriteFile(dir_ / "pgmig.toml",
	          "script_location = \"migrations\"\ndatabase_url = \"" + url_ + "\"\nshadow_url = \"${SHADOW_URL}\"\n");
	r = Run({"--url", RoleConninfo(role), "revision", "--autogenerate", "-m", "users"},
	        {{"SHADOW_URL", Conninfo("postgres")}});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(GeneratedFile(r.out)), "CREATE TABLE public.users");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// A shadow server where the role may create databases but not the extension.
	std::string creator = CreateRole("createdb", true);
	r = Run({"check", "--from-migrations"}, {{"SHADOW_URL", RoleConninfo(creator, "postgres")}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: could not install extension \"pg_migrate\" in the shadow database\n"
	                       "pgmig: detail: Permission denied to create extension \"pg_migrate\".\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: The shadow database needs pg_migrate");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/*
 * The database's snapshot is read with migrate_snapshot_text() when the extension has it and the
 * role may call it: a role that may call only that function gets its comparison (and one that
 * may call neither gets the error of migrate_snapshot(), the fallback).
 */
TEST_F(AutogenTest, SnapshotTextWhereTheRoleMayCallIt) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(20));\n");
	WriteFile(dir_ / "pgmig.toml",
	          "script_location = \"migrations\"\ndatabase_url = \"" + url_ + "\"\nshadow_url = \"${SHADOW_URL}\"\n");
	Env shadow = {{"SHADOW_URL", Conninfo("postgres")}};
	std::string role = CreateRole("snaptext", false);
	std::string quoted = db_->QuoteIdentifier(role);
	db_->Exec("REVOKE EXECUTE ON FUNCTION migrate_snapshot() FROM " + quoted);
	db_->Exec("GRANT EXECUTE ON FUNCTION migrate_snapshot_text() TO " + quoted);
	RunResult r = Run({"--url", RoleConninfo(role), "check", "--no-cache"}, shadow);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "added table public.users");
	EXPECT_EQ(r.err.find("permission denied"), std::string::npos) << r.err;

	db_->Exec("REVOKE EXECUTE ON FUNCTION migrate_snapshot_text() FROM " + quoted);
	r = Run({"--url", RoleConninfo(role), "check", "--no-cache"}, shadow);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_CONTAINS(r.err, "pgmig: error: permission denied for function migrate_snapshot\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// A role granted migrate_snapshot() only, as the guide's grants before 0.8.0 did: the fallback.
	db_->Exec("GRANT EXECUTE ON FUNCTION migrate_snapshot() TO " + quoted);
	r = Run({"--url", RoleConninfo(role), "check", "--no-cache"}, shadow);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "added table public.users");
}

/*
 * An extension older than 0.8.0 has no migrate_snapshot_text(): pgmig falls back to
 * migrate_snapshot() and finds the same differences as on the current version.
 */
TEST_F(AutogenTest, SnapshotFallsBackBeforeExtension080) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(20));\n"
	                            "CREATE INDEX users_name ON users (name);\n");
	std::string old_db = CreateDatabase(false);
	{
		pgmig::Connection c(Conninfo(old_db));
		c.SetNoticeHandler([](const PGresult *) {});
		c.Exec("CREATE EXTENSION pg_migrate VERSION '0.7.0'");
		c.Exec("CREATE TABLE users (id bigint PRIMARY KEY)");
	}
	db_->Exec("CREATE TABLE users (id bigint PRIMARY KEY)");
	RunResult current = Run({"check", "--no-cache", "--format", "json"});
	EXPECT_EQ(current.exit_code, 1) << current.err;
	RunResult old = Run({"--url", Conninfo(old_db), "check", "--no-cache", "--format", "json"});
	EXPECT_EQ(old.exit_code, 1) << old.err;
	EXPECT_CONTAINS(old.err, "is version 0.7.0, older than pgmig");
	EXPECT_EQ(old.out, current.out);
	EXPECT_CONTAINS(old.out, "users_name");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(AutogenTest, ModelFileWithSqlError) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
	WriteModel("002_orders.sql", "-- Orders: été\n"
	                             "CREATE TABLE orders (\n"
	                             "  id bigint PRIMARY KEY,\n"
	                             "  user_id bigint REFERENCES users,\n"
	                             "  total numeric NOT NUL\n"
	                             ");\n");
	RunResult r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_EQ(r.err, "pgmig: error: syntax error at or near \"NUL\"\n"
	                 "pgmig: context: model file \"models/002_orders.sql\", line 5\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// An error the server reports without a position still names the file.
	WriteModel("002_orders.sql", "CREATE TABLE orders (id bigint);\nDROP TABLE missing;\n");
	r = Run({"revision", "--autogenerate", "-m", "orders"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: table \"missing\" does not exist\n"
	                 "pgmig: context: model file \"models/002_orders.sql\"\n");
	EXPECT_EQ(VersionFiles(), std::vector<std::string>{});
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(AutogenTest, InterruptDropsTheShadowDatabase) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
	WriteModel("002_slow.sql", "SELECT 1;\nSELECT pg_sleep(60);\n");
	for (int sig : {SIGINT, SIGTERM}) {
		SCOPED_TRACE(sig == SIGINT ? "SIGINT" : "SIGTERM");
		auto started = std::chrono::steady_clock::now();
		Child child({"check"}, dir_);
		bool sleeping = false;
		while (!sleeping && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
			pgmig::ResultPtr rows = admin_->Exec("SELECT 1 FROM pg_stat_activity WHERE datname LIKE "
			                                     "'pgmig\\_shadow\\_%' AND wait_event = 'PgSleep'");
			sleeping = PQntuples(rows.get()) == 1;
			if (!sleeping)
				std::this_thread::sleep_for(std::chrono::milliseconds(50));
		}
		ASSERT_TRUE(sleeping) << "the model's pg_sleep was not seen in pg_stat_activity";
		auto signalled = std::chrono::steady_clock::now();
		kill(child.Pid(), sig);
		RunResult r = child.Wait(60);
		EXPECT_EQ(r.exit_code, 130) << r.err;
		EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(10));
		EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n");
		// A cancelled statement has no position: the file is named without a line.
		EXPECT_CONTAINS(r.err, "pgmig: context: model file \"models/002_slow.sql\"\n");
		EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
	}
}

TEST_F(AutogenTest, CheckFromMigrations) {
	AddRevision("aaaa1111", "", "create users", "CREATE TABLE users (id bigint PRIMARY KEY, name text);",
	            "DROP TABLE users;");
	AddRevision("bbbb2222", "aaaa1111", "add email", "ALTER TABLE users ADD COLUMN email text;",
	            "ALTER TABLE users DROP COLUMN email;");
	WriteModel("users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n");

	// The database has nothing applied: only --from-migrations can pass.
	RunResult r = Run({"check", "--from-migrations"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: warning: target database is not up to date\n"
	                       "pgmig: detail: Head revision bbbb2222 is not applied in database \"" +
	                           db_name_ + "\"; it has no revision applied.\n");
	EXPECT_CONTAINS(r.err, "pgmig: error: the database schema differs from the models\n");

	WriteModel("users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n"
	                        "CREATE INDEX users_email ON users (email);\n");
	r = Run({"check", "--from-migrations"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "New upgrade operations detected:\n  - ");
	EXPECT_CONTAINS(r.out, "users_email");
	EXPECT_CONTAINS(r.err, "pgmig: error: the schema built by the migrations differs from the models\n");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.version"), "0");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.revision"), "0");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// A migration that fails names the revision; the shadow databases are gone all the same.
	AddRevision("cccc3333", "bbbb2222", "broken", "ALTER TABLE nope ADD COLUMN x int;", "");
	r = Run({"check", "--from-migrations"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: relation \"nope\" does not exist\n");
	EXPECT_CONTAINS(r.err, "building the shadow database from the migrations");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(AutogenTest, ModelsOption) {
	WriteFile(dir_ / "schema.sql", "CREATE TABLE t (id int);\n");
	RunResult r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: models directory \"models\" does not exist\n");
	EXPECT_CONTAINS(r.err, "pgmig: hint: Put the schema's CREATE statements in .sql files");

	fs::create_directories(dir_ / "models");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: models directory \"models\" has no .sql files\n");

	r = Run({"revision", "--autogenerate", "-m", "t", "--models", "schema.sql"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(GeneratedFile(r.out)), "CREATE TABLE public.t");
	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"check", "--models", "schema.sql"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	// models in pgmig.toml, relative to its directory.
	WriteFile(dir_ / "pgmig.toml",
	          "script_location = \"migrations\"\ndatabase_url = \"" + url_ + "\"\nmodels = \"schema.sql\"\n");
	r = Pgmig({"-c", (dir_ / "pgmig.toml").string(), "check"}, dir_.parent_path());
	EXPECT_EQ(r.exit_code, 0) << r.err;

	// --models belongs to --autogenerate.
	r = Run({"revision", "-m", "x", "--models", "schema.sql"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "--autogenerate");
}

/*
 * Privileges are compared only on request (--compare-privileges or compare_privileges = true),
 * both ways: the revision grants what the models grant and its downgrade revokes it.
 */
TEST_F(AutogenTest, PrivilegesComparedOnRequest) {
	std::string role = CreateRole("grantee", false);
	WriteModel("001_app.sql", "CREATE SCHEMA app;\n"
	                          "CREATE TABLE app.t (a integer, b text);\n"
	                          "CREATE SEQUENCE app.s;\n"
	                          "CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n"
	                          "CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "app"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);

	WriteModel("002_grants.sql", "GRANT USAGE ON SCHEMA app TO " + role +
	                                 ";\n"
	                                 "GRANT SELECT ON app.t TO " +
	                                 role +
	                                 " WITH GRANT OPTION;\n"
	                                 "GRANT UPDATE (b) ON app.t TO PUBLIC;\n"
	                                 "GRANT USAGE ON SEQUENCE app.s TO " +
	                                 role +
	                                 ";\n"
	                                 "REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC;\n"
	                                 "GRANT EXECUTE ON FUNCTION app.f() TO " +
	                                 role +
	                                 ";\n"
	                                 "REVOKE ALL ON PROCEDURE app.p() FROM PUBLIC;\n");
	// Off by default: nothing about privileges.
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	r = Run({"check", "--compare-privileges"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "  - granted SELECT on table app.t to " + role + " WITH GRANT OPTION\n");
	EXPECT_CONTAINS(r.out, "  - revoked EXECUTE on function app.f() from PUBLIC\n");
	EXPECT_CONTAINS(r.out, "  - granted UPDATE on column app.t.b to PUBLIC\n");
	EXPECT_CONTAINS(r.err, "pgmig: detail: 7 differences were found.\n");

	r = Run({"revision", "--autogenerate", "--compare-privileges", "-m", "grants"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string text = ReadFile(GeneratedFile(r.out));
	std::string up = Section(text, "-- migrate:upgrade");
	std::string down = Section(text, "-- migrate:downgrade");
	EXPECT_CONTAINS(up, "GRANT USAGE ON SCHEMA app TO " + role + ";");
	EXPECT_CONTAINS(up, "GRANT SELECT ON TABLE app.t TO " + role + " WITH GRANT OPTION;");
	EXPECT_CONTAINS(up, "GRANT UPDATE (b) ON TABLE app.t TO PUBLIC;");
	EXPECT_CONTAINS(up, "GRANT USAGE ON SEQUENCE app.s TO " + role + ";");
	EXPECT_CONTAINS(up, "REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC;");
	EXPECT_CONTAINS(up, "GRANT EXECUTE ON FUNCTION app.f() TO " + role + ";");
	EXPECT_CONTAINS(up, "REVOKE EXECUTE ON PROCEDURE app.p() FROM PUBLIC;");
	EXPECT_CONTAINS(down, "REVOKE SELECT ON TABLE app.t FROM " + role + ";");
	EXPECT_CONTAINS(down, "GRANT EXECUTE ON FUNCTION app.f() TO PUBLIC;");
	EXPECT_CONTAINS(down, "REVOKE UPDATE (b) ON TABLE app.t FROM PUBLIC;");

	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT has_table_privilege($1, 'app.t', 'SELECT WITH GRANT OPTION')::text", {role}), "true");
	EXPECT_EQ(Scalar("SELECT has_function_privilege('public', 'app.f()', 'EXECUTE')::text"), "false");
	// compare_privileges in pgmig.toml: the database now matches the models.
	WriteFile(dir_ / "pgmig.toml",
	          "script_location = \"migrations\"\ndatabase_url = \"" + url_ + "\"\ncompare_privileges = true\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	r = Run({"downgrade", "-1"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT has_table_privilege($1, 'app.t', 'SELECT')::text", {role}), "false");
	EXPECT_EQ(Scalar("SELECT has_function_privilege('public', 'app.f()', 'EXECUTE')::text"), "true");
	EXPECT_EQ(Scalar("SELECT has_sequence_privilege($1, 'app.s', 'USAGE')::text", {role}), "false");

	// A role the models grant to must exist on the server: the server's error, with the line.
	WriteModel("002_grants.sql", "\nGRANT SELECT ON app.t TO pgmig_no_such_role;\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: role \"pgmig_no_such_role\" does not exist\n"
	                       "pgmig: context: model file \"models/002_grants.sql\"\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/*
 * CREATE EXTENSION ... VERSION as the models pin it: created at that version, updated with
 * ALTER EXTENSION ... UPDATE TO, and a warning where the server has no update path back.
 */
TEST_F(AutogenTest, ExtensionVersionPinnedByModels) {
	WriteModel("001_ext.sql", "CREATE EXTENSION hstore VERSION '1.7';\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "hstore"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(ReadFile(GeneratedFile(r.out)), "CREATE EXTENSION hstore WITH SCHEMA public VERSION '1.7';");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Scalar("SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.7");

	WriteModel("001_ext.sql", "CREATE EXTENSION hstore VERSION '1.8';\n");
	r = Run({"revision", "--autogenerate", "-m", "hstore 1.8"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Detected changed version of extension hstore from 1.7 to 1.8\n");
	std::string warning = "extension hstore has no update path from version 1.8 to 1.7 on this server; ALTER "
	                      "EXTENSION ... UPDATE fails (PostgreSQL updates an extension only along its update scripts)";
	EXPECT_EQ(r.err, "pgmig: warning: downgrade: " + warning + "\n");
	std::string text = ReadFile(GeneratedFile(r.out));
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "ALTER EXTENSION hstore UPDATE TO '1.8';");
	EXPECT_CONTAINS(Section(text, "-- migrate:downgrade"),
	                "-- WARNING: " + warning + "\nALTER EXTENSION hstore UPDATE TO '1.7';");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Scalar("SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.8");
	EXPECT_EQ(Run({"check"}).exit_code, 0);
	r = Run({"downgrade", "-1"});
	EXPECT_NE(r.exit_code, 0);
	EXPECT_CONTAINS(r.err, "extension \"hstore\" has no update path from version \"1.8\" to version \"1.7\"");
	EXPECT_EQ(Scalar("SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.8");
}

/*
 * Production DDL pasted into a model file: CREATE INDEX CONCURRENTLY and a new enum value used
 * right away build in the shadow database (run outside the file's transaction); errors keep
 * their file and line.
 */
/*
 * A model file that runs whole is sent as DO blocks of 100 statements (ModelsAsDoBlocks): a
 * statement sees it in current_query().  A file with transaction control runs as it is; a
 * statement EXECUTE refuses (SELECT ... INTO) makes the file run again as it is; a WARNING is
 * shown once either way, and an error keeps its exact text.
 */
TEST_F(AutogenTest, ModelsRunAsDoBlocks) {
	// What the session was sent when the table was made, kept as its comment.
	const std::string note = "DO $$BEGIN EXECUTE format('COMMENT ON TABLE %s IS %L', '{T}', "
	                         "left(current_query(), 12)); END$$;\n";
	auto noted = [&note](const std::string &table) {
		std::string text = note;
		text.replace(text.find("{T}"), 3, table);
		return text;
	};
	std::string many;
	for (int i = 0; i < 250; i++)
		many += "CREATE TABLE t" + std::to_string(i) + " (n int);\n";
	WriteModel("001_many.sql", many + noted("t249"));
	WriteModel("002_plain.sql", "BEGIN;\nCREATE TABLE plain (n int);\n" + noted("plain") + "COMMIT;\n");
	WriteModel("003_tags.sql",
	           "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $pgmig0$ SELECT '$pgmig1$' $pgmig0$;\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "blocks"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string up = Section(ReadFile(GeneratedFile(r.out)), "-- migrate:upgrade");
	EXPECT_CONTAINS(up, "CREATE TABLE public.t0 ");
	EXPECT_CONTAINS(up, "CREATE TABLE public.t249 ");
	EXPECT_CONTAINS(up, "COMMENT ON TABLE public.t249 IS 'DO $pgmig0$B';");
	EXPECT_CONTAINS(up, "COMMENT ON TABLE public.plain IS 'BEGIN;\nCREAT';");
	EXPECT_CONTAINS(up, "SELECT '$pgmig1$'");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	// SELECT ... INTO cannot run in EXECUTE: the file runs again as it is.
	WriteModel("004_into.sql", "DO $$BEGIN RAISE WARNING 'careful'; END$$;\nSELECT 1 AS n INTO copied;\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "added table public.copied");
	auto count = [](const std::string &text, const std::string &what) {
		std::size_t n = 0;
		for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
			n++;
		return n;
	};
	EXPECT_EQ(count(r.err, "pgmig: warning: careful\n"), 1u) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: the database schema differs from the models\n");

	// A warning, then an error: the warning once, the error as the file gives it.
	WriteModel("004_into.sql", "DO $$BEGIN RAISE WARNING 'careful'; END$$;\nSELECT 1;\nDROP TABLE missing;\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: warning: careful\n"
	                 "pgmig: error: table \"missing\" does not exist\n"
	                 "pgmig: context: model file \"models/004_into.sql\"\n");
	// The same warning from blocks that succeed: once.
	WriteModel("004_into.sql", "DO $$BEGIN RAISE WARNING 'careful'; END$$;\n");
	r = Run({"check", "--no-cache"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.err, "pgmig: warning: careful\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(AutogenTest, ConcurrentIndexInModelFile) {
	WriteModel("001_prod.sql", "CREATE TYPE mood AS ENUM ('ok');\n"
	                           "CREATE TABLE person (id bigint PRIMARY KEY, email text, m mood);\n"
	                           "CREATE UNIQUE INDEX CONCURRENTLY person_email ON person (email);\n"
	                           "ALTER TYPE mood ADD VALUE 'happy';\n"
	                           "ALTER TABLE person ALTER COLUMN m SET DEFAULT 'happy';\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "prod"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string up = Section(ReadFile(GeneratedFile(r.out)), "-- migrate:upgrade");
	EXPECT_CONTAINS(up, "CREATE UNIQUE INDEX person_email ON public.person USING btree (email);");
	EXPECT_CONTAINS(up, "DEFAULT 'happy'::public.mood");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	// An error in a statement cut out of the file, and one after it: their lines.
	WriteModel("002_more.sql", "CREATE TABLE other (a int);\n"
	                           "\n"
	                           "CREATE INDEX CONCURRENTLY other_b ON other (b);\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: column \"b\" does not exist\n"
	                 "pgmig: context: model file \"models/002_more.sql\", line 3\n");
	WriteModel("002_more.sql", "CREATE TABLE other (a int);\n"
	                           "CREATE INDEX CONCURRENTLY other_a ON other (a);\n"
	                           "SELECT 1;\n"
	                           "SELECT * FROM missing;\n");
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: relation \"missing\" does not exist\n"
	                 "pgmig: context: model file \"models/002_more.sql\", line 4\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/*
 * The generated SQL keeps the models' spelling of column types and defaults where PostgreSQL
 * stores another (int, varchar(20), timestamp(6), CURRENT_TIMESTAMP), and compares them as equal.
 */
TEST_F(AutogenTest, ModelSpellingIsKept) {
	WriteModel("001_t.sql", "CREATE TABLE account (\n"
	                        "  id int PRIMARY KEY,\n"
	                        "  name varchar(20) NOT NULL DEFAULT 'nobody',\n"
	                        "  created_at timestamp(6) DEFAULT CURRENT_TIMESTAMP,\n"
	                        "  score float8,\n"
	                        "  serial_no serial\n"
	                        ");\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "account"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string up = Section(ReadFile(GeneratedFile(r.out)), "-- migrate:upgrade");
	EXPECT_CONTAINS(up, "    id int NOT NULL,\n"
	                    "    name varchar(20) DEFAULT 'nobody' NOT NULL,\n"
	                    "    created_at timestamp(6) DEFAULT CURRENT_TIMESTAMP,\n"
	                    "    score float8,\n"
	                    "    serial_no integer DEFAULT nextval('public.account_serial_no_seq'::regclass) NOT NULL");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	r = Run({"check"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	// A type change keeps the spelling too; PostgreSQL's spelling in the downgrade.
	WriteModel("001_t.sql", "CREATE TABLE account (\n"
	                        "  id int8 PRIMARY KEY,\n"
	                        "  name varchar(40) NOT NULL DEFAULT 'nobody',\n"
	                        "  created_at timestamp(6) DEFAULT CURRENT_TIMESTAMP,\n"
	                        "  score float8,\n"
	                        "  serial_no serial\n"
	                        ");\n");
	r = Run({"revision", "--autogenerate", "-m", "wider"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string text = ReadFile(GeneratedFile(r.out));
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "ALTER COLUMN id TYPE int8 USING id::int8;");
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "ALTER COLUMN name TYPE varchar(40) USING name::varchar(40);");
	EXPECT_CONTAINS(Section(text, "-- migrate:downgrade"),
	                "ALTER COLUMN name TYPE character varying(20) USING name::character varying(20);");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Run({"check"}).exit_code, 0);
	ASSERT_EQ(Run({"downgrade", "-1"}).exit_code, 0);
}

/*
 * Without compare_privileges, grants made outside the models survive when autogenerate drops
 * and creates a view again (its definition changed): the revision grants them again.
 */
TEST_F(AutogenTest, GrantsOutsideTheModelsSurviveARebuild) {
	std::string role = CreateRole("viewer", false);
	WriteModel("001_v.sql", "CREATE TABLE t (a integer, b integer);\nCREATE VIEW v AS SELECT a FROM t;\n");
	ASSERT_EQ(Run({"revision", "--autogenerate", "-m", "v"}).exit_code, 0);
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	db_->Exec("GRANT SELECT ON v TO " + role);
	WriteModel("001_v.sql", "CREATE TABLE t (a integer, b integer);\nCREATE VIEW v AS SELECT a, b FROM t;\n");
	RunResult r = Run({"revision", "--autogenerate", "-m", "v with b"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string text = ReadFile(GeneratedFile(r.out));
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "GRANT SELECT ON TABLE public.v TO " + role + ";");
	EXPECT_CONTAINS(Section(text, "-- migrate:downgrade"), "GRANT SELECT ON TABLE public.v TO " + role + ";");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Scalar("SELECT has_table_privilege($1, 'public.v', 'SELECT')::text", {role}), "true");
	EXPECT_EQ(Run({"check"}).exit_code, 0);
	ASSERT_EQ(Run({"downgrade", "-1"}).exit_code, 0);
	EXPECT_EQ(Scalar("SELECT has_table_privilege($1, 'public.v', 'SELECT')::text", {role}), "true");
}

/* CacheEntries: the entries of the models' snapshot cache, sorted. */
std::vector<fs::path>
CacheEntries(const fs::path &project) {
	std::vector<fs::path> entries;
	std::error_code ec;
	for (const auto &entry : fs::directory_iterator(project / ".pgmig-cache", ec))
		if (entry.path().extension() == ".snapshot")
			entries.push_back(entry.path());
	std::sort(entries.begin(), entries.end());
	return entries;
}

/*
 * The models' snapshot cache: the building role is part of the key, so every test uses one
 * role for shadow_url throughout.  The proof that a run creates no shadow database is that the
 * role cannot create one: pg_migrate can only be installed by a superuser, so the role is
 * toggled between SUPERUSER (can build) and NOSUPERUSER NOCREATEDB (a run that needed a shadow
 * database fails with "permission denied to create the shadow database").  The role may read
 * all settings either way, so that what it sees of pg_settings (part of the key) is the same.
 */
class ModelsCacheTest : public AutogenTest {
protected:
	void
	SetUp() override {
		AutogenTest::SetUp();
		if (IsSkipped())
			return;
		role_ = CreateRole("cache", false);
		admin_->Exec("GRANT pg_read_all_settings TO " + admin_->QuoteIdentifier(role_));
		env_ = {{"SHADOW_URL", RoleConninfo(role_, "postgres")}};
		WriteConfig("");
	}

	/* WriteConfig: pgmig.toml with shadow_url as the role, plus extra. */
	void
	WriteConfig(const std::string &extra) {
		WriteFile(dir_ / "pgmig.toml", "script_location = \"migrations\"\ndatabase_url = \"" + url_ +
		                                   "\"\nshadow_url = \"${SHADOW_URL}\"\n" + extra);
	}

	/* CanBuild: let the role build shadow databases, or not. */
	void
	CanBuild(bool can) {
		admin_->Exec("ALTER ROLE " + admin_->QuoteIdentifier(role_) +
		             (can ? " SUPERUSER CREATEDB" : " NOSUPERUSER NOCREATEDB"));
	}

	/* Check: pgmig check as the role, which can build shadow databases or not. */
	RunResult
	Check(bool can_build, std::vector<std::string> args = {"check"}, Env extra = {}) {
		CanBuild(can_build);
		Env env = env_;
		for (const auto &kv : extra)
			env[kv.first] = kv.second;
		return Run(args, env);
	}

	/* ExpectBuildNeeded: the run needed a shadow database (which the role could not create). */
	static void
	ExpectBuildNeeded(const RunResult &r) {
		EXPECT_EQ(r.exit_code, 1);
		EXPECT_CONTAINS(r.err, "pgmig: error: permission denied to create the shadow database\n");
	}

	/* ExpectHit: the run read the cache (the role could not have built the models) and found out. */
	static void
	ExpectHit(const RunResult &r, const std::string &out) {
		EXPECT_EQ(r.exit_code, 1) << r.err;
		EXPECT_EQ(r.out, out);
		EXPECT_EQ(r.err.find("permission denied"), std::string::npos) << r.err;
	}

	std::string role_;
	Env env_;
};

TEST_F(ModelsCacheTest, CachedModelsNeedNoShadowDatabase) {
	WriteModel("001_users.sql", "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name varchar(20)\n);\n");

	// Nothing cached yet: the role cannot build the models.
	ExpectBuildNeeded(Check(false));
	EXPECT_EQ(CacheEntries(dir_), std::vector<fs::path>{});

	// The first run builds them and caches the snapshot; the cache directory ignores itself in git.
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	EXPECT_CONTAINS(first, "added table public.users");
	ASSERT_EQ(CacheEntries(dir_).size(), 1u);
	EXPECT_CONTAINS(ReadFile(dir_ / ".pgmig-cache" / ".gitignore"), "\n*\n");

	// The second run, same role, same models, needs no shadow database, and finds the same.
	ExpectHit(Check(false), first);
	r = Check(false, {"revision", "--autogenerate", "-m", "users"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string text = ReadFile(GeneratedFile(r.out));
	// The models' own spelling (varchar(20)) comes from the cache too.
	EXPECT_CONTAINS(Section(text, "-- migrate:upgrade"), "name varchar(20)");
	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Check(false);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	// --no-cache and models_cache = false build the models again.
	ExpectBuildNeeded(Check(false, {"check", "--no-cache"}));
	ExpectBuildNeeded(Check(false, {"revision", "--autogenerate", "--no-cache", "-m", "again"}));
	WriteConfig("models_cache = false\n");
	ExpectBuildNeeded(Check(false));
	WriteConfig("");

	// A changed model file is built again (and then cached under its own key).
	WriteModel("001_users.sql",
	           "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name varchar(20),\n  avatar text\n);\n");
	ExpectBuildNeeded(Check(false));
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "added column public.users.avatar");
	EXPECT_EQ(CacheEntries(dir_).size(), 2u);
	ExpectHit(Check(false), r.out);
	// So is a model file added.
	WriteModel("002_more.sql", "");
	ExpectBuildNeeded(Check(false));
	fs::remove(dir_ / "models" / "002_more.sql");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

TEST_F(ModelsCacheTest, RenamedModelFileIsBuiltAgain) {
	std::string model = "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n";
	WriteModel("001_users.sql", model);
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	ExpectHit(Check(false), first);
	// The same bytes under another name: another key.
	fs::rename(dir_ / "models" / "001_users.sql", dir_ / "models" / "010_users.sql");
	ExpectBuildNeeded(Check(false));
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.out, first);
	EXPECT_EQ(CacheEntries(dir_).size(), 2u);
	ExpectHit(Check(false), first);
}

/*
 * Settings shape what DDL stores (TimeZone the text of a timestamptz default, for one): a
 * changed setting, however set, is another key; a per-database one of the database pgmig
 * connects to is left out (a new shadow database would not have it), one of template1 too
 * turns the cache off.
 */
TEST_F(ModelsCacheTest, ChangedSettingIsBuiltAgain) {
	WriteModel("001_events.sql", "CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz DEFAULT "
	                             "'2020-01-01 00:00:00+00');\n");
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	ExpectHit(Check(false), first);
	std::string role = admin_->QuoteIdentifier(role_);

	// A role setting (pg_settings.source "user").
	admin_->Exec("ALTER ROLE " + role + " SET TimeZone = 'Pacific/Auckland'");
	ExpectBuildNeeded(Check(false));
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(CacheEntries(dir_).size(), 2u);
	std::string auckland = r.out;
	ExpectHit(Check(false), auckland);
	admin_->Exec("ALTER ROLE " + role + " RESET TimeZone");
	ExpectHit(Check(false), first);

	// A client setting (PGOPTIONS), one that is no TimeZone too.
	ExpectBuildNeeded(Check(false, {"check"}, {{"PGOPTIONS", "-c IntervalStyle=iso_8601"}}));
	ExpectBuildNeeded(Check(false, {"check"}, {{"PGOPTIONS", "-c transform_null_equals=on"}}));
	// ... but not one that cannot change what DDL stores.
	ExpectHit(Check(false, {"check"}, {{"PGOPTIONS", "-c statement_timeout=123456"}}), first);

	// A per-database setting would not apply in a new shadow database: the key is read in a
	// session on template1, the same as without it.
	admin_->Exec("ALTER ROLE " + role + " IN DATABASE postgres SET DateStyle = 'German'");
	ExpectHit(Check(false), first);
	// When template1 has one too, no cache at all.
	admin_->Exec("ALTER ROLE " + role + " IN DATABASE template1 SET DateStyle = 'SQL'");
	ExpectBuildNeeded(Check(false));
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(CacheEntries(dir_).size(), 2u);
	ExpectBuildNeeded(Check(false));
	admin_->Exec("ALTER ROLE " + role + " IN DATABASE template1 RESET DateStyle");
	ExpectHit(Check(false), first);
	// A role-wide setting still changes the key, wherever it is read.
	admin_->Exec("ALTER ROLE " + role + " SET DateStyle = 'Postgres'");
	ExpectBuildNeeded(Check(false));
	admin_->Exec("ALTER ROLE " + role + " RESET DateStyle");
	admin_->Exec("ALTER ROLE " + role + " IN DATABASE postgres RESET DateStyle");
	ExpectHit(Check(false), first);
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/* The building role is part of the key: another role's entry is not used. */
TEST_F(ModelsCacheTest, AnotherRoleIsBuiltAgain) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	std::string other = CreateRole("cache2", false);
	admin_->Exec("GRANT pg_read_all_settings TO " + admin_->QuoteIdentifier(other));
	r = Run({"check"}, {{"SHADOW_URL", RoleConninfo(other, "postgres")}});
	ExpectBuildNeeded(r);
	ExpectHit(Check(false), first);
}

TEST_F(ModelsCacheTest, CorruptCacheEntryIsRebuilt) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	std::vector<fs::path> entries = CacheEntries(dir_);
	ASSERT_EQ(entries.size(), 1u);
	std::string good = ReadFile(entries[0]);
	ASSERT_GT(good.size(), 200u);

	std::string flipped = good;
	flipped[flipped.size() - 20] = flipped[flipped.size() - 20] == 'x' ? 'y' : 'x';
	std::string wrong_format = good;
	wrong_format.replace(0, wrong_format.find('\n'), "pgmig models snapshot cache 2"); // 0.5.0's
	for (const std::string &bad :
	     {good.substr(0, good.size() / 2), flipped, wrong_format, std::string(), std::string("garbage\n")}) {
		SCOPED_TRACE(bad.substr(0, 40));
		WriteFile(entries[0], bad);
		// Never trusted: the models are built again, which the role cannot do now ...
		ExpectBuildNeeded(Check(false));
		// ... and when it can, it rebuilds the entry, which is then used again.
		r = Check(true);
		EXPECT_EQ(r.exit_code, 1) << r.err;
		EXPECT_EQ(r.out, first);
		EXPECT_EQ(ReadFile(entries[0]), good);
		ExpectHit(Check(false), first);
	}
	// A symbolic link where the entry should be is not followed, even to a good entry.
	fs::path copy = dir_ / "good.snapshot";
	WriteFile(copy, good);
	fs::remove(entries[0]);
	fs::create_symlink(copy, entries[0]);
	ExpectBuildNeeded(Check(false));
	// A directory where the entry should be: not used, not an error.
	fs::remove(entries[0]);
	fs::create_directories(entries[0]);
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.out, first);
	EXPECT_TRUE(fs::is_directory(entries[0]));
	EXPECT_EQ(ReadFile(copy), good);
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/* What building the models said (a WARNING, with its DETAIL and HINT) is said again on a hit. */
TEST_F(ModelsCacheTest, WarningsAreReplayed) {
	WriteModel("001_users.sql",
	           "CREATE TABLE users (id bigint PRIMARY KEY);\n"
	           "DO $$BEGIN RAISE WARNING 'model says hello' USING DETAIL = 'From the models.', HINT = 'Say it "
	           "again.'; RAISE NOTICE 'not shown'; END$$;\n");
	const std::string said =
	    "pgmig: warning: model says hello\npgmig: detail: From the models.\npgmig: hint: Say it again.\n";
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.err, said);
	EXPECT_EQ(r.err.find("not shown"), std::string::npos) << r.err;
	std::string first = r.out;
	r = Check(false);
	ExpectHit(r, first);
	EXPECT_CONTAINS(r.err, said);
	EXPECT_EQ(r.err.find("not shown"), std::string::npos) << r.err;
	// Once, not once per run before it.
	r = Check(false);
	ExpectHit(r, first);
	EXPECT_CONTAINS(r.err, said);
	EXPECT_EQ(r.err.find(said), r.err.rfind(said)) << r.err;
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/* DatabaseEntries: the entries of the database snapshots in the cache, sorted. */
std::vector<fs::path>
DatabaseEntries(const fs::path &project) {
	std::vector<fs::path> entries;
	std::error_code ec;
	for (const auto &entry : fs::directory_iterator(project / ".pgmig-cache", ec))
		if (entry.path().extension() == ".live")
			entries.push_back(entry.path());
	std::sort(entries.begin(), entries.end());
	return entries;
}

/* Inode: the inode number of path (a file rewritten by the cache gets a new one: rename). */
ino_t
Inode(const fs::path &path) {
	struct stat st {};
	EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
	return st.st_ino;
}

/*
 * The database's own snapshot is cached under its fingerprint: read back (the entry is touched,
 * not written again) while nothing changed, computed again after a change of a table or of a
 * comment, never with --no-cache.
 */
TEST_F(ModelsCacheTest, DatabaseSnapshotIsReadBackUntilTheSchemaChanges) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
	db_->Exec("CREATE TABLE users (id bigint PRIMARY KEY)");
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	const std::string first = r.out;
	EXPECT_CONTAINS(first, "added column public.users.name");
	std::vector<fs::path> entries = DatabaseEntries(dir_);
	ASSERT_EQ(entries.size(), 1u);
	const ino_t inode = Inode(entries[0]);
	const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);

	// Unchanged: read back, so touched, not rewritten.
	fs::last_write_time(entries[0], long_ago);
	ExpectHit(Check(false), first);
	EXPECT_EQ(DatabaseEntries(dir_), entries);
	EXPECT_EQ(Inode(entries[0]), inode);
	EXPECT_GT(fs::last_write_time(entries[0]), long_ago + std::chrono::hours(1));
	// The same for revision --autogenerate, which writes what the cached snapshot says.
	r = Check(false, {"revision", "--autogenerate", "-m", "name"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(Section(ReadFile(GeneratedFile(r.out)), "-- migrate:upgrade"), "name text");
	EXPECT_EQ(DatabaseEntries(dir_), entries);
	fs::remove(GeneratedFile(r.out));

	// --no-cache neither reads nor writes it.
	fs::last_write_time(entries[0], long_ago);
	r = Check(true, {"check", "--no-cache"});
	EXPECT_EQ(r.out, first);
	EXPECT_EQ(DatabaseEntries(dir_), entries);
	EXPECT_EQ(fs::last_write_time(entries[0]), long_ago);

	// A change of the table: computed again, and the check sees it.
	db_->Exec("ALTER TABLE users ADD COLUMN name text");
	r = Check(false);
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
	EXPECT_EQ(DatabaseEntries(dir_).size(), 2u);
	// A comment alone: computed again too.
	db_->Exec("COMMENT ON TABLE users IS 'people'");
	r = Check(false);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "comment");
	EXPECT_EQ(DatabaseEntries(dir_).size(), 3u);
	db_->Exec("COMMENT ON TABLE users IS NULL");
	r = Check(false);
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

/*
 * What the database's snapshot depends on outside its own catalogs is part of the key: a role
 * renamed (role names appear in privileges and policies) gives other facts, and so does the
 * database; a database without it, or a role that may not call migrate_schema_fingerprint(),
 * gives none (the snapshot is then not cached).
 */
TEST_F(ModelsCacheTest, DatabaseSnapshotFactsCoverRolesAndTheDatabase) {
	const std::string schema = "public";
	std::optional<std::string> before = pgmig::DatabaseSnapshotFacts(*db_, schema);
	ASSERT_TRUE(before.has_value());
	EXPECT_EQ(pgmig::DatabaseSnapshotFacts(*db_, schema), before);
	std::string renamed = role_ + "_renamed";
	admin_->Exec("ALTER ROLE " + admin_->QuoteIdentifier(role_) + " RENAME TO " + admin_->QuoteIdentifier(renamed));
	std::optional<std::string> after = pgmig::DatabaseSnapshotFacts(*db_, schema);
	admin_->Exec("ALTER ROLE " + admin_->QuoteIdentifier(renamed) + " RENAME TO " + admin_->QuoteIdentifier(role_));
	ASSERT_TRUE(after.has_value());
	EXPECT_NE(after, before);
	EXPECT_NE(pgmig::DatabaseSnapshotKey(*after), pgmig::DatabaseSnapshotKey(*before));
	EXPECT_EQ(pgmig::DatabaseSnapshotFacts(*admin_, schema), std::nullopt) << "no pg_migrate in database postgres";
	// The role may take snapshots but not call migrate_schema_fingerprint() (not granted).
	pgmig::Connection as_role(RoleConninfo(role_));
	EXPECT_EQ(pgmig::DatabaseSnapshotFacts(as_role, schema), std::nullopt) << "the role may not call it";
}

/* The local inputs come first: a models error is reported before a shadow_url error. */
TEST_F(AutogenTest, ModelsErrorBeforeShadowUrlError) {
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "pgmig.toml", "script_location = \"migrations\"\ndatabase_url = \"" + url_ +
	                                   "\"\nshadow_url = \"${PGMIG_E2E_UNSET_SHADOW}\"\n");
	RunResult r = Run({"check"}, {{"PGMIG_E2E_UNSET_SHADOW", std::nullopt}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "has no .sql files");
	EXPECT_EQ(r.err.find("PGMIG_E2E_UNSET_SHADOW"), std::string::npos) << r.err;
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
	r = Run({"check"}, {{"PGMIG_E2E_UNSET_SHADOW", std::nullopt}});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "environment variable \"PGMIG_E2E_UNSET_SHADOW\" is not set");
}

/* A cache directory that is a symbolic link is neither read nor written. */
TEST_F(ModelsCacheTest, SymlinkedCacheDirectoryIsNotUsed) {
	WriteModel("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
	RunResult r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	std::string first = r.out;
	fs::rename(dir_ / ".pgmig-cache", dir_ / "elsewhere");
	fs::create_directory_symlink(dir_ / "elsewhere", dir_ / ".pgmig-cache");
	ExpectBuildNeeded(Check(false));
	fs::remove_all(dir_ / "elsewhere");
	fs::create_directories(dir_ / "elsewhere");
	r = Check(true);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_EQ(r.out, first);
	EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "elsewhere"), fs::directory_iterator()), 0);
}

} // namespace
} // namespace e2e
