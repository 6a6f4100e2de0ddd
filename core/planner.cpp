/*
 * planner.cpp: the upgrade and downgrade planner (planner.hpp).  Targets are read with the
 * grammar of target_grammar.hpp; the sets of revisions to run are computed as Alembic's
 * _collect_upgrade_revisions / _collect_downgrade_revisions and ordered by its topological
 * sort (RevisionGraph::TopologicalOrder).
 */
#include "core/planner.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"
#include "core/target_grammar.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace pgm {

namespace {

using grammar::CheckedCurrentHeads;
using grammar::DescribePos;
using grammar::ParseDowngradeTarget;
using grammar::ParseRelative;
using grammar::ParseUpgradeTarget;
using grammar::Pos;
using grammar::RejectRange;
using grammar::Relative;
using grammar::Resolver;
using grammar::SafeSpec;

/* The heads of a set of applied revisions: no applied child and no applied dependent. */
std::vector<std::string>
HeadsOf(const RevisionGraph &graph, const std::vector<char> &applied) {
	return graph.TipsOfMarked(applied, true);
}

/* Marked: whether the revision with this id is marked (false for an id not in the graph). */
bool
Marked(const RevisionGraph &graph, const std::vector<char> &marks, std::string_view id) {
	std::size_t i = graph.IndexOf(id);
	return i != RevisionGraph::kNoIndex && marks[i];
}

/*
 * CheckReversible: refuse the whole downgrade (0A000) before any step when one of its
 * revisions has no downgrade section, naming the revision to stop at instead.
 */
void
CheckReversible(const RevisionGraph &graph, const std::vector<Step> &steps, std::string_view target) {
	for (const Step &step : steps) {
		const Revision *rev = graph.Find(step.revision);
		if (rev->reversible) {
			continue;
		}
		std::string where =
		    rev->source.empty() ? "Revision " + QuoteName(rev->id) : "Revision file " + QuoteName(rev->source);
		throw MigError(
		    sqlstate::kFeatureNotSupported,
		    "cannot downgrade revision " + QuoteName(rev->id) + " because it is irreversible",
		    where + " has no \"-- migrate:downgrade\" section. Nothing was downgraded.",
		    "Downgrade to " + QuoteName(rev->id) + " or a later revision instead of " + QuoteName(target) +
		        ", or add a \"-- migrate:downgrade\" section to the revision file and accept the edited file "
		        "with \"pgmig repair " +
		        rev->id + " --reason TEXT\" (migrate_repair in SQL) first.");
	}
}

/*
 * PlanStart: what both planners start from, read in one order so that the same input fails the
 * same way in both: the target made safe (SafeSpec), the database's heads without repeats and
 * the revisions they apply (an unknown head fails here), then the target checked to be a single
 * target rather than a range.
 */
struct PlanStart {
	std::string target;
	std::vector<std::string> current;
	std::vector<char> applied; // marks over the revision indexes
};

PlanStart
ReadPlanStart(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	PlanStart start;
	start.target = SafeSpec(target);
	start.current = CheckedCurrentHeads(graph, current_heads, start.applied);
	RejectRange(start.target);
	return start;
}

} // namespace

const char *
DirectionName(Direction d) {
	return d == Direction::kUpgrade ? "upgrade" : "downgrade";
}

Direction
ParseDirection(const std::string &name) {
	if (name == "upgrade")
		return Direction::kUpgrade;
	if (name == "downgrade")
		return Direction::kDowngrade;
	throw MigError(sqlstate::kInvalidParameterValue, "invalid direction \"" + name + "\"", "",
	               "Use \"upgrade\" or \"downgrade\".");
}

/*
 * _collect_upgrade_revisions: the target's ancestors (dependencies included) not yet applied,
 * run oldest first (the topological order from the targets, reversed).
 */
