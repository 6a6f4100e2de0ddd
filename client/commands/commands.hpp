/*
 * commands.hpp: the pgmig subcommands, one file each (mamba's micromamba/src layout).
 * Each set_<name>_command adds its subcommand, options and help text to the app and runs
 * the command from the subcommand's callback.  Errors are thrown (pgm::MigError, DbError)
 * and reported by main.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pgmig {

void set_global_options(CLI::App &app, Context &ctx);

void set_init_command(CLI::App &app, Context &ctx);
void set_revision_command(CLI::App &app, Context &ctx);
void set_upload_command(CLI::App &app, Context &ctx);
void set_upgrade_command(CLI::App &app, Context &ctx);
void set_downgrade_command(CLI::App &app, Context &ctx);
void set_current_command(CLI::App &app, Context &ctx);
void set_history_command(CLI::App &app, Context &ctx);
void set_heads_command(CLI::App &app, Context &ctx);
void set_branches_command(CLI::App &app, Context &ctx);
void set_show_command(CLI::App &app, Context &ctx);
void set_stamp_command(CLI::App &app, Context &ctx);
void set_merge_command(CLI::App &app, Context &ctx);
void set_validate_command(CLI::App &app, Context &ctx);
void set_repair_command(CLI::App &app, Context &ctx);
void set_graph_command(CLI::App &app, Context &ctx);
void set_plan_command(CLI::App &app, Context &ctx);
void set_check_command(CLI::App &app, Context &ctx);

/* UploadRow: one row of migrate_upload: what happened to one revision of the catalog. */
struct UploadRow {
	std::string revision;
	std::string file_name;
	std::string action; // added, updated, unchanged, removed
};

/*
 * Upload: send the script folder's files (bare names, exact bytes) to migrate_upload in
 * schema (quoted) and return its rows.
 */
std::vector<UploadRow> Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder);

/* UploadSummary: "N revisions: a added, u updated, r removed, k unchanged". */
std::string UploadSummary(const std::vector<UploadRow> &rows);

/*
 * RunMigration: the body of upgrade and downgrade: in one transaction, upload the script
 * folder and call migrate_upgrade(target) or migrate_downgrade(target), printing progress.
 */
void RunMigration(Context &ctx, bool upgrade, const std::string &target);

/*
 * StepTracker: what a migration call's body tells RunInMigrationTransaction so that a failed
 * step can be recorded (migrate_log_failure) after the rollback: the planned steps in order
 * (migrate_plan, under the migration lock the upload took, so they are the steps the call
 * runs, read only after the call failed) and, while the call runs, the MG101 notices received.
 * The k-th notice starts planned step k.
 */
