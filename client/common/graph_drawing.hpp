/*
 * graph_drawing.hpp: the revision graph drawn for people to look at, as Graphviz DOT or
 * Mermaid text (`pgmig graph`).
 */
#pragma once

#include "core/revision_graph.hpp"

#include <set>
#include <string>

namespace pgmig {

enum class GraphFormat { kDot, kMermaid };

/*
 * RenderGraph: the whole revision graph.  One node per revision labelled with its id, branch
 * labels and message; an edge from each parent to its child; a dashed edge from each
 * dependency to its dependent; branch points, merge points and heads drawn distinctly; the
 * revisions in current_heads (the database's version rows) highlighted and marked "current";
 * a legend.  Output is deterministic (load order) and valid input for `dot -Tsvg` / Mermaid.
 */
std::string RenderGraph(const pgm::RevisionGraph &graph, const std::set<std::string> &current_heads,
                        GraphFormat format);

} // namespace pgmig