Plan
PlanUpgrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	PlanStart start = ReadPlanStart(graph, current_heads, target);
	target = start.target;
	const std::vector<std::string> &current = start.current;
	std::vector<char> &applied = start.applied;
	Resolver resolver(graph);

	std::vector<std::string> targets = ParseUpgradeTarget(resolver, graph, current, target);
	std::vector<char> needs = graph.AncestorMarks(targets, true);
	for (std::size_t i = 0; i < needs.size(); i++) {
		needs[i] = needs[i] && !applied[i];
	}
	std::vector<std::size_t> order = graph.TopologicalIndexes(std::move(needs), targets);

	Plan plan;
	plan.direction = Direction::kUpgrade;
	plan.steps.reserve(order.size());
	InterruptTicker ticks;
	const std::vector<Revision> &revisions = graph.Revisions();
	for (auto it = order.rbegin(); it != order.rend(); ++it) {
		ticks.Tick();
		plan.steps.push_back(Step{revisions[*it].id, Direction::kUpgrade});
		applied[*it] = 1;
	}
	plan.heads_after = HeadsOf(graph, applied);
	return plan;
}

/*
 * _collect_downgrade_revisions: the applied revisions built on the destination (its children
 * and all that descends from them), only those on its branch when the target names one
 * ("X@target", "label@-N"), newest first.  Refused as a whole when one cannot be reverted.
 */
Plan
PlanDowngrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	PlanStart start = ReadPlanStart(graph, current_heads, target);
	target = start.target;
	const std::vector<std::string> &current = start.current;
	std::vector<char> &applied = start.applied;
	Resolver resolver(graph);

	std::optional<std::string> branch;
	Pos destination = ParseDowngradeTarget(resolver, graph, current, target, branch);

	/* The revisions to drop: those built on the destination (its children onwards). */
	std::vector<std::string> roots;
	if (destination.IsRevision()) {
		roots = graph.Children(destination.id);
	} else {
		roots = graph.Bases();
	}
	if (branch && roots.size() > 1) {
		std::set<std::string> lineage = graph.Ancestors({resolver.ResolveBranch(*branch)}, false);
		std::vector<std::string> kept;
		for (const std::string &r : roots) {
			if (lineage.count(r) > 0) {
				kept.push_back(r);
			}
		}
		if (kept.empty()) {
			throw MigError(sqlstate::kObjectNotInPrerequisiteState,
			               "destination " + std::string(target) +
			                   " is not a valid downgrade target from current head(s)",
			               "Branch '" + *branch + "' has no applied revision above " + DescribePos(destination) + ".",
			               "Name a revision below the branch's current revision.");
		}
		roots = std::move(kept);
	}
	if (destination.IsRevision() && !Marked(graph, applied, destination.id)) {
		throw MigError(sqlstate::kObjectNotInPrerequisiteState,
		               "destination " + std::string(target) + " is not a valid downgrade target from current head(s)",
		               "Revision " + QuoteName(destination.id) + " is not applied; the database is at " +
		                   (current.empty() ? std::string("base") : JoinComma(current)) + ".",
		               "Downgrade to an applied revision, or use upgrade to move forward.");
	}

	std::vector<char> drop = graph.DescendantMarks(roots, true);
	for (std::size_t i = 0; i < drop.size(); i++) {
		drop[i] = drop[i] && applied[i];
	}
	std::vector<std::size_t> order = graph.TopologicalIndexes(std::move(drop), current);

	Plan plan;
	plan.direction = Direction::kDowngrade;
	plan.steps.reserve(order.size());
	InterruptTicker ticks;
	const std::vector<Revision> &revisions = graph.Revisions();
	for (std::size_t i : order) {
		ticks.Tick();
		plan.steps.push_back(Step{revisions[i].id, Direction::kDowngrade});
		applied[i] = 0;
	}
	CheckReversible(graph, plan.steps, target);
	plan.heads_after = HeadsOf(graph, applied);
	return plan;
}

