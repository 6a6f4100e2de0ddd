/*
 * graph.cpp: pgmig graph [--format dot|mermaid] [-o FILE] [--current]: the script folder's
 * revision graph as Graphviz DOT or Mermaid (RenderGraph), to stdout or FILE.  Local files
 * only, unless --current marks the database's current revisions.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/current_revisions.hpp"

#include "client/common/graph_drawing.hpp"
#include "core/error.hpp"

#include <fstream>
#include <iostream>
#include <set>

namespace pgmig {

namespace {

struct GraphOptions {
	std::string format = "dot";
	std::string output;
	bool current = false;
};

void
RunGraph(Context &ctx, const GraphOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::set<std::string> current;
	if (opts.current) {
		std::vector<std::string> heads = DatabaseHeads(ctx);
		current.insert(heads.begin(), heads.end());
	}
	std::string text =
	    RenderGraph(folder.graph, current, opts.format == "mermaid" ? GraphFormat::kMermaid : GraphFormat::kDot);
	if (!text.empty() && text.back() != '\n')
		text += '\n';
	if (opts.output.empty() || opts.output == "-") {
		std::cout << text << std::flush;
		return;
	}
	std::ofstream out(opts.output, std::ios::binary | std::ios::trunc);
	out << text;
	out.close();
	if (!out)
		throw pgm::MigError(sqlstate::kIoError, "could not write file \"" + opts.output + "\"");
}

} // namespace

void
set_graph_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<GraphOptions>();
	CLI::App *sub = app.add_subcommand(
	    "graph", "Draw the script folder's revision graph as Graphviz DOT (dot -Tsvg) or Mermaid (local files; "
	             "--current reads the database)");
	sub->add_option("--format", opts->format, "dot (default) or mermaid")
	    ->type_name("dot|mermaid")
	    ->check(CLI::IsMember({"dot", "mermaid"}).description(""));
	sub->add_option("-o,--output", opts->output, "Write to FILE (replaced) instead of stdout")->type_name("FILE");
	sub->add_flag("--current", opts->current, "Mark the database's current revisions (connects to the database)");
	sub->callback([&ctx, opts]() { RunGraph(ctx, *opts); });
}

} // namespace pgmig
