/*
 * packed_graph.cpp: PackedGraph's reads of the value it was decoded from and its id table
 * (PackedGraph::Decode is in revision_graph_codec.cpp, beside the format it reads).
 */
#include "core/packed_graph.hpp"

namespace pgm {

namespace {

/*
 * ViewAt: the length-prefixed byte string at offset of a value Decode accepted (so well formed),
 * and the offset after it.
 */
std::string_view
ViewAt(std::string_view blob, std::size_t offset, std::size_t *next) {
	std::uint64_t len = 0;
	for (int shift = 0;; shift += 7) {
		auto byte = static_cast<unsigned char>(blob[offset++]);
		len |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
		if ((byte & 0x80) == 0) {
			break;
		}
	}
	if (next != nullptr) {
		*next = offset + static_cast<std::size_t>(len);
	}
	return blob.substr(offset, static_cast<std::size_t>(len));
}

} // namespace

std::uint64_t
HashPackedId(std::string_view id) {
	std::uint64_t h = 14695981039346656037ULL;
	for (char c : id) {
		h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

std::string_view
PackedGraph::Id(std::size_t i) const {
	return ViewAt(blob_, record_[i], nullptr);
}

std::string_view
PackedGraph::Message(std::size_t i) const {
	std::size_t next = 0;
	ViewAt(blob_, record_[i], &next);
	return ViewAt(blob_, next, nullptr);
}

bool
PackedGraph::Insert(std::string_view id, std::uint64_t hash, std::size_t i) {
	const std::size_t mask = id_slots_.size() - 1;
	const std::uint64_t tag = hash >> 32;
	for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
		std::uint64_t held = id_slots_[slot];
		if (held == 0) {
			id_slots_[slot] = (tag << 32) | static_cast<std::uint64_t>(i + 1);
			return true;
		}
		if ((held >> 32) == tag && Id(static_cast<std::size_t>(held & 0xFFFFFFFFU) - 1) == id) {
			return false;
		}
	}
}

std::size_t
PackedGraph::IndexOf(std::string_view id) const {
	if (id_slots_.empty()) {
		return kNoIndex;
	}
	const std::uint64_t hash = HashPackedId(id);
	const std::size_t mask = id_slots_.size() - 1;
	const std::uint64_t tag = hash >> 32;
	for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
		std::uint64_t held = id_slots_[slot];
		if (held == 0) {
			return kNoIndex;
		}
		std::size_t index = static_cast<std::size_t>(held & 0xFFFFFFFFU) - 1;
		if ((held >> 32) == tag && Id(index) == id) {
			return index;
		}
	}
}

} // namespace pgm
