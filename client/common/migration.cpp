/*
 * migration.cpp: what upgrade, downgrade and stamp share: one transaction that uploads the
 * script folder and calls migrate_upgrade, migrate_downgrade or migrate_stamp, with progress
 * on stderr; the record of a failed upgrade or downgrade step in pg_migrate.log, written after
 * the rollback; and the offline script of "upgrade --sql" / "downgrade --sql".
 */
#include "client/common/migration.hpp"

#include "client/common/error_location.hpp"
#include "client/common/file_hashes.hpp"
#include "client/common/lint_report.hpp"
#include "client/common/migration_steps.hpp"
#include "client/common/offline_script.hpp"
#include "client/common/output.hpp"
#include "client/common/progress_bar.hpp"
#include "client/common/rehearsal.hpp"
#include "client/common/safeguards.hpp"
#include "client/common/script_upload.hpp"
#include "client/version.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"
#include "core/progress_notice.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

namespace pgmig {

namespace {

std::string
SchemaFrom(Connection &conn, const PGresult *res, int col) {
	if (PQgetisnull(res, 0, col))
		throw DbError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		              "extension \"pg_migrate\" is not installed in database \"" + conn.Database() + "\"", "",
		              "Run CREATE EXTENSION pg_migrate; as a superuser.");
	return conn.QuoteIdentifier(PQgetvalue(res, 0, col));
}

/* LocalChecksum: the checksum of revision id's local file; nullopt when the folder lacks it. */
Param
LocalChecksum(const ScriptFolder &folder, const std::string &id) {
	for (const pgm::RevisionFile &r : folder.revisions)
		if (r.rev.id == id)
			return r.checksum;
	return std::nullopt;
}

} // namespace

/*
 * RecordTrackedFailure: after the rollback of a migration call that failed with error while the step
 * of tracker ran, record that step in pg_migrate.log in a new transaction (one statement).
 * Nothing ran before the first step's notice; but an error whose CONTEXT names a step (a
 * syntax error found before the step's notice) is that step's.  When the record fails, the
 * original error is printed first, then a warning, and ErrorReported is thrown: the run still
 * fails with the original error.
 */
void
RecordTrackedFailure(Connection &conn, const std::string &schema, const ScriptFolder &folder,
                     const StepTracker &tracker, const DbError &error) {
	std::optional<std::pair<std::string, std::string>> named = FailedStepOf(error);
	if (!tracker.step && named) {
		RecordStepFailure(conn, schema, folder, named->first, named->second, 0, error);
		return;
	}
	if (!tracker.step) {
		if (tracker.unnamed_notices > 0) {
			PrintError(error);
			PrintDiagnostic(Diagnostic{"warning",
			                           "the failed step was not recorded in pg_migrate.log",
			                           "The server's pg_migrate library does not name its steps in its progress "
			                           "notices; it is older than 0.2.0.",
			                           "Install pg_migrate 0.2.0 or later on the server.",
			                           {}});
			throw ErrorReported();
		}
		return;
	}
	RecordStepFailure(conn, schema, folder, tracker.step->revisions.front(), tracker.step->direction,
	                  tracker.failed_at - tracker.step_started_at, error);
}

void
RecordStepFailure(Connection &conn, const std::string &schema, const ScriptFolder &folder, const std::string &revision,
                  const std::string &direction, double seconds, const DbError &error) {
	char duration[64];
	std::snprintf(duration, sizeof(duration), "%.6f seconds", std::max(0.0, seconds));
	try {
		conn.Exec("SELECT " + schema + ".migrate_log_failure($1, $2, $3, $4, $5::pg_catalog.interval, $6)",
		          {revision, direction, error.Sqlstate(), error.Message(), std::string(duration),
		           LocalChecksum(folder, revision)});
	} catch (const DbError &log_error) {
		PrintError(error);
		PrintDiagnostic(Diagnostic{
		    "warning", "could not record the failure in pg_migrate.log: " + log_error.Message(), {}, {}, {}});
		throw ErrorReported();
	}
}

