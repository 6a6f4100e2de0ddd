/*
 * revision_graph.cpp: the revision graph.  Build validates the revisions once (ids, duplicates,
 * labels, missing parents and dependencies, cycles) and indexes them; the queries afterwards
 * work on indexes with iterative traversals, so 10,000 revisions cost milliseconds and no
 * recursion depth.  Semantics and messages follow Alembic's RevisionMap.
 *
 * The loops whose work grows with the graph call CheckInterrupts() every 1024 iterations
 * (InterruptTicker).  MatchPrefix and ResolveDependency do not: they run inside try blocks
 * that catch MigError to add detail, and must not catch the interrupt hook's exception.
 */
#include "core/revision_graph.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <list>

namespace pgm {

namespace {

constexpr std::size_t kNpos = static_cast<std::size_t>(-1);

/* How a message names the file of a revision: file "x.sql", or the revision when unnamed. */
std::string
Origin(const Revision &rev) {
	if (rev.source.empty()) {
		return "revision " + QuoteName(rev.id);
	}
	return "file " + QuoteName(rev.source);
}

std::string
Capitalized(std::string s) {
	if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
		s[0] = static_cast<char>(s[0] - 32);
	}
	return s;
}

/* "a", "a and b", "a, b and c" */
std::string
JoinAnd(const std::vector<std::string> &items) {
	std::string out;
	for (std::size_t i = 0; i < items.size(); i++) {
		if (i > 0) {
			out += (i + 1 == items.size()) ? " and " : ", ";
		}
		out += items[i];
	}
	return out;
}

const std::vector<std::string> kNoIds;

} // namespace

/* FNV-1a over the id's bytes: ids are short, and the table only needs a spread. */
static std::size_t
HashId(std::string_view id) {
	std::uint64_t h = 14695981039346656037ULL;
	for (char c : id) {
		h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
	}
	return static_cast<std::size_t>(h ^ (h >> 29));
}

std::size_t
RevisionGraph::SlotOf(std::string_view id) const {
	const std::size_t mask = id_slots_.size() - 1;
	for (std::size_t slot = HashId(id) & mask;; slot = (slot + 1) & mask) {
		std::uint32_t held = id_slots_[slot];
		if (held == 0 || revs_[held - 1].id == id) {
			return slot;
		}
	}
}

std::size_t
RevisionGraph::IndexOf(std::string_view id) const {
	if (id_slots_.empty()) {
		return kNpos;
	}
	std::uint32_t held = id_slots_[SlotOf(id)];
	return held == 0 ? kNpos : held - 1;
}

/* KnownIndexes: the indexes of the ids that are in the graph, in the given order; unknown ids are skipped. */
std::vector<std::size_t>
RevisionGraph::KnownIndexes(const std::vector<std::string> &ids) const {
	std::vector<std::size_t> out;
	for (const std::string &id : ids) {
		std::size_t i = IndexOf(id);
		if (i != kNpos) {
			out.push_back(i);
		}
	}
	return out;
}

/*
 * Closure: the revisions reachable from starts (included), downward (parents, and
 * dependencies when with_deps) or upward (children, and dependents when with_deps).
 * Iterative, with an explicit stack.
 */
std::vector<char>
RevisionGraph::Closure(const std::vector<std::size_t> &starts, bool downward, bool with_deps) const {
	return ClosureOf(Walks(), starts, downward, with_deps);
}

std::set<std::string>
RevisionGraph::ToIdSet(const std::vector<char> &marks) const {
	std::set<std::string> out;
	InterruptTicker ticks;
	for (std::size_t i = 0; i < marks.size(); i++) {
		if (marks[i]) {
			ticks.Tick();
			out.insert(revs_[i].id);
		}
	}
	return out;
}

/*
 * Build: validation in Alembic's order (a revision's own checks, duplicates, labels,
 * dependencies, parents, cycles), then the derived indexes: children, dependents,
 * normalized dependencies (those not already implied by an ancestor's) and effective labels.
 */
