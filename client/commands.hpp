/*
 * commands.hpp: the pgmig subcommands, one file each (mamba's micromamba/src layout).
 * Each set_<name>_command adds its subcommand, options and help text to the app and runs
 * the command from the subcommand's callback.  Errors are thrown (pgm::MigError, DbError)
 * and reported by main.
 */
#pragma once

#include "context.hpp"
#include "db.hpp"

#include <CLI/CLI.hpp>

#include <functional>
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
 * RunInMigrationTransaction: what upgrade, downgrade and stamp share: load the script
 * folder, connect, and in one transaction upload it and run body(conn, schema), printing
 * the MG101 progress notices on stderr; rolled back on any error.  Returns body's result
 * (the number of steps).
 */
int RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body);

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
};

/*
 * GenerateRevision: render the script folder's template (or the default one) for rev,
 * check that the result parses and fits the graph, write versions/<id>_<slug>.sql and
 * print "Generating <path> ...  done".  Used by revision and merge.
 */
void GenerateRevision(const ScriptFolder &folder, const NewRevision &rev);

/* JoinIds: items joined with ", ". */
std::string JoinIds(const std::vector<std::string> &items);

} // namespace pgmig
