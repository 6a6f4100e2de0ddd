/*
 * target_grammar.hpp: Alembic's revision target grammar and the lookups behind it, shared
 * inside the core by the planner (planner.cpp), history ranges (history_range.cpp) and stamp
 * planning (stamp_plan.cpp).  Internal to core/: the extension and the client use the entry
 * points of those three files instead.
 *
 * The grammar follows alembic/script/revision.py: exact ids, branch labels and unique
 * prefixes; head, heads, base; label@head, label@heads, label@rev; relative steps +N / -N,
 * rev+N, rev-N, head-N, base+N, label@+N, label@-N; and, for downgrades, X@target to revert
 * one branch only.  Every failure is a MigError with Alembic's wording in the primary message;
 * where Alembic only warns or crashes we refuse with a precise error.
 */
#pragma once

#include "core/revision_graph.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pgm::grammar {

/*
 * SafeSpec: a target as the core reads it: each NUL byte and invalid UTF-8 byte becomes '?'.
 * Neither can be part of an id, a label or the grammar, so resolution is unchanged, and every
 * message that quotes the target is valid UTF-8.  Entry points call it before anything else.
 */
std::string SafeSpec(std::string_view spec);

/* RejectRange: throws 22023 for a "start:end" range or an empty target, where one target is required. */
void RejectRange(std::string_view target);

/* Deduped: ids without repeats, first occurrence kept, order otherwise unchanged. */
std::vector<std::string> Deduped(const std::vector<std::string> &ids);

/*
 * CheckedCurrentHeads: the database's heads without repeats; applied is set to the revisions
 * they apply.  A head that is not in the graph fails with the version-table detail (42704).
 */
std::vector<std::string> CheckedCurrentHeads(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                                             std::set<std::string> &applied);
/* The same, applied as marks over the revision indexes (RevisionGraph::AppliedMarks). */
std::vector<std::string> CheckedCurrentHeads(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
                                             std::vector<char> &applied);

/* Pos: a position in the graph: a revision, Alembic's None (no revision yet), or "base". */
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

/* DescribePos: how a message names a position: "revision "id"" or "the empty database". */
std::string DescribePos(const Pos &pos);

/* Relative: a relative target, Alembic's regex (?:(.+?)@)?(\w+)?((?:\+|-)\d+), matched in full. */
struct Relative {
	std::optional<std::string> branch;
	std::optional<std::string> symbol;
	long long steps = 0;      // signed; |steps| <= INT_MAX
	std::string steps_text;   // as written, e.g. "+2"
	std::string steps_number; // as Python's int formats it, e.g. "2", "-1"
};

/*
 * ParseRelative: spec as a relative target, or nullopt when it is not one.  Throws 22023 when
 * the step count does not fit in an int (PostgreSQL's integer).
 */
std::optional<Relative> ParseRelative(std::string_view spec);

/* ThrowRelativeNotProduced: Alembic's "relative revision X didn't produce N migrations". */
[[noreturn]] void ThrowRelativeNotProduced(const std::string &relative_text, long long steps, std::string detail,
                                           std::string hint);

/*
 * Resolver: the lookups of Alembic's RevisionMap over one graph (_resolve_revision_number,
 * _revision_for_ident, _resolve_branch, get_revisions, get_revision, filter_for_lineage and
 * _walk).  Every failure is a MigError with the Alembic wording in the primary message.
 */
class Resolver {
public:
	explicit Resolver(const RevisionGraph &graph) : graph_(graph) {}

	/* ResolveBranch: the revision a branch label or revision names as the anchor of "label@...". */
	std::string ResolveBranch(const std::string &label) const;

	/* RevisionForIdent: one identifier (id, label or prefix), optionally checked to be on a branch. */
	std::string RevisionForIdent(const std::string &ident, const std::optional<std::string> &branch) const;

	/*
	 * ResolveNumber: _resolve_revision_number: the ids a spec names (several for "heads", none
	 * for "base"), unresolved, and the branch before its "@".
	 */
	std::vector<std::string> ResolveNumber(std::string_view spec, std::optional<std::string> &branch) const;

	/* GetRevisions: get_revisions: every revision a spec names, resolved. */
	std::vector<std::string> GetRevisions(std::string_view spec) const;

	/* GetRevision: get_revision: at most one revision; None for "base"; MG004 for several heads. */
	Pos GetRevision(std::string_view spec) const;

	/* FilterForLineage: filter_for_lineage: the targets that share a lineage (by parents) with check_against. */
	std::vector<std::string> FilterForLineage(const std::vector<std::string> &targets,
	                                          const std::string &check_against) const;

	/*
	 * Walk: _walk: steps up (children; from None, the bases) or down (parents; from None, the
	 * heads; below a root lies "base").  nullopt when the walk leaves the graph; MG005 when a
	 * step has several ways to go.
	 */
	std::optional<Pos> Walk(Pos start, long long steps, const std::optional<std::string> &branch) const;

	/* ThrowMultipleHeads: Alembic's "multiple head revisions are present for given argument" (MG004). */
	[[noreturn]] void ThrowMultipleHeads(const std::vector<std::string> &heads, const std::string &argument) const;

private:
	const std::set<std::string> *Lineage(const std::string &check_against) const;

	const RevisionGraph &graph_;
	mutable std::map<std::string, std::optional<std::set<std::string>>> lineage_cache_;
};

/*
 * ParseUpgradeTarget: _parse_upgrade_target: the revisions an upgrade target names (ids only;
 * base names none), relative steps walked up from current (the database's heads).
 */
std::vector<std::string> ParseUpgradeTarget(const Resolver &resolver, const RevisionGraph &graph,
                                            const std::vector<std::string> &current, std::string_view target);

/*
 * ParseDowngradeTarget: _parse_downgrade_target: the position to go down to, and in branch
 * the branch the downgrade is restricted to (if any), relative steps walked down from current.
 */
Pos ParseDowngradeTarget(const Resolver &resolver, const RevisionGraph &graph, const std::vector<std::string> &current,
                         std::string_view target, std::optional<std::string> &branch);

} // namespace pgm::grammar
