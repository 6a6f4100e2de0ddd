/*
 * upgrade.cpp: pgmig upgrade [TARGET]: upload the script folder and apply revisions up to
 * TARGET, in one transaction (Alembic's "alembic upgrade").  With --sql: print the offline
 * script of [START:]TARGET instead, from the local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/lint_report.hpp"
#include "client/common/migration.hpp"
#include "client/common/safeguards.hpp"

namespace pgmig {

void
set_upgrade_command(CLI::App &app, Context &ctx) {
	auto target = std::make_shared<std::string>("head");
	auto sql = std::make_shared<bool>(false);
	CLI::App *sub = app.add_subcommand(
	    "upgrade", "Upload the script folder and apply revisions up to TARGET, all in one transaction; progress "
	               "goes to stderr.  With --sql, print the SQL script instead (no database)");
	sub->add_option("TARGET", *target,
	                "head (default), heads, a revision id or unique prefix, +N, rev+N, branch@head, ...; with "
	                "--sql also START:TARGET (START: base (the default), heads or one revision)")
	    ->type_name("");
	AddSqlFlag(sub, *sql);
	AddBackupOption(sub);

	auto strict = std::make_shared<bool>(false);
	sub->add_flag("--strict", *strict,
	              "Refuse to run (nothing is applied) when \"pgmig lint\" finds anything in the pending revisions; "
	              "without it the findings are printed as warnings before the run");
	sub->callback([&ctx, target, sql, strict]() {
		SetStrictLint(*strict);
		RunMigrationOrScript(ctx, true, *sql, *target);
	});
}

} // namespace pgmig
