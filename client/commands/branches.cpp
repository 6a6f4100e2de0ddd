/*
 * branches.cpp: pgmig branches [-v]: the script folder's branch points and their children
 * (Alembic's "alembic branches"), each block followed by a blank line.  Local files only.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/log_entries.hpp"

#include "core/history_format.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

/*
 * VerboseBlock: Alembic's verbose form: the branch point's full entry, then one
 * "<indent> -> child..., doc" line per child.
 */
std::string
VerboseBlock(const ScriptFolder &folder, const std::string &id) {
	std::string text = LogEntry(folder, id);
	std::string block = pgm::FormatBranchesBlock(folder.graph, id);
	const std::vector<std::string> &children = folder.graph.Children(id);
	std::size_t pos = block.find('\n');
	for (const std::string &child : children) {
		if (pos == std::string::npos)
			break;
		std::size_t next = block.find('\n', pos + 1);
		std::string line = block.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
		const pgm::Revision *rev = folder.graph.Find(child);
		if (rev != nullptr && !rev->message.empty())
			line += ", " + rev->message;
		text += line + "\n";
		pos = next;
	}
	return text;
}

void
RunBranches(Context &ctx, bool verbose) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	for (const std::string &id : pgm::HistoryOrder(folder.graph)) {
		if (!folder.graph.IsBranchPoint(id))
			continue;
		if (verbose)
			std::cout << pgm::TerminalText(VerboseBlock(folder, id)) << "\n";
		else
			std::cout << pgm::TerminalText(pgm::FormatBranchesBlock(folder.graph, id)) << "\n\n";
	}
	std::cout.flush();
}

} // namespace

void
set_branches_command(CLI::App &app, Context &ctx) {
	auto verbose = std::make_shared<bool>(false);
	CLI::App *sub = app.add_subcommand(
	    "branches", "List the script folder's branch points and the revisions they branch into (local files only)");
	sub->add_flag("-v,--verbose", *verbose, "Print the full entry of each branch point and the children's messages");
	sub->callback([&ctx, verbose]() { RunBranches(ctx, *verbose); });
}

} // namespace pgmig