struct StepTracker {
	std::string direction;            // upgrade or downgrade
	std::vector<std::string> planned; // revision of each planned step, in order
	bool in_call = false;             // set by the body around the migration call
	int notices = 0;                  // MG101 notices received while in_call
	double last_notice_at = 0;        // Context::Elapsed() at the last of them
	double failed_at = 0;             // Context::Elapsed() when the call failed
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
 * (the number of steps).  With a tracker, a failure of the migration call after k >= 1
 * steps started (and not a lost connection) is recorded after the rollback, in a new
 * transaction, as a failed step of planned step k (migrate_log_failure, with the local
 * file's checksum); when that fails too, the error and a warning are printed and
 * ErrorReported is thrown.
 */
int RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body,
                              StepTracker *tracker = nullptr);

/*
 * OfflineScript: the SQL script of "upgrade --sql RANGE" / "downgrade --sql RANGE", built from
 * the local files only (no database): the range resolved by pgm::ResolveOfflineRange, the plan
 * from its start heads, each step's SQL and checksum from the local files.
 */
std::string OfflineScript(const ScriptFolder &folder, bool upgrade, const std::string &range,
                          const std::string &generator);

/* AddSqlFlag: the --sql flag of upgrade and downgrade. */
void AddSqlFlag(CLI::App *sub, bool &sql);

/*
 * RunMigrationOrScript: with sql, print OfflineScript(range) to stdout (no database);
 * otherwise RunMigration(target).
 */
void RunMigrationOrScript(Context &ctx, bool upgrade, bool sql, const std::string &target);

/* PrintProgress: one progress line on stderr, stamped with the seconds since the start. */
void PrintProgress(const Context &ctx, const std::string &text);

/* DatabaseHeads: the database's current heads (migrate_current), connecting with ctx. */
std::vector<std::string> DatabaseHeads(Context &ctx);

/*
 * LogEntry: Alembic's verbose entry of id (pgm::FormatLogEntry) with the local file's path
 * and create date, ending in a blank line as Alembic prints it.
 */
std::string LogEntry(const ScriptFolder &folder, const std::string &id, const std::set<std::string> &current_heads = {},
                     bool indicate_current = false);

/* WithBlankLine: text ending in exactly one blank line (Alembic prints one after each entry). */
std::string WithBlankLine(std::string text);

/*
 * ObfuscatePassword: conninfo (a URL or key=value string) with the password replaced by
 * "***", as Alembic shows the URL in "current -v".
 */
std::string ObfuscatePassword(const std::string &conninfo);

/* NewRevision: what GenerateRevision writes. */
struct NewRevision {
	std::string message;
	std::string rev_id; // empty: a new random id
	std::vector<std::string> parents;
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	std::string upgrade_sql; // generated SQL of the sections (autogenerate); "" for none
	std::string downgrade_sql;
};

/*
 * GenerateRevision: render the script folder's template (or the default one) for rev,
 * check that the result parses and fits the graph, write versions/<id>_<slug>.sql and
 * print "Generating <path> ...  done".  Used by revision and merge.
 */
void GenerateRevision(const ScriptFolder &folder, const NewRevision &rev);

/* AddFormatOption: --format text|json (anything else is a usage error). */
CLI::Option *AddFormatOption(CLI::App *sub, std::string &format);

/* PrintJson: value with a 2-space indent and a newline on stdout (invalid UTF-8 replaced). */
void PrintJson(const nlohmann::ordered_json &value);

/* VerifyRow: one row of migrate_verify(). */
struct VerifyRow {
	std::string revision;
	std::string file_name;
	std::string checksum;
	bool is_applied = false;
	std::optional<std::string> applied_checksum;
	std::string status; // ok, pending, edited
};

/* ValidateReport: what validate found. */
struct ValidateReport {
	std::vector<std::string> lines; // one per difference, in catalog order, then the new files
	int revisions = 0;              // local revisions
	int applied = 0;                // applied revisions in the database
	bool needs_upload = false;      // new files or edited pending revisions
	bool needs_repair = false;      // edited applied revisions
	bool missing = false;           // revisions only in the database
};

/*
 * CompareWithDatabase: the local files of folder against the rows of migrate_verify(); pure.
 * folder_display names the script folder in "missing" lines.
 */
ValidateReport CompareWithDatabase(const ScriptFolder &folder, const std::vector<VerifyRow> &rows,
                                   const std::string &folder_display);

/*
 * FormatLogRow: one line of "history --applied": started_at, direction, revision,
 * duration, role (and the session role when different), application name, outcome, reason.
 * Empty optionals are NULL columns.
 */
struct AppliedLogRow {
	std::string id;
	std::string revision;
	std::string direction;
	std::string started_at;
	std::string duration; // interval text
	std::string role;
	std::string session_role;
	std::optional<std::string> application_name;
	std::optional<std::string> client_addr;
	std::optional<std::string> checksum;
	std::string outcome;
	std::optional<std::string> reason;
};
std::string FormatLogRow(const AppliedLogRow &row);

/* FormatDuration: an interval's text (e.g. 00:00:00.003215) as "3.2 ms" / "1.25 s"; else as it is. */
std::string FormatDuration(const std::string &interval);

} // namespace pgmig