RevisionGraph
RevisionGraph::Build(std::vector<Revision> revisions) {
	RevisionGraph g;
	g.revs_ = std::move(revisions);
	const std::size_t n = g.revs_.size();
	InterruptTicker ticks;

	/* Each revision alone: its id, the ids it names, self-loops. */
	for (const Revision &rev : g.revs_) {
		ticks.Tick();
		auto check = [&](std::string_view id, const char *what) {
			try {
				CheckRevisionId(id);
			} catch (const MigError &e) {
				throw MigError(e.Sqlstate(), e.Message(),
				               Capitalized(Origin(rev)) + " has this identifier in its " + QuoteName(what) +
				                   " header. " + e.Detail(),
				               e.Hint());
			}
		};
		check(rev.id, "Revision ID");
		for (const std::string &p : rev.parents) {
			check(p, "Revises");
		}
		for (const std::string &d : rev.depends_on) {
			check(d, "Depends On");
		}
		for (const std::string &label : rev.branch_labels) {
			if (!IsValidRevisionId(label)) {
				throw MigError(sqlstate::kInvalidParameterValue, "invalid branch label " + QuoteText(label),
				               Capitalized(Origin(rev)) +
				                   " declares this branch label. Branch labels consist of letters, digits and "
				                   "underscores, at most 64 characters.");
			}
		}
		if (std::find(rev.parents.begin(), rev.parents.end(), rev.id) != rev.parents.end()) {
			throw MigError(sqlstate::kRevisionCycle, "self-loop is detected in revisions (" + rev.id + ")",
			               Capitalized(Origin(rev)) + " lists its own id in its \"Revises\" header.",
			               "Remove " + QuoteName(rev.id) + " from the \"Revises\" header.");
		}
		if (std::find(rev.depends_on.begin(), rev.depends_on.end(), rev.id) != rev.depends_on.end()) {
			throw MigError(sqlstate::kRevisionCycle, "dependency self-loop is detected in revisions (" + rev.id + ")",
			               Capitalized(Origin(rev)) + " lists its own id in its \"Depends On\" header.",
			               "Remove " + QuoteName(rev.id) + " from the \"Depends On\" header.");
		}
	}

	/* Duplicate ids. */
	if (n >= (std::size_t{1} << 31)) {
		throw MigError(sqlstate::kProgramLimitExceeded, "too many revisions",
		               "The graph holds at most " + std::to_string(std::size_t{1} << 31) + " revisions.");
	}
	std::size_t slots = 16;
	while (slots < 2 * n) {
		slots *= 2;
	}
	g.id_slots_.assign(slots, 0);
	for (std::size_t i = 0; i < n; i++) {
		ticks.Tick();
		const Revision &rev = g.revs_[i];
		std::size_t slot = g.SlotOf(rev.id);
		if (g.id_slots_[slot] == 0) {
			g.id_slots_[slot] = static_cast<std::uint32_t>(i + 1);
		} else {
			const Revision &first = g.revs_[g.id_slots_[slot] - 1];
			throw MigError(sqlstate::kDuplicateObject, "revision " + QuoteName(rev.id) + " is present more than once",
			               Capitalized(Origin(first)) + " and " + Origin(rev) + " both have Revision ID " +
			                   QuoteName(rev.id) + ".",
			               "Give one of them a new Revision ID (and update the \"Revises\" headers that name it).");
		}
	}

	/* Branch labels: unique, and distinct from every revision id (they share one namespace). */
	for (std::size_t i = 0; i < n; i++) {
		ticks.Tick();
		const Revision &rev = g.revs_[i];
		for (const std::string &label : rev.branch_labels) {
			std::size_t other = kNpos;
			std::string why;
			if (auto lit = g.label_index_.find(label); lit != g.label_index_.end()) {
				other = lit->second;
				why = Capitalized(Origin(g.revs_[other])) + " and " + Origin(rev) + " both declare the branch label " +
				      QuoteName(label) + ".";
			} else if (std::size_t iit = g.IndexOf(label); iit != kNpos) {
				other = iit;
				why = "The branch label " + QuoteName(label) + " of " + Origin(rev) + " is the Revision ID of " +
				      Origin(g.revs_[other]) + ".";
			}
			if (other != kNpos) {
				if (other == i) {
					continue; // a revision labelled with its own id, or listing a label twice
				}
				throw MigError(sqlstate::kDuplicateObject,
				               "branch name '" + label + "' in revision " + rev.id + " already used by revision " +
				                   g.revs_[other].id,
				               why, "Choose another branch label.");
			}
			g.label_index_.emplace(label, i);
		}
	}

	/* Dependencies: full id, branch label or unique prefix. */
	for (std::size_t i = 0; i < n; i++) {
		ticks.Tick();
		const Revision &rev = g.revs_[i];
		std::vector<std::string> resolved;
		for (const std::string &ref : rev.depends_on) {
			std::string target;
			try {
				target = g.ResolveDependency(ref);
			} catch (const MigError &e) {
				if (e.Sqlstate() == sqlstate::kUndefinedObject) {
					throw MigError(sqlstate::kUndefinedObject,
					               "revision " + QuoteName(ref) + " referenced from revision " + QuoteName(rev.id) +
					                   " is not present",
					               Capitalized(Origin(rev)) + " lists " + QuoteName(ref) +
					                   " in its \"Depends On\" header, but no revision has that id or branch label.",
					               "Add the revision file with Revision ID " + QuoteName(ref) +
					                   ", or fix the \"Depends On\" header of " + Origin(rev) + ".");
				}
				throw MigError(e.Sqlstate(), e.Message(),
				               Capitalized(Origin(rev)) + " lists " + QuoteName(ref) +
				                   " in its \"Depends On\" header. " + e.Detail(),
				               e.Hint());
			}
			if (target == rev.id) {
				throw MigError(sqlstate::kRevisionCycle,
				               "dependency self-loop is detected in revisions (" + rev.id + ")",
				               Capitalized(Origin(rev)) + " depends on " + QuoteName(ref) + ", which is itself.",
				               "Remove " + QuoteName(ref) + " from the \"Depends On\" header.");
			}
			if (std::find(resolved.begin(), resolved.end(), target) == resolved.end()) {
				resolved.push_back(target);
				g.dep_idx_.Add(g.IndexOf(target));
			}
		}
		g.dep_idx_.EndList();
		if (!resolved.empty()) {
			g.resolved_deps_.emplace(i, std::move(resolved));
		}
	}

	/* Parents must be present. */
	for (std::size_t i = 0; i < n; i++) {
		ticks.Tick();
		const Revision &rev = g.revs_[i];
		for (const std::string &p : rev.parents) {
			std::size_t pi = g.IndexOf(p);
			if (pi == kNpos) {
				throw MigError(sqlstate::kUndefinedObject,
				               "revision " + QuoteName(p) + " referenced from revision " + QuoteName(rev.id) +
				                   " is not present",
				               Capitalized(Origin(rev)) + " lists " + QuoteName(p) +
				                   " in its \"Revises\" header, but no revision has that id.",
				               "Add the revision file with Revision ID " + QuoteName(p) +
				                   ", or fix the \"Revises\" header of " + Origin(rev) + ".");
			}
			g.parent_idx_.Add(pi);
		}
		g.parent_idx_.EndList();
	}

	/* Children and dependents, in load order. */
	g.child_idx_ = Adjacency::Reversed(g.parent_idx_, n);
	g.dependent_idx_ = Adjacency::Reversed(g.dep_idx_, n);

	/*
	 * Cycles, as Alembic's _detect_cycles: a revision is in (or behind) a cycle when it cannot
	 * be reached both down from the heads and up from the bases.  First by parents only, then
	 * by parents and dependencies.
	 */
	auto detect = [&](bool with_deps) {
		if (n == 0) {
			return;
		}
		std::vector<std::size_t> heads, bases;
		for (std::size_t i = 0; i < n; i++) {
			bool is_head = g.child_idx_[i].empty() && (!with_deps || g.dependent_idx_[i].empty());
			bool is_base = g.parent_idx_[i].empty() && (!with_deps || g.dep_idx_[i].empty());
			if (is_head) {
				heads.push_back(i);
			}
			if (is_base) {
				bases.push_back(i);
			}
		}
		std::vector<std::string> ids, files;
		if (heads.empty() || bases.empty()) {
			for (const Revision &rev : g.revs_) {
				ids.push_back(rev.id);
			}
		} else {
			std::vector<char> down = g.Closure(heads, true, with_deps);
			std::vector<char> up = g.Closure(bases, false, with_deps);
			for (std::size_t i = 0; i < n; i++) {
				if (!(down[i] && up[i])) {
					ids.push_back(g.revs_[i].id);
				}
			}
			std::sort(ids.begin(), ids.end());
		}
		if (ids.empty()) {
			return;
		}
		for (const std::string &id : ids) {
			files.push_back(Origin(g.revs_[g.IndexOf(id)]));
		}
		const char *header = with_deps ? "\"Revises\" and \"Depends On\" headers" : "\"Revises\" headers";
		throw MigError(sqlstate::kRevisionCycle,
		               std::string(with_deps ? "dependency cycle" : "cycle") + " is detected in revisions (" +
		                   JoinComma(ids) + ")",
		               "These revisions form a cycle or descend from one: " + JoinAnd(files) + ".",
		               std::string("Fix the ") + header + " so that following them always ends at a root revision.");
	};
	detect(false);
	detect(true);

	/* Normalized dependencies: drop those an ancestor (by parents) already depends on. */
	for (std::size_t i = 0; i < n; i++) {
		if (g.dep_idx_[i].empty()) {
			g.norm_dep_idx_.EndList();
			continue;
		}
		std::vector<char> anc = g.Closure({i}, true, false);
		std::vector<char> implied(n, 0);
		for (std::size_t a = 0; a < n; a++) {
			ticks.Tick();
			if (anc[a] && a != i) {
				for (std::size_t d : g.dep_idx_[a]) {
					implied[d] = 1;
				}
			}
		}
		for (std::size_t d : g.dep_idx_[i]) {
			if (!implied[d]) {
				g.norm_dep_idx_.Add(d);
			}
		}
		g.norm_dep_idx_.EndList();
	}

	/* Effective branch labels. */
	auto add_labels = [&](std::size_t node, const std::vector<std::string> &labels) {
		auto &have = g.effective_labels_[node];
		for (const std::string &label : labels) {
			if (std::find(have.begin(), have.end(), label) == have.end()) {
				have.push_back(label);
			}
		}
	};
	for (std::size_t i = 0; i < n; i++) {
		if (!g.revs_[i].branch_labels.empty()) {
			add_labels(i, g.revs_[i].branch_labels);
		}
	}
	for (std::size_t i = 0; i < n; i++) {
		const std::vector<std::string> &labels = g.revs_[i].branch_labels;
		if (labels.empty()) {
			continue;
		}
		std::vector<char> desc = g.Closure({i}, false, false);
		for (std::size_t d = 0; d < n; d++) {
			ticks.Tick();
			if (desc[d]) {
				add_labels(d, labels);
			}
		}
		std::size_t p = i;
		while (true) {
			ticks.Tick();
			bool real_branch_point = g.child_idx_[p].size() + g.dependent_idx_[p].size() > 1;
			if (real_branch_point || g.parent_idx_[p].size() > 1) {
				break;
			}
			add_labels(p, labels);
			if (g.parent_idx_[p].empty()) {
				break;
			}
			p = g.parent_idx_[p][0];
		}
	}
	return g;
}

