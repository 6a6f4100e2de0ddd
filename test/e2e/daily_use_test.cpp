/*
 * daily_use_test.cpp: end-to-end tests of what makes pgmig pleasant every day (issue 12):
 * Ctrl-C and SIGTERM cancel the server's work and exit 130 (one transaction, one per revision,
 * a command waiting on a lock, a shadow build); current flags (head) by the local folder and
 * warns when the database is behind it or ahead of it; the progress bar on a pseudo-terminal
 * (util-linux script), read back as the screen shows it.
 */
#include "test/e2e/harness.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace e2e {
namespace {

using nlohmann::json;

class DailyUseTest : public DbTest {
protected:
	/* WaitFor: poll sql (on the admin connection) until it returns a row; false after 20 s. */
	bool
	WaitFor(const std::string &sql, const std::vector<pgmig::Param> &params = {}) {
		auto started = std::chrono::steady_clock::now();
		while (std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
			pgmig::ResultPtr rows = admin_->Exec(sql, params);
			if (PQntuples(rows.get()) > 0)
				return true;
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
		}
		return false;
	}
	/* WaitForPgmigSleep: pgmig's session in the test database sleeps (pg_sleep). */
	bool
	WaitForPgmigSleep() {
		return WaitFor("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pgmig' AND "
		               "wait_event = 'PgSleep'",
		               {db_name_});
	}
	/* PgmigSessionsGone: no pgmig session is left running a query in the test database. */
	bool
	PgmigSessionsGone() {
		return WaitFor("SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = $1 AND "
		               "application_name = 'pgmig' AND state <> 'idle')",
		               {db_name_});
	}
	std::string
	VersionRows() {
		return Scalar("SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM pg_migrate.version");
	}
	std::vector<std::string>
	ShadowDatabases() {
		std::vector<std::string> names;
		for (const auto &row : Query("SELECT datname FROM pg_database WHERE datname LIKE 'pgmig\\_shadow\\_%'"))
			names.push_back(row[0]);
		return names;
	}
	/*
	 * OnTerminal: run "pgmig args" under script(1), on a pseudo-terminal columns wide; the raw
	 * bytes the terminal received (stdout and stderr), and the exit status in *status.
	 */
	std::string
	OnTerminal(const std::string &args, int columns, int *status) {
		std::string command =
		    "cd " + ShellQuoted(dir_.string()) + " && TERM=xterm script -qfec " +
		    ShellQuoted("stty cols " + std::to_string(columns) + "; " + ShellQuoted(PGMIG_BINARY) + " " + args) +
		    " /dev/null </dev/null 2>&1";
		FILE *pipe = popen(command.c_str(), "r");
		std::string raw;
		char buf[4096];
		std::size_t n;
		while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
			raw.append(buf, n);
		int rc = pclose(pipe);
		*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
		return raw;
	}
};

/*
 * Screen: what a terminal shows after raw: carriage return, line feed and "erase to end of
 * line" (ESC [ K) are applied; any other escape sequence is left in the text, so a test sees it.
 */
std::vector<std::string>
Screen(const std::string &raw) {
	std::vector<std::string> lines{""};
	std::size_t col = 0;
	for (std::size_t i = 0; i < raw.size(); i++) {
		char c = raw[i];
		std::string &line = lines.back();
		if (c == '\r') {
			col = 0;
		} else if (c == '\n') {
			lines.emplace_back();
			col = 0;
		} else if (c == '\x1b' && raw.compare(i, 3, "\x1b[K") == 0) {
			line.erase(std::min(col, line.size()));
			i += 2;
		} else {
			if (col < line.size())
				line[col] = c;
			else
				line += c;
			col++;
		}
	}
	while (!lines.empty() && lines.back().empty())
		lines.pop_back();
	return lines;
}

std::string
Joined(const std::vector<std::string> &lines) {
	std::string out;
	for (const std::string &l : lines)
		out += l + "\n";
	return out;
}

/* SIGINT and SIGTERM in a slow revision: exit 130, the run rolled back, the lock free again. */
TEST_F(DailyUseTest, InterruptRollsBackTheUpgrade) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE account (id int);", "DROP TABLE account;");
	fs::path slow = AddRevision("bbbb2222", "aaaa1111", "very slow", "SELECT pg_sleep(30);", "");
	std::string before = State();
	for (int sig : {SIGINT, SIGTERM}) {
		SCOPED_TRACE(sig == SIGINT ? "SIGINT" : "SIGTERM");
		Child child({"upgrade", "head"}, dir_);
		ASSERT_TRUE(WaitForPgmigSleep()) << "pgmig's session was not seen in pg_stat_activity";
		kill(child.Pid(), sig);
		RunResult r = child.Wait(60);
		EXPECT_EQ(r.exit_code, 130) << r.err;
		EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n"
		                       "pgmig: detail: The transaction was rolled back: nothing was applied.\n");
		EXPECT_CONTAINS(r.err, "applying revision \"bbbb2222\"");
		EXPECT_TRUE(PgmigSessionsGone());
		EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname = 'account'"), "0");
		Query("DELETE FROM pg_migrate.log WHERE outcome = 'failed'");
		EXPECT_EQ(State(), before);
	}
	// Nothing is left locked: the next run applies everything.
	WriteFile(slow, RevisionText("bbbb2222", "aaaa1111", "very slow", "SELECT 1;", ""));
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(VersionRows(), "bbbb2222");
}

