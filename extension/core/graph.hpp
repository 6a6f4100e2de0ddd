/*
 * graph.hpp: the revision graph (a DAG of revisions with parents, branch labels and
 * depends_on), validated once when built.
 */
#pragma once

#include "revision_file.hpp"

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

private:
	std::vector<Revision> revs_;
	std::map<std::string, std::size_t, std::less<>> index_;
	std::map<std::string, std::vector<std::string>, std::less<>> children_;
	std::map<std::string, std::vector<std::string>, std::less<>> resolved_deps_;
};

} // namespace pgm
