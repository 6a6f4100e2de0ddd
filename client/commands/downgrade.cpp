/*
 * downgrade.cpp: pgmig downgrade TARGET: upload the script folder and revert revisions down
 * to TARGET, in one transaction (Alembic's "alembic downgrade").  With --sql: print the
 * offline script of START:TARGET instead, from the local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/migration.hpp"
#include "client/common/safeguards.hpp"

namespace pgmig {

void
set_downgrade_command(CLI::App &app, Context &ctx) {
	auto target = std::make_shared<std::string>();
	auto sql = std::make_shared<bool>(false);
	CLI::App *sub = app.add_subcommand(
	    "downgrade", "Upload the script folder and revert revisions down to TARGET, all in one transaction; "
	                 "progress goes to stderr.  With --sql, print the SQL script instead (no database)");
	sub->add_option("TARGET", *target,
	                "base, a revision id or unique prefix, -N, rev-N, branch@-N, ...; with --sql START:TARGET "
	                "(required: START is heads or one revision)")
	    ->type_name("")
	    ->required();
	AddSqlFlag(sub, *sql);
	AddBackupOption(sub);
	sub->callback([&ctx, target, sql]() { RunMigrationOrScript(ctx, false, *sql, *target); });
}

} // namespace pgmig
