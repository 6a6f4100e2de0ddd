/*
 * incremental_upload_test.cpp: end-to-end tests of the incremental upload (script_upload.hpp):
 * pgmig asks migrate_upload_needed which files the catalog lacks, sends only those (as a binary
 * bytea[]) and names the others; a run whose folder the catalog already holds uploads nothing.
 * The catalog after an incremental upload is compared with the one a full upload of the same
 * folder gives in another database.  Which server functions ran is read from
 * pg_stat_user_functions (track_functions = all, set for pgmig's session only).
 */
#include "test/e2e/harness.hpp"

#include "client/common/db.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace e2e {
namespace {

class IncrementalUploadTest : public DbTest {
protected:
	/* kTrackCalls: pgmig's session counts the calls of every function. */
	const Env kTrackCalls{{"PGOPTIONS", "-c track_functions=all"}};

	/*
	 * Calls: the calls of the extension's functions named name (the overload with nargs
	 * arguments, or all when nargs < 0) counted so far in the test database.  A session's counts
	 * are flushed when it ends, which may be after pgmig exited: see WaitForCalls.
	 */
	long
	Calls(const std::string &name, int nargs = -1) {
		Query("SELECT pg_catalog.pg_stat_clear_snapshot()");
		return std::stol(Scalar("SELECT coalesce(sum(s.calls), 0) FROM pg_stat_user_functions s "
		                        "JOIN pg_proc p ON p.oid = s.funcid WHERE s.funcname = $1 AND ($2::int < 0 OR "
		                        "p.pronargs = $2::int)",
		                        {name, std::to_string(nargs)}));
	}
	/* WaitForCalls: Calls(name) once it reached at least n (at most 10 s), for the flush at session end. */
	long
	WaitForCalls(const std::string &name, long n) {
		long calls = 0;
		for (int i = 0; i < 200 && (calls = Calls(name)) < n; i++)
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
		return calls;
	}
	/* Catalog: every column of every catalog revision but the upload time, in id order. */
	std::vector<std::vector<std::string>>
	Catalog(pgmig::Connection &conn) {
		pgmig::ResultPtr res = conn.Exec("SELECT (pg_catalog.to_jsonb(r) - 'uploaded_at')::text FROM "
		                                 "pg_migrate.revision r ORDER BY r.id");
		std::vector<std::vector<std::string>> rows;
		for (int i = 0; i < PQntuples(res.get()); i++)
			rows.push_back({PQgetvalue(res.get(), i, 0)});
		return rows;
	}
	/* FolderArrays: the folder's file names and bytes as text[] and bytea[] literals (hex), for a full upload. */
	std::vector<pgmig::Param>
	FolderArrays() {
		std::vector<std::string> names, contents;
		std::vector<fs::path> paths;
		for (const auto &entry : fs::directory_iterator(Versions()))
			if (entry.path().extension() == ".sql")
				paths.push_back(entry.path());
		std::sort(paths.begin(), paths.end());
		for (const fs::path &p : paths) {
			names.push_back(p.filename().string());
			contents.push_back(ReadFile(p));
		}
		return {pgmig::TextArrayLiteral(names), pgmig::ByteaArrayLiteral(contents)};
	}
};

/*
 * A changed folder (one file edited, one added, one removed, one renamed, binary bytes in one):
 * pgmig upload sends only what changed, and the catalog and the printed rows are those of a
 * full upload of the same folder into another database in the same state.
 */
TEST_F(IncrementalUploadTest, SameCatalogAsAFullUpload) {
	AddChain();
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	AddRevision("eeee5555", "dddd4444", "fifth", "CREATE TABLE fifth (id int);", "DROP TABLE fifth;");
	std::string other = CreateDatabase(true);
	pgmig::Connection other_conn(Conninfo(other));
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	pgmig::ResultPtr first =
	    other_conn.Exec("SELECT count(*) FROM migrate_upload($1::text[], $2::bytea[])", FolderArrays());
	other_conn.Exec("SELECT count(*) FROM migrate_upgrade('bbbb2222')");
	ASSERT_EQ(Catalog(*db_), Catalog(other_conn));

	// cccc3333 edited (pending), dddd4444 removed, eeee5555 renamed and reparented, ffff6666 added
	// with non-ASCII SQL and CRLF line ends.
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE ledger (id bigint);", "DROP TABLE ledger;");
	for (const auto &entry : fs::directory_iterator(Versions())) {
		std::string name = entry.path().filename().string();
		if (name.rfind("dddd4444", 0) == 0 || name.rfind("eeee5555", 0) == 0)
			fs::remove(entry.path());
	}
	WriteFile(Versions() / "zz_eeee5555.sql",
	          RevisionText("eeee5555", "cccc3333", "fifth", "CREATE TABLE fifth (id int);", "DROP TABLE fifth;"));
	std::string crlf;
	for (char c : RevisionText("ffff6666", "eeee5555", "sixth", "SELECT 'é';", "SELECT 1;"))
		crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
	WriteFile(Versions() / "ffff6666_sixth.sql", crlf);

	long full_before = Calls("migrate_upload", 2);
	RunResult r = Run({"upload"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(WaitForCalls("migrate_upload_needed", 1), 1);
	EXPECT_EQ(Calls("migrate_upload", 4), 1);
	EXPECT_EQ(Calls("migrate_upload", 2), full_before);

	pgmig::ResultPtr full = other_conn.Exec("SELECT action, revision, file_name FROM "
	                                        "migrate_upload($1::text[], $2::bytea[])",
	                                        FolderArrays());
	std::string expected;
	for (int i = 0; i < PQntuples(full.get()); i++) {
		std::string action = PQgetvalue(full.get(), i, 0);
		if (action != "unchanged")
			expected += action + " " + PQgetvalue(full.get(), i, 1) + " (" + PQgetvalue(full.get(), i, 2) + ")\n";
	}
	EXPECT_EQ(r.out.substr(0, expected.size()), expected);
	EXPECT_CONTAINS(r.out, "Uploaded 5 revisions: 1 added, 2 updated, 1 removed, 2 unchanged.");
	EXPECT_EQ(Catalog(*db_), Catalog(other_conn));

	// And the two databases go on alike.
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	other_conn.Exec("SELECT count(*) FROM migrate_upgrade('head')");
	EXPECT_EQ(Catalog(*db_), Catalog(other_conn));
	EXPECT_EQ(Run({"current"}).out, "ffff6666 (head)\n");
}

/*
 * With the folder unchanged, a downgrade (and an upgrade with pending revisions, and stamp)
 * uploads nothing: migrate_upload_needed answers that nothing is missing, and migrate_upload is
 * never called.  An edited file is sent by the next run.
 */
TEST_F(IncrementalUploadTest, UnchangedFolderIsNotUploaded) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	long uploads = Calls("migrate_upload");
	long asked = Calls("migrate_upload_needed");
	long stored = Calls("migrate_folder_stored");

	RunResult r = Run({"downgrade", "aaaa1111"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err.find("Uploaded"), std::string::npos) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 2 revisions downgraded.");
	r = Run({"upgrade", "bbbb2222"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"stamp", "cccc3333"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// 0.8.0: the downgrade and the upgrade (after the no-op check) ask migrate_folder_stored, which
	// says the folder is stored, so neither asks migrate_upload_needed; stamp still does.
	EXPECT_EQ(WaitForCalls("migrate_folder_stored", stored + 2), stored + 2);
	EXPECT_EQ(WaitForCalls("migrate_upload_needed", asked + 1), asked + 1);
	EXPECT_EQ(Calls("migrate_upload"), uploads);
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");

	// an edited pending file is sent by the next run
	ASSERT_EQ(Run({"stamp", "bbbb2222"}).exit_code, 0);
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE ledger (id bigint);", "DROP TABLE ledger;");
	r = Run({"upgrade", "head"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	EXPECT_EQ(WaitForCalls("migrate_upload", uploads + 1), uploads + 1);
	EXPECT_EQ(Scalar("SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'ledger'::regclass AND "
	                 "attname = 'id'"),
	          "bigint");
}

/*
 * A catalog row edited by hand (it no longer matches its stored file) is not looked for by a
 * run whose folder is unchanged (as by the no-op run); pgmig upload, and any run that uploads,
 * names it as unchanged, is refused (55000) and sends the whole folder instead, which rewrites
 * the row as a full upload does.
 */
TEST_F(IncrementalUploadTest, HandEditedRowIsRewrittenByTheFullUpload) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	Query("UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE planted (id int);' WHERE id = 'aaaa1111'");
	RunResult r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 1);
	long full = Calls("migrate_upload", 2);
	r = Run({"upgrade", "cccc3333"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err.find("Uploaded"), std::string::npos) << r.err;
	EXPECT_EQ(Run({"validate"}).exit_code, 1);

	r = Run({"upload"}, kTrackCalls);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "updated aaaa1111 (aaaa1111_create_account_table.sql)\n");
	EXPECT_CONTAINS(r.out, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	// the incremental call failed (a failed call is not counted), then the full form ran
	EXPECT_EQ(WaitForCalls("migrate_upload_needed", 2), 2);
	EXPECT_EQ(Calls("migrate_upload", 2), full + 1);
	r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	// With a changed folder, upgrade does the same.
	Query("UPDATE pg_migrate.revision SET downgrade_sql = 'CREATE TABLE planted (id int);' WHERE id = 'bbbb2222'");
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 4 revisions: 1 added, 1 updated, 0 removed, 2 unchanged.");
	r = Run({"validate"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	Query("DROP TABLE IF EXISTS planted");
}

/*
 * An applied revision whose file was edited is refused as by a full upload (MG001), and nothing
 * changes; a role granted only the full migrate_upload still uploads (the whole folder).
 */
TEST_F(IncrementalUploadTest, RefusalsAndOlderGrantsAreAsBefore) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	std::string before = State();
	AddRevision("bbbb2222", "aaaa1111", "add column", "ALTER TABLE account ADD COLUMN name varchar;",
	            "ALTER TABLE account DROP COLUMN name;");
	RunResult r = Run({"downgrade", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "checksum of applied revision \"bbbb2222\" does not match its file");
	EXPECT_EQ(State(), before);

	// The revision restored; a deploy role with EXECUTE on the full upload only.
	AddRevision("bbbb2222", "aaaa1111", "add column", "ALTER TABLE account ADD COLUMN name text;",
	            "ALTER TABLE account DROP COLUMN name;");
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	std::string role = "pgm_iu_" + db_name_;
	Query("CREATE ROLE " + role + " LOGIN");
	Query("GRANT CREATE, USAGE ON SCHEMA public TO " + role);
	Query("GRANT USAGE ON SCHEMA pg_migrate TO " + role);
	Query("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role);
	Query("REVOKE EXECUTE ON FUNCTION migrate_upload_needed(text[], text[]) FROM " + role);
	Query("REVOKE EXECUTE ON FUNCTION migrate_upload(text[], bytea[], text[], text[]) FROM " + role);
	UseDatabaseUrl(url_ + " user=" + role);
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 4 revisions: 1 added, 0 updated, 0 removed, 3 unchanged.");
	UseDatabaseUrl(url_);
	EXPECT_EQ(Run({"current"}).out, "dddd4444 (head)\n");
	Query("DROP OWNED BY " + role);
	Query("DROP ROLE " + role);
}

/*
 * A deploy role granted the guide's list of 0.6.0 (no migrate_folder_stored, no
 * migrate_nothing_to_do, no migrate_current_lines or migrate_current_stored, and here no
 * pg_migrate.stored_state either, though 0.10.0 opens it to PUBLIC): upgrade, the no-op,
 * a new revision, current and downgrade all work; the run goes on without the questions it may
 * not ask (it was refused with "permission denied for function migrate_folder_stored" in 0.8.0).
 */
TEST_F(IncrementalUploadTest, RoleWithoutTheSpeedFunctionsRunsAsBefore) {
	AddChain();
	std::string role = "pgm_iu_old_" + db_name_;
	Query("CREATE ROLE " + role + " LOGIN");
	Query("GRANT CREATE, USAGE ON SCHEMA public TO " + role);
	Query("GRANT USAGE ON SCHEMA pg_migrate TO " + role);
	Query("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role);
	for (const char *f : {"migrate_folder_stored(text)", "migrate_nothing_to_do(text, text, text)",
	                      "migrate_current_lines()", "migrate_current_stored(text)"})
		Query(std::string("REVOKE EXECUTE ON FUNCTION ") + f + " FROM " + role);
	// 0.10.0's first question is open to PUBLIC: taken away here, so the run asks as before.
	Query("REVOKE EXECUTE ON FUNCTION pg_migrate.stored_state(text, text, text) FROM PUBLIC");
	UseDatabaseUrl(url_ + " user=" + role);
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 3 revisions upgraded.");
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	AddRevision("dddd4444", "cccc3333", "fourth", "CREATE TABLE fourth (id int);", "DROP TABLE fourth;");
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 1 revision upgraded.");
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "dddd4444 (head)\n");
	r = Run({"downgrade", "cccc3333"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 1 revision downgraded.");
	UseDatabaseUrl(url_);
	EXPECT_EQ(Run({"current"}).out, "cccc3333\n");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log WHERE outcome = 'applied'"), "5");
	Query("DROP OWNED BY " + role);
	Query("DROP ROLE " + role);
}

/*
 * 0.10.0: current and the no-op ask pg_migrate.stored_state, in the session's first statement,
 * and nothing else when it answers; a run with work asks it, then goes the full way without
 * asking migrate_nothing_to_do again.
 */
TEST_F(IncrementalUploadTest, CurrentAndNoopAskStoredStateAlone) {
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"current"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "cccc3333 (head)\n");
	r = Run({"upgrade", "head"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	r = Run({"downgrade", "base"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 3 revisions downgraded.");
	r = Run({"downgrade", "base"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	// four runs; a run that connected before its folder was hashed also sent a warm-up (below)
	long asked = WaitForCalls("stored_state", 4);
	EXPECT_GE(asked, 4);
	EXPECT_LE(asked, 8);
	for (const char *older :
	     {"migrate_current_stored", "migrate_nothing_to_do", "migrate_current_lines", "migrate_folder_digest"})
		EXPECT_EQ(Calls(older), 0) << older;
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.log WHERE outcome = 'applied'"), "6");
}

/*
 * The warm-up of a session opened before its folder was hashed: pg_migrate.stored_state without a
 * digest tells nothing of the folder, and the answer asked after it is the one asked without it,
 * for current's question and for a migration's (with the check interval).  Where it fails (no
 * extension), the session stays usable and AskStoredState says it cannot tell.  Collected by the
 * destructor when Finish was not called.
 */
TEST_F(IncrementalUploadTest, WarmUpChangesNoAnswer) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	const std::string digest = Scalar("SELECT digest FROM pg_migrate.folder_state");
	// the answer as one line: version|nothing to do|current lines|standby
	auto ask = [&](bool warm, const std::string &asked_digest, const char *interval) -> std::string {
		pgmig::Connection conn(url_);
		if (warm) {
			pgmig::StoredStateWarmUp warm_up(conn, "upgrade", "heads", interval);
			warm_up.Finish();
		}
		std::optional<pgmig::StoredState> state =
		    pgmig::AskStoredState(conn, asked_digest, "upgrade", "heads", interval);
		if (!state)
			return "no answer";
		std::string lines = "NULL";
		if (state->current_lines) {
			lines.clear();
			for (const std::string &line : *state->current_lines)
				lines += line + ";";
		}
		return state->extversion + "|" +
		       (state->nothing_to_do ? (*state->nothing_to_do ? "t" : "f") : std::string("NULL")) + "|" + lines + "|" +
		       (state->standby ? "t" : "f");
	};
	for (const char *interval : {static_cast<const char *>(nullptr), "5s"}) {
		std::string cold = ask(false, digest, interval);
		EXPECT_EQ(ask(true, digest, interval), cold);
		EXPECT_CONTAINS(cold, "|t|cccc3333 (head);|f");
		std::string other = ask(false, std::string(64, '0'), interval);
		EXPECT_EQ(ask(true, std::string(64, '0'), interval), other);
		EXPECT_CONTAINS(other, "|f|NULL|f");
	}
	{
		pgmig::Connection conn(url_);
		{
			pgmig::StoredStateWarmUp unfinished(conn, "downgrade", "base");
		} // the destructor collects the answer: the session takes the next statement, even sent
		  // without waiting (PQexec would drop a result left behind, PQsendQuery refuses)
		conn.Send("SELECT 6 * 7");
		EXPECT_EQ(std::string(PQgetvalue(conn.Wait().get(), 0, 0)), "42");
	}

	pgmig::Connection bare(Conninfo(CreateDatabase(false)));
	pgmig::StoredStateWarmUp warm_up(bare, "upgrade", "heads");
	warm_up.Finish();
	EXPECT_FALSE(pgmig::AskStoredState(bare, digest, "upgrade", "heads").has_value());
	EXPECT_EQ(std::string(PQgetvalue(bare.Exec("SELECT 41 + 1").get(), 0, 0)), "42");
}

/*
 * An extension older than 0.10.0 (here 0.9.0, as a database not yet updated keeps it): pgmig
 * warns once and asks the older functions; current and the no-op answer as before.
 */
TEST_F(IncrementalUploadTest, OlderExtensionIsAskedAsBefore) {
	Query("DROP EXTENSION pg_migrate");
	Query("CREATE EXTENSION pg_migrate VERSION '0.9.0'");
	AddChain();
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "is version 0.9.0, older than pgmig");
	r = Run({"current"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "cccc3333 (head)\n");
	EXPECT_CONTAINS(r.err, "is version 0.9.0, older than pgmig");
	r = Run({"upgrade", "head"}, kTrackCalls);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_GE(WaitForCalls("migrate_nothing_to_do", 1), 1);
	EXPECT_GE(WaitForCalls("migrate_current_stored", 1), 1);
}

} // namespace
} // namespace e2e
