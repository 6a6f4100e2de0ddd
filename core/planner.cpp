/*
 * planner.cpp: Alembic's revision target grammar and the upgrade/downgrade planner.
 *
 * The grammar follows alembic/script/revision.py: exact ids, branch labels and unique
 * prefixes; head, heads, base; label@head, label@heads, label@rev; relative steps +N / -N,
 * rev+N, rev-N, head-N, base+N, label@+N, label@-N; and, for downgrades, X@target to revert
 * one branch only.  Sets of revisions to run are computed as Alembic's
 * _collect_upgrade_revisions / _collect_downgrade_revisions, ordered by its topological sort.
 * Where Alembic only warns or crashes we refuse with a precise error.
 *
 * Targets are user text: the entry points replace invalid UTF-8 and NUL bytes by '?' before
 * anything else (ids and labels are ASCII, so no lookup changes), and every message quoting
 * them is valid UTF-8.  Walks and the loops over the graph call CheckInterrupts() every 1024
 * iterations; none of them runs inside the one try block here (Resolver::ResolveBranch).
 */
#include "core/planner.hpp"

#include "core/error.hpp"
#include "core/history_format.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <climits>
#include <iterator>
#include <limits>
#include <map>
#include <optional>

namespace pgm {

namespace {

/*
 * SafeSpec: a target as the planner reads it: each NUL byte and invalid UTF-8 byte becomes
 * '?'.  Neither can be part of an id, a label or the grammar, so resolution is unchanged.
 */
std::string
SafeSpec(std::string_view spec) {
	return MessageText(spec, std::numeric_limits<std::size_t>::max());
}

bool
IsWordChar(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A position in the graph: a revision, Alembic's None (no revision yet), or "base". */
struct Pos {
	enum class Kind { kRevision, kNone, kBase };
	Kind kind = Kind::kNone;
	std::string id;

	static Pos
	Rev(std::string rev_id) {
		return Pos{Kind::kRevision, std::move(rev_id)};
	}
	static Pos
	None() {
		return Pos{Kind::kNone, {}};
	}
	static Pos
	Base() {
		return Pos{Kind::kBase, {}};
	}
	bool
	IsRevision() const {
		return kind == Kind::kRevision;
	}
};

/* A relative target, Alembic's regex (?:(.+?)@)?(\w+)?((?:\+|-)\d+), matched in full. */
struct Relative {
	std::optional<std::string> branch;
	std::optional<std::string> symbol;
	long long steps = 0;      // signed; |steps| <= INT_MAX
	std::string steps_text;   // as written, e.g. "+2"
	std::string steps_number; // as Python's int formats it, e.g. "2", "-1"
};

bool
MatchRelativeTail(std::string_view s, Relative &out) {
	std::size_t k = 0;
	while (k < s.size() && IsWordChar(s[k])) {
		k++;
	}
	/* \w includes digits, so "ab12+3" splits at the sign: the symbol is everything before it. */
	if (k == s.size() || (s[k] != '+' && s[k] != '-')) {
		return false;
	}
	std::string_view digits = s.substr(k + 1);
	if (digits.empty()) {
		return false;
	}
	for (char c : digits) {
		if (c < '0' || c > '9') {
			return false;
		}
	}
	/* It is a relative step: the count must fit in an int, as PostgreSQL's integer. */
	long long value = 0;
	for (char c : digits) {
		value = value * 10 + (c - '0');
		if (value > INT_MAX) {
			throw MigError(sqlstate::kInvalidParameterValue,
			               "relative revision step " + QuoteText(s.substr(k)) + " is out of range",
			               "A relative step counts at most " + std::to_string(INT_MAX) + " revisions.",
			               "Name the target revision, or use \"head\" or \"base\".");
		}
	}
	out.symbol = k > 0 ? std::optional<std::string>(std::string(s.substr(0, k))) : std::nullopt;
	out.steps = s[k] == '-' ? -value : value;
	out.steps_text = std::string(s.substr(k));
	out.steps_number = std::to_string(out.steps);
	return true;
}

std::optional<Relative>
ParseRelative(std::string_view spec) {
	Relative rel;
	for (std::size_t at = spec.find('@'); at != std::string_view::npos; at = spec.find('@', at + 1)) {
		if (at > 0 && MatchRelativeTail(spec.substr(at + 1), rel)) {
			rel.branch = std::string(spec.substr(0, at));
			return rel;
		}
	}
	if (MatchRelativeTail(spec, rel)) {
		return rel;
	}
	return std::nullopt;
}

[[noreturn]] void
ThrowRelativeNotProduced(const std::string &relative_text, long long steps, std::string detail, std::string hint) {
	long long count = steps < 0 ? -steps : steps;
	throw MigError(sqlstate::kInvalidParameterValue,
	               "relative revision " + relative_text + " didn't produce " + std::to_string(count) + " migrations",
	               std::move(detail), std::move(hint));
}

/*
 * Resolver: the lookups of Alembic's RevisionMap over one graph (_resolve_revision_number,
 * _revision_for_ident, _resolve_branch, get_revisions, get_revision, filter_for_lineage and
 * _walk).  Every failure is a MigError with the Alembic wording in the primary message.
 */
class Resolver {
public:
	explicit Resolver(const RevisionGraph &graph) : graph_(graph) {}

	/* A branch label or revision used as the anchor of "label@...". */
	std::string
	ResolveBranch(const std::string &label) const {
		if (graph_.Find(label) != nullptr) {
			return label;
		}
		if (const Revision *owner = graph_.FindBranchLabel(label)) {
			return owner->id;
		}
		try {
			return RevisionForIdent(label, std::nullopt);
		} catch (const MigError &) {
			throw MigError(sqlstate::kUndefinedObject, "can't locate revision identified by '" + label + "'",
			               "No such branch: '" + label + "'.",
			               "Use a branch label declared in a \"Branch Labels\" header, or a revision id.");
		}
	}

	/* One identifier (id, label or prefix), optionally checked to be on a branch. */
	std::string
	RevisionForIdent(const std::string &ident, const std::optional<std::string> &branch) const {
		std::optional<std::string> branch_rev;
		if (branch) {
			branch_rev = ResolveBranch(*branch);
		}
		std::string rev;
		if (!branch_rev) {
			/* Exact id, branch label, unique prefix: the same lookup as a "Depends On" entry. */
			return graph_.ResolveDependency(ident);
		}
		if (graph_.Find(ident) != nullptr) {
			rev = ident;
		} else if (const Revision *owner = graph_.FindBranchLabel(ident)) {
			rev = owner->id;
		} else {
			std::vector<std::string> matches =
			    FilterForLineage(ident.empty() ? std::vector<std::string>{} : graph_.MatchPrefix(ident), *branch);
			if (matches.empty()) {
				throw MigError(sqlstate::kUndefinedObject, "can't locate revision identified by '" + ident + "'",
				               "No revision on branch '" + *branch + "' has an id or branch label that is " +
				                   QuoteName(ident) + " or starts with it.",
				               ident.size() < 4 ? "Use at least four characters of a revision id for a partial "
				                                  "revision identifier."
				                                : "");
			}
			if (matches.size() > 1) {
				std::string listed;
				for (std::size_t k = 0; k < matches.size() && k < 3; k++) {
					listed += (k > 0 ? ", '" : "'") + matches[k] + "'";
				}
				if (matches.size() > 3) {
					listed += "...";
				}
				throw MigError(sqlstate::kAmbiguousRevision, "multiple revisions start with '" + ident + "': " + listed,
				               "The prefix " + QuoteName(ident) + " matches " + std::to_string(matches.size()) +
				                   " revisions on branch '" + *branch + "'.",
				               "Use more characters of the revision id.");
			}
			rev = matches[0];
		}
		if (branch_rev && !graph_.SharesLineage(rev, *branch_rev)) {
			throw MigError(sqlstate::kUndefinedObject, "can't locate revision identified by '" + ident + "'",
			               "Revision " + rev + " is not a member of branch '" + *branch + "'.",
			               "Name a revision that descends from or leads to the branch's revisions.");
		}
		return rev;
	}

	/* _resolve_revision_number: ids for a spec (several for "heads", none for "base"), and its branch. */
	std::vector<std::string>
	ResolveNumber(std::string_view spec, std::optional<std::string> &branch) const {
		branch.reset();
		std::string id(spec);
		if (std::size_t at = spec.find('@'); at != std::string_view::npos) {
			branch = std::string(spec.substr(0, at));
			id = std::string(spec.substr(at + 1));
		}
		if (id == "heads") {
			if (branch) {
				return FilterForLineage(graph_.Heads(), *branch);
			}
			return graph_.RealHeads();
		}
		if (id == "head") {
			std::vector<std::string> heads = graph_.Heads();
			if (branch) {
				heads = FilterForLineage(heads, *branch);
			}
			if (heads.size() > 1) {
				ThrowMultipleHeads(heads, branch ? *branch + "@head" : "head");
			}
			return heads;
		}
		if (id == "base") {
			return {};
		}
		return {id};
	}

	std::vector<std::string>
	GetRevisions(std::string_view spec) const {
		std::optional<std::string> branch;
		std::vector<std::string> ids = ResolveNumber(spec, branch);
		std::vector<std::string> out;
		for (const std::string &id : ids) {
			out.push_back(RevisionForIdent(id, branch));
		}
		return out;
	}

	/* get_revision: at most one revision; None for "base". */
	Pos
	GetRevision(std::string_view spec) const {
		std::optional<std::string> branch;
		std::vector<std::string> ids = ResolveNumber(spec, branch);
		if (ids.size() > 1) {
			ThrowMultipleHeads(ids, std::string(spec));
		}
		if (ids.empty()) {
			return Pos::None();
		}
		return Pos::Rev(RevisionForIdent(ids[0], branch));
	}

	/* filter_for_lineage: the targets that share a lineage (by parents) with check_against. */
	std::vector<std::string>
	FilterForLineage(const std::vector<std::string> &targets, const std::string &check_against) const {
		const std::set<std::string> *lineage = Lineage(check_against);
		if (lineage == nullptr) {
			return targets;
		}
		std::vector<std::string> out;
		for (const std::string &target : targets) {
			if (lineage->count(target) > 0) {
				out.push_back(target);
			}
		}
		return out;
	}

	/*
	 * _walk: steps up (children; from None, the bases) or down (parents; from None, the
	 * heads; below a root lies "base").  nullopt when the walk leaves the graph.
	 */
	std::optional<Pos>
	Walk(Pos start, long long steps, const std::optional<std::string> &branch) const {
		Pos at = std::move(start);
		long long count = steps < 0 ? -steps : steps;
		InterruptTicker ticks;
		for (long long k = 0; k < count; k++) {
			ticks.Tick();
			std::vector<Pos> next;
			std::string detail;
			if (steps > 0) {
				if (at.kind == Pos::Kind::kBase) {
					return std::nullopt;
				}
				std::vector<std::string> up = at.IsRevision() ? graph_.Children(at.id) : graph_.Bases();
				if (branch) {
					up = FilterForLineage(up, *branch);
				}
				for (const std::string &id : up) {
					next.push_back(Pos::Rev(id));
				}
				detail = at.IsRevision() ? "Revision " + QuoteName(at.id) + " is a branch point with children " +
				                               JoinComma(up) + "."
				                         : "There are several base revisions: " + JoinComma(up) + ".";
			} else {
				if (at.kind == Pos::Kind::kBase) {
					return std::nullopt;
				}
				std::vector<std::string> down = at.IsRevision() ? graph_.Find(at.id)->parents : graph_.Heads();
				for (const std::string &id : down) {
					next.push_back(Pos::Rev(id));
				}
				if (next.empty()) {
					next.push_back(Pos::Base());
				}
				detail = at.IsRevision()
				             ? "Revision " + QuoteName(at.id) + " is a merge point of " + JoinComma(down) + "."
				             : "There are several heads: " + JoinComma(down) + ".";
			}
			if (next.empty()) {
				return std::nullopt;
			}
			if (next.size() > 1) {
				throw MigError(sqlstate::kAmbiguousRevision, "ambiguous walk", detail,
				               "Name the target revision instead of a relative step.");
			}
			at = std::move(next[0]);
		}
		return at;
	}

	[[noreturn]] void
	ThrowMultipleHeads(const std::vector<std::string> &heads, const std::string &argument) const {
		throw MigError(sqlstate::kMultipleHeads,
		               "multiple head revisions are present for given argument '" + argument + "'",
		               "The revisions are " + JoinComma(heads) + ".",
		               "Specify a specific target revision, '<branchname>@head' to narrow to a specific head, or "
		               "'heads' for all heads.");
	}

private:
	/*
	 * Lineage: the revisions sharing a lineage with what check_against names (its branch and
	 * ids): their ancestors and descendants by parents, since sharing is symmetric.  nullptr
	 * when it names nothing (then every target passes).  Cached: walks ask once per step.
	 */
	const std::set<std::string> *
	Lineage(const std::string &check_against) const {
		auto cached = lineage_cache_.find(check_against);
		if (cached != lineage_cache_.end()) {
			return cached->second ? &*cached->second : nullptr;
		}
		std::optional<std::string> branch;
		std::vector<std::string> ids = ResolveNumber(check_against, branch);
		std::vector<std::string> shares;
		if (branch) {
			shares.push_back(RevisionForIdent(*branch, std::nullopt));
		}
		for (const std::string &id : ids) {
			shares.push_back(RevisionForIdent(id, std::nullopt));
		}
		std::optional<std::set<std::string>> lineage;
		if (!shares.empty()) {
			lineage = graph_.Descendants(shares, false);
			std::set<std::string> down = graph_.Ancestors(shares, false);
			lineage->insert(down.begin(), down.end());
		}
		auto inserted = lineage_cache_.emplace(check_against, std::move(lineage)).first;
		return inserted->second ? &*inserted->second : nullptr;
	}

	const RevisionGraph &graph_;
	mutable std::map<std::string, std::optional<std::set<std::string>>> lineage_cache_;
};

std::string
DescribePos(const Pos &pos) {
	return pos.IsRevision() ? "revision " + QuoteName(pos.id) : "the empty database";
}

/* Current heads without repeats; unknown ones fail with the version-table detail. */
std::vector<std::string>
CheckedCurrentHeads(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                    std::set<std::string> &applied) {
	std::vector<std::string> out;
	for (const std::string &h : current_heads) {
		if (std::find(out.begin(), out.end(), h) == out.end()) {
			out.push_back(h);
		}
	}
	applied = graph.AppliedSet(out);
	return out;
}

void
RejectRange(std::string_view target) {
	if (target.find(':') != std::string_view::npos) {
		throw MigError(sqlstate::kInvalidParameterValue, "range revision not allowed",
		               "The target " + QuoteName(target) + " is a range \"start:end\".",
		               "Ranges are accepted by history and offline SQL only; name one target revision.");
	}
	if (target.empty()) {
		throw MigError(sqlstate::kInvalidParameterValue, "revision target must not be empty", "",
		               "Use \"head\", \"heads\", \"base\", a revision id or a relative step such as \"+1\".");
	}
}

/* The heads of a set of applied revisions: no applied child and no applied dependent. */
std::vector<std::string>
HeadsOf(const RevisionGraph &graph, const std::set<std::string> &applied) {
	return graph.TipsOf(applied, true);
}

/* _parse_upgrade_target: the revisions an upgrade target names (ids only; base names none). */
std::vector<std::string>
ParseUpgradeTarget(const Resolver &resolver, const RevisionGraph &graph, const std::vector<std::string> &current,
                   std::string_view target) {
	std::optional<Relative> rel = ParseRelative(target);
	if (!rel) {
		return resolver.GetRevisions(target);
	}
	std::optional<Pos> reached;
	if (rel->steps > 0) {
		if (!rel->symbol) {
			/* From the current revision, filtered to the branch when one is named. */
			std::vector<Pos> starts;
			std::vector<std::string> candidates = current;
			if (rel->branch) {
				candidates = resolver.FilterForLineage(current, *rel->branch);
				if (candidates.empty()) {
					/* The branch is not at a head: start from its applied tip, or from base. */
					std::set<std::string> applied_set = graph.Ancestors(current, true);
					std::vector<std::string> applied(applied_set.begin(), applied_set.end());
					std::vector<std::string> on_branch = resolver.FilterForLineage(applied, *rel->branch);
					std::set<std::string> below;
					InterruptTicker ticks;
					for (const std::string &id : on_branch) {
						ticks.Tick();
						for (const std::string &p : graph.Find(id)->parents) {
							below.insert(p);
						}
						for (const std::string &d : graph.ResolvedDependencies(id)) {
							below.insert(d);
						}
					}
					for (const std::string &id : on_branch) {
						if (below.count(id) == 0) {
							candidates.push_back(id);
						}
					}
				}
			}
			for (const std::string &id : candidates) {
				starts.push_back(Pos::Rev(id));
			}
			if (starts.empty()) {
				starts.push_back(Pos::None());
			}
			if (starts.size() > 1) {
				std::vector<std::string> ids;
				for (const Pos &p : starts) {
					ids.push_back(p.id);
				}
				throw MigError(sqlstate::kMultipleHeads, "ambiguous upgrade from multiple current revisions",
				               "The database is at " + JoinComma(ids) + "; \"" + std::string(target) +
				                   "\" does not say which one to walk from.",
				               "Name the target revision, or walk one branch with '<branchname>@+N'.");
			}
			reached = resolver.Walk(starts[0], rel->steps, rel->branch);
			if (!reached) {
				ThrowRelativeNotProduced(rel->steps_text, rel->steps,
				                         "Walking " + std::to_string(rel->steps) + " steps up from " +
				                             DescribePos(starts[0]) + " goes past the head.",
				                         "Use a smaller step, or \"head\".");
			}
		} else {
			Pos start = resolver.GetRevision(*rel->symbol);
			reached = resolver.Walk(start, rel->steps, rel->branch);
			if (!reached) {
				throw MigError(sqlstate::kInvalidParameterValue, "walked too far",
				               "Walking " + std::to_string(rel->steps) + " steps up from " + DescribePos(start) +
				                   " goes past the head.",
				               "Use a smaller step.");
			}
		}
	} else {
		if (!rel->symbol) {
			ThrowRelativeNotProduced(rel->steps_number, rel->steps,
			                         "An upgrade walks up; \"" + std::string(target) + "\" walks down.",
			                         "Use downgrade " + std::string(target) + " to revert revisions.");
		}
		Pos start = resolver.GetRevision(rel->branch ? *rel->branch + "@" + *rel->symbol : *rel->symbol);
		reached = resolver.Walk(start, rel->steps, std::nullopt);
		if (!reached) {
			throw MigError(sqlstate::kInvalidParameterValue, "walked too far",
			               "Walking " + std::to_string(-rel->steps) + " steps down from " + DescribePos(start) +
			                   " goes past the base.",
			               "Use a smaller step.");
		}
	}
	if (reached->IsRevision()) {
		return {reached->id};
	}
	return {};
}

/* _parse_downgrade_target: the branch filter (if any) and the revision to go down to. */
Pos
ParseDowngradeTarget(const Resolver &resolver, const RevisionGraph &graph, const std::vector<std::string> &current,
                     std::string_view target, std::optional<std::string> &branch) {
	branch.reset();
	std::optional<Relative> rel = ParseRelative(target);
	if (rel) {
		branch = rel->branch;
		if (rel->steps >= 0) {
			if (!rel->symbol) {
				ThrowRelativeNotProduced(rel->steps_text, rel->steps,
				                         "A downgrade walks down; \"" + std::string(target) + "\" walks up.",
				                         "Use upgrade " + std::string(target) + " to apply revisions.");
			}
			Pos start = resolver.GetRevision(*rel->symbol);
			std::optional<Pos> reached = resolver.Walk(start, rel->steps, rel->branch);
			if (!reached) {
				throw MigError(sqlstate::kInvalidParameterValue, "walked too far",
				               "Walking " + std::to_string(rel->steps) + " steps up from " + DescribePos(start) +
				                   " goes past the head.",
				               "Use a smaller step.");
			}
			return *reached;
		}
		const bool from_current = !rel->symbol;
		std::string symbol;
		if (from_current) {
			if (branch) {
				std::vector<std::string> on_branch = resolver.FilterForLineage(current, *branch);
				if (on_branch.empty()) {
					/* A head of another branch may depend on this one: use the tips of all applied lines. */
					std::set<std::string> applied = graph.Ancestors(current, true);
					on_branch = resolver.FilterForLineage(graph.TipsOf(applied, false), *branch);
				}
				if (on_branch.size() != 1) {
					if (on_branch.empty()) {
						ThrowRelativeNotProduced(rel->steps_text, rel->steps,
						                         "No current revision of the database is on branch '" + *branch + "'.",
						                         "Check the branch name, or name the target revision.");
					}
					throw MigError(sqlstate::kMultipleHeads,
					               "downgrade " + std::string(target) + " from multiple heads is ambiguous",
					               "The database is at " + JoinComma(on_branch) + ", all on branch '" + *branch + "'.",
					               "Name the target revision.");
				}
				symbol = on_branch[0];
			} else {
				if (current.empty()) {
					ThrowRelativeNotProduced(rel->steps_text, rel->steps,
					                         "The database has no current revision to walk down from.",
					                         "Nothing is applied; there is nothing to downgrade.");
				}
				if (current.size() > 1) {
					/* Alembic only warns here and picks the first row; we refuse. */
					throw MigError(sqlstate::kMultipleHeads,
					               "downgrade " + std::string(target) + " from multiple heads is ambiguous",
					               "The database is at " + JoinComma(current) + ".",
					               "Name the target revision, or walk one branch with '<branchname>@" +
					                   rel->steps_text + "'.");
				}
				symbol = current[0];
				branch = symbol; // restrict the downgrade to the lineage walked
			}
		} else {
			symbol = *rel->symbol;
		}
		Pos start = resolver.GetRevision(branch ? *branch + "@" + symbol : symbol);
		std::optional<Pos> reached = resolver.Walk(start, rel->steps, std::nullopt);
		if (!reached) {
			if (from_current) {
				ThrowRelativeNotProduced(rel->steps_text, rel->steps,
				                         "Walking " + std::to_string(-rel->steps) + " steps down from " +
				                             DescribePos(start) + " goes past the base.",
				                         "Use a smaller step, or \"base\".");
			}
			throw MigError(sqlstate::kInvalidParameterValue, "walked too far",
			               "Walking " + std::to_string(-rel->steps) + " steps down from " + DescribePos(start) +
			                   " goes past the base.",
			               "Use a smaller step.");
		}
		return *reached;
	}
	/* Absolute: "X@target" reverts only the branch of X down to target. */
	std::size_t at = target.rfind('@');
	std::string_view symbol = target;
	if (at != std::string_view::npos) {
		if (at > 0) {
			branch = std::string(target.substr(0, at));
		}
		symbol = target.substr(at + 1);
	}
	return resolver.GetRevision(symbol);
}

void
CheckReversible(const RevisionGraph &graph, const std::vector<Step> &steps, std::string_view target) {
	for (const Step &step : steps) {
		const Revision *rev = graph.Find(step.revision);
		if (rev->reversible) {
			continue;
		}
		std::string where =
		    rev->source.empty() ? "Revision " + QuoteName(rev->id) : "Revision file " + QuoteName(rev->source);
		throw MigError(sqlstate::kFeatureNotSupported,
		               "cannot downgrade revision " + QuoteName(rev->id) + " because it is irreversible",
		               where + " has no \"-- migrate:downgrade\" section. Nothing was downgraded.",
		               "Downgrade to " + QuoteName(rev->id) + " or a later revision instead of " + QuoteName(target) +
		                   ", or add a \"-- migrate:downgrade\" section to the revision file.");
	}
}

} // namespace

const char *
DirectionName(Direction d) {
	return d == Direction::kUpgrade ? "upgrade" : "downgrade";
}

Plan
PlanUpgrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	const std::string safe_target = SafeSpec(target);
	target = safe_target;
	std::set<std::string> applied;
	std::vector<std::string> current = CheckedCurrentHeads(graph, current_heads, applied);
	RejectRange(target);
	Resolver resolver(graph);