const Revision *
RevisionGraph::Find(std::string_view id) const {
	std::size_t i = IndexOf(id);
	return i == kNpos ? nullptr : &revs_[i];
}

const std::vector<std::string> &
RevisionGraph::Children(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos || child_idx_[i].empty()) {
		return kNoIds;
	}
	auto [it, inserted] = children_ids_.try_emplace(i);
	if (inserted) {
		for (std::size_t c : child_idx_[i]) {
			it->second.push_back(revs_[c].id);
		}
	}
	return it->second;
}

std::vector<std::string>
RevisionGraph::Heads() const {
	std::vector<std::string> out;
	for (std::size_t i = 0; i < revs_.size(); i++) {
		if (child_idx_[i].empty()) {
			out.push_back(revs_[i].id);
		}
	}
	return out;
}

std::vector<std::string>
RevisionGraph::Bases() const {
	std::vector<std::string> out;
	for (std::size_t i = 0; i < revs_.size(); i++) {
		if (parent_idx_[i].empty()) {
			out.push_back(revs_[i].id);
		}
	}
	return out;
}

bool
RevisionGraph::IsBranchPoint(std::string_view id) const {
	std::size_t i = IndexOf(id);
	return i != kNpos && child_idx_[i].size() > 1;
}

bool
RevisionGraph::IsMergePoint(std::string_view id) const {
	std::size_t i = IndexOf(id);
	return i != kNpos && parent_idx_[i].size() > 1;
}

