/*
 * target_grammar.cpp: Alembic's revision target grammar and RevisionMap lookups
 * (target_grammar.hpp), as alembic/script/revision.py reads targets.
 *
 * Targets are user text: the entry points of the planner, history ranges and stamp planning
 * pass them through SafeSpec first, so no lookup sees invalid UTF-8 or NUL and every message
 * quoting them is valid UTF-8.  Walks and the loops over the graph call CheckInterrupts() every
 * 1024 iterations; none of them runs inside the one try block here (Resolver::ResolveBranch).
 */
#include "core/target_grammar.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <climits>
#include <limits>

namespace pgm::grammar {

namespace {

bool
IsWordChar(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * MatchRelativeTail: s as "[symbol]+N" or "[symbol]-N" in full, the symbol made of word
 * characters.  Filled into out; false when s is not of that form.
 */
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

} // namespace

std::string
SafeSpec(std::string_view spec) {
	return MessageText(spec, std::numeric_limits<std::size_t>::max());
}

/*
 * Alembic's regex is non-greedy on the branch: the first "@" after which the rest is a relative
 * step wins; without one, the whole spec must be a relative step.
 */
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

/* A branch label or revision used as the anchor of "label@...". */
std::string
Resolver::ResolveBranch(const std::string &label) const {
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
Resolver::RevisionForIdent(const std::string &ident, const std::optional<std::string> &branch) const {
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
			throw MigError(sqlstate::kAmbiguousRevision,
			               "multiple revisions start with '" + ident + "': " + CandidateList(matches),
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
Resolver::ResolveNumber(std::string_view spec, std::optional<std::string> &branch) const {
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
Resolver::GetRevisions(std::string_view spec) const {
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
Resolver::GetRevision(std::string_view spec) const {
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
Resolver::FilterForLineage(const std::vector<std::string> &targets, const std::string &check_against) const {
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
Resolver::Walk(Pos start, long long steps, const std::optional<std::string> &branch) const {
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
			detail = at.IsRevision()
			             ? "Revision " + QuoteName(at.id) + " is a branch point with children " + JoinComma(up) + "."
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
			detail = at.IsRevision() ? "Revision " + QuoteName(at.id) + " is a merge point of " + JoinComma(down) + "."
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
Resolver::ThrowMultipleHeads(const std::vector<std::string> &heads, const std::string &argument) const {
	throw MigError(sqlstate::kMultipleHeads,
	               "multiple head revisions are present for given argument '" + argument + "'",
	               "The revisions are " + JoinComma(heads) + ".",
	               "Specify a specific target revision, '<branchname>@head' to narrow to a specific head, or "
	               "'heads' for all heads.");
}

/*
 * Lineage: the revisions sharing a lineage with what check_against names (its branch and
 * ids): their ancestors and descendants by parents, since sharing is symmetric.  nullptr
 * when it names nothing (then every target passes).  Cached: walks ask once per step.
 */
const std::set<std::string> *
Resolver::Lineage(const std::string &check_against) const {
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

std::string
DescribePos(const Pos &pos) {
	return pos.IsRevision() ? "revision " + QuoteName(pos.id) : "the empty database";
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

/* Current heads without repeats; unknown ones fail with the version-table detail. */
std::vector<std::string>
CheckedCurrentHeads(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                    std::set<std::string> &applied) {
	std::vector<std::string> out = Deduped(current_heads);
	applied = graph.AppliedSet(out);
	return out;
}

std::vector<std::string>
CheckedCurrentHeads(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                    std::vector<char> &applied) {
	std::vector<std::string> out = Deduped(current_heads);
	applied = graph.AppliedMarks(out);
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
					std::vector<char> applied = graph.AncestorMarks(current, true);
					on_branch = resolver.FilterForLineage(graph.TipsOfMarked(applied, false), *branch);
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

} // namespace pgm::grammar
