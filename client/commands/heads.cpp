/*
 * heads.cpp: pgmig heads [-v]: the script folder's real heads (Alembic's "alembic heads"),
 * one "id (labels) (head)" line or verbose entry each, or a JSON array (--format json).
 * Local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/json_output.hpp"
#include "client/common/log_entries.hpp"

#include "core/history_format.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunHeads(Context &ctx, bool verbose, const std::string &format) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	if (format == "json") {
		CheckJsonExcludesVerbose(format, verbose);
		nlohmann::ordered_json out = nlohmann::ordered_json::array();
		for (const std::string &id : folder.graph.RealHeads()) {
			const pgm::Revision *rev = folder.graph.Find(id);
			out.push_back({{"revision", id}, {"branch_labels", rev->branch_labels}, {"message", rev->message}});
		}
		PrintJson(out);
		return;
	}
	for (const std::string &id : folder.graph.RealHeads()) {
		if (verbose)
			std::cout << pgm::TerminalText(LogEntry(folder, id));
		else
			std::cout << pgm::TerminalText(pgm::FormatHeadsLine(folder.graph, id)) << "\n";
	}
	std::cout.flush();
}

} // namespace

void
set_heads_command(CLI::App &app, Context &ctx) {
	auto verbose = std::make_shared<bool>(false);
	auto format = std::make_shared<std::string>("text");
	CLI::App *sub =
	    app.add_subcommand("heads", "List the script folder's head revisions (local files only, no database needed)");
	sub->add_flag("-v,--verbose", *verbose, "Print the full entry of each head (text format only)");
	AddFormatOption(sub, *format);
	sub->callback([&ctx, verbose, format]() { RunHeads(ctx, *verbose, *format); });
}

} // namespace pgmig
