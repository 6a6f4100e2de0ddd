/*
 * history.cpp: pgmig history: the script folder's revisions, newest first, one Alembic
 * "history" line each.  Like Alembic it reads the local files only: no database needed.
 */
#include "commands.hpp"

#include "history.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunHistory(Context &ctx) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	for (const std::string &id : pgm::HistoryOrder(folder.graph))
		std::cout << pgm::FormatHistoryLine(folder.graph, id) << "\n";
	std::cout.flush();
}

} // namespace

void
set_history_command(CLI::App &app, Context &ctx) {
	CLI::App *sub = app.add_subcommand(
	    "history", "List the script folder's revisions, newest first (local files only, no database needed)");
	sub->callback([&ctx]() { RunHistory(ctx); });
}

} // namespace pgmig
