/*
 * graph_drawing.cpp: the revision graph as Graphviz DOT or Mermaid (graph_drawing.hpp).
 *
 * Everything user-supplied (messages, branch labels) is escaped for where it goes: DOT strings
 * and Mermaid quoted labels.  Loops over all revisions call CheckInterrupts() through an
 * InterruptTicker.
 */
#include "client/common/graph_drawing.hpp"

#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <utility>

namespace pgmig {

using namespace pgm;

namespace {

/* Messages in graph labels are cut at this many characters. */
constexpr std::size_t kLabelMessageChars = 40;

/* OneLine: s with each CR and LF replaced by a space and runs of blanks collapsed; trimmed. */
std::string
OneLine(std::string_view s) {
	std::string out;
	bool blank = false;
	for (char c : s) {
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			blank = !out.empty();
			continue;
		}
		if (blank) {
			out += ' ';
			blank = false;
		}
		out += c;
	}
	return out;
}

/* NodeKind: what a node is; decides how both formats draw it. */
struct NodeKind {
	bool root = false;
	bool head = false;
	bool branch_point = false;
	bool merge_point = false;
	bool current = false;
};

/* KindOf: the kinds of rev; current when it is one of the database's version rows. */
NodeKind
KindOf(const RevisionGraph &graph, const Revision &rev, const std::set<std::string> &current_heads) {
	NodeKind k;
	k.root = rev.parents.empty();
	k.head = graph.Children(rev.id).empty();
	k.branch_point = graph.IsBranchPoint(rev.id);
	k.merge_point = graph.IsMergePoint(rev.id);
	k.current = current_heads.count(rev.id) > 0;
	return k;
}

/* LabelLines: the lines of a node's label, unescaped: id [(current)], (labels), message. */
std::vector<std::string>
LabelLines(const Revision &rev, const NodeKind &kind) {
	std::vector<std::string> lines;
	lines.push_back(rev.id + (kind.current ? " (current)" : ""));
	if (!rev.branch_labels.empty()) {
		lines.push_back("(" + OneLine(MessageText(JoinComma(rev.branch_labels), kLabelMessageChars)) + ")");
	}
	std::string message = OneLine(MessageText(OneLine(rev.message), kLabelMessageChars));
	if (!message.empty()) {
		lines.push_back(message);
	}
	return lines;
}

/* DotString: s as a DOT double-quoted string (lines joined with DOT's "\n"). */
std::string
DotString(const std::vector<std::string> &lines) {
	std::string out = "\"";
	for (std::size_t i = 0; i < lines.size(); i++) {
		if (i > 0) {
			out += "\\n";
		}
		for (char c : lines[i]) {
			if (c == '"' || c == '\\') {
				out += '\\';
				out += c;
			} else if (c == '\n' || c == '\r') {
				out += ' ';
			} else {
				out += c;
			}
		}
	}
	return out + "\"";
}

std::string
DotId(const std::string &id) {
	return DotString({id});
}

/* MermaidText: s for a Mermaid quoted label: entity codes for the characters Mermaid reads. */
std::string
MermaidText(const std::vector<std::string> &lines) {
	std::string out;
	for (std::size_t i = 0; i < lines.size(); i++) {
		if (i > 0) {
			out += "<br/>";
		}
		for (char c : lines[i]) {
			switch (c) {
				case '"':
					out += "#quot;";
					break;
				case '#':
					out += "#35;";
					break;
				case '<':
					out += "#lt;";
					break;
				case '>':
					out += "#gt;";
					break;
				case '\n':
				case '\r':
					out += ' ';
					break;
				default:
					out += c;
			}
		}
	}
	return out;
}

std::string
MermaidId(const std::string &id) {
	return "r_" + id;
}

/*
 * RenderDot: the graph as a Graphviz digraph drawn bottom to top (roots at the bottom): nodes
 * with one attribute set per kind, then parent and dependency edges, all in load order so the
 * text is stable, then a legend cluster.
 */
std::string
RenderDot(const RevisionGraph &graph, const std::set<std::string> &current_heads) {
	std::string out;
	out += "digraph pg_migrate {\n";
	out += "\trankdir=BT;\n";
	out += "\tnode [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
	out += "\tedge [arrowsize=0.7];\n";
	InterruptTicker ticks;
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		NodeKind kind = KindOf(graph, rev, current_heads);
		std::string attrs = "label=" + DotString(LabelLines(rev, kind));
		if (kind.branch_point && kind.merge_point) {
			attrs += ", shape=hexagon, color=purple";
		} else if (kind.branch_point) {
			attrs += ", shape=invtrapezium, color=darkorange";
		} else if (kind.merge_point) {
			attrs += ", shape=trapezium, color=royalblue";
		}
		if (kind.root) {
			attrs += ", penwidth=2";
		}
		if (kind.head) {
			attrs += ", peripheries=2";
		}
		if (kind.current) {
			attrs += ", style=\"rounded,filled\", fillcolor=palegreen";
		}
		out += "\t" + DotId(rev.id) + " [" + attrs + "];\n";
	}
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		for (const std::string &parent : rev.parents) {
			out += "\t" + DotId(parent) + " -> " + DotId(rev.id) + ";\n";
		}
		for (const std::string &dep : graph.ResolvedDependencies(rev.id)) {
			out += "\t" + DotId(dep) + " -> " + DotId(rev.id) + " [style=dashed];\n";
		}
	}
	/* Legend node ids contain ':', which no revision id does. */
	out += "\tsubgraph cluster_legend {\n";
	out += "\t\tlabel=\"Legend\";\n";
	out += "\t\tfontname=\"Helvetica\";\n";
	out += "\t\tnode [fontsize=9];\n";
	out += "\t\t\"legend:root\" [label=\"root (no parent)\", penwidth=2];\n";
	out += "\t\t\"legend:revision\" [label=\"revision\"];\n";
	out += "\t\t\"legend:branchpoint\" [label=\"branch point\", shape=invtrapezium, color=darkorange];\n";
	out += "\t\t\"legend:mergepoint\" [label=\"merge point\", shape=trapezium, color=royalblue];\n";
	out += "\t\t\"legend:head\" [label=\"head\", peripheries=2];\n";
	out += "\t\t\"legend:current\" [label=\"(current)\\nversion row\", style=\"rounded,filled\", "
	       "fillcolor=palegreen];\n";
	out += "\t\t\"legend:root\" -> \"legend:revision\" [label=\"parent -> child\", fontsize=9];\n";
	out += "\t\t\"legend:branchpoint\" -> \"legend:mergepoint\" [style=dashed, label=\"dependency -> dependent\", "
	       "fontsize=9];\n";
	out += "\t\t\"legend:head\" -> \"legend:current\" [style=invis];\n";
	out += "\t}\n";
	out += "}\n";
	return out;
}

