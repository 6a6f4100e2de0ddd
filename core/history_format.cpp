/*
 * history_format.cpp: Alembic's text formats for history, current, heads and branches
 * (Script._head_only in alembic/script/base.py), its verbose entry (Script.log_entry), and the
 * order `alembic history` prints revisions in (walk_revisions: the topological sort from the
 * real heads down).
 */
#include "core/history_format.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

namespace pgm {

namespace {

/* Lookup: the revision with this id; 42704 with Alembic's wording when there is none. */
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

/* Script._head_only's parts in its order: parents and dependencies, id, labels, head flags, tree flags, message. */
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
	// Alembic appends ", <doc>" even when the docstring is empty: "a -> b, ".
	text += ", " + rev.message;
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

/* The branch point's line, then one line per child indented under the id, as `alembic branches` prints them. */
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

namespace {

/*
 * PySplitLines: Python's str.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e and, in UTF-8,
 * U+0085, U+2028 and U+2029 end a line; no empty last line for a trailing break.
 */
std::vector<std::string_view>
PySplitLines(std::string_view s) {
	std::vector<std::string_view> lines;
	std::size_t start = 0;
	std::size_t i = 0;
	while (i < s.size()) {
		std::size_t brk = 0;
		const char c = s[i];
		if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
			brk = 2;
		} else if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\x1c' || c == '\x1d' || c == '\x1e') {
			brk = 1;
		} else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\x85') {
			brk = 2;
		} else if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' &&
		           (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
			brk = 3;
		}
		if (brk == 0) {
			i++;
			continue;
		}
		lines.push_back(s.substr(start, i - start));
		i += brk;
		start = i;
	}
	if (start < s.size()) {
		lines.push_back(s.substr(start));
	}
	return lines;
}

} // namespace

/*
 * Script.log_entry: the flags and fields in its order, then the docstring Alembic's script
 * template would hold, stripped and split into lines as Script.longdoc is, each line indented
 * four spaces.
 */
std::string
FormatLogEntry(const RevisionGraph &graph, std::string_view id, const std::set<std::string> &current_heads,
               bool indicate_current, std::string_view path, std::string_view create_date) {
	const Revision &rev = Lookup(graph, id);
	const bool merge_point = graph.IsMergePoint(rev.id);
	const bool branch_point = graph.IsBranchPoint(rev.id);
	/* Script.log_entry: is_head (no child by parents, so an effective head too), then the tree flags, then current. */
	std::string text = "Rev: " + rev.id;
	if (graph.Children(rev.id).empty()) {
		text += " (head)";
	}
	if (branch_point) {
		text += " (branchpoint)";
	}
	if (merge_point) {
		text += " (mergepoint)";
	}
	if (indicate_current && current_heads.count(rev.id) > 0) {
		text += " (current)";
	}
	text += "\n";
	const std::string parents = rev.parents.empty() ? "<base>" : JoinComma(rev.parents);
	text += (merge_point ? "Merges: " : "Parent: ") + parents + "\n";
	if (!rev.depends_on.empty()) {
		text += "Also depends on: " + JoinComma(rev.depends_on) + "\n";
	}
	if (branch_point) {
		text += "Branches into: " + JoinComma(graph.Children(rev.id)) + "\n";
	}
	const std::vector<std::string> &labels = graph.EffectiveBranchLabels(rev.id);
	if (!labels.empty()) {
		text += "Branch names: " + JoinComma(labels) + "\n";
	}
	text += "Path: ";
	text += path;
	text += "\n";
	/* The docstring Alembic's template writes, stripped as Script.longdoc does. */
	std::string doc = rev.message + "\n\nRevision ID: " + rev.id + "\nRevises: " + JoinComma(rev.parents) +
	                  "\nCreate Date: " + std::string(create_date);
	text += "\n";
	bool first = true;
	for (std::string_view line : PySplitLines(PyStrip(doc))) {
		if (!first) {
			text += "\n";
		}
		first = false;
		text += "    ";
		text += line;
	}
	text += "\n";
	return text;
}

std::vector<std::string>
CurrentRevisions(const RevisionGraph &graph, const std::vector<std::string> &heads) {
	std::vector<std::string> out = heads;
	std::set<std::string> listed(heads.begin(), heads.end());
	for (const std::string &tip : graph.TipsOf(graph.AppliedSet(heads), false)) {
		if (listed.count(tip) == 0)
			out.push_back(tip);
	}
	return out;
}

} // namespace pgm
