/*
 * history_format.hpp: Alembic's text formats for history, current, heads and branches, and its
 * verbose entry of show and `history -v` (reference: Alembic's Script._head_only and
 * Script.log_entry); the order `alembic history` prints revisions in; and the revisions
 * `alembic current` names for a set of version rows.  Which revisions a `history -r RANGE`
 * lists is history_range.hpp.
 *
 *   [<parents> [(<deps>)] -> ]<rev>[ (<labels>)][ (head)][ (effective head)][ (current)]
 *   [ (branchpoint)][ (mergepoint)][, <doc>]
 */
#pragma once

#include "core/revision_graph.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* HistoryOrder: all revision ids, newest first, in the order `alembic history` prints them. */
std::vector<std::string> HistoryOrder(const RevisionGraph &graph);

/*
 * FormatHistoryLine: one `history` line: parents (or <base>), labels, tree flags, ", " and the doc
 * (also when the doc is empty, as Alembic writes it).
 * When indicate_current is true, revisions in current_heads get " (current)".
 */
std::string FormatHistoryLine(const RevisionGraph &graph, std::string_view id,
                              const std::set<std::string> &current_heads = {}, bool indicate_current = false);

/* FormatCurrentLine: one `current` line: the bare id and the tree flags, e.g. "c527ba0bc760 (head)". */
std::string FormatCurrentLine(const RevisionGraph &graph, std::string_view id);

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

/*
 * FormatLogEntry: Alembic's verbose entry (Script.log_entry), used by `show`, `history -v`,
 * `heads -v`, `branches -v` and `current -v`:
 *   Rev: bbbb2222 (branchpoint)
 *   Parent: aaaa1111                 ("Merges: a, b" for a merge point, "<base>" for a root)
 *   Also depends on: cccc3333        (only with depends_on)
 *   Branches into: dddd4444, cccc3333  (only for branch points)
 *   Branch names: feat               (only when labelled)
 *   Path: <path>
 *   <blank>
 *       <message lines, indented four spaces>
 *       <blank line with four spaces>
 *       Revision ID: bbbb2222
 *       Revises: aaaa1111
 *       Create Date: <create_date>
 *   <blank>                          (printed by the caller, between entries)
 * The flags after "Rev:" follow Alembic's Script.log_entry byte for byte: " (head)" for any
 * revision without children (an effective head too), then (branchpoint), (mergepoint), and
 * (current) when indicate_current and id is in current_heads.  The text ends with one newline
 * after "Create Date"; the blank line shown after an entry is the one the caller prints between
 * entries, as Alembic's print_stdout does.
 */
std::string FormatLogEntry(const RevisionGraph &graph, std::string_view id, const std::set<std::string> &current_heads,
                           bool indicate_current, std::string_view path, std::string_view create_date);

/*
 * CurrentRevisions: what `alembic current` lists for these version rows: the rows themselves,
 * in their order, then every other applied revision with no applied child (parent edges only),
 * in load order.  The second kind comes from depends_on: upgrading a revision that depends on
 * another branch applies that branch too, without a version row for it, and Alembic's current
 * still names it (e.g. "99990000 (head)" then "cccc3333").
 */
std::vector<std::string> CurrentRevisions(const RevisionGraph &graph, const std::vector<std::string> &heads);

} // namespace pgm
