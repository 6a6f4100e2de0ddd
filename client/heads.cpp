/*
 * heads.cpp: pgmig heads [-v]: the script folder's real heads (Alembic's "alembic heads"),
 * one "id (labels) (head)" line or verbose entry each.  Local files only.
 */
#include "commands.hpp"

#include "history.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunHeads(Context &ctx, bool verbose) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	for (const std::string &id : folder.graph.RealHeads()) {
		if (verbose)
			std::cout << LogEntry(folder, id);
		else
			std::cout << pgm::FormatHeadsLine(folder.graph, id) << "\n";
	}
	std::cout.flush();
}

} // namespace

void
set_heads_command(CLI::App &app, Context &ctx) {
	auto verbose = std::make_shared<bool>(false);
	CLI::App *sub =
	    app.add_subcommand("heads", "List the script folder's head revisions (local files only, no database needed)");
	sub->add_flag("-v,--verbose", *verbose, "Print the full entry of each head");
	sub->callback([&ctx, verbose]() { RunHeads(ctx, *verbose); });
}

} // namespace pgmig
