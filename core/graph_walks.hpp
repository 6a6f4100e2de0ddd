/*
 * graph_walks.hpp: the index structures and walks that both forms of the revision graph share:
 * RevisionGraph (every field of every revision, for every user of the core) and PackedGraph
 * (packed_graph.hpp: the stored planning graph read in place, for the planner's common
 * targets).  Keeping one copy of the topological sort here is what makes the two forms plan
 * the same steps in the same order.
 */
#pragma once

#include "core/interrupt.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <list>
#include <vector>

namespace pgm {

/*
 * IndexLists: one list of revision indexes per revision, stored flat (compressed rows): the list
 * of revision i is items_[start_[i] .. start_[i + 1]).  Built in index order.
 */
class IndexLists {
public:
	struct Span {
		const std::uint32_t *first;
		const std::uint32_t *last;
		const std::uint32_t *
		begin() const {
			return first;
		}
		const std::uint32_t *
		end() const {
			return last;
		}
		std::size_t
		size() const {
			return static_cast<std::size_t>(last - first);
		}
		bool
		empty() const {
			return first == last;
		}
		std::size_t
		operator[](std::size_t k) const {
			return first[k];
		}
	};
	Span
	operator[](std::size_t i) const {
		if (items_.empty()) {
			return Span{nullptr, nullptr}; // every list empty: start_ is not kept
		}
		return Span{items_.data() + start_[i], items_.data() + start_[i + 1]};
	}
	/* Reserve: room for the lists of lists revisions holding items indexes in all. */
	void
	Reserve(std::size_t lists, std::size_t items) {
		if (items > 0) {
			start_.reserve(lists + 1);
			items_.reserve(items);
		}
	}
	/* Add: append to the list being built (the next revision's), once. */
	void
	Add(std::size_t item) {
		for (std::size_t k = start_.back(); k < items_.size(); k++) {
			if (items_[k] == item) {
				return;
			}
		}
		items_.push_back(static_cast<std::uint32_t>(item));
	}
	/* Holds: whether the list being built holds item already. */
	bool
	Holds(std::size_t item) const {
		for (std::size_t k = start_.back(); k < items_.size(); k++) {
			if (items_[k] == item) {
				return true;
			}
		}
		return false;
	}
	/* Push: append to the list being built, repeats kept. */
	void
	Push(std::size_t item) {
		items_.push_back(static_cast<std::uint32_t>(item));
	}
	/*
	 * EndList: the list being built is complete.  While every list so far is empty only their
	 * number is kept (most revisions have no dependency: no offset array for them).
	 */
	void
	EndList() {
		if (items_.empty()) {
			empty_lists_++;
			return;
		}
		if (empty_lists_ > 0) {
			start_.insert(start_.end(), empty_lists_, 0);
			empty_lists_ = 0;
		}
		start_.push_back(static_cast<std::uint32_t>(items_.size()));
	}
	/* Items: how many indexes all the lists hold. */
	std::size_t
	Items() const {
		return items_.size();
	}
	/* Reversed: the lists of n revisions turned around (j lists i when i listed j), in index order. */
	static IndexLists Reversed(const IndexLists &forward, std::size_t n);

private:
	std::vector<std::uint32_t> start_{0};
	std::vector<std::uint32_t> items_;
	std::size_t empty_lists_ = 0; // lists ended while items_ was empty, not yet in start_
};

inline IndexLists
IndexLists::Reversed(const IndexLists &forward, std::size_t n) {
	IndexLists out;
	if (forward.items_.empty()) {
		out.empty_lists_ = n;
		return out;
	}
	out.start_.assign(n + 1, 0);
	for (std::uint32_t j : forward.items_) {
		out.start_[j + 1]++;
	}
	for (std::size_t i = 0; i < n; i++) {
		out.start_[i + 1] += out.start_[i];
	}
	out.items_.resize(forward.items_.size());
	std::vector<std::uint32_t> fill(out.start_.begin(), out.start_.end() - 1);
	for (std::size_t i = 0; i < n; i++) {
		for (std::uint32_t j : forward[i]) {
			out.items_[fill[j]++] = static_cast<std::uint32_t>(i);
		}
	}
	return out;
}

/* IndexBits: a fixed-size bit set over revision indexes. */
class IndexBits {
public:
	explicit IndexBits(std::size_t n) : words_((n + 63) / 64, 0) {}
	void
	Set(std::size_t i) {
		words_[i / 64] |= std::uint64_t{1} << (i % 64);
	}
	void
	Reset(std::size_t i) {
		words_[i / 64] &= ~(std::uint64_t{1} << (i % 64));
	}
	bool
	Test(std::size_t i) const {
		return (words_[i / 64] >> (i % 64)) & 1U;
	}
	/* Calls f(i) for every index in the set. */
	template <typename F>
	void
	ForEach(F &&f) const {
		for (std::size_t w = 0; w < words_.size(); w++) {
			for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
				f(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
			}
		}
	}

private:
	std::vector<std::uint64_t> words_;
};

/*
 * ClosureOf: the revisions reachable from starts (included), downward (parents, and
 * dependencies when with_deps) or upward (children, and dependents when with_deps), as marks.
 * Iterative, with an explicit stack.  Graph provides Size(), Parents(i), Dependencies(i),
 * Children(i) and Dependents(i) as IndexLists::Span.
 */
template <typename Graph>
std::vector<char>
ClosureOf(const Graph &g, const std::vector<std::size_t> &starts, bool downward, bool with_deps) {
	std::vector<char> marks(g.Size(), 0);
	std::vector<std::size_t> stack;
	for (std::size_t s : starts) {
		if (!marks[s]) {
			marks[s] = 1;
			stack.push_back(s);
		}
	}
	InterruptTicker ticks;
	while (!stack.empty()) {
		ticks.Tick();
		std::size_t cur = stack.back();
		stack.pop_back();
		const IndexLists::Span first = downward ? g.Parents(cur) : g.Children(cur);
		for (std::size_t next : first) {
			if (!marks[next]) {
				marks[next] = 1;
				stack.push_back(next);
			}
		}
		if (with_deps) {
			const IndexLists::Span second = downward ? g.Dependencies(cur) : g.Dependents(cur);
			for (std::size_t next : second) {
				if (!marks[next]) {
					marks[next] = 1;
					stack.push_back(next);
				}
			}
		}
	}
	return marks;
}

/*
 * IsAcyclic: no cycle by parents and dependencies (Kahn's algorithm: every revision can be
 * taken once all that it needs is taken).  Stricter than Alembic's _detect_cycles, which Build
 * follows for its messages (a cycle whose members are each reached from a head and a base
 * passes that check): the decoders of a stored value use this one, so that no value edited by
 * hand sends the planner's walks round in circles.
 */
template <typename Graph>
bool
IsAcyclic(const Graph &g) {
	const std::size_t n = g.Size();
	std::vector<std::uint32_t> waiting(n, 0); // parents and dependencies not yet taken
	std::vector<std::size_t> ready;
	for (std::size_t i = 0; i < n; i++) {
		waiting[i] = static_cast<std::uint32_t>(g.Parents(i).size() + g.Dependencies(i).size());
		if (waiting[i] == 0) {
			ready.push_back(i);
		}
	}
	std::size_t taken = 0;
	InterruptTicker ticks;
	while (!ready.empty()) {
		ticks.Tick();
		std::size_t cur = ready.back();
		ready.pop_back();
		taken++;
		for (const IndexLists::Span edges : {g.Children(cur), g.Dependents(cur)}) {
			for (std::size_t next : edges) {
				if (--waiting[next] == 0) {
					ready.push_back(next);
				}
			}
		}
	}
	return taken == n;
}

/*
 * TopologicalIndexesOf: Alembic's _topological_sort over the marked revisions (todo), newest
 * first, walking down from heads (revision indexes; those not in todo are skipped).  Keep a
 * list of "current heads" (load order) and walk down from the one under the cursor; a revision
 * is emitted only when no other current head still has it as an ancestor, otherwise the cursor
 * moves to the first such head.  On a plain line the ancestor set is updated in place; at
 * merges, branches and dependencies it is recomputed.
 *
 * Ancestor sets are bit sets over the revision indexes, and cover[r] counts the current heads
 * whose set holds r, so the "does another head need it" test is one lookup; the list is scanned
 * only when the answer is yes.  The heads live in a linked list so removing one does not shift
 * the others.  Graph also provides NormalizedDependencies(i) (the dependencies no ancestor by
 * parents already has).
 */
template <typename Graph>
std::vector<std::size_t>
TopologicalIndexesOf(const Graph &g, std::vector<char> todo, const std::vector<std::size_t> &heads) {
	const std::size_t n = g.Size();
	std::size_t remaining = 0;
	for (char t : todo) {
		remaining += t != 0 ? 1 : 0;
	}
	if (remaining == 0) {
		return {};
	}

	struct Entry {
		std::size_t rev;
		IndexBits ancestors;
	};
	std::vector<std::uint32_t> cover(n, 0);
	std::vector<std::size_t> stack;
	InterruptTicker ticks;
	/* The ancestors of start (itself included), by parents and dependencies; counted in cover. */
	auto make_entry = [&](std::size_t start) {
		Entry entry{start, IndexBits(n)};
		entry.ancestors.Set(start);
		cover[start]++;
		stack.assign(1, start);
		while (!stack.empty()) {
			ticks.Tick();
			std::size_t cur = stack.back();
			stack.pop_back();
			for (const IndexLists::Span edges : {g.Parents(cur), g.Dependencies(cur)}) {
				for (std::size_t next : edges) {
					if (!entry.ancestors.Test(next)) {
						entry.ancestors.Set(next);
						cover[next]++;
						stack.push_back(next);
					}
				}
			}
		}
		return entry;
	};
	auto uncount = [&](const Entry &entry) {
		entry.ancestors.ForEach([&](std::size_t i) {
			ticks.Tick();
			cover[i]--;
		});
	};

	std::vector<std::size_t> initial;
	std::vector<char> in_current(n, 0);
	for (std::size_t i : heads) {
		if (todo[i] && !in_current[i]) {
			initial.push_back(i);
			in_current[i] = 1;
		}
	}
	std::sort(initial.begin(), initial.end());
	std::list<Entry> current;
	for (std::size_t h : initial) {
		current.push_back(make_entry(h));
	}

	std::vector<std::size_t> output;
	output.reserve(remaining);
	auto cursor = current.begin();
	while (!current.empty()) {
		ticks.Tick();
		const std::size_t candidate = cursor->rev;
		if (cover[candidate] > 1) {
			/* Another head needs it: walk the first such head first. */
			for (auto it = current.begin(); it != current.end(); ++it) {
				ticks.Tick();
				if (it != cursor && it->ancestors.Test(candidate)) {
					cursor = it;
					break;
				}
			}
			continue;
		}
		if (todo[candidate]) {
			output.push_back(candidate);
			todo[candidate] = 0;
			remaining--;
		}

		/* The next revisions down: parents, then the dependencies no ancestor already has. */
		std::vector<std::size_t> to_add;
		auto consider = [&](std::size_t r) {
			if (todo[r] && !in_current[r] && std::find(to_add.begin(), to_add.end(), r) == to_add.end()) {
				to_add.push_back(r);
			}
		};
		for (std::size_t p : g.Parents(candidate)) {
			consider(p);
		}
		for (std::size_t d : g.NormalizedDependencies(candidate)) {
			consider(d);
		}

		in_current[candidate] = 0;
		if (to_add.empty()) {
			uncount(*cursor);
			bool at_front = cursor == current.begin();
			auto before = at_front ? cursor : std::prev(cursor);
			current.erase(cursor);
			cursor = at_front ? current.begin() : before;
			continue;
		}
		for (std::size_t r : to_add) {
			in_current[r] = 1;
		}
		if (g.NormalizedDependencies(candidate).empty() && g.Parents(candidate).size() == 1) {
			cursor->rev = to_add[0];
			cursor->ancestors.Reset(candidate);
			cover[candidate]--;
		} else {
			uncount(*cursor);
			*cursor = make_entry(to_add[0]);
			for (std::size_t k = 1; k < to_add.size(); k++) {
				current.push_back(make_entry(to_add[k]));
			}
		}
	}

	/*
	 * Revisions not reachable from the given heads inside the set (Alembic asserts there are
	 * none): emit them children first, newest load order first among equals.
	 */
	while (remaining > 0) {
		for (std::size_t i = n; i-- > 0;) {
			ticks.Tick();
			if (!todo[i]) {
				continue;
			}
			bool has_pending_descendant = false;
			for (std::size_t c : g.Children(i)) {
				has_pending_descendant = has_pending_descendant || todo[c];
			}
			for (std::size_t d : g.Dependents(i)) {
				has_pending_descendant = has_pending_descendant || todo[d];
			}
			if (!has_pending_descendant) {
				output.push_back(i);
				todo[i] = 0;
				remaining--;
			}
		}
	}
	return output;
}

} // namespace pgm
