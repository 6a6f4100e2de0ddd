/*
 * exclusions.hpp: which objects autogenerate, check and baseline leave out of their
 * comparisons: the exclude patterns of pgmig.toml and --exclude, and the version table of an
 * Alembic database that was adopted (autogen/exclude.cpp applies them to the snapshots).
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace pgmig {

/*
 * ExcludePatterns: the configuration's exclude patterns, then cli (the --exclude options),
 * each checked to be schema-qualified (22023 otherwise).
 */
std::vector<std::string> ExcludePatterns(Context &ctx, const std::vector<std::string> &cli);

/*
 * AdoptedVersionTableReason: the table named by a stamp reason of "pgmig import alembic
 * --adopt", as a pattern that matches exactly it: "adopted from alembic_version" is
 * public.alembic_version, "adopted from SCHEMA.TABLE" is that table; "" for other reasons.
 */
std::string AdoptedVersionTablePattern(const std::string &reason);

/*
 * AdoptedVersionTables: the patterns of the version tables the database of conn was adopted
 * from (its pg_migrate.log stamp rows with such a reason), so that alembic_version, left in
 * place by the adoption, is not a difference.  A role that may not read pg_migrate.log gets
 * none (the error is not worth failing the comparison for).
 */
std::vector<std::string> AdoptedVersionTables(Connection &conn);

/* AddExcludeOption: the repeatable --exclude PATTERN of revision, check and baseline. */
CLI::Option *AddExcludeOption(CLI::App *sub, std::vector<std::string> &patterns);

/* AddModelsCommandOption: the --models-command CMD of revision and check. */
CLI::Option *AddModelsCommandOption(CLI::App *sub, std::string &command);

} // namespace pgmig
