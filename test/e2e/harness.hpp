/*
 * harness.hpp: what the end-to-end tests share: running the real pgmig binary as a child
 * process (cwd, environment, stdout, stderr, exit code), a throwaway project directory with
 * the revision chains most tests start from, and a fresh database per test on the server
 * named by PGMIG_TEST_URL.
 */
#pragma once

#include "client/common/db.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace e2e {

namespace fs = std::filesystem;

/* Env: environment changes for a child: a value sets, nullopt unsets. */
using Env = std::map<std::string, std::optional<std::string>>;

struct RunResult {
	int exit_code = -1; // the exit status; 128+N when killed by signal N
	std::string out;
	std::string err;
};

/*
 * Child: a running pgmig.  The child gets this process's environment without
 * DATABASE_URL and PGAPPNAME, plus env.  Output is collected by a thread, so several
 * children can run at once.
 */
class Child {
public:
	Child(const std::vector<std::string> &args, const fs::path &cwd, const Env &env = {});
	~Child();
	Child(const Child &) = delete;
	Child &operator=(const Child &) = delete;

	/* Wait: wait for the child (killed after timeout_s seconds) and return what it did. */
	RunResult Wait(int timeout_s = 120);
	pid_t
	Pid() const {
		return pid_;
	}

private:
	pid_t pid_ = -1;
	int out_fd_ = -1, err_fd_ = -1;
	std::thread reader_;
	RunResult result_;
	bool waited_ = false;
};

/* Pgmig: run pgmig with args in cwd and wait for it. */
RunResult Pgmig(const std::vector<std::string> &args, const fs::path &cwd, const Env &env = {});

/* Contains: success when haystack contains needle; the failure shows both. */
::testing::AssertionResult Contains(const std::string &haystack, const std::string &needle);
#define EXPECT_CONTAINS(haystack, needle) EXPECT_TRUE(::e2e::Contains((haystack), (needle)))

/* Lines: text split into lines (without the newlines). */
std::vector<std::string> Lines(const std::string &text);

/* Progress: the stderr lines of a migration run with their "[  0.012s] " stamps checked and removed. */
std::vector<std::string> Progress(const std::string &err);

/* ReadFile / WriteFile: whole files, bytes as they are. */
std::string ReadFile(const fs::path &p);
void WriteFile(const fs::path &p, const std::string &bytes);

/* RevisionText: a revision file in the format pgmig revision writes. */
std::string RevisionText(const std::string &id, const std::string &parents, const std::string &message,
                         const std::string &upgrade_sql, const std::optional<std::string> &downgrade_sql,
                         const std::string &depends_on = "");

/* ProjectTest: a fixture with a fresh project directory made by "pgmig init", without its models/ (no database). */
class ProjectTest : public ::testing::Test {
protected:
	void SetUp() override;
	void TearDown() override;

	/* AddRevision: write migrations/versions/<id>_<slug>.sql; returns its path. */
	fs::path AddRevision(const std::string &id, const std::string &parents, const std::string &message,
	                     const std::string &upgrade_sql, const std::optional<std::string> &downgrade_sql = "",
	                     const std::string &depends_on = "");
	fs::path
	Versions() const {
		return dir_ / "migrations" / "versions";
	}
	/*
	 * AddChain: aaaa1111 "create account table" <- bbbb2222 "add column" (to account) <-
	 * cccc3333 "third" (a table ledger).
	 */
	void AddChain();
	/* AddGraph: a branch point (bbbb2222) and a merge point (eeee5555); each upgrade creates a table. */
	void AddGraph();

	/* Run: pgmig in the project directory. */
	RunResult Run(const std::vector<std::string> &args, const Env &env = {});
	/* Out: the stdout of Run(args), which must exit 0 and print nothing on stderr. */
	std::string Out(const std::vector<std::string> &args);
	/* Json: the stdout of Run(args) parsed as JSON; the run must exit 0 and print nothing on stderr. */
	nlohmann::json Json(const std::vector<std::string> &args);

	fs::path dir_;
};

/* PgBinDir: the PostgreSQL programs of the test server (PG_BINDIR, else Debian's path). */
std::string PgBinDir();

/* Sh: run a shell command; its exit status (128 when it did not exit). */
int Sh(const std::string &command);

/* FreeTcpPort: a TCP port of 127.0.0.1 free right now (bind port 0, read it back). */
std::string FreeTcpPort();

/* AsOwner: the prefix that runs a command as the postgres user when the tests run as root. */
std::string AsOwner();

/* ShellQuoted: s as one word for /bin/sh (single-quoted). */
std::string ShellQuoted(const std::string &s);

/*
 * PythonWith: a Python interpreter that imports every module of modules (comma-separated, e.g.
 * "alembic, sqlalchemy, psycopg2"): $PGMIG_TEST_PYTHON, else python3 on the PATH, else Debian's
 * /usr/bin/python3 (python3 on the PATH may be a pyenv or venv interpreter without the Debian
 * packages); "" when none does.  Each answer is remembered.
 */
std::string PythonWith(const std::string &modules);

/*
 * PgBouncer: Debian's pgbouncer (/usr/sbin/pgbouncer) in transaction pooling mode on a free TCP
 * port of 127.0.0.1, in front of a test server, for every database; stopped (SIGTERM) and its
 * directory removed by the destructor.
 */
class PgBouncer {
public:
	PgBouncer() = default;
	~PgBouncer();
	PgBouncer(const PgBouncer &) = delete;
	PgBouncer &operator=(const PgBouncer &) = delete;

	/*
	 * Start: a pooler for the server that server is connected to (its host, port and user), with
	 * at most pool_size server connections per database and user; returns its port once it
	 * answers for database probe_db, "" when it could not be started.
	 */
	std::string Start(PGconn *server, const std::string &probe_db, int pool_size = 20);

private:
	std::string dir_;
	std::string pid_file_;
};

/*
 * DbTest: ProjectTest plus a fresh database with the extension installed, named in
 * pgmig.toml as database_url.  Skipped without PGMIG_TEST_URL (fails with PGMIG_REQUIRE_DB=1).
 */
class DbTest : public ProjectTest {
protected:
	void SetUp() override;
	void TearDown() override;

	/* Conninfo: a key=value connection string for database db on the test server. */
	std::string Conninfo(const std::string &db) const;
	/* SqlalchemyUrl: an SQLAlchemy URL (psycopg2) of database db on the test server. */
	std::string SqlalchemyUrl(const std::string &db) const;
	/* Query: rows of sql (text values, NULL as "NULL") in the test database. */
	std::vector<std::vector<std::string>> Query(const std::string &sql, const std::vector<pgmig::Param> &params = {});
	/* Scalar: the single value of sql. */
	std::string Scalar(const std::string &sql, const std::vector<pgmig::Param> &params = {});
	/*
	 * CreateDatabase: another fresh database, dropped at teardown; returns its name.  With the
	 * extension, and PGMIG_TEST_TEMPLATE naming a database where CREATE EXTENSION pg_migrate was
	 * just run (and nothing else), a copy of that database (CREATE DATABASE ... TEMPLATE).
	 */
	std::string CreateDatabase(bool with_extension);
	/* State: the catalog and user tables, as one string to compare before and after. */
	std::string State();
	/* UseDatabaseUrl: point pgmig.toml's database_url at url. */
	void UseDatabaseUrl(const std::string &url);

	std::unique_ptr<pgmig::Connection> admin_;
	std::unique_ptr<pgmig::Connection> db_;
	std::string db_name_;
	std::string url_;
	std::vector<std::string> databases_;
};

} // namespace e2e
