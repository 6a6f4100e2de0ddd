/*
 * upgrade.cpp: pgmig upgrade [TARGET]: upload the script folder and apply revisions up to
 * TARGET, in one transaction (Alembic's "alembic upgrade"), or one per revision, or rehearsed
 * and rolled back (migration.hpp).  With --sql: print the offline script of [START:]TARGET
 * instead, from the local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/lint_report.hpp"
#include "client/common/migration.hpp"
#include "client/common/safeguards.hpp"

namespace pgmig {

void
set_upgrade_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<MigrationOptions>();
	opts->upgrade = true;
	opts->target = "head";
	CLI::App *sub = app.add_subcommand(
	    "upgrade",
	    "Upload the script folder and apply revisions up to TARGET, all in one transaction (a "
	    "\"Transactional: false\" revision runs in autocommit between the transactions of the revisions "
	    "before and after it); progress goes to stderr (a live bar on a terminal, a line per revision "
	    "otherwise).  Ctrl-C or SIGTERM cancels and rolls back (exit status 130).  With --sql, print the SQL "
	    "script instead (no database)");
	sub->add_option("TARGET", opts->target,
	                "head (default), heads, a revision id or unique prefix, +N, rev+N, branch@head, ...; with "
	                "--sql also START:TARGET (START: base (the default), heads or one revision)")
	    ->type_name("");
	AddMigrationFlags(sub, *opts);
	AddBackupOption(sub);

	auto strict = std::make_shared<bool>(false);
	sub->add_flag("--strict", *strict,
	              "Refuse to run (nothing is applied) when \"pgmig lint\" finds anything in the pending revisions; "
	              "without it the findings are printed as warnings before the run");
	sub->callback([&ctx, opts, strict]() {
		SetStrictLint(*strict);
		RunMigrationCommand(ctx, *opts);
	});
}

} // namespace pgmig