std::optional<std::pair<std::string, std::string>>
FailedStepOf(const DbError &e) {
	std::optional<StepContextLine> step = FindStepContext(e.ServerContext());
	if (!step)
		return std::nullopt;
	return std::make_pair(step->revision, std::string(step->action == "reverting" ? "downgrade" : "upgrade"));
}

/*
 * LocateStepError: the server names the file it knows; the local file with that revision id is
 * the one the user edits, so it is shown (the same bytes were uploaded in this run).
 */
DbError
LocateStepError(const ScriptFolder &folder, const DbError &e) {
	std::string remaining;
	std::optional<StepContextLine> step = FindStepContext(e.Context(), &remaining);
	if (!step || step->line <= 0 || !e.Location().empty())
		return e;
	ErrorLocation loc;
	loc.file = step->file;
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (folder.revisions[i].rev.id == step->revision)
			loc.file = folder.files[i].path;
	loc.line = step->line;
	loc.position_line = step->line; // the server names the line of the error position
	loc.action = step->action;
	loc.revision = step->revision;
	loc.statement = e.InternalQuery();
	loc.position = e.InternalPosition();
	if (loc.statement.empty())
		return e;
	DbError located = e;
	located.Locate(remaining, FormatErrorLocation(loc));
	return located;
}

namespace {

/*
 * kFirstStatementSql: the first statement of a migration's session: the interval is SET after
 * connecting rather than given as a startup option, so it works through PgBouncer, which
 * refuses unknown startup parameters.  Columns: the interval, pg_is_in_recovery(), the
 * extension's schema and version (NULL without the extension).  It reads pg_extension once and
 * nothing else: on a new session every catalog a statement touches is read into the backend's
 * caches first, which made this statement cost 9-11 ms when it also looked up functions and
 * privileges (docs/benchmarks.md, 0.9.0).  What the version tells (FirstStatement) replaces the
 * functions' lookup; the upload's privileges are asked when files must be sent (UploadMode::kAsk).
 */
constexpr const char *kFirstStatementSql =
    "SELECT pg_catalog.set_config('client_connection_check_interval', $1, false), pg_catalog.pg_is_in_recovery(), "
    "n.nspname, e.extversion FROM (SELECT) AS d LEFT JOIN (pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n "
    "ON n.oid OPERATOR(pg_catalog.=) e.extnamespace) ON e.extname OPERATOR(pg_catalog.=) $2";

ResultPtr
ExecFirstStatement(Connection &conn) {
	return conn.Exec(kFirstStatementSql, {std::string(kConnectionCheckInterval), std::string("pg_migrate")});
}

/* FirstStatement: what kFirstStatementSql's row says. */
struct FirstStatement {
	bool standby = false;
	bool installed = false;
	std::string version;
	bool stored_state = false;  // 0.7.0: migrate_nothing_to_do, migrate_current_lines
	bool folder_stored = false; // 0.8.0: migrate_folder_stored
};

FirstStatement
ReadFirstStatement(const PGresult *res) {
	FirstStatement f;
	f.standby = std::string(PQgetvalue(res, 0, 1)) == "t";
	f.installed = !PQgetisnull(res, 0, 2);
	if (!PQgetisnull(res, 0, 3)) {
		f.version = PQgetvalue(res, 0, 3);
		f.stored_state = !OlderVersion(f.version, "0.7.0");
		f.folder_stored = !OlderVersion(f.version, "0.8.0");
	}
	return f;
}

} // namespace

Connection
OpenMigrationConnection(Context &ctx, std::string *schema, UploadMode *upload_mode) {
	Connection conn(ctx.Conninfo());
	ResultPtr res = ExecFirstStatement(conn);
	FirstStatement first = ReadFirstStatement(res.get());
	if (first.standby)
		throw StandbyRefusal("migrate");
	if (!first.version.empty())
		WarnIfExtensionOlder(conn, first.version);
	if (schema != nullptr)
		*schema = SchemaFrom(conn, res.get(), 2);
	if (upload_mode != nullptr)
		*upload_mode = UploadMode::kAsk;
	return conn;
}