	std::vector<std::string> targets = ParseUpgradeTarget(resolver, graph, current, target);
	std::set<std::string> needs = graph.Ancestors(targets, true);
	for (const std::string &id : applied) {
		needs.erase(id);
	}
	std::vector<std::string> order = graph.TopologicalOrder(needs, targets);

	Plan plan;
	plan.direction = Direction::kUpgrade;
	InterruptTicker ticks;
	for (auto it = order.rbegin(); it != order.rend(); ++it) {
		ticks.Tick();
		plan.steps.push_back(Step{*it, Direction::kUpgrade});
		applied.insert(*it);
	}
	plan.heads_after = HeadsOf(graph, applied);
	return plan;
}

Plan
PlanDowngrade(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view target) {
	const std::string safe_target = SafeSpec(target);
	target = safe_target;
	std::set<std::string> applied;
	std::vector<std::string> current = CheckedCurrentHeads(graph, current_heads, applied);
	RejectRange(target);
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
	if (destination.IsRevision() && applied.count(destination.id) == 0) {
		throw MigError(sqlstate::kObjectNotInPrerequisiteState,
		               "destination " + std::string(target) + " is not a valid downgrade target from current head(s)",
		               "Revision " + QuoteName(destination.id) + " is not applied; the database is at " +
		                   (current.empty() ? std::string("base") : JoinComma(current)) + ".",
		               "Downgrade to an applied revision, or use upgrade to move forward.");
	}

	std::set<std::string> drop = graph.Descendants(roots, true);
	InterruptTicker ticks;
	for (auto it = drop.begin(); it != drop.end();) {
		ticks.Tick();
		it = applied.count(*it) > 0 ? std::next(it) : drop.erase(it);
	}
	std::vector<std::string> order = graph.TopologicalOrder(drop, current);

	Plan plan;
	plan.direction = Direction::kDowngrade;
	for (const std::string &id : order) {
		ticks.Tick();
		plan.steps.push_back(Step{id, Direction::kDowngrade});
		applied.erase(id);
	}
	CheckReversible(graph, plan.steps, target);
	plan.heads_after = HeadsOf(graph, applied);
	return plan;
}

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
	std::string parents = JoinComma(rev->parents);
	std::string text = step.direction == Direction::kUpgrade ? "Running upgrade " + parents + " -> " + rev->id
	                                                         : "Running downgrade " + rev->id + " -> " + parents;
	if (!rev->message.empty()) {
		text += ", " + rev->message;
	}
	return text;
}