/*
 * A second SIGINT while pgmig cleans up exits at once: the cleanup (recording the cancelled step
 * in pg_migrate.log) is held up by a lock the test holds, the second signal ends pgmig anyway.
 */
TEST_F(DailyUseTest, SecondInterruptExitsAtOnce) {
	AddRevision("aaaa1111", "", "very slow", "CREATE TABLE account (id int); SELECT pg_sleep(30);",
	            "DROP TABLE account;");
	Child child({"upgrade", "head"}, dir_);
	ASSERT_TRUE(WaitForPgmigSleep());
	db_->Exec("BEGIN");
	db_->Exec("SET LOCAL lock_timeout = '5s'");
	db_->Exec("LOCK TABLE pg_migrate.log IN ACCESS EXCLUSIVE MODE");
	kill(child.Pid(), SIGINT);
	bool stuck = WaitFor("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pgmig' AND "
	                     "wait_event_type = 'Lock'",
	                     {db_name_});
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(60);
	db_->Exec("ROLLBACK");
	ASSERT_TRUE(stuck) << "the cleanup never waited on the lock";
	EXPECT_EQ(r.exit_code, 130) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user (second interrupt): exiting without cleaning up\n");
	EXPECT_TRUE(PgmigSessionsGone());
	EXPECT_EQ(VersionRows(), "");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname = 'account'"), "0");
}

/* One transaction per revision: the revisions committed before the interrupt are named and kept. */
TEST_F(DailyUseTest, InterruptPerRevisionKeepsTheCommittedOnes) {
	AddRevision("aaaa1111", "", "first", "CREATE TABLE account (id int);", "DROP TABLE account;");
	AddRevision("bbbb2222", "aaaa1111", "second", "CREATE TABLE ledger (id int);", "DROP TABLE ledger;");
	AddRevision("cccc3333", "bbbb2222", "very slow", "CREATE TABLE slow (id int); SELECT pg_sleep(30);",
	            "DROP TABLE slow;");
	Child child({"upgrade", "head", "--transaction-per-revision"}, dir_);
	ASSERT_TRUE(WaitForPgmigSleep());
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(60);
	EXPECT_EQ(r.exit_code, 130) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n"
	                       "pgmig: detail: Revisions \"aaaa1111\" and \"bbbb2222\" were applied and committed before "
	                       "the interrupt; they are kept. The transaction of revision \"cccc3333\" was rolled back. "
	                       "The database is at revision bbbb2222.\n");
	EXPECT_TRUE(PgmigSessionsGone());
	EXPECT_EQ(VersionRows(), "bbbb2222");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname IN ('account', 'ledger')"), "2");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname = 'slow'"), "0");
}

/* A read-only command waiting on a lock the test holds: SIGTERM cancels the wait, exit 130. */
TEST_F(DailyUseTest, InterruptWhileWaitingOnALock) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	db_->Exec("BEGIN");
	// current reads the stored folder state first (0.10.0), the version table after it
	db_->Exec("LOCK TABLE pg_migrate.folder_state, pg_migrate.version IN ACCESS EXCLUSIVE MODE");
	Child child({"current"}, dir_);
	ASSERT_TRUE(WaitFor("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pgmig' AND "
	                    "wait_event_type = 'Lock'",
	                    {db_name_}));
	kill(child.Pid(), SIGTERM);
	RunResult r = child.Wait(60);
	db_->Exec("ROLLBACK");
	EXPECT_EQ(r.exit_code, 130) << r.err;
	EXPECT_EQ(r.out, "");
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\npgmig: detail: The running statement was canceled and "
	                       "its transaction rolled back: nothing was changed.\n");
	EXPECT_TRUE(PgmigSessionsGone());
	EXPECT_EQ(Out({"current"}), "cccc3333 (head)\n");
}

