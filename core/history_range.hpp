/*
 * history_range.hpp: the revisions of a `history -r RANGE`, for `pgmig history -r` and the
 * extension's migrate_history.  Next to history_format.hpp, which formats the lines; this
 * resolves which revisions they are for, in which order.
 */
#pragma once

#include "core/revision_graph.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/*
 * ResolveHistoryRange: the ids `alembic history -r RANGE` lists, in its order (Alembic's
 * topological sort from the range's end revisions, which can order sibling branches
 * differently from HistoryOrder).  RANGE is "[start]:[end]" where each side is any
 * single-revision target (id, partial id, label, head, heads, base, current, label@head,
 * rev+N, rev-N, ...); an empty side is open.  "current" uses current_heads.  Errors keep
 * Alembic's texts: a range without a colon is 22023 "History range requires [start]:[end],
 * [start]:, or :[end]" (first letter lower-cased); unrelated endpoints are 22023 "requested
 * range a:b does not refer to ancestor/descendant revisions along the same branch".
 */
std::vector<std::string> ResolveHistoryRange(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                                             std::string_view range);

} // namespace pgm
