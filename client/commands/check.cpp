/*
 * check.cpp: pgmig check: fail when the database (or, with --from-migrations, the schema the
 * migrations build) differs from the models, writing nothing (Alembic's "alembic check").
 */
#include "client/commands/commands.hpp"
#include "client/common/compare.hpp"
#include "client/common/context.hpp"
#include "client/common/exclusions.hpp"
#include "client/common/json_output.hpp"
#include "client/common/migration.hpp"

#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

struct CheckOptions {
	std::string models;
	std::string models_command;
	std::vector<std::string> exclude;
	bool from_migrations = false;
	bool compare_privileges = false;
	bool no_cache = false;
	std::string format = "text";
};

void
RunCheck(Context &ctx, const CheckOptions &opts) {
	CompareOptions compare;
	compare.models = opts.models;
	compare.models_command = opts.models_command;
	compare.exclude = opts.exclude;
	compare.from_migrations = opts.from_migrations;
	compare.compare_privileges = opts.compare_privileges;
	compare.no_cache = opts.no_cache;
	compare.need_downgrade = false;
	compare.require_head = false;
	Comparison diff = CompareWithModels(ctx, compare);
	if (opts.format == "json") {
		// The differences and the SQL that would remove them; the exit status says whether there were any.
		nlohmann::ordered_json out;
		out["compared"] = opts.from_migrations ? "migrations" : "database";
		out["differs"] = !diff.upgrade.Empty();
		nlohmann::ordered_json differences = nlohmann::ordered_json::array();
		for (const pgm::schema::Change &change : diff.upgrade.changes)
			differences.push_back({{"description", change.description}, {"destructive", change.destructive}});
		out["differences"] = std::move(differences);
		out["statements"] = diff.upgrade.statements;
		out["warnings"] = diff.upgrade.warnings;
		PrintJson(out);
		if (!diff.upgrade.Empty())
			throw ErrorReported();
		return;
	}
	if (diff.upgrade.Empty()) {
		std::cout << "No new upgrade operations detected." << std::endl;
		return;
	}
	std::cout << "New upgrade operations detected:\n";
	for (const pgm::schema::Change &change : diff.upgrade.changes)
		std::cout << "  - " << pgm::TerminalText(change.description) << "\n";
	std::cout.flush();
	std::size_t n = diff.upgrade.changes.size();
	std::string count = std::to_string(n) + (n == 1 ? " difference was" : " differences were") + " found.";
	if (opts.from_migrations)
		throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		                    "the schema built by the migrations differs from the models", count,
		                    "Apply the migrations to a database (\"pgmig upgrade head\"), then run \"pgmig revision "
		                    "--autogenerate -m MESSAGE\" to write a revision for the differences.");
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState, "the database schema differs from the models",
	                    count, "Run \"pgmig revision --autogenerate -m MESSAGE\" to write a revision for them.");
}

} // namespace

void
set_check_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<CheckOptions>();
	CLI::App *sub = app.add_subcommand(
	    "check",
	    "Compare the database (a warning when it is behind its heads) with the models, built in a throwaway shadow "
	    "database; fail (exit 1) listing the differences when there are any.  Writes nothing");
	CLI::Option *models = AddModelsOption(sub, opts->models);
	AddModelsCommandOption(sub, opts->models_command)->excludes(models);
	AddExcludeOption(sub, opts->exclude);
	AddComparePrivilegesOption(sub, opts->compare_privileges);
	AddNoCacheOption(sub, opts->no_cache);
	AddFormatOption(sub, opts->format);
	sub->add_flag("--from-migrations", opts->from_migrations,
	              "Compare the schema the migrations build (in a second shadow database) instead of the database: "
	              "needs only a server where the role may create databases (shadow_url, else the URL)");
	sub->callback([&ctx, opts]() { RunCheck(ctx, *opts); });
}

} // namespace pgmig
