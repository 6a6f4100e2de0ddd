/*
 * upgrade.cpp: pgmig upgrade [TARGET]: upload the script folder and apply revisions up to
 * TARGET, in one transaction (Alembic's "alembic upgrade").
 */
#include "commands.hpp"

namespace pgmig {

void
set_upgrade_command(CLI::App &app, Context &ctx) {
	auto target = std::make_shared<std::string>("head");
	CLI::App *sub = app.add_subcommand(
	    "upgrade", "Upload the script folder and apply revisions up to TARGET, all in one transaction; progress "
	               "goes to stderr");
	sub->add_option("TARGET", *target,
	                "head (default), heads, a revision id or unique prefix, +N, rev+N, branch@head, ...")
	    ->type_name("");
	sub->callback([&ctx, target]() { RunMigration(ctx, true, *target); });
}

} // namespace pgmig
