/*
 * history.cpp: Alembic's text formats for history, current, heads and branches
 * (Script._head_only in alembic/script/base.py) and the order `alembic history` prints
 * revisions in (walk_revisions: the topological sort from the real heads down).
 */
#include "history.hpp"

#include "error.hpp"
#include "message_text.hpp"

namespace pgm {

namespace {

const Revision &
Lookup(const RevisionGraph &graph, std::string_view id) {
	const Revision *rev = graph.Find(id);
	if (rev == nullptr) {
		throw MigError(sqlstate::kUndefinedObject,
		               "can't locate revision identified by '" + MessageText(id, kMaxQuotedNameChars) + "'");
	}
	return *rev;
}

/* The " (head)", " (effective head)" and " (current)" flags. */
std::string
HeadFlags(const RevisionGraph &graph, const Revision &rev, bool current) {
	std::string text;
	if (graph.IsRealHead(rev.id)) {
		text += " (head)";
	}
	if (graph.IsEffectiveHead(rev.id)) {
		text += " (effective head)";
	}
	if (current) {
		text += " (current)";
	}
	return text;
}

/* The " (branchpoint)" and " (mergepoint)" flags. */
std::string
TreeFlags(const RevisionGraph &graph, const Revision &rev) {
	std::string text;
	if (graph.IsBranchPoint(rev.id)) {
		text += " (branchpoint)";
	}
	if (graph.IsMergePoint(rev.id)) {
		text += " (mergepoint)";
	}
	return text;
}

std::string
Labels(const RevisionGraph &graph, const Revision &rev) {
	const std::vector<std::string> &labels = graph.EffectiveBranchLabels(rev.id);
	return labels.empty() ? std::string() : " (" + JoinComma(labels) + ")";
}

} // namespace

std::vector<std::string>
HistoryOrder(const RevisionGraph &graph) {
	std::set<std::string> all;
	for (const Revision &rev : graph.Revisions()) {
		all.insert(rev.id);
	}
	return graph.TopologicalOrder(all, graph.RealHeads());
}

std::string
FormatHistoryLine(const RevisionGraph &graph, std::string_view id, const std::set<std::string> &current_heads,
                  bool indicate_current) {
	const Revision &rev = Lookup(graph, id);
	std::string text = rev.parents.empty() ? "<base>" : JoinComma(rev.parents);
	if (!rev.depends_on.empty()) {
		text += " (" + JoinComma(rev.depends_on) + ")";
	}
	text += " -> " + rev.id;
	text += Labels(graph, rev);
	text += HeadFlags(graph, rev, indicate_current && current_heads.count(rev.id) > 0);
	text += TreeFlags(graph, rev);
	if (!rev.message.empty()) {
		text += ", " + rev.message;
	}
	return text;
}

std::string
FormatCurrentLine(const RevisionGraph &graph, std::string_view id) {
	const Revision &rev = Lookup(graph, id);
	return rev.id + HeadFlags(graph, rev, false) + TreeFlags(graph, rev);
}

std::string
FormatHeadsLine(const RevisionGraph &graph, std::string_view id) {
	const Revision &rev = Lookup(graph, id);
	return rev.id + Labels(graph, rev) + HeadFlags(graph, rev, false);
}

std::string
FormatBranchesBlock(const RevisionGraph &graph, std::string_view id) {
	const Revision &rev = Lookup(graph, id);
	std::string text = rev.id + Labels(graph, rev) + HeadFlags(graph, rev, false) + TreeFlags(graph, rev);
	const std::string indent(rev.id.size(), ' ');
	for (const std::string &child_id : graph.Children(rev.id)) {
		const Revision &child = Lookup(graph, child_id);
		text += "\n" + indent + " -> " + child.id + Labels(graph, child) + HeadFlags(graph, child, false) +
		        TreeFlags(graph, child);
	}
	return text;
}

} // namespace pgm