std::set<std::string>
RevisionGraph::Ancestors(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos) {
		return {};
	}
	return ToIdSet(Closure({i}, true, true));
}

std::set<std::string>
RevisionGraph::Descendants(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos) {
		return {};
	}
	return ToIdSet(Closure({i}, false, true));
}

std::set<std::string>
RevisionGraph::Ancestors(const std::vector<std::string> &ids, bool include_dependencies) const {
	return ToIdSet(Closure(KnownIndexes(ids), true, include_dependencies));
}

std::set<std::string>
RevisionGraph::Descendants(const std::vector<std::string> &ids, bool include_dependencies) const {
	return ToIdSet(Closure(KnownIndexes(ids), false, include_dependencies));
}

std::set<std::string>
RevisionGraph::AppliedSet(const std::vector<std::string> &heads) const {
	return ToIdSet(AppliedMarks(heads));
}

std::vector<char>
RevisionGraph::AncestorMarks(const std::vector<std::string> &ids, bool include_dependencies) const {
	return Closure(KnownIndexes(ids), true, include_dependencies);
}

std::vector<char>
RevisionGraph::DescendantMarks(const std::vector<std::string> &ids, bool include_dependencies) const {
	return Closure(KnownIndexes(ids), false, include_dependencies);
}

/* Unlike Ancestors, an unknown head is an error: the version table names a revision no file has. */
std::vector<char>
RevisionGraph::AppliedMarks(const std::vector<std::string> &heads) const {
	std::vector<std::size_t> starts;
	for (const std::string &id : heads) {
		std::size_t i = IndexOf(id);
		if (i == kNpos) {
			throw MigError(sqlstate::kUndefinedObject,
			               "can't locate revision identified by '" + MessageText(id, kMaxQuotedNameChars) + "'",
			               "The version table holds revision " + QuoteName(id) + ", but no revision file has that id.",
			               "Restore the revision file with that id and upload it again.");
		}
		starts.push_back(i);
	}
	return Closure(starts, true, true);
}

