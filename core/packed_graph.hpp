/*
 * packed_graph.hpp: the stored planning graph (RevisionGraph::Encode's value) read in place, for
 * the planner's common targets.  RevisionGraph::Decode turns every revision into a Revision
 * (strings, vectors, maps: about 40 MB for 100,000 revisions, each page a fault in a fresh
 * session); PackedGraph keeps the value itself and only what planning walks: one offset per
 * revision into the value (its id and message are read from there), the edges as flat lists of
 * 32-bit indexes and a hash table of the ids.  It accepts exactly the values RevisionGraph::Decode
 * accepts (the unit tests compare both on every truncation and flipped byte), so a caller may try
 * it first and fall back to RevisionGraph for the rest.
 */
#pragma once

#include "core/graph_walks.hpp"
#include "core/huge_pages.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pgm {

class PackedGraph {
public:
	static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

	/*
	 * Decode: the graph in blob (revision_graph_codec.cpp), which must outlive the PackedGraph.
	 * False (out untouched) exactly when RevisionGraph::Decode refuses the value.
	 */
	static bool Decode(std::string_view blob, PackedGraph &out);

	PackedGraph() = default;

	/* Size: the number of revisions; indexes are positions in load order. */
	std::size_t
	Size() const {
		return record_.size();
	}
	/* Id / Message: revision i's id and message, in place in the value. */
	std::string_view Id(std::size_t i) const;
	std::string_view Message(std::size_t i) const;
	/* DeclaredParents: revision i's "Revises" as indexes, in declared order, repeats kept. */
	IndexLists::Span
	DeclaredParents(std::size_t i) const {
		return declared_parents_[i];
	}
	/* Parents: the same without repeats (RevisionGraph's parent indexes). */
	IndexLists::Span
	Parents(std::size_t i) const {
		return parents_repeat_ ? parents_[i] : declared_parents_[i];
	}
	IndexLists::Span
	Dependencies(std::size_t i) const {
		return deps_[i];
	}
	IndexLists::Span
	NormalizedDependencies(std::size_t i) const {
		return norm_deps_[i];
	}
	IndexLists::Span
	Children(std::size_t i) const {
		return children_[i];
	}
	IndexLists::Span
	Dependents(std::size_t i) const {
		return dependents_[i];
	}
	/* IndexOf: the index of the revision with exactly this id, or kNoIndex. */
	std::size_t IndexOf(std::string_view id) const;

private:
	/* Insert: add revision i (whose id is id, hashed to hash) to the id table; false for a repeated id. */
	bool Insert(std::string_view id, std::uint64_t hash, std::size_t i);

	std::string_view blob_;
	std::vector<std::uint32_t> record_; // offset in blob_ of each revision's id (its length first)
	IndexLists declared_parents_;
	IndexLists parents_; // only when some revision repeats a parent
	bool parents_repeat_ = false;
	IndexLists deps_;
	IndexLists norm_deps_;
	IndexLists children_;
	IndexLists dependents_;
	/*
	 * Open-addressing hash table of the ids: a slot holds the id's hash in its high 32 bits and
	 * the revision index + 1 in its low 32 bits, or 0 when free; a probe compares ids only when
	 * the hashes agree.  Its size is a power of two, at least twice the number of revisions
	 * (2 MB from 65,536 revisions on, then in huge pages: huge_pages.hpp).
	 */
	std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> id_slots_;
};

/* HashPackedId: the hash PackedGraph's id table uses (FNV-1a, 64 bits). */
std::uint64_t HashPackedId(std::string_view id);

} // namespace pgm
