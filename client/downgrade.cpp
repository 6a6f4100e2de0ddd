/*
 * downgrade.cpp: pgmig downgrade TARGET: upload the script folder and revert revisions down
 * to TARGET, in one transaction (Alembic's "alembic downgrade").
 */
#include "commands.hpp"

namespace pgmig {

void
set_downgrade_command(CLI::App &app, Context &ctx) {
	auto target = std::make_shared<std::string>();
	CLI::App *sub = app.add_subcommand(
	    "downgrade", "Upload the script folder and revert revisions down to TARGET, all in one transaction; "
	                 "progress goes to stderr");
	sub->add_option("TARGET", *target, "base, a revision id or unique prefix, -N, rev-N, branch@-N, ...")
	    ->type_name("")
	    ->required();
	sub->callback([&ctx, target]() { RunMigration(ctx, false, *target); });
}

} // namespace pgmig