Plan
PlanPrefix(const RevisionGraph &graph, const std::vector<std::string> &current_heads, const Plan &plan,
           std::size_t count) {
	Plan prefix;
	prefix.direction = plan.direction;
	if (count >= plan.steps.size()) {
		prefix.steps = plan.steps;
		prefix.heads_after = plan.heads_after;
		return prefix;
	}
	std::vector<char> applied;
	CheckedCurrentHeads(graph, current_heads, applied);
	for (std::size_t i = 0; i < count; i++) {
		const Step &step = plan.steps[i];
		prefix.steps.push_back(step);
		std::size_t index = graph.IndexOf(step.revision);
		if (index != RevisionGraph::kNoIndex) {
			applied[index] = step.direction == Direction::kUpgrade ? 1 : 0;
		}
	}
	prefix.heads_after = HeadsOf(graph, applied);
	return prefix;
}

std::vector<std::string>
CheckNextStep(const RevisionGraph &graph, const std::vector<std::string> &current_heads, const Step &step) {
	const Revision *rev = graph.Find(step.revision);
	if (rev == nullptr) {
		throw MigError(sqlstate::kUndefinedObject, "revision " + QuoteName(step.revision) + " does not exist", "",
		               "Upload the script folder with migrate_upload first.");
	}
	std::vector<char> applied;
	std::vector<std::string> current = CheckedCurrentHeads(graph, current_heads, applied);
	const std::size_t index = graph.IndexOf(rev->id);
	std::string where = "The database is at " + (current.empty() ? std::string("base") : JoinComma(current)) + ".";
	if (step.direction == Direction::kUpgrade) {
		if (applied[index]) {
			throw MigError(sqlstate::kObjectNotInPrerequisiteState,
			               "revision " + QuoteName(rev->id) + " is already applied", where,
			               "Record only the step that was run, once.");
		}
		std::vector<std::string> missing;
		for (const std::string &parent : rev->parents) {
			if (!Marked(graph, applied, parent)) {
				missing.push_back(parent);
			}
		}
		for (const std::string &dependency : graph.ResolvedDependencies(rev->id)) {
			if (!Marked(graph, applied, dependency)) {
				missing.push_back(dependency);
			}
		}
		if (!missing.empty()) {
			throw MigError(sqlstate::kObjectNotInPrerequisiteState,
			               "revision " + QuoteName(rev->id) + " is not the next step of an upgrade",
			               "It needs " + JoinComma(missing) + ", which " + (missing.size() == 1 ? "is" : "are") +
			                   " not applied. " + where,
			               "Apply the revisions before it first.");
		}
		applied[index] = 1;
	} else {
		if (!applied[index] || !graph.IsTipOfMarked(index, applied, true)) {
			throw MigError(sqlstate::kObjectNotInPrerequisiteState,
			               "revision " + QuoteName(rev->id) + " is not the next step of a downgrade",
			               !applied[index] ? "It is not applied. " + where : "It is not a current head. " + where,
			               "Revert the revisions after it first.");
		}
		applied[index] = 0;
	}
	return HeadsOf(graph, applied);
}

/*
 * There are no current heads here, so a relative spec must name the revision it starts from;
 * it walks up on its branch ("label@rev+N") or down from "label@rev" ("label@rev-N"), as the
 * upgrade and downgrade grammars do.
 */
std::string
ResolveRevision(const RevisionGraph &graph, std::string_view spec) {
	const std::string safe_spec = SafeSpec(spec);
	spec = safe_spec;
	if (spec.empty()) {
		throw MigError(sqlstate::kInvalidParameterValue, "revision must not be empty", "",
		               "Use a revision id, a unique prefix of one, a branch label or \"head\".");
	}
	Resolver resolver(graph);
	Pos pos = Pos::None();
	if (std::optional<Relative> rel = ParseRelative(spec)) {
		if (!rel->symbol) {
			throw MigError(sqlstate::kInvalidParameterValue,
			               "relative revision " + std::string(spec) + " needs the current revision",
			               "A step without a starting revision counts from the database's current heads.",
			               "Name the starting revision, e.g. \"head-1\" or \"<revision>+1\".");
		}
		Pos start =
		    resolver.GetRevision(rel->branch && rel->steps < 0 ? *rel->branch + "@" + *rel->symbol : *rel->symbol);
		std::optional<Pos> reached =
		    resolver.Walk(start, rel->steps, rel->steps > 0 ? rel->branch : std::optional<std::string>{});
		if (!reached) {
			throw MigError(sqlstate::kInvalidParameterValue, "walked too far",
			               "Walking " + std::string(spec) + " leaves the revision graph.", "Use a smaller step.");
		}
		pos = *reached;
	} else {
		pos = resolver.GetRevision(spec);
	}
	if (!pos.IsRevision()) {
		throw MigError(sqlstate::kUndefinedObject, "can't locate revision identified by '" + std::string(spec) + "'",
		               graph.Revisions().empty() ? "There are no revisions."
		                                         : QuoteName(spec) + " names the empty database, not a revision.",
		               "");
	}
	return pos.id;
}

