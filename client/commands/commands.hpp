/*
 * commands.hpp: the pgmig subcommands, one file each in client/commands/ (the code they
 * share is in client/common/).  Each set_<name>_command adds its subcommand, options and
 * help text to the app and runs the command from the subcommand's callback.  Errors are
 * thrown (pgm::MigError, DbError) and reported by main.
 */
#pragma once

#include "client/common/context.hpp"

#include <CLI/CLI.hpp>

namespace pgmig {

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
void set_lint_command(CLI::App &app, Context &ctx);
void set_drift_command(CLI::App &app, Context &ctx);
void set_baseline_command(CLI::App &app, Context &ctx);
void set_import_command(CLI::App &app, Context &ctx);

} // namespace pgmig