/*
 * NothingPending: its connection is prepared as OpenMigrationConnection prepares one, so that
 * the full path can take it over (PendingRun) when there is work to do.
 */
bool
NothingPending(Context &ctx, bool upgrade, const std::string &target, FolderLoader &loader, PendingRun *pending) {
	// The folder is hashed while this thread connects; its errors come first, as before.
	std::optional<Connection> conn;
	try {
		conn.emplace(ctx.Conninfo());
	} catch (...) {
		// The full path reports the folder's errors before connecting: so here too.
		(void)loader.Folder();
		throw;
	}
	const std::string direction = upgrade ? "upgrade" : "downgrade";
	std::string digest;
	{
		// a large folder is still being hashed: the session's first statement meanwhile
		std::optional<StoredStateWarmUp> warm_up;
		if (!loader.HashesReady())
			warm_up.emplace(*conn, direction, target, kConnectionCheckInterval);
		digest = loader.Hashes().digest;
	}
	// 0.10.0: the answer in the session's first statement, from one table; a server that cannot
	// give it is asked as before.
	std::optional<bool> known;
	try {
		if (std::optional<StoredState> state =
		        AskStoredState(*conn, digest, direction, target, kConnectionCheckInterval)) {
			if (state->standby)
				return false; // the full path refuses, after checking the folder
			if (state->nothing_to_do == true)
				return true;
			known = state->nothing_to_do;
		}
	} catch (const DbError &) {
		return false; // the full path reports what is wrong
	}
	ResultPtr res;
	try {
		res = ExecFirstStatement(*conn);
	} catch (const DbError &) {
		return false; // the full path reports what is wrong
	}
	FirstStatement first = ReadFirstStatement(res.get());
	std::string schema;
	try {
		if (first.standby || !first.installed)
			return false; // the full path refuses, after checking the folder
		if (!first.version.empty())
			WarnIfExtensionOlder(*conn, first.version);
		schema = SchemaFrom(*conn, res.get(), 2);
	} catch (const DbError &) {
		return false; // the full path reports what is wrong
	}
	bool nothing = false;
	try {
		// 0.7.0: the stored folder state and the version table, in SQL (no library, no revision
		// table); NULL when it cannot tell for this target.
		if (!known && first.stored_state) {
			try {
				ResultPtr fast =
				    conn->Exec("SELECT " + schema + ".migrate_nothing_to_do($1, $2, $3)", {digest, direction, target});
				if (!PQgetisnull(fast.get(), 0, 0))
					known = std::string(PQgetvalue(fast.get(), 0, 0)) == "t";
			} catch (const DbError &) {
				// a role granted only 0.6.0's functions: ask as 0.6.0 did
			}
		}
		if (known) {
			nothing = *known;
		} else {
			// AND evaluates the plan (an initplan, run on demand) only when the digests are equal.
			ResultPtr noop = conn->Exec("SELECT " + schema +
			                                ".migrate_folder_digest() OPERATOR(pg_catalog.=) $1 AND NOT EXISTS (SELECT "
			                                "FROM " +
			                                schema + ".migrate_plan($2, $3))",
			                            {digest, direction, target});
			nothing = std::string(PQgetvalue(noop.get(), 0, 0)) == "t";
		}
	} catch (const DbError &) {
		// the full path reports what is wrong; outside a transaction the session is still fit
	}
	if (!nothing && pending != nullptr && conn->Alive()) {
		pending->session.emplace(MigrationSession{std::move(*conn), std::move(schema), UploadMode::kAsk,
		                                          first.folder_stored, false, std::nullopt});
		pending->digest = std::move(digest);
	}
	return nothing;
}

bool
ShowOnProgressBar(const PGresult *res) {
	ProgressBar *bar = ProgressBar::Active();
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (bar == nullptr || detail == nullptr || text == nullptr)
		return false;
	std::optional<pgm::ProgressStep> step = pgm::ParseProgressDetail(detail);
	if (!step)
		return false;
	bar->StepStarted(step->step, step->steps, text, "");
	return true;
}

