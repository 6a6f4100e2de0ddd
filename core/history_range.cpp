/*
 * history_range.cpp: the ids `history -r RANGE` lists (history_range.hpp), as Alembic's
 * `alembic history -r` computes them: both ends read with the target grammar
 * (target_grammar.hpp), relative ends walked without asserting their length, and the ids
 * between them in Alembic's topological order from the upper end.
 */
#include "core/history_range.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"
#include "core/target_grammar.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace pgm {

namespace {

using grammar::CheckedCurrentHeads;
using grammar::Deduped;
using grammar::ParseRelative;
using grammar::Pos;
using grammar::Relative;
using grammar::Resolver;
using grammar::SafeSpec;
using grammar::ThrowRelativeNotProduced;

/*
 * WalkClamped: _walk with no_overwalk=False (history does not assert relative lengths): a walk
 * that would leave the graph stops at the last position reached.
 */
Pos
WalkClamped(const Resolver &resolver, Pos start, long long steps, const std::optional<std::string> &branch) {
	const long long unit = steps < 0 ? -1 : 1;
	long long count = steps < 0 ? -steps : steps;
	InterruptTicker ticks;
	for (long long k = 0; k < count; k++) {
		ticks.Tick();
		std::optional<Pos> next = resolver.Walk(start, unit, branch);
		if (!next) {
			break;
		}
		start = std::move(*next);
	}
	return start;
}

std::vector<std::string>
PosIds(const Pos &pos) {
	return pos.IsRevision() ? std::vector<std::string>{pos.id} : std::vector<std::string>{};
}

/* A relative endpoint with a symbol ("rev+N", "rev-N", "label@rev-N", "head-1"). */
std::vector<std::string>
WalkFromSymbol(const Resolver &resolver, const Relative &rel) {
	Pos start = resolver.GetRevision(rel.branch && rel.steps < 0 ? *rel.branch + "@" + *rel.symbol : *rel.symbol);
	return PosIds(WalkClamped(resolver, start, rel.steps, rel.steps > 0 ? rel.branch : std::nullopt));
}

/* Ancestor closures: fail when one requested revision lies below another, as Alembic's check=True. */
void
CheckNoOverlap(const RevisionGraph &graph, const std::vector<std::string> &ids) {
	if (ids.size() < 2) {
		return;
	}
	for (const std::string &id : ids) {
		std::set<std::string> below = graph.Ancestors({id}, true);
		std::vector<std::string> overlaps;
		for (const std::string &other : ids) {
			if (other != id && below.count(other) > 0) {
				overlaps.push_back(other);
			}
		}
		if (!overlaps.empty()) {
			throw MigError(sqlstate::kInvalidParameterValue,
			               "requested revision " + id + " overlaps with other requested revisions " +
			                   JoinComma(overlaps),
			               "Revision " + QuoteName(id) + " needs " + JoinComma(overlaps) + ".",
			               "Name only the newest of revisions on one branch.");
		}
	}
}

} // namespace

/*
 * Alembic's history -r, in its steps: strip the range and split it at its one colon; resolve the
 * upper end (as _parse_upgrade_target would, with the lower end as the current revisions; "+N"
 * walks up from the lower end); resolve the lower end ("-N" counts down from the upper end); keep
 * only the upper ends on the branch a "label@..." lower end names; check that every lower end
 * lies below the upper ones; then list what lies between, in topological order from the upper end.
 */
