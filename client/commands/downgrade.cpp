/*
 * downgrade.cpp: pgmig downgrade TARGET: upload the script folder and revert revisions down
 * to TARGET, in one transaction (Alembic's "alembic downgrade"), or one per revision, or
 * rehearsed and rolled back (migration.hpp).  With --sql: print the offline script of
 * START:TARGET instead, from the local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/migration.hpp"
#include "client/common/safeguards.hpp"

namespace pgmig {

void
set_downgrade_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<MigrationOptions>();
	opts->upgrade = false;
	CLI::App *sub = app.add_subcommand(
	    "downgrade", "Upload the script folder and revert revisions down to TARGET, all in one transaction (a "
	                 "\"Transactional: false\" revision runs in autocommit between the transactions of the "
	                 "revisions before and after it); progress goes to stderr (a live bar on a terminal, a line per "
	                 "revision otherwise).  Ctrl-C or SIGTERM cancels and rolls back (exit status 130).  With --sql, "
	                 "print the SQL script instead (no database)");
	sub->add_option("TARGET", opts->target,
	                "base, a revision id or unique prefix, -N, rev-N, branch@-N, ...; with --sql START:TARGET "
	                "(required: START is heads or one revision)")
	    ->type_name("")
	    ->required();
	AddMigrationFlags(sub, *opts);
	AddBackupOption(sub);
	sub->callback([&ctx, opts]() { RunMigrationCommand(ctx, *opts); });
}

} // namespace pgmig
