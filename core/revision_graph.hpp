/*
 * revision_graph.hpp: the revision graph (a DAG of revisions with parents, branch labels and
 * depends_on), validated once when built, and the structure queries the planner, history and
 * the graph drawing ask of it.
 */
#pragma once

#include "core/graph_walks.hpp"
#include "core/revision_file.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

class RevisionGraph {
public:
	/*
	 * Build: validate and index revisions given in load order (callers pass files sorted by
	 * name; load order breaks ties between branches as in Alembic).  Throws MigError on:
	 * duplicate id (42710), duplicate branch label (42710), a parent or dependency that is
	 * not present (42704), a cycle or self-loop in parents or dependencies (MG003), an
	 * invalid id (22023).  The messages name the files involved (Revision::source).
	 */
	static RevisionGraph Build(std::vector<Revision> revisions);

	RevisionGraph() = default;

	/* Revisions in load order. */
	const std::vector<Revision> &
	Revisions() const {
		return revs_;
	}
	/* Find: the revision with exactly this id, or nullptr. */
	const Revision *Find(std::string_view id) const;
	/* Children: ids whose parents include id, in load order. */
	const std::vector<std::string> &Children(std::string_view id) const;
	/* Heads: revisions that are nobody's parent, in load order. */
	std::vector<std::string> Heads() const;
	/* Bases: revisions with no parents, in load order. */
	std::vector<std::string> Bases() const;
	bool IsBranchPoint(std::string_view id) const; // more than one child
	bool IsMergePoint(std::string_view id) const;  // more than one parent
	/* Ancestors: id and everything it needs (parents and dependencies), transitively. */
	std::set<std::string> Ancestors(std::string_view id) const;
	/* Descendants: id and everything that needs it, transitively. */
	std::set<std::string> Descendants(std::string_view id) const;
	/* AppliedSet: the revisions applied when the version table holds these heads. */
	std::set<std::string> AppliedSet(const std::vector<std::string> &heads) const;
	/*
	 * ResolveDependency: a depends_on entry (full id, unique partial id or branch label)
	 * as a revision id.  Throws MigError when it matches nothing or several.
	 */
	std::string ResolveDependency(std::string_view ref) const;

	/* Dependents: ids whose depends_on resolves to id, in load order. */
	const std::vector<std::string> &Dependents(std::string_view id) const;
	/* ResolvedDependencies: id's depends_on as revision ids, in declared order, without repeats. */
	const std::vector<std::string> &ResolvedDependencies(std::string_view id) const;
	/* IsRealHead: no child and nothing depends on it (Alembic's "(head)"). */
	bool IsRealHead(std::string_view id) const;
	/* IsEffectiveHead: no child, but another revision depends on it ("(effective head)"). */
	bool IsEffectiveHead(std::string_view id) const;
	/* RealHeads: the heads nothing depends on, in load order (Alembic's target "heads"). */
	std::vector<std::string> RealHeads() const;
	/*
	 * IsTipOf: id is in applied and none of its children is; with count_dependents, none of its
	 * dependents is either.  With count_dependents these are the version rows of an applied set
	 * (the planner's heads); without, Alembic's branch heads (what `current` lists).
	 */
	bool IsTipOf(std::string_view id, const std::set<std::string> &applied, bool count_dependents) const;
	/* TipsOf: the revisions of applied for which IsTipOf holds, in load order. */
	std::vector<std::string> TipsOf(const std::set<std::string> &applied, bool count_dependents) const;
	/* FindBranchLabel: the revision that declares label, or nullptr. */
	const Revision *FindBranchLabel(std::string_view label) const;
	/*
	 * EffectiveBranchLabels: the labels that apply to id, as Alembic shows them: a label spreads
	 * to every descendant (by parents) of the revision declaring it and down its ancestors up
	 * to the nearest branch point or merge point.  Own labels first, then inherited ones.
	 */
	const std::vector<std::string> &EffectiveBranchLabels(std::string_view id) const;
	/*
	 * MatchPrefix: ids of the revisions whose id or a declared branch label starts with
	 * prefix, without repeats, in load order.
	 */
	std::vector<std::string> MatchPrefix(std::string_view prefix) const;
	/* Ancestors / Descendants of several revisions; include_dependencies=false follows parents only. */
	std::set<std::string> Ancestors(const std::vector<std::string> &ids, bool include_dependencies) const;
	std::set<std::string> Descendants(const std::vector<std::string> &ids, bool include_dependencies) const;
	/* SharesLineage: a and b are equal or one descends from the other by parents (Alembic's lineage). */
	bool SharesLineage(std::string_view a, std::string_view b) const;
	/*
	 * TopologicalOrder: the given revisions newest first (children and dependents before
	 * their parents and dependencies), walking down from heads as Alembic's
	 * RevisionMap._topological_sort does.  Upgrades run it reversed; history and downgrades
	 * use it as is.
	 */
	std::vector<std::string> TopologicalOrder(const std::set<std::string> &revisions,
	                                          const std::vector<std::string> &heads) const;