/* Marks first, then collects, so a revision matched by its id and by a label is listed once, in load order. */
std::vector<std::string>
RevisionGraph::MatchPrefix(std::string_view prefix) const {
	std::vector<char> hit(revs_.size(), 0);
	for (std::size_t i = 0; i < revs_.size(); i++) {
		if (revs_[i].id.compare(0, prefix.size(), prefix) == 0 && revs_[i].id.size() >= prefix.size()) {
			hit[i] = 1;
		}
	}
	for (const auto &[label, owner] : label_index_) {
		if (label.compare(0, prefix.size(), prefix) == 0 && label.size() >= prefix.size()) {
			hit[owner] = 1;
		}
	}
	std::vector<std::string> out;
	for (std::size_t i = 0; i < revs_.size(); i++) {
		if (hit[i]) {
			out.push_back(revs_[i].id);
		}
	}
	return out;
}

/*
 * Exact id, then branch label, then unique prefix (Alembic's _revision_for_ident); an empty
 * reference is no prefix of anything.  Build calls it inside a try block, so it does not check
 * for interrupts (see the top of this file).
 */
std::string
RevisionGraph::ResolveDependency(std::string_view ref) const {
	if (IndexOf(ref) != kNpos) {
		return std::string(ref);
	}
	if (const Revision *owner = FindBranchLabel(ref)) {
		return owner->id;
	}
	std::vector<std::string> matches = ref.empty() ? std::vector<std::string>{} : MatchPrefix(ref);
	if (matches.size() == 1) {
		return matches[0];
	}
	const std::string spec = MessageText(ref, kMaxQuotedNameChars);
	if (matches.empty()) {
		throw MigError(
		    sqlstate::kUndefinedObject, "can't locate revision identified by '" + spec + "'",
		    "No revision id or branch label is " + QuoteName(ref) + " or starts with it.",
		    ref.size() < 4 ? "Use at least four characters of a revision id for a partial revision identifier." : "");
	}
	throw MigError(sqlstate::kAmbiguousRevision,
	               "multiple revisions start with '" + spec + "': " + CandidateList(matches),
	               "The prefix " + QuoteName(spec) + " matches " + std::to_string(matches.size()) + " revisions.",
	               "Use more characters of the revision id.");
}

const std::vector<std::string> &
RevisionGraph::Dependents(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos || dependent_idx_[i].empty()) {
		return kNoIds;
	}
	auto [it, inserted] = dependent_ids_.try_emplace(i);
	if (inserted) {
		for (std::size_t d : dependent_idx_[i]) {
			it->second.push_back(revs_[d].id);
		}
	}
	return it->second;
}

const std::vector<std::string> &
RevisionGraph::ResolvedDependencies(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos) {
		return kNoIds;
	}
	auto it = resolved_deps_.find(i);
	return it == resolved_deps_.end() ? kNoIds : it->second;
}

bool
RevisionGraph::IsRealHead(std::string_view id) const {
	std::size_t i = IndexOf(id);
	return i != kNpos && child_idx_[i].empty() && dependent_idx_[i].empty();
}

bool
RevisionGraph::IsEffectiveHead(std::string_view id) const {
	std::size_t i = IndexOf(id);
	return i != kNpos && child_idx_[i].empty() && !dependent_idx_[i].empty();
}

