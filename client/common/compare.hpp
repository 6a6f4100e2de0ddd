/*
 * compare.hpp: the comparison behind "revision --autogenerate" and "check": the schema
 * snapshots of migrate_snapshot(), the check that the database is up to date, and the
 * comparison of the database (or the migrations) with the models.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/models.hpp"

#include "autogen/diff.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace pgmig {

/*
 * TakeSnapshot: migrate_snapshot() of the database of conn, as text; what names it in messages.
 * Computed by migrate_snapshot_text() where the extension has it and the role may call it
 * (0.8.0 and later: the same bytes, faster), else as migrate_snapshot()::text.
 */
std::string TakeSnapshot(Connection &conn, const std::string &what);

/*
 * SendSnapshot, CollectSnapshot: TakeSnapshot in two halves, so that the server computes the
 * snapshot while pgmig does something else: SendSnapshot starts the snapshot of the extension
 * ext (ReadExtension: its schema, and whether migrate_snapshot_text() may be called) on conn
 * without waiting; CollectSnapshot waits for it and returns it (or throws) as TakeSnapshot does.
 */
void SendSnapshot(Connection &conn, const ExtensionInfo &ext);
std::string CollectSnapshot(Connection &conn, const std::string &what);

/*
 * CheckUpToDate: throw 55000 "target database is not up to date" (Alembic's message) unless
 * every head of folder is applied in the database of conn (migrate_current in schema).
 */
void CheckUpToDate(Connection &conn, const std::string &schema, const ScriptFolder &folder);

/* CompareOptions: where the two sides of a comparison come from. */
struct CompareOptions {
	std::string models;               // --models, "" for the configured models
	std::string models_command;       // --models-command, "" for the configured models
	std::vector<std::string> exclude; // --exclude patterns, added to the configuration's
	bool from_migrations = false;     // compare the migrations (a second shadow) instead of the database
	bool need_downgrade = true;       // also diff the models to the database (the downgrade)
	bool require_head = true;         // a database not at its heads is an error (else a warning)
	bool compare_privileges = false;  // --compare-privileges (else compare_privileges in pgmig.toml)
	bool no_cache = false;            // --no-cache: build the models even when their snapshot is cached
};

/* Comparison: the result of CompareWithModels. */
struct Comparison {
	pgm::schema::DiffResult upgrade;   // the database (or the migrations) -> the models
	pgm::schema::DiffResult downgrade; // the models -> the database; empty unless need_downgrade
};

/*
 * CompareWithModels: the body of "revision --autogenerate" and "check": read the models
 * (model files or a models command's output, ReadModels), snapshot the live database (which must be up to date with the
 * script folder's heads) or, with from_migrations, a shadow database built from the migrations, snapshot a shadow
 * database built from the models (or reuse that snapshot from the models' cache, models_cache.hpp), leave out of both
 * what the exclude filters name (pgmig.toml,
 * --exclude, the version table of an adopted Alembic database), and diff the two.  Every shadow database is dropped
 * before this returns or throws.  When a signal arrived, the error is thrown as Interrupted.
 */
Comparison CompareWithModels(Context &ctx, const CompareOptions &opts);

/* AddModelsOption: the --models option of revision and check. */
CLI::Option *AddModelsOption(CLI::App *sub, std::string &models);

/*
 * ReadModels: the models of a comparison: the output of the models command (--models-command,
 * else models_command in pgmig.toml unless --models is given) or the model files.  The
 * command runs in the directory of the configuration file.  Keep a CancelOnInterrupt alive
 * around it, so that a signal kills the command.
 */
std::vector<ModelFile> ReadModels(Context &ctx, const std::string &cli_models, const std::string &cli_command);

/* ApplyExclusions: leave out of both snapshots what patterns exclude (autogen/exclude.cpp). */
void ApplyExclusions(pgm::schema::Snapshot &a, pgm::schema::Snapshot &b, const std::vector<std::string> &patterns);
/* AddNoCacheOption: the --no-cache flag of revision and check. */
CLI::Option *AddNoCacheOption(CLI::App *sub, bool &no_cache);
/* AddComparePrivilegesOption: the --compare-privileges flag of revision and check. */
CLI::Option *AddComparePrivilegesOption(CLI::App *sub, bool &compare_privileges);

} // namespace pgmig
