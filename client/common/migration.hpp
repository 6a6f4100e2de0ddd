/*
 * migration.hpp: what upgrade, downgrade and stamp share: the transaction that uploads the
 * script folder and runs the migration call with progress on stderr, the record of a failed
 * step, and the offline SQL script of "upgrade --sql" / "downgrade --sql".
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/file_hashes.hpp"
#include "client/common/script_upload.hpp"

#include "core/progress_notice.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pgmig {

struct StepTracker;

/* kRolledBackDetail: the DETAIL of an interrupt of a one-transaction run (Interrupted). */
inline constexpr const char *kRolledBackDetail = "The transaction was rolled back: nothing was applied.";

/* MigrationOptions: what upgrade and downgrade are asked to do (their TARGET and flags). */
struct MigrationOptions {
	bool upgrade = true;
	std::string target;
	bool sql = false;                      // --sql: print the offline script, no database
	bool transaction_per_revision = false; // --transaction-per-revision: commit after each revision
	bool dry_run = false;                  // --dry-run: rehearse on the database, keep nothing
};

/*
 * AddMigrationFlags: the flags upgrade and downgrade share (--sql, --transaction-per-revision,
 * --dry-run), stored in opts.
 */
void AddMigrationFlags(CLI::App *sub, MigrationOptions &opts);

/*
 * RunMigrationCommand: the body of upgrade and downgrade: with --sql, print OfflineScript(range)
 * to stdout; with --dry-run, RunRehearsal (rehearsal.hpp); when the run spans several
 * transactions (--transaction-per-revision, or a "Transactional: false" revision in the
 * folder), RunSteps (migration_steps.hpp); otherwise RunMigration.
 */
void RunMigrationCommand(Context &ctx, const MigrationOptions &opts);

/*
 * MigrationSession: a connection prepared by OpenMigrationConnection's first statement, with
 * what that statement said: the extension's schema (quoted) and how to upload.
 */
struct MigrationSession {
	Connection conn;
	std::string schema;
	UploadMode upload_mode = UploadMode::kFull;
	// the server has migrate_folder_stored (0.8.0): Upload asks it first
	bool folder_stored_check = false;
	// the run's transaction is open (BEGIN sent), and what migrate_folder_stored said in it
	bool in_transaction = false;
	std::optional<FolderStoredAnswer> stored;
};

/*
 * PendingRun: what NothingPending leaves for the full path when it answers false: when its
 * connection is fit for the run (a primary with the extension), that connection, already
 * prepared, so the run neither reconnects nor repeats its first statement, and the folder's
 * digest.  The parsed folder comes from the FolderLoader (file_hashes.hpp) that hashed it.
 */
struct PendingRun {
	std::string digest; // the hashed folder's (core/folder_digest.hpp), set with session
	std::optional<MigrationSession> session;
};

/*
 * ShowOnProgressBar: show the server's progress notice res on the active progress bar
 * (progress_bar.hpp); false when there is no bar or res names no step (then print it).
 */
bool ShowOnProgressBar(const PGresult *res);

/*
 * RunMigration: in one transaction, upload the script folder and call
 * migrate_upgrade(target) or migrate_downgrade(target), printing progress.
 */
void RunMigration(Context &ctx, bool upgrade, const std::string &target, const ScriptFolder *folder = nullptr,
                  MigrationSession *session = nullptr, FolderLoader *loader = nullptr);

/*
 * NothingPending: the fast path of a run with nothing to do.  The local files are hashed by
 * loader (not parsed; through the file hash cache, file_hashes.hpp, so an unchanged file is not
 * read; the caller's loader parses the folder afterwards only if asked to), and
 * the server answers from the stored folder state (0.7.0's migrate_nothing_to_do, in SQL, for
 * upgrade head or heads and downgrade base), or, when that cannot tell, in one statement
 * compares their digest (core/folder_digest.hpp) with migrate_folder_digest() and plans the
 * run (migrate_plan).
 * True when the folder is already stored byte for byte and the plan is empty: the run would
 * upload nothing and change nothing, so it may end with "Nothing to do." without a transaction,
 * an upload or the lint.  The statement sees committed state only, so a concurrent run that has
 * not committed yet makes the plan non-empty here and the caller takes the full path, which
 * waits for the migration lock.  False on a standby, without the extension, and on any database
 * error (an older server library, a role without EXECUTE on the functions): the full path then
 * runs and reports what it must, in its order.  When it cannot connect, the folder is loaded
 * first, so its errors come before the connection's, as on the full path.  With pending, a
 * false answer leaves there what the full path reuses (PendingRun).
 */
bool NothingPending(Context &ctx, bool upgrade, const std::string &target, FolderLoader &loader,
                    PendingRun *pending = nullptr);

/*
 * OpenMigrationConnection: connect for a run that changes the database: the connection
 * check interval set (kConnectionCheckInterval, so a client that dies stops its migration in
 * the server within seconds), and refused with 25006 on a standby before anything is uploaded.
 * With schema, also ExtensionSchema; with upload_mode, how to upload (kChangesOrNothing when the
 * server has the incremental upload, else kFull): all of it in one round trip.
 */
