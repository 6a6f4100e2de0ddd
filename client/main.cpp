/*
 * main.cpp: the pgmig command line: global options, the subcommands, and the three ways a
 * run ends badly: a usage error (exit 2), a reported error (exit 1) or an interrupt (exit 130).
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/fleet.hpp"
#include "client/common/migration.hpp"
#include "client/common/output.hpp"
#include "client/common/suggest.hpp"
#include "client/version.hpp"

#include "core/terminal_text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

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

/*
 * UnknownCommand: when the first word of the command line that is not an option (nor the value
 * of a global option) names no command, the usage error that says so, with the nearest command
 * as a hint; "" otherwise.  Asked only after parsing failed.
 */
static std::string
UnknownCommand(CLI::App &app, int argc, char **argv) {
	std::vector<std::string> names;
	for (const CLI::App *sub : app.get_subcommands([](CLI::App *) { return true; }))
		names.push_back(sub->get_name());
	for (int i = 1; i < argc; ++i) {
		std::string arg = argv[i];
		if (arg == "--")
			return "";
		if (arg.size() > 1 && arg[0] == '-') {
			// A global option's value follows it unless given as --name=value (or -cFILE).
			if (arg.find('=') == std::string::npos) {
				const CLI::Option *opt = app.get_option_no_throw(arg);
				if (opt != nullptr && opt->get_type_size() > 0 && arg.size() > 1 && (arg[1] == '-' || arg.size() == 2))
					++i;
			}
			continue;
		}
		if (std::find(names.begin(), names.end(), arg) != names.end())
			return "";
		std::string hint;
		if (std::optional<std::string> nearest = pgmig::NearestName(arg, names))
			hint = "Did you mean \"" + *nearest + "\"? ";
		return "pgmig: error: unknown command \"" + pgm::TerminalText(arg, pgm::TerminalLines::kEscape) +
		       "\"\npgmig: hint: " + hint + "Run \"pgmig --help\" for the list of commands.\n";
	}
	return "";
}

/*
 * kInterruptedExit: the exit status after SIGINT or SIGTERM, 130 for both (128 + SIGINT, what a
 * shell reports for a command stopped by Ctrl-C): a script tells "stopped on request" from a
 * failure (1) by one number.  pgmig catches the signal to cancel and clean up, so it does not
 * die by it, and a SIGTERM from a service manager reads the same as a Ctrl-C.
 */
constexpr int kInterruptedExit = 130;

int
main(int raw_argc, char **raw_argv) {
	// A bare --wait-replicas gets its default TIMEOUT before parsing (fleet.hpp).
	std::vector<std::string> words = pgmig::NormalizeArguments(raw_argc, raw_argv);
	std::vector<char *> word_ptrs;
	for (std::string &w : words)
		word_ptrs.push_back(w.data());
	word_ptrs.push_back(nullptr);
	int argc = static_cast<int>(words.size());
	char **argv = word_ptrs.data();
	pgmig::Context ctx;
	CLI::App app{"pgmig: Alembic-style schema migrations applied inside PostgreSQL by the pg_migrate extension",
	             "pgmig"};
	app.set_version_flag("--version", std::string("pgmig ") + PGMIG_VERSION);
	app.require_subcommand(1);
	app.failure_message(UsageError);
	// Global options are accepted after the command too (pgmig upgrade head --url URL): the
	// commands, created below, inherit this.
	app.fallthrough();
	pgmig::set_global_options(app, ctx);
	pgmig::set_fleet_options(app, ctx, words);
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
	app.footer("Run \"pgmig <command> --help\" for the options of a command.\n"
	           "Exit status: 0 success, 1 error, 2 usage error, 130 interrupted (Ctrl-C or SIGTERM: the server's "
	           "work is canceled and rolled back).  On a terminal, upgrade, downgrade, stamp and the shadow builds "
	           "show a progress bar (PGMIG_NO_PROGRESS=1: one line per revision).");

	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		// --help and --version arrive here too, with exit code 0.
		if (e.get_exit_code() != 0) {
			std::string unknown = UnknownCommand(app, argc, argv);
			if (!unknown.empty()) {
				std::cerr << unknown << std::flush;
				return 2;
			}
		}
		return app.exit(e) == 0 ? 0 : 2;
	} catch (const pgmig::FleetExit &e) {
		return e.Status();
	} catch (const pgmig::ErrorReported &) {
		return pgmig::InterruptReceived() ? kInterruptedExit : 1;
	} catch (const pgmig::Interrupted &e) {
		pgmig::PrintError(e);
		return kInterruptedExit;
	} catch (const pgm::MigError &e) {
		// The error a SIGINT or SIGTERM led to (the server's 57014, a lost connection): an interrupt.
		if (pgmig::InterruptReceived()) {
			pgmig::PrintError(pgmig::Interrupted(e));
			return kInterruptedExit;
		}
		pgmig::PrintError(e);
		return 1;
	} catch (const std::exception &e) {
		pgmig::PrintDiagnostic(pgmig::Diagnostic{"error", std::string("internal error: ") + e.what(), {}, {}, {}});
		return 1;
	}
	return 0;
}