/* ---- history -r: ResolveHistoryRange (declared in history.hpp). ---- */

namespace {

std::string_view
StripSpaces(std::string_view s) {
	auto space = [](char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		       (c >= '\x1c' && c <= '\x1f');
	};
	while (!s.empty() && space(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && space(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

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

std::vector<std::string>
Deduped(const std::vector<std::string> &ids) {
	std::vector<std::string> out;
	for (const std::string &id : ids) {
		if (std::find(out.begin(), out.end(), id) == out.end()) {
			out.push_back(id);
		}
	}
	return out;
}

} // namespace

std::vector<std::string>
ResolveHistoryRange(const RevisionGraph &graph, const std::vector<std::string> &current_heads, std::string_view range) {
	const std::string safe_range = SafeSpec(range);
	const std::string_view stripped = StripSpaces(safe_range);
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

/* ---- stamp ---- */

namespace {

/* A resolved stamp target: a revision, or the base of everything / of one branch. */
struct StampTarget {
	bool base = false;
	std::optional<std::string> branch; // for base: "feat@base"
	std::string id;                    // for a revision
	std::string spec;                  // as written, for messages
};

/* Alembic's filter_for_lineage(..., include_dependencies=True) for one row against revisions. */
bool
RowSharesLineage(const RevisionGraph &graph, const std::string &row, const std::vector<std::string> &against) {
	if (against.empty()) {
		return true;
	}
	std::set<std::string> related = graph.Ancestors({row}, true);
	std::set<std::string> up = graph.Descendants({row}, true);
	related.insert(up.begin(), up.end());
	for (const std::string &a : against) {
		if (related.count(a) > 0) {
			return true;
		}
	}
	return false;
}

std::vector<StampTarget>
ResolveStampTargets(const Resolver &resolver, const RevisionGraph &graph, const std::vector<std::string> &specs) {
	std::vector<StampTarget> out;
	for (const std::string &raw : specs) {
		const std::string spec = SafeSpec(raw);
		RejectRange(spec);
		std::optional<std::string> branch;
		std::string id = spec;
		if (std::size_t at = spec.find('@'); at != std::string::npos) {
			branch = spec.substr(0, at);
			id = spec.substr(at + 1);
		}
		if (id == "head" && !ParseRelative(spec)) {
			std::vector<std::string> heads = graph.Heads();
			if (branch) {
				heads = resolver.FilterForLineage(heads, *branch);
			}
			if (heads.size() > 1) {
				throw MigError(sqlstate::kMultipleHeads,
				               "multiple heads are present; please specify a single target revision",
				               "\"" + spec + "\" matches the heads " + JoinComma(heads) + ".",
				               "Stamp \"heads\" for all heads, or name one revision or '<branchname>@head'.");
			}
		}
		std::vector<std::string> ids;
		if (ParseRelative(spec)) {
			ids = {ResolveRevision(graph, spec)};
		} else {
			ids = resolver.GetRevisions(spec);
		}
		if (ids.empty() && id == "base") {
			StampTarget t;
			t.base = true;
			if (branch) {
				t.branch = resolver.ResolveBranch(*branch);
			}
			t.spec = spec;
			out.push_back(std::move(t));
			continue;
		}
		for (std::string &rev : ids) {
			bool seen = false;
			for (const StampTarget &t : out) {
				seen = seen || (!t.base && t.id == rev);
			}
			if (!seen) {
				StampTarget t;
				t.id = std::move(rev);
				t.spec = spec;
				out.push_back(std::move(t));
			}
		}
	}
	/* Targets must not overlap: one per lineage, and base only with revisions of other branches. */
	for (std::size_t i = 0; i < out.size(); i++) {
		for (std::size_t j = i + 1; j < out.size(); j++) {
			const StampTarget &a = out[i];
			const StampTarget &b = out[j];
			bool clash = false;
			std::string detail;
			if (a.base && b.base) {
				clash = !a.branch || !b.branch || *a.branch == *b.branch;
				detail = "Both " + QuoteName(a.spec) + " and " + QuoteName(b.spec) + " stamp the empty state.";
			} else if (a.base || b.base) {
				const StampTarget &base = a.base ? a : b;
				const StampTarget &rev = a.base ? b : a;
				clash = !base.branch || graph.SharesLineage(rev.id, *base.branch);
				detail = QuoteName(base.spec) + " removes the revisions that " + QuoteName(rev.spec) + " stamps.";
			} else {
				clash = graph.SharesLineage(a.id, b.id);
				detail = "Revisions " + QuoteName(a.id) + " and " + QuoteName(b.id) + " are on the same lineage.";
			}
			if (clash) {
				throw MigError(sqlstate::kInvalidParameterValue,
				               "stamp targets " + QuoteName(a.spec) + " and " + QuoteName(b.spec) + " overlap", detail,
				               "Name at most one revision per branch.");
			}
		}
	}
	return out;
}

} // namespace

StampPlan
PlanStamp(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
          const std::vector<std::string> &targets, bool purge) {
	if (targets.empty()) {
		throw MigError(sqlstate::kInvalidParameterValue, "stamp needs at least one target revision", "",
		               "Use \"heads\", \"base\" or revision ids.");
	}
	StampPlan plan;
	std::vector<std::string> rows;
	if (purge) {
		/* The rows may name revisions that are not in the graph: that is what purge is for. */
		rows = Deduped(current_heads);
		if (!rows.empty()) {
			plan.steps.push_back(StampStep{rows, {}});
		}
		rows.clear();
	} else {
		std::set<std::string> applied;
		rows = CheckedCurrentHeads(graph, current_heads, applied);
	}
	Resolver resolver(graph);
	const std::vector<StampTarget> resolved = ResolveStampTargets(resolver, graph, targets);

	InterruptTicker ticks;
	for (const StampTarget &target : resolved) {
		if (target.base) {
			std::vector<std::string> against;
			if (target.branch) {
				against.push_back(*target.branch);
			}
			std::vector<std::string> kept;
			for (const std::string &row : rows) {
				ticks.Tick();
				if (RowSharesLineage(graph, row, against)) {
					plan.steps.push_back(StampStep{{row}, {}});
				} else {
					kept.push_back(row);
				}
			}
			rows = std::move(kept);
			continue;
		}
		if (std::find(rows.begin(), rows.end(), target.id) != rows.end()) {
			continue;
		}
		std::vector<std::string> related;
		std::vector<std::string> kept;
		for (const std::string &row : rows) {
			ticks.Tick();
			(RowSharesLineage(graph, row, {target.id}) ? related : kept).push_back(row);
		}
		/* Rows above the target move down to it; rows below it move up; either way in one step. */
		plan.steps.push_back(StampStep{related, {target.id}});
		kept.push_back(target.id);
		rows = std::move(kept);
	}
	plan.heads_after = std::move(rows);
	return plan;
}

std::string
DescribeStamp(const StampStep &step) {
	std::vector<std::string> from;
	std::vector<std::string> to;
	for (const std::string &id : step.from) {
		from.push_back(MessageText(id, kMaxQuotedNameChars));
	}
	for (const std::string &id : step.to) {
		to.push_back(MessageText(id, kMaxQuotedNameChars));
	}
	return "Running stamp_revision " + JoinComma(from) + " -> " + JoinComma(to);
}

} // namespace pgm