NoticeHandler
ProgressNoticeHandler(const Context &ctx, StepTracker *tracker) {
	return [&ctx, tracker](const PGresult *res) {
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		if (code != nullptr && text != nullptr && std::string(code) == pgm::sqlstate::kProgressNotice) {
			if (tracker != nullptr)
				tracker->Notice(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL), ctx.Elapsed());
			if (!ShowOnProgressBar(res))
				PrintProgress(ctx, text);
		} else if (text != nullptr && std::string(text).rfind("waiting for the migration lock", 0) == 0) {
			PrintProgress(ctx, text);
		} else {
			PrintNotice(res);
		}
	};
}

void
StepTracker::Notice(const char *detail, double now) {
	if (!in_call)
		return;
	std::optional<pgm::ProgressStep> next = detail != nullptr ? pgm::ParseProgressDetail(detail) : std::nullopt;
	if (!next) {
		unnamed_notices++;
		return;
	}
	bool in_order = step ? next->step == step->step + 1 && next->steps == step->steps : next->step == 1;
	if (in_order && next->revisions.size() == 1 && (next->direction == "upgrade" || next->direction == "downgrade")) {
		step = std::move(next);
		step_started_at = now;
	}
}

void
PrintProgress(const Context &ctx, const std::string &text) {
	char stamp[32];
	std::snprintf(stamp, sizeof(stamp), "[%7.3fs] ", ctx.Elapsed());
	std::cout.flush();
	if (ProgressBar *bar = ProgressBar::Active())
		bar->ClearLine();
	std::cerr << (stamp + pgm::TerminalText(text, pgm::TerminalLines::kEscape) + "\n") << std::flush;
}

/*
 * RunInMigrationTransaction: everything in one transaction, so the catalog never holds
 * scripts that were uploaded for a run that failed, and a failure leaves the database as it
 * was.  The files are checked locally first, so their errors name the local paths.
 */
int
RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body,
                          StepTracker *tracker, const ScriptFolder *loaded, MigrationSession *session,
                          FolderLoader *loader) {
	// With a loader the folder is taken from it only when it is needed: to upload (not when the
	// database stored this folder) or to place a failed step in its file.
	std::optional<ScriptFolder> own;
	auto folder = [&]() -> const ScriptFolder & {
		if (loaded == nullptr)
			loaded = loader != nullptr ? &loader->Folder() : &own.emplace(LoadScriptFolder(ctx.ScriptLocation()));
		return *loaded;
	};
	if (loader == nullptr)
		(void)folder(); // the folder's errors first, before connecting
	std::string schema;
	UploadMode upload_mode = UploadMode::kFull;
	std::optional<Connection> opened;
	bool ask_folder_stored = false;
	bool in_transaction = false;
	const FolderStoredAnswer *answered = nullptr;
	if (session != nullptr) {
		opened.emplace(std::move(session->conn));
		schema = session->schema;
		upload_mode = session->upload_mode;
		ask_folder_stored = session->folder_stored_check;
		in_transaction = session->in_transaction;
		if (session->stored)
			answered = &*session->stored;
	} else {
		opened.emplace(OpenMigrationConnection(ctx, &schema, &upload_mode));
	}
	Connection &conn = *opened;
	std::optional<std::string> backup = TakeRequestedBackup(ctx, conn, schema);
	conn.SetNoticeHandler(ProgressNoticeHandler(ctx, tracker));

	CancelOnInterrupt cancel_on_interrupt(conn);
	ProgressScope progress; // on a terminal, the bar replaces the per-revision lines
	int steps = 0;
	bool committing = false;
	try {
		if (!in_transaction)
			conn.Exec("BEGIN");
		RecordBackup(conn, backup);
		// a stored folder is not uploaded: Upload would return every revision "unchanged"
		std::vector<UploadRow> uploaded =
		    answered != nullptr && answered->stored
		        ? std::vector<UploadRow>()
		        : Upload(conn, schema, folder(), upload_mode, ask_folder_stored, answered);
		for (const UploadRow &r : uploaded)
			if (r.action != "unchanged") {
				PrintProgress(ctx, "Uploaded " + UploadSummary(uploaded) + ".");
				break;
			}
		steps = body(conn, schema);
		committing = true;
		conn.Exec("COMMIT");
		progress.Complete();
	} catch (const DbError &e) {
		InterruptCleanup cleanup; // the rollback and the failure's record run after an interrupt too
		bool call_failed = tracker != nullptr && tracker->in_call;
		if (tracker != nullptr)
			tracker->in_call = false;
		if (conn.Alive()) {
			try {
				conn.Exec("ROLLBACK");
			} catch (const DbError &) {
				// The first error is the one to report.
			}
		}
		if (committing && !conn.Alive())
			throw DbError(e.Sqlstate(), e.Message(), e.Detail(),
			              "The connection was lost during COMMIT: run \"pgmig current\" to see whether the changes "
			              "were committed.",
			              e.Context());
		const ScriptFolder *local = nullptr;
		try {
			local = &folder();
		} catch (const pgm::MigError &) {
			// the stored folder is this one, byte for byte, so it parses; should it not, the
			// database's error is still the one to report, without its place in the file
		}
		DbError located = local != nullptr ? LocateStepError(*local, e) : e;
		if (call_failed && conn.Alive() && local != nullptr)
			RecordTrackedFailure(conn, schema, *local, *tracker, located);
		if (InterruptReceived())
			throw Interrupted(located, kRolledBackDetail);
		throw located;
	}
	return steps;
}

