/*
 * planner.hpp: upgrade and downgrade planning.  Given the graph and the database's current
 * heads (the rows of pg_migrate.version), compute the steps that move the database to a
 * target, in execution order, and the heads afterwards; also resolve one revision spec and
 * describe a step as Alembic's run log does.  Nothing here executes anything: the extension
 * runs a Plan, the client prints one.
 *
 * Targets follow Alembic's grammar (target_grammar.hpp; docs/design.md, "Targets"), and so do
 * the error texts.
 */
#pragma once

#include "core/packed_graph.hpp"
#include "core/revision_graph.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

enum class Direction { kUpgrade, kDowngrade };

const char *DirectionName(Direction d); // "upgrade" / "downgrade"

/* ParseDirection: "upgrade" or "downgrade"; anything else is MigError 22023. */
Direction ParseDirection(const std::string &name);

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
 * PlanPrefix: the first count steps of plan (all when count >= its size), with heads_after the
 * version table after exactly those steps, computed from current_heads (the heads plan was
 * made from).  The steps keep their order; a prefix of a valid plan is a valid plan.
 */
Plan PlanPrefix(const RevisionGraph &graph, const std::vector<std::string> &current_heads, const Plan &plan,
                std::size_t count);

/*
 * CheckNextStep: whether step can run now, from current_heads, as a step of some plan would:
 * an upgrade step's revision is not applied and all its parents and dependencies are; a
 * downgrade step's revision is a current head with no applied dependent.  Throws MigError
 * 55000 saying why not; returns the heads after the step otherwise.
 */
std::vector<std::string> CheckNextStep(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                                       const Step &step);

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

/* DescribeStepText: DescribeStep's text from its parts; parents as DescribeStep joins them. */
std::string DescribeStepText(Direction direction, std::string_view id, std::string_view parents,
                             std::string_view message);

/*
 * PlanUpgradePacked: PlanUpgrade's steps for the targets "head" and "heads", over the stored
 * graph read in place (packed_graph.hpp): the revision indexes to apply, in execution order,
 * the same steps in the same order (one topological sort, graph_walks.hpp).  nullopt when the
 * call is not one it answers: another target, a current head that is not in the graph, or
 * several heads for "head"; the caller then plans with RevisionGraph, which raises the errors.
 */
std::optional<std::vector<std::size_t>>
PlanUpgradePacked(const PackedGraph &graph, const std::vector<std::string> &current_heads, std::string_view target);

/* DescribePackedStep: DescribeStep's text of the step of revision index, into out (replaced). */
void DescribePackedStep(const PackedGraph &graph, std::size_t index, Direction direction, std::string &out);

} // namespace pgm