std::vector<std::string>
ResolveHistoryRange(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view range) {
	const std::string safe_range = SafeSpec(range);
	const std::string_view stripped = PyStrip(safe_range);
	const std::size_t colon = stripped.find(':');
	if (colon == std::string_view::npos || stripped.find(':', colon + 1) != std::string_view::npos) {
		throw MigError(sqlstate::kInvalidParameterValue, "history range requires [start]:[end], [start]:, or :[end]",
		               colon == std::string_view::npos
		                   ? "The range " + QuoteName(stripped) + " has no colon."
		                   : "The range " + QuoteName(stripped) + " has more than one colon.",
		               "Write the range as \"start:end\"; either side may be left empty.");
	}
	const std::string start(stripped.substr(0, colon));
	const std::string end(stripped.substr(colon + 1));
	const std::string start_shown = start.empty() ? "base" : start;
	const std::string end_shown = end.empty() ? "heads" : end;

	std::vector<std::string> current;
	if (start == "current" || end == "current") {
		std::set<std::string> applied;
		current = CheckedCurrentHeads(graph, current_heads, applied);
	}
	Resolver resolver(graph);

	/* The upper end (Alembic's _parse_upgrade_target with the lower end as the current revisions). */
	auto resolve_lower_plain = [&]() -> std::vector<std::string> {
		if (start.empty()) {
			return {};
		}
		if (start == "current") {
			return current;
		}
		std::optional<Relative> rel = ParseRelative(start);
		if (!rel) {
			return resolver.GetRevisions(start);
		}
		if (rel->symbol) {
			return WalkFromSymbol(resolver, *rel);
		}
		return {}; // "-N": counted from the upper end below
	};
	std::optional<Relative> start_rel = start == "current" ? std::nullopt : ParseRelative(start);
	if (start_rel && !start_rel->symbol && start_rel->steps >= 0) {
		throw MigError(sqlstate::kUndefinedObject, "can't locate revision identified by '" + start + "'",
		               "A relative start without a revision counts down from the end of the range.",
		               "Use \"-N\", or name the revision: \"<revision>+N\".");
	}
	std::vector<std::string> targets;
	if (end.empty()) {
		targets = resolver.GetRevisions("heads");
	} else if (end == "current") {
		targets = current;
	} else if (std::optional<Relative> rel = ParseRelative(end)) {
		if (rel->symbol) {
			targets = WalkFromSymbol(resolver, *rel);
		} else if (rel->steps <= 0) {
			ThrowRelativeNotProduced(rel->steps_number, rel->steps,
			                         "The end of a history range walks up from its start; \"" + end + "\" walks down.",
			                         "Use \"+N\", or name the revision: \"<revision>-N\".");
		} else {
			if (start_rel && !start_rel->symbol) {
				throw MigError(sqlstate::kInvalidParameterValue,
				               "history range " + QuoteName(stripped) + " has no revision to count from",
				               "Both ends are relative steps without a revision.", "Name a revision on one side.");
			}
			std::vector<std::string> lower = resolve_lower_plain();
			if (lower.size() > 1) {
				throw MigError(sqlstate::kMultipleHeads, "ambiguous upgrade from multiple current revisions",
				               "The start of the range is " + JoinComma(lower) + "; \"" + end +
				                   "\" does not say which one to walk from.",
				               "Name the end revision instead of a relative step.");
			}
			Pos from = lower.empty() ? Pos::None() : Pos::Rev(lower[0]);
			targets = PosIds(WalkClamped(resolver, from, rel->steps, rel->branch));
		}
	} else {
		targets = resolver.GetRevisions(end);
	}
	targets = Deduped(targets);

	/* The lower end; "-N" and "label@-N" count down from the upper end. */
	std::vector<std::string> lower;
	if (start_rel && !start_rel->symbol) {
		std::vector<std::string> from = targets;
		if (start_rel->branch) {
			from = resolver.FilterForLineage(from, *start_rel->branch);
		}
		if (from.size() > 1) {
			throw MigError(sqlstate::kAmbiguousRevision, "ambiguous walk",
			               "The end of the range is " + JoinComma(from) + "; \"" + start +
			                   "\" does not say which one to count down from.",
			               "Name the start revision instead of a relative step.");
		}
		if (!from.empty()) {
			lower = PosIds(WalkClamped(resolver, Pos::Rev(from[0]), start_rel->steps, std::nullopt));
		}
	} else {
		lower = Deduped(resolve_lower_plain());
	}

	/* A named base ("feat@base", "feat@xyz") keeps only the targets on that branch. */
	if (std::size_t at = start.find('@'); at != std::string::npos) {
		std::string branch = start.substr(0, at);
		if (graph.Find(branch) != nullptr) {
			const std::vector<std::string> &labels = graph.EffectiveBranchLabels(branch);
			if (labels.size() != 1) {
				throw MigError(
				    sqlstate::kInvalidParameterValue, "revision " + branch + " does not name a single branch",
				    labels.empty() ? "Revision " + QuoteName(branch) + " has no branch label."
				                   : "Revision " + QuoteName(branch) + " is on branches " + JoinComma(labels) + ".",
				    "Use a branch label before \"@\".");
			}
			branch = labels[0];
		}
		std::vector<std::string> kept;
		for (const std::string &t : targets) {
			const std::vector<std::string> &labels = graph.EffectiveBranchLabels(t);
			if (std::find(labels.begin(), labels.end(), branch) != labels.end()) {
				kept.push_back(t);
			}
		}
		targets = std::move(kept);
	}

	CheckNoOverlap(graph, targets);
	std::set<std::string> required = graph.Ancestors(targets, true);
	for (const std::string &low : lower) {
		if (required.count(low) == 0) {
			throw MigError(sqlstate::kInvalidParameterValue,
			               "requested range " + start_shown + ":" + end_shown +
			                   " does not refer to ancestor/descendant revisions along the same branch",
			               "Revision " + QuoteName(low) + " is not an ancestor of " +
			                   (targets.empty() ? std::string("base") : JoinComma(targets)) + ".",
			               "Put the older revision before the colon and the newer one after it.");
		}
	}
	CheckNoOverlap(graph, lower);
	std::set<std::string> needs;
	if (lower.empty()) {
		needs = std::move(required);
	} else {
		std::set<std::string> below = graph.Ancestors(lower, true);
		std::set<std::string> above = graph.Descendants(lower, false);
		InterruptTicker ticks;
		for (const std::string &id : required) {
			ticks.Tick();
			if (above.count(id) > 0 &&
			    (below.count(id) == 0 || std::find(lower.begin(), lower.end(), id) != lower.end())) {
				needs.insert(id);
			}
		}
	}
	return graph.TopologicalOrder(needs, targets);
}

} // namespace pgm