/* check --from-migrations builds a shadow database; an interrupt there drops it. */
TEST_F(DailyUseTest, InterruptDropsTheShadowBuild) {
	AddRevision("aaaa1111", "", "create users", "CREATE TABLE users (id bigint PRIMARY KEY);", "DROP TABLE users;");
	AddRevision("bbbb2222", "aaaa1111", "very slow", "SELECT pg_sleep(30);", "");
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
	Child child({"check", "--from-migrations"}, dir_);
	ASSERT_TRUE(WaitFor("SELECT 1 FROM pg_stat_activity WHERE datname LIKE 'pgmig\\_shadow\\_%' AND "
	                    "wait_event = 'PgSleep'"));
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(60);
	EXPECT_EQ(r.exit_code, 130) << r.err;
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n");
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
	EXPECT_EQ(VersionRows(), "");
}

/* current at the local head, then after a "git pull" that brought a new revision. */
TEST_F(DailyUseTest, CurrentFlagsHeadByTheLocalFolder) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Out({"current"}), "cccc3333 (head)\n");
	json rows = Json({"current", "--format", "json"});
	ASSERT_EQ(rows.size(), 1u);
	EXPECT_EQ(rows[0]["is_head"], true);
	EXPECT_EQ(rows[0]["in_local_folder"], true);
	EXPECT_EQ(rows[0]["revisions_to_apply"], 0);

	// A pull brings two revisions: the database's revision is no longer the head.
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE d (id int);", "DROP TABLE d;");
	AddRevision("eeee5555", "dddd4444", "fifth", "CREATE TABLE e (id int);", "DROP TABLE e;");
	RunResult r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "cccc3333\n");
	EXPECT_EQ(r.err, "pgmig: warning: the database is behind the local heads (2 revisions to apply)\n"
	                 "pgmig: hint: Run \"pgmig upgrade head\".\n");
	r = Run({"current", "--format", "json"});
	EXPECT_EQ(r.exit_code, 0);
	rows = json::parse(r.out);
	EXPECT_EQ(rows[0]["is_head"], false);
	EXPECT_EQ(rows[0]["revisions_to_apply"], 2);
	EXPECT_CONTAINS(r.err, "behind the local heads (2 revisions to apply)");
	r = Run({"current", "-v"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_CONTAINS(r.out, "\nRev: cccc3333\nParent: bbbb2222\n");

	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Out({"current"}), "eeee5555 (head)\n");

	// An empty database is behind too.
	ASSERT_EQ(Run({"downgrade", "base"}).exit_code, 0);
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out, "");
	EXPECT_CONTAINS(r.err, "the database is behind the local heads (5 revisions to apply)");
}

/* The database holds a revision the folder lacks (another branch's), and a folder that cannot be read. */
/*
 * At the heads of an unchanged folder, current answers from the stored folder state
 * (migrate_nothing_to_do and migrate_current_lines, 0.7.0), never calling migrate_current():
 * proved by renaming migrate_current() away.  As soon as the folder differs (a pulled revision),
 * the state cannot answer and the full path runs (and here fails for want of migrate_current()).
 */
TEST_F(DailyUseTest, CurrentAtTheHeadsAnswersFromTheStoredState) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Out({"current"}), "cccc3333 (head)\n");
	db_->Exec("ALTER FUNCTION migrate_current() RENAME TO migrate_current_away");
	RunResult r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "cccc3333 (head)\n");
	EXPECT_EQ(r.err, "");
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE d (id int);", "DROP TABLE d;");
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "migrate_current() does not exist");
	db_->Exec("ALTER FUNCTION migrate_current_away() RENAME TO migrate_current");
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "cccc3333\n");
	EXPECT_CONTAINS(r.err, "behind the local heads (1 revision to apply)");
}