void
RunMigration(Context &ctx, bool upgrade, const std::string &target, const ScriptFolder *folder,
             MigrationSession *session, FolderLoader *loader) {
	const char *function = upgrade ? "migrate_upgrade" : "migrate_downgrade";
	StepTracker tracker;
	int steps = RunInMigrationTransaction(
	    ctx,
	    [&](Connection &conn, const std::string &schema) {
		    if (upgrade)
			    LintBeforeMigration(ctx, conn, schema, target);
		    tracker.in_call = true;
		    try {
			    ResultPtr res = conn.Exec(
			        "SELECT revision, direction, message, duration FROM " + schema + "." + function + "($1)", {target});
			    tracker.in_call = false;
			    return PQntuples(res.get());
		    } catch (const DbError &) {
			    tracker.failed_at = ctx.Elapsed();
			    throw;
		    }
	    },
	    &tracker, folder, session, loader);
	if (steps == 0)
		PrintProgress(ctx, "Nothing to do.");
	else
		PrintProgress(ctx, "Done: " + std::to_string(steps) + (steps == 1 ? " revision " : " revisions ") +
		                       (upgrade ? "upgraded." : "downgraded."));
}

std::string
OfflineScript(const ScriptFolder &folder, bool upgrade, const std::string &range, const std::string &generator) {
	pgm::Direction direction = upgrade ? pgm::Direction::kUpgrade : pgm::Direction::kDowngrade;
	OfflineRange resolved = ResolveOfflineRange(folder.graph, direction, range);
	pgm::Plan plan = upgrade ? pgm::PlanUpgrade(folder.graph, resolved.start_heads, resolved.target)
	                         : pgm::PlanDowngrade(folder.graph, resolved.start_heads, resolved.target);
	std::map<std::string, OfflineStepSource> sources;
	for (const pgm::RevisionFile &r : folder.revisions)
		sources[r.rev.id] =
		    OfflineStepSource{upgrade ? std::optional<std::string>(r.upgrade_sql) : r.downgrade_sql, r.checksum};
	return RenderOfflineScript(folder.graph, plan, resolved.start_heads, sources, generator);
}

void
AddMigrationFlags(CLI::App *sub, MigrationOptions &opts) {
	sub->add_flag("--sql", opts.sql,
	              "Offline mode: print the SQL script of the range to stdout instead of connecting (Alembic's "
	              "--sql); the script checks the database's current revisions and the uploaded checksums "
	              "before it changes anything, so upload the files (pgmig upload) before running it");
	sub->add_flag("--transaction-per-revision", opts.transaction_per_revision,
	              "Commit after each revision instead of once for the whole run: a failure keeps the revisions "
	              "before it (needed when a revision uses an enum value the one before it added)");
	sub->add_flag("--dry-run", opts.dry_run,
	              "Rehearse: run the revisions in one transaction, report each one's time and the locks it took, "
	              "then roll everything back (\"Transactional: false\" revisions are listed, not run)");
	sub->get_option("--sql")->excludes("--transaction-per-revision")->excludes("--dry-run");
	sub->get_option("--dry-run")->excludes("--transaction-per-revision");
}

