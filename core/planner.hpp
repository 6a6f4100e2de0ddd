/*
 * planner.hpp: target grammar and planning.  Given the graph and the database's current
 * heads (the rows of pg_migrate.version), compute the steps that move the database to a
 * target, in execution order, and the heads afterwards.  Nothing here executes anything:
 * the extension runs a Plan, the client prints one.
 *
 * Grammar and error texts follow Alembic (docs/design.md, "Targets").
 */
#pragma once

#include "core/revision_graph.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pgm {

enum class Direction { kUpgrade, kDowngrade };

const char *DirectionName(Direction d); // "upgrade" / "downgrade"

struct Step {
	std::string revision; // the revision applied (upgrade) or reverted (downgrade)
	Direction direction;
};

struct Plan {
	Direction direction;
	std::vector<Step> steps;              // in execution order; empty when there is nothing to do
	std::vector<std::string> heads_after; // the version table afterwards
};

/*
 * PlanUpgrade: steps to upgrade from current_heads to target.  Throws MigError for an
 * unknown or ambiguous target, several heads where one is required (MG004), a relative
 * target that cannot be walked, or a current head that is not in the graph.
 */
Plan PlanUpgrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target);

/*
 * PlanDowngrade: steps to downgrade from current_heads to target.  Besides PlanUpgrade's
 * errors, throws 0A000 before any step when a revision to revert has no downgrade section.
 */
Plan PlanDowngrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target);

/*
 * ResolveRevision: one revision id for a spec (full id, unique partial id, head when
 * single).  Throws MigError: 42704 with Alembic's "can't locate revision identified by"
 * when nothing matches, MG005 listing the candidates when a prefix is ambiguous.
 */
std::string ResolveRevision(const RevisionGraph &graph, std::string_view spec);

/*
 * DescribeStep: Alembic's run-log text of a step, e.g.
 *   "Running upgrade  -> c527ba0bc760, initial migration"
 *   "Running upgrade c527ba0bc760 -> 1975ea83b712, add avatar field to users"
 *   "Running downgrade 1975ea83b712 -> c527ba0bc760, add avatar field to users"
 */
std::string DescribeStep(const RevisionGraph &graph, const Step &step);

/* ---- Issue 3: stamping. ---- */

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
 * base deletes the rows.  With purge, the table is first emptied, so the result is exactly the
 * targets.  Throws MigError: unknown/ambiguous targets; "head" with several heads (MG004,
 * Alembic: "multiple heads are present; please specify a single target revision"); two targets
 * on the same lineage (22023).
 * DescribeStamp gives Alembic's run-log text: "Running stamp_revision a, b -> c" (empty side
 * printed as nothing, as in "Running stamp_revision  -> c").
 */
StampPlan PlanStamp(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                    const std::vector<std::string> &targets, bool purge);
std::string DescribeStamp(const StampStep &step);
/*
 * Note (implementation): with purge and a non-empty table the first step is {from: all rows
 * (which need not be in the graph), to: {}}; base deletes one row per step, as Alembic does.
 */

} // namespace pgm
