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

} // namespace pgmig