	/*
	 * The same queries over revision indexes (positions in Revisions()), for the planner's hot
	 * paths: a set of revisions is a std::vector<char> of Revisions().size() marks, so no id is
	 * copied, hashed or compared per revision.
	 */
	static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
	/* IndexOf: the index of the revision with exactly this id, or kNoIndex. */
	std::size_t IndexOf(std::string_view id) const;
	/* AppliedMarks: AppliedSet as marks (same errors). */
	std::vector<char> AppliedMarks(const std::vector<std::string> &heads) const;
	/* AncestorMarks / DescendantMarks: Ancestors / Descendants of several revisions, as marks. */
	std::vector<char> AncestorMarks(const std::vector<std::string> &ids, bool include_dependencies) const;
	std::vector<char> DescendantMarks(const std::vector<std::string> &ids, bool include_dependencies) const;
	/* IsTipOfMarked / TipsOfMarked: IsTipOf / TipsOf over marks. */
	bool IsTipOfMarked(std::size_t index, const std::vector<char> &applied, bool count_dependents) const;
	std::vector<std::string> TipsOfMarked(const std::vector<char> &applied, bool count_dependents) const;
	/* TopologicalIndexes: TopologicalOrder of the marked revisions, as indexes. */
	std::vector<std::size_t> TopologicalIndexes(std::vector<char> todo, const std::vector<std::string> &heads) const;

	/*
	 * Encode: the whole graph as one compact binary value (revision_graph_codec.cpp): every
	 * revision's fields, its parents and resolved dependencies as indexes, the normalized
	 * dependencies and the effective branch labels, so that Decode rebuilds the same graph
	 * without validating it again or recomputing what Build derives.
	 */
	std::string Encode() const;
	/*
	 * Decode: the graph Encode wrote.  False (out untouched) when blob is not a well-formed value
	 * of this format version: wrong header, an index out of range, a duplicate id or label,
	 * bytes left over; the caller then builds the graph from the catalog.  Decode trusts that
	 * the value came from Encode of a valid graph; it does not repeat Build's checks (cycles).
	 */
	static bool Decode(std::string_view blob, RevisionGraph &out);

private:
	std::vector<std::size_t> KnownIndexes(const std::vector<std::string> &ids) const;
	std::vector<char> Closure(const std::vector<std::size_t> &starts, bool downward, bool with_deps) const;
	std::set<std::string> ToIdSet(const std::vector<char> &marks) const;

	std::size_t SlotOf(std::string_view id) const; // the id's slot in id_slots_ (its own, or a free one)

	/* Adjacency: one list of revision indexes per revision, stored flat (graph_walks.hpp). */
	using Adjacency = IndexLists;

	/* WalkView: this graph as graph_walks.hpp's walks see it. */
	struct WalkView {
		const RevisionGraph &g;
		std::size_t
		Size() const {
			return g.revs_.size();
		}
		IndexLists::Span
		Parents(std::size_t i) const {
			return g.parent_idx_[i];
		}
		IndexLists::Span
		Dependencies(std::size_t i) const {
			return g.dep_idx_[i];
		}
		IndexLists::Span
		NormalizedDependencies(std::size_t i) const {
			return g.norm_dep_idx_[i];
		}
		IndexLists::Span
		Children(std::size_t i) const {
			return g.child_idx_[i];
		}
		IndexLists::Span
		Dependents(std::size_t i) const {
			return g.dependent_idx_[i];
		}
	};
	WalkView
	Walks() const {
		return WalkView{*this};
	}

	std::vector<Revision> revs_;
	/*
	 * Open-addressing hash table of the ids: a slot holds a revision index + 1, or 0 when free.
	 * Its size is a power of two, at least twice the number of revisions.
	 */
	std::vector<std::uint32_t> id_slots_;
	std::map<std::size_t, std::vector<std::string>> resolved_deps_;    // ids, declared order; only when any
	std::map<std::string, std::size_t, std::less<>> label_index_;      // label -> declaring revision
	Adjacency parent_idx_;                                             // declared order
	Adjacency dep_idx_;                                                // resolved depends_on
	Adjacency norm_dep_idx_;                                           // minus deps of ancestors
	Adjacency child_idx_;                                              // load order
	Adjacency dependent_idx_;                                          // load order
	std::map<std::size_t, std::vector<std::string>> effective_labels_; // only revisions with labels
	/* Children and Dependents as ids, made on first request (most revisions are never asked). */
	mutable std::map<std::size_t, std::vector<std::string>> children_ids_;
	mutable std::map<std::size_t, std::vector<std::string>> dependent_ids_;
};

} // namespace pgm