/*
 * RenderMermaid: the same drawing as a Mermaid flowchart.  Mermaid has no per-node attributes,
 * so the kinds become classes: nodes and edges in load order, a legend subgraph, then one
 * "class" line per kind naming its nodes and its legend node.
 */
std::string
RenderMermaid(const RevisionGraph &graph, const std::set<std::string> &current_heads) {
	std::string out;
	out += "flowchart BT\n";
	std::vector<std::string> current, heads, branch_points, merge_points;
	InterruptTicker ticks;
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		NodeKind kind = KindOf(graph, rev, current_heads);
		std::string id = MermaidId(rev.id);
		out += "    " + id + "[\"" + MermaidText(LabelLines(rev, kind)) + "\"]\n";
		if (kind.current) {
			current.push_back(id);
		}
		if (kind.head) {
			heads.push_back(id);
		}
		if (kind.branch_point) {
			branch_points.push_back(id);
		}
		if (kind.merge_point) {
			merge_points.push_back(id);
		}
	}
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		for (const std::string &parent : rev.parents) {
			out += "    " + MermaidId(parent) + " --> " + MermaidId(rev.id) + "\n";
		}
		for (const std::string &dep : graph.ResolvedDependencies(rev.id)) {
			out += "    " + MermaidId(dep) + " -.-> " + MermaidId(rev.id) + "\n";
		}
	}
	/* Legend node ids start with "legend_", revision node ids with "r_". */
	out += "    subgraph legend [\"Legend\"]\n";
	out += "        legend_parent[\"parent\"] --> legend_child[\"child\"]\n";
	out += "        legend_dependency[\"dependency\"] -.-> legend_dependent[\"dependent\"]\n";
	out += "        legend_branchpoint[\"branch point\"]\n";
	out += "        legend_mergepoint[\"merge point\"]\n";
	out += "        legend_head[\"head\"]\n";
	out += "        legend_current[\"(current)<br/>version row\"]\n";
	out += "    end\n";
	out += "    classDef current fill:#c8f7c5,stroke:#2e7d32,color:#000\n";
	out += "    classDef head stroke-width:3px\n";
	out += "    classDef branchpoint stroke:#d97706\n";
	out += "    classDef mergepoint stroke:#2563eb\n";
	auto emit_class = [&out](std::vector<std::string> ids, const char *legend, const char *cls) {
		ids.push_back(legend);
		std::string joined;
		for (const std::string &id : ids) {
			joined += (joined.empty() ? "" : ",") + id;
		}
		out += "    class " + joined + " " + cls + "\n";
	};
	emit_class(std::move(branch_points), "legend_branchpoint", "branchpoint");
	emit_class(std::move(merge_points), "legend_mergepoint", "mergepoint");
	emit_class(std::move(heads), "legend_head", "head");
	emit_class(std::move(current), "legend_current", "current");
	return out;
}

} // namespace

std::string
RenderGraph(const RevisionGraph &graph, const std::set<std::string> &current_heads, GraphFormat format) {
	return format == GraphFormat::kDot ? RenderDot(graph, current_heads) : RenderMermaid(graph, current_heads);
}

} // namespace pgmig
