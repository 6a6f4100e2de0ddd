/*
 * history.hpp: Alembic's text formats for history, current and heads
 * (reference: Alembic's Script._head_only and Script.log_entry).
 *
 *   [<parents> [(<deps>)] -> ]<rev>[ (<labels>)][ (head)][ (effective head)][ (current)]
 *   [ (branchpoint)][ (mergepoint)][, <doc>]
 */
#pragma once

#include "graph.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* HistoryOrder: all revision ids, newest first, in the order `alembic history` prints them. */
std::vector<std::string> HistoryOrder(const RevisionGraph &graph);

/*
 * FormatHistoryLine: one `history` line: parents (or <base>), labels, tree flags, doc.
 * When indicate_current is true, revisions in current_heads get " (current)".
 */
std::string FormatHistoryLine(const RevisionGraph &graph, std::string_view id,
                              const std::set<std::string> &current_heads = {}, bool indicate_current = false);

/* FormatCurrentLine: one `current` line: the bare id and the tree flags, e.g. "c527ba0bc760 (head)". */
std::string FormatCurrentLine(const RevisionGraph &graph, std::string_view id);

/* ---- Additions beyond the first contract. ---- */

/* FormatHeadsLine: one `heads` line: id, labels and the head flag, e.g. "99990000 (feat) (head)". */
std::string FormatHeadsLine(const RevisionGraph &graph, std::string_view id);

/*
 * FormatBranchesBlock: one `branches` block for a branch point, without the blank line that
 * follows it:
 *   bbbb2222 (branchpoint)
 *            -> cccc3333 (head)
 *            -> dddd4444 (head)
 */
std::string FormatBranchesBlock(const RevisionGraph &graph, std::string_view id);

} // namespace pgm
