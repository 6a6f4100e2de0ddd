/*
 * main.cpp: the pgmig command line: global options, the subcommands, and the two ways a
 * run ends badly: a usage error (exit 2) or a reported error (exit 1).
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/migration.hpp"
#include "client/common/output.hpp"
#include "client/version.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

/*
 * UsageError: CLI11's usage errors in the shape of every other pgmig error, with the hint
 * PostgreSQL's clients give: pgmig: error: ... / pgmig: hint: Try "pgmig X --help" ...
 */
static std::string
UsageError(const CLI::App *app, const CLI::Error &e) {
	std::string message = e.what();
	// Lower-case the first word unless it is a name in capitals ("TARGET is required").
	if (message.size() > 1 && message[0] >= 'A' && message[0] <= 'Z' && !(message[1] >= 'A' && message[1] <= 'Z'))
		message[0] = static_cast<char>(message[0] - 'A' + 'a');
	std::string command = "pgmig";
	std::vector<CLI::App *> used = app->get_subcommands();
	if (!used.empty())
		command += " " + used.front()->get_name();
	return "pgmig: error: " + message + "\npgmig: hint: Try \"" + command + " --help\" for more information.\n";
}

int
main(int argc, char **argv) {
	pgmig::Context ctx;
	CLI::App app{"pgmig: Alembic-style schema migrations applied inside PostgreSQL by the pg_migrate extension",
	             "pgmig"};
	app.set_version_flag("--version", PGMIG_VERSION);
	app.require_subcommand(1);
	app.failure_message(UsageError);
	pgmig::set_global_options(app, ctx);
	pgmig::set_init_command(app, ctx);
	pgmig::set_revision_command(app, ctx);
	pgmig::set_upload_command(app, ctx);
	pgmig::set_upgrade_command(app, ctx);
	pgmig::set_downgrade_command(app, ctx);
	pgmig::set_current_command(app, ctx);
	pgmig::set_history_command(app, ctx);
	pgmig::set_heads_command(app, ctx);
	pgmig::set_branches_command(app, ctx);
	pgmig::set_show_command(app, ctx);
	pgmig::set_stamp_command(app, ctx);
	pgmig::set_merge_command(app, ctx);
	pgmig::set_validate_command(app, ctx);
	pgmig::set_repair_command(app, ctx);
	pgmig::set_graph_command(app, ctx);
	pgmig::set_plan_command(app, ctx);
	pgmig::set_check_command(app, ctx);
	pgmig::set_lint_command(app, ctx);
	pgmig::set_drift_command(app, ctx);
	pgmig::set_baseline_command(app, ctx);
	pgmig::set_import_command(app, ctx);
	// After the subcommands, which would otherwise inherit it.
	app.footer("Run \"pgmig <command> --help\" for the options of a command.");

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		// --help and --version arrive here too, with exit code 0.
		return app.exit(e) == 0 ? 0 : 2;
	} catch (const pgmig::ErrorReported &) {
		return 1;
	} catch (const pgmig::Interrupted &e) {
		pgmig::PrintError(e);
		return 130;
	} catch (const pgm::MigError &e) {
		pgmig::PrintError(e);
		return 1;
	} catch (const std::exception &e) {
		pgmig::PrintDiagnostic(pgmig::Diagnostic{"error", std::string("internal error: ") + e.what(), {}, {}, {}});
		return 1;
	}
	return 0;
}