std::string
DescribeStep(const RevisionGraph &graph, const Step &step) {
	const Revision *rev = graph.Find(step.revision);
	if (rev == nullptr) {
		throw MigError(sqlstate::kUndefinedObject,
		               "can't locate revision identified by '" + MessageText(step.revision, kMaxQuotedNameChars) + "'");
	}
	return DescribeStepText(step.direction, rev->id, JoinComma(rev->parents), rev->message);
}

std::string
DescribeStepText(Direction direction, std::string_view id, std::string_view parents, std::string_view message) {
	std::string text = direction == Direction::kUpgrade ? "Running upgrade " : "Running downgrade ";
	text += direction == Direction::kUpgrade ? parents : id;
	text += " -> ";
	text += direction == Direction::kUpgrade ? id : parents;
	if (!message.empty()) {
		text += ", ";
		text += message;
	}
	return text;
}

/*
 * PlanUpgradePacked follows PlanUpgrade step by step for "head" and "heads": the current heads
 * without repeats and everything they apply (by parents and dependencies); the targets (for
 * "head" the revisions without children, which must be one; for "heads" those without children
 * and dependents, Alembic's real heads, in load order); their ancestors not applied; the
 * topological order from the targets, reversed.
 */
std::optional<std::vector<std::size_t>>
PlanUpgradePacked(const PackedGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	const bool all_heads = target == "heads";
	if (!all_heads && target != "head") {
		return std::nullopt;
	}
	const std::size_t n = graph.Size();
	std::vector<std::size_t> current;
	for (const std::string &id : current_heads) {
		std::size_t i = graph.IndexOf(id);
		if (i == PackedGraph::kNoIndex) {
			return std::nullopt; // PlanUpgrade refuses it
		}
		current.push_back(i);
	}
	std::vector<char> applied = ClosureOf(graph, current, true, true);
	std::vector<std::size_t> targets;
	InterruptTicker ticks;
	for (std::size_t i = 0; i < n; i++) {
		ticks.Tick();
		if (graph.Children(i).empty() && (!all_heads || graph.Dependents(i).empty())) {
			targets.push_back(i);
		}
	}
	if (!all_heads && targets.size() > 1) {
		return std::nullopt; // several heads: PlanUpgrade refuses "head"
	}
	std::vector<char> needs = ClosureOf(graph, targets, true, true);
	for (std::size_t i = 0; i < n; i++) {
		needs[i] = needs[i] && !applied[i];
	}
	std::vector<std::size_t> order = TopologicalIndexesOf(graph, std::move(needs), targets);
	std::reverse(order.begin(), order.end());
	return order;
}

void
DescribePackedStep(const PackedGraph &graph, std::size_t index, Direction direction, std::string &out) {
	out.assign(direction == Direction::kUpgrade ? "Running upgrade " : "Running downgrade ");
	auto parents = [&] {
		bool first = true;
		for (std::size_t p : graph.DeclaredParents(index)) {
			if (!first) {
				out += ", ";
			}
			first = false;
			out += graph.Id(p);
		}
	};
	if (direction == Direction::kUpgrade) {
		parents();
		out += " -> ";
		out += graph.Id(index);
	} else {
		out += graph.Id(index);
		out += " -> ";
		parents();
	}
	std::string_view message = graph.Message(index);
	if (!message.empty()) {
		out += ", ";
		out += message;
	}
}

} // namespace pgm