/*
 * RunMigrationCommand: one transaction is the default, as before; the step loop only when the
 * run must span several (the server's migrate_upgrade refuses a non-transactional revision).
 */
/*
 * BeginWhileParsing: open the run's transaction and ask migrate_folder_stored (0.8.0) with the
 * hashed folder's digest while loader parses the folder: when the folder is stored, the run
 * needs nothing of the parse but to know whether a revision is non-transactional, and the parse
 * no longer stands between the no-op check and the first step.  A database error here is
 * reported after the folder's own errors, as when the folder was parsed first; the transaction
 * it leaves is rolled back.  A role that may not call migrate_folder_stored is not refused: the
 * run goes on without asking it (migrate_upload_needed, as before 0.8.0).
 */
void
BeginWhileParsing(MigrationSession &session, const std::string &digest, FolderLoader &loader) {
	try {
		session.conn.Exec("BEGIN");
		session.in_transaction = true;
		session.stored = AskFolderStored(session.conn, session.schema, digest, session.upload_mode);
	} catch (const DbError &e) {
		(void)loader.Folder(); // the folder's error first
		RollbackAfterError(session.conn);
		session.in_transaction = false;
		session.stored.reset();
		// A role not granted migrate_folder_stored (the guide's list before 0.9.0 lacked it):
		// the run goes on without the question, as with a server that does not have it.
		if ((e.Sqlstate() == "42501" || e.Sqlstate() == "42883") && session.conn.Alive()) {
			session.folder_stored_check = false;
			return;
		}
		throw;
	}
}

void
RunMigrationCommand(Context &ctx, const MigrationOptions &opts) {
	if (opts.sql) {
		ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
		std::cout << OfflineScript(folder, opts.upgrade, opts.target, std::string("pgmig ") + PGMIG_VERSION)
		          << std::flush;
		return;
	}
	if (opts.dry_run) {
		RunRehearsal(ctx, opts.upgrade, opts.target);
		return;
	}
	// The folder is hashed, then parsed, on another thread while this one asks the server.
	FolderLoader loader(ctx.ScriptLocation(), FileHashCacheDir(ctx));
	PendingRun pending;
	if (!BackupRequested() && NothingPending(ctx, opts.upgrade, opts.target, loader, &pending)) {
		loader.Cancel();
		PrintProgress(ctx, "Nothing to do.");
		return;
	}
	loader.StartParse();
	if (pending.session && pending.session->folder_stored_check && !opts.transaction_per_revision)
		BeginWhileParsing(*pending.session, pending.digest, loader);
	// The folder the database stored, every revision transactional (known from the file hash
	// cache): the run needs nothing of the files, unless a step fails (its place in the file).
	if (pending.session && pending.session->stored && pending.session->stored->stored &&
	    loader.Hashes().all_transactional) {
		loader.Cancel(); // the parse is needed only if a step fails: then it is read again
		RunMigration(ctx, opts.upgrade, opts.target, nullptr, &*pending.session, &loader);
		return;
	}
	const ScriptFolder &folder = loader.Folder();
	if (opts.transaction_per_revision || HasNonTransactional(folder)) {
		if (pending.session && pending.session->in_transaction)
			RollbackAfterError(pending.session->conn); // releases the migration lock now, not at disconnect
		pending.session.reset();                       // the step loop opens its own session
		RunSteps(ctx, opts.upgrade, opts.target, opts.transaction_per_revision, &folder);
		return;
	}
	RunMigration(ctx, opts.upgrade, opts.target, &folder, pending.session ? &*pending.session : nullptr);
}

} // namespace pgmig
