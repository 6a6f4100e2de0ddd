/*
 * show.cpp: pgmig show REV: the full entry of a revision of the script folder (Alembic's
 * "alembic show").  REV is an id or unique prefix, head, heads (every head), or current (the
 * database's current revisions: the only form that connects).
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/current_revisions.hpp"
#include "client/common/log_entries.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunShow(Context &ctx, const std::string &spec) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::vector<std::string> ids;
	if (spec == "current") {
		ids = DatabaseHeads(ctx);
		for (const std::string &id : ids)
			if (folder.graph.Find(id) == nullptr)
				throw pgm::MigError(pgm::sqlstate::kUndefinedObject, "can't locate revision identified by '" + id + "'",
				                    "The database's current revision is not in the script folder.");
	} else if (spec == "heads") {
		ids = folder.graph.RealHeads();
	} else if (spec != "base") {
		ids.push_back(pgm::ResolveRevision(folder.graph, spec));
	}
	for (const std::string &id : ids)
		std::cout << pgm::TerminalText(LogEntry(folder, id));
	std::cout.flush();
}

} // namespace

void
set_show_command(CLI::App &app, Context &ctx) {
	auto rev = std::make_shared<std::string>();
	CLI::App *sub = app.add_subcommand(
	    "show", "Show the full entry of a revision of the script folder (local files; \"current\" reads the "
	            "database's current revisions)");
	sub->add_option("REV", *rev, "A revision id or unique prefix, head, heads, or current")->type_name("")->required();
	sub->callback([&ctx, rev]() { RunShow(ctx, *rev); });
}

} // namespace pgmig