Connection OpenMigrationConnection(Context &ctx, std::string *schema = nullptr, UploadMode *upload_mode = nullptr);

/* kConnectionCheckInterval: client_connection_check_interval of a migration's session. */
inline constexpr const char *kConnectionCheckInterval = "2s";

/*
 * LocateStepError: e, with the place of its statement in the local revision file
 * (error_location.hpp) when its CONTEXT names the step; e unchanged otherwise.
 */
DbError LocateStepError(const ScriptFolder &folder, const DbError &e);

/*
 * FailedStepOf: the revision and direction a failed step's error names in its CONTEXT
 * (upgrade for "applying", downgrade for "reverting"); nullopt when it names none.
 */
std::optional<std::pair<std::string, std::string>> FailedStepOf(const DbError &e);

/*
 * RecordStepFailure: record the failure of revision's step (direction) in pg_migrate.log
 * (migrate_log_failure, with the local file's checksum), outside any transaction.  When that
 * fails, the error and a warning are printed and ErrorReported is thrown.
 */
void RecordStepFailure(Connection &conn, const std::string &schema, const ScriptFolder &folder,
                       const std::string &revision, const std::string &direction, double seconds, const DbError &error);

/*
 * RecordTrackedFailure: after the rollback of a migration call that failed with error, record
 * the step tracker followed (or, before its first notice, the step the error's CONTEXT names)
 * with RecordStepFailure.
 */
void RecordTrackedFailure(Connection &conn, const std::string &schema, const ScriptFolder &folder,
                          const StepTracker &tracker, const DbError &error);

/*
 * ProgressNoticeHandler: the notice handler of a migration run: a progress line for each MG101
 * notice and for the server's "waiting for the migration lock ..." notice, PrintNotice for the
 * others; tracker (may be null) follows the MG101 notices.
 */
NoticeHandler ProgressNoticeHandler(const Context &ctx, StepTracker *tracker);

/*
 * StepTracker: the step a migration call is running, so that a failed step can be recorded
 * (migrate_log_failure) after the rollback.  The extension's MG101 progress notice names its
 * step in its DETAIL (core/progress_notice.hpp); the last one received while the call runs is
 * the step that failed if the call fails.
 */
struct StepTracker {
	bool in_call = false;                  // set by the body around the migration call
	std::optional<pgm::ProgressStep> step; // of the last MG101 notice taken while in_call
	int unnamed_notices = 0;               // MG101 notices while in_call whose DETAIL names no step
	double step_started_at = 0;            // Context::Elapsed() when that notice arrived
	double failed_at = 0;                  // Context::Elapsed() when the call failed

	/*
	 * Notice: an MG101 notice with this DETAIL (nullptr: none) arrived at time now.  Taken only
	 * while in_call, and only as the next upgrade or downgrade step of the call (step 1 first,
	 * then each one after the other, with the same count), so a notice a revision raises itself
	 * does not move the step unless it imitates the next one exactly.  A notice without a step
	 * DETAIL (a server library older than 0.2.0) is counted in unnamed_notices.
	 */
	void Notice(const char *detail, double now);
};

/*
 * ErrorReported: thrown when the error has already been printed (the original error, then a
 * warning that it could not be recorded); main exits 1 without printing anything more.
 */
class ErrorReported : public std::exception {
public:
	const char *
	what() const noexcept override {
		return "error reported";
	}
};

/*
 * RunInMigrationTransaction: what upgrade, downgrade and stamp share: load the script
 * folder, connect, and in one transaction upload it and run body(conn, schema), printing
 * the MG101 progress notices on stderr; rolled back on any error.  Returns body's result
 * (the number of steps).  With a tracker, a failure of the migration call after a step
 * started (and not a lost connection) is recorded after the rollback, in a new transaction, as
 * a failure of that step (migrate_log_failure, with the local file's checksum); when that
 * fails too, the error and a warning are printed and ErrorReported is thrown.  loaded: the
 * folder when the caller has loaded it already; session: a connection the caller has prepared
 * already (NothingPending's), taken over by the run.  loader: without loaded, the folder comes
 * from it, and only when needed: not when session says the database stored this folder
 * (nothing to upload), unless a step fails (its place in the local file).
 */
int RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body,
                              StepTracker *tracker = nullptr, const ScriptFolder *loaded = nullptr,
                              MigrationSession *session = nullptr, FolderLoader *loader = nullptr);

/*
 * OfflineScript: the SQL script of "upgrade --sql RANGE" / "downgrade --sql RANGE", built from
 * the local files only (no database): the range resolved by ResolveOfflineRange (client/common/offline_script.hpp), the
 * plan from its start heads, each step's SQL and checksum from the local files.
 */
std::string OfflineScript(const ScriptFolder &folder, bool upgrade, const std::string &range,
                          const std::string &generator);

/* PrintProgress: one progress line on stderr, stamped with the seconds since the start. */
void PrintProgress(const Context &ctx, const std::string &text);

} // namespace pgmig
