/*
 * stamp_plan.hpp: planning `stamp REV...`: which pg_migrate.version rows to replace so the
 * table names the given revisions, without running any migration.  Nothing here executes
 * anything: the extension runs a StampPlan (migrate_stamp), in Alembic's order.
 */
#pragma once

#include "core/revision_graph.hpp"

#include <string>
#include <vector>

namespace pgm {

/* StampStep: one `stamp_revision` step: the version rows it removes and the ones it adds. */
struct StampStep {
	std::vector<std::string> from; // rows replaced (empty: a new row is inserted)
	std::vector<std::string> to;   // rows written (empty: the rows are deleted, e.g. stamp base)
};

struct StampPlan {
	std::vector<StampStep> steps;         // in order; empty when the table already says so
	std::vector<std::string> heads_after; // the version table afterwards
};

/*
 * PlanStamp: Alembic's `stamp REV...` rules, executing nothing.  Each target is resolved like
 * an upgrade target (heads, head, base, ids, labels, label@head, ...).  For each target: no
 * step if it is already a row; if it descends from rows, those rows become it (a merge target
 * replaces all its ancestors' rows in one step); if it is an ancestor of a row, that row moves
 * down to it; if unrelated, a new row is inserted; rows of unrelated lineages are untouched;
 * base deletes the rows, one row per step, as Alembic does.  With purge, the table is first
 * emptied, so the result is exactly the targets: when it held rows, the first step is
 * {from: all rows (which need not be in the graph), to: {}}.  Throws MigError:
 * unknown/ambiguous targets; "head" with several heads (MG004, Alembic: "multiple heads are
 * present; please specify a single target revision"); two targets on the same lineage (22023).
 */
StampPlan PlanStamp(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                    const std::vector<std::string> &targets, bool purge);

/*
 * DescribeStamp: Alembic's run-log text of a step: "Running stamp_revision a, b -> c" (an empty
 * side printed as nothing, as in "Running stamp_revision  -> c").
 */
std::string DescribeStamp(const StampStep &step);

} // namespace pgm