std::vector<std::string>
RevisionGraph::RealHeads() const {
	std::vector<std::string> out;
	for (std::size_t i = 0; i < revs_.size(); i++) {
		if (child_idx_[i].empty() && dependent_idx_[i].empty()) {
			out.push_back(revs_[i].id);
		}
	}
	return out;
}

const Revision *
RevisionGraph::FindBranchLabel(std::string_view label) const {
	auto it = label_index_.find(label);
	return it == label_index_.end() ? nullptr : &revs_[it->second];
}

const std::vector<std::string> &
RevisionGraph::EffectiveBranchLabels(std::string_view id) const {
	std::size_t i = IndexOf(id);
	if (i == kNpos) {
		return kNoIds;
	}
	auto it = effective_labels_.find(i);
	return it == effective_labels_.end() ? kNoIds : it->second;
}

bool
RevisionGraph::SharesLineage(std::string_view a, std::string_view b) const {
	std::size_t ia = IndexOf(a);
	std::size_t ib = IndexOf(b);
	if (ia == kNpos || ib == kNpos) {
		return false;
	}
	return Closure({ia}, true, false)[ib] || Closure({ia}, false, false)[ib];
}

/*
 * TopologicalOrder: Alembic's _topological_sort.  Keep a list of "current heads" (load
 * order) and walk down from the one under the cursor; a revision is emitted only when no
 * other current head still has it as an ancestor, otherwise the cursor moves to the first
 * such head.  On a plain line the ancestor set is updated in place; at merges, branches and
 * dependencies it is recomputed.
 *
 * Ancestor sets are bit sets over the revision indexes, and cover[r] counts the current
 * heads whose set holds r, so the "does another head need it" test is one lookup; the list
 * is scanned only when the answer is yes.  The heads live in a linked list so removing one
 * does not shift the others.
 */
std::vector<std::string>
RevisionGraph::TopologicalOrder(const std::set<std::string> &revisions, const std::vector<std::string> &heads) const {
	std::vector<char> todo(revs_.size(), 0);
	for (const std::string &id : revisions) {
		std::size_t i = IndexOf(id);
		if (i != kNpos) {
			todo[i] = 1;
		}
	}
	std::vector<std::size_t> order = TopologicalIndexes(std::move(todo), heads);
	std::vector<std::string> out;
	out.reserve(order.size());
	for (std::size_t i : order) {
		out.push_back(revs_[i].id);
	}
	return out;
}

std::vector<std::size_t>
RevisionGraph::TopologicalIndexes(std::vector<char> todo, const std::vector<std::string> &heads) const {
	return TopologicalIndexesOf(Walks(), std::move(todo), KnownIndexes(heads));
}

bool
RevisionGraph::IsTipOf(std::string_view id, const std::set<std::string> &applied, bool count_dependents) const {
	auto in_applied = [&](std::size_t other) { return applied.count(revs_[other].id) > 0; };
	if (applied.count(std::string(id)) == 0)
		return false;
	std::size_t i = IndexOf(id);
	if (i == kNpos)
		return true;
	if (std::any_of(child_idx_[i].begin(), child_idx_[i].end(), in_applied))
		return false;
	if (!count_dependents)
		return true;
	return std::none_of(dependent_idx_[i].begin(), dependent_idx_[i].end(), in_applied);
}

std::vector<std::string>
RevisionGraph::TipsOf(const std::set<std::string> &applied, bool count_dependents) const {
	std::vector<std::string> tips;
	InterruptTicker ticks;
	for (const Revision &rev : revs_) {
		ticks.Tick();
		if (IsTipOf(rev.id, applied, count_dependents))
			tips.push_back(rev.id);
	}
	return tips;
}

bool
RevisionGraph::IsTipOfMarked(std::size_t index, const std::vector<char> &applied, bool count_dependents) const {
	if (!applied[index]) {
		return false;
	}
	for (std::size_t c : child_idx_[index]) {
		if (applied[c]) {
			return false;
		}
	}
	if (count_dependents) {
		for (std::size_t d : dependent_idx_[index]) {
			if (applied[d]) {
				return false;
			}
		}
	}
	return true;
}

std::vector<std::string>
RevisionGraph::TipsOfMarked(const std::vector<char> &applied, bool count_dependents) const {
	std::vector<std::string> tips;
	InterruptTicker ticks;
	for (std::size_t i = 0; i < revs_.size(); i++) {
		ticks.Tick();
		if (IsTipOfMarked(i, applied, count_dependents)) {
			tips.push_back(revs_[i].id);
		}
	}
	return tips;
}

} // namespace pgm