TEST_F(DailyUseTest, CurrentWarnsAboutRevisionsTheFolderLacks) {
	AddChain();
	fs::path d = AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE d (id int);", "DROP TABLE d;");
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	fs::remove(d);
	RunResult r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "dddd4444 (head)\n"); // the database's flags: it knows no child
	EXPECT_EQ(r.err, "pgmig: warning: the database has revision dddd4444 that is not in migrations/versions\n"
	                 "pgmig: detail: Its flags are the database's.\n"
	                 "pgmig: hint: Fetch its file (e.g. git pull, or check out the branch that has it) before "
	                 "upgrading or downgrading.\n");
	r = Run({"current", "--format", "json"});
	json rows = json::parse(r.out);
	EXPECT_EQ(rows[0]["in_local_folder"], false);
	EXPECT_TRUE(rows[0]["revisions_to_apply"].is_null());

	r = Run({"--script-location", "nowhere", "current"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(r.out, "dddd4444 (head)\n");
	EXPECT_CONTAINS(r.err, "pgmig: warning: could not read the script folder: ");
	EXPECT_CONTAINS(r.err, "pgmig: detail: The revisions are flagged (head) by the database's uploaded revisions, not "
	                       "by the local files.\n");
	r = Run({"--script-location", "nowhere", "current", "--format", "json"});
	EXPECT_TRUE(json::parse(r.out)[0]["in_local_folder"].is_null());
}

/* On a terminal: the bar instead of the per-revision lines, then the summary; elsewhere the lines. */
TEST_F(DailyUseTest, ProgressBarOnATerminal) {
	AddChain();
	int status = -1;
	std::string raw = OnTerminal("upgrade head", 100, &status);
	EXPECT_EQ(status, 0) << raw;
	std::vector<std::string> screen = Screen(raw);
	std::string shown = Joined(screen);
	ASSERT_GE(screen.size(), 2u) << shown;
	// The bar's final state (99 columns: 24 cells), then the summary.
	const std::string &bar = screen[screen.size() - 2];
	EXPECT_EQ(bar.rfind("[########################] 3/3 ", 0), 0u) << shown;
	EXPECT_CONTAINS(bar, " elapsed, ~0:00 left");
	EXPECT_LE(bar.size(), 99u);
	EXPECT_CONTAINS(screen.back(), "Done: 3 revisions upgraded.");
	EXPECT_EQ(shown.find("Running upgrade"), std::string::npos) << shown;
	EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
	// It was drawn in place: the first step's text was on the bar's line before.
	EXPECT_CONTAINS(raw, "\r[");
	EXPECT_CONTAINS(raw, "Running upgrade  -> aaaa1111");
	EXPECT_EQ(VersionRows(), "cccc3333");

	// Downgrade and stamp too.
	raw = OnTerminal("downgrade base", 100, &status);
	EXPECT_EQ(status, 0) << raw;
	shown = Joined(Screen(raw));
	EXPECT_CONTAINS(shown, "] 3/3 ");
	EXPECT_CONTAINS(shown, "Done: 3 revisions downgraded.");
	EXPECT_EQ(shown.find("Running downgrade"), std::string::npos) << shown;
	raw = OnTerminal("stamp head", 60, &status);
	EXPECT_EQ(status, 0) << raw;
	shown = Joined(Screen(raw));
	EXPECT_CONTAINS("\n" + shown, "\n1/1 "); // 60 columns: no room for the bar graphic
	EXPECT_EQ(shown.find("Running stamp"), std::string::npos) << shown;

	// Not a terminal: the lines as before.
	ASSERT_EQ(Run({"stamp", "base"}).exit_code, 0);
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0);
	EXPECT_EQ(Progress(r.err).size(), 4u) << r.err;
	EXPECT_CONTAINS(r.err, "Running upgrade  -> aaaa1111, create account table\n");
}

/* The shadow build of check --from-migrations shows the bar on a terminal, and leaves no shadow database. */
TEST_F(DailyUseTest, ProgressBarOfTheShadowBuild) {
	AddRevision("aaaa1111", "", "create users", "CREATE TABLE users (id bigint PRIMARY KEY);", "DROP TABLE users;");
	AddRevision("bbbb2222", "aaaa1111", "add name", "ALTER TABLE users ADD COLUMN name text;",
	            "ALTER TABLE users DROP COLUMN name;");
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
	int status = -1;
	std::string raw = OnTerminal("check --from-migrations", 100, &status);
	EXPECT_EQ(status, 0) << raw;
	std::string shown = Joined(Screen(raw));
	EXPECT_CONTAINS(shown, "] 2/2 ");
	EXPECT_CONTAINS(shown, "No new upgrade operations detected.");
	EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});

	// revision --autogenerate builds the models in a shadow database: a bar over the model files.
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	WriteFile(dir_ / "models" / "orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
	raw = OnTerminal("revision --autogenerate --no-cache -m orders", 100, &status);
	EXPECT_EQ(status, 0) << raw;
	shown = Joined(Screen(raw));
	EXPECT_CONTAINS(shown, "] 2/2 ");
	EXPECT_CONTAINS(raw, "model file models/");
	EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
	EXPECT_EQ(ShadowDatabases(), std::vector<std::string>{});
}

} // namespace
} // namespace e2e
