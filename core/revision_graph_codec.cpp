/*
 * revision_graph_codec.cpp: RevisionGraph::Encode and RevisionGraph::Decode, the compact binary
 * form of a validated graph that migrate_upload stores beside the folder state
 * (pg_migrate.folder_state.graph, 0.8.0), so that planning reads one value instead of every
 * row of pg_migrate.revision and builds the graph without validating it again (docs/planning.md).
 *
 * Format (version 1): the magic "PGMGRAPH", then unsigned LEB128 numbers and length-prefixed
 * byte strings:
 *   version, n (revisions), then per revision in load order:
 *     id, message, source (file name), flags (1 reversible, 2 transactional),
 *     parents (count, indexes, declared order), branch labels (count, strings),
 *     depends_on (count, strings, as declared), resolved dependencies (count, indexes),
 *     normalized dependencies (count, indexes);
 *   then the effective branch labels: count of revisions with any, each index, count, strings.
 * Children, dependents, the id hash table and the label index are derived again (linear).
 */
#include "core/huge_pages.hpp"
#include "core/packed_graph.hpp"
#include "core/revision_graph.hpp"

#include <cstdint>
#include <cstring>
#include <map>

namespace pgm {

namespace {

constexpr char kMagic[8] = {'P', 'G', 'M', 'G', 'R', 'A', 'P', 'H'};
constexpr std::uint64_t kFormatVersion = 1;

void
PutNumber(std::string &out, std::uint64_t v) {
	while (v >= 0x80) {
		out.push_back(static_cast<char>((v & 0x7F) | 0x80));
		v >>= 7;
	}
	out.push_back(static_cast<char>(v));
}

void
PutBytes(std::string &out, std::string_view s) {
	PutNumber(out, s.size());
	out.append(s.data(), s.size());
}

/* Reader: bounds-checked reads; any read past the end sets failed and returns zeros. */
class Reader {
public:
	explicit Reader(std::string_view in) : begin_(in.data()), p_(in.data()), end_(in.data() + in.size()) {}
	std::uint64_t
	Number() {
		std::uint64_t v = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (p_ == end_) {
				failed = true;
				return 0;
			}
			auto byte = static_cast<unsigned char>(*p_++);
			v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
			if ((byte & 0x80) == 0) {
				return v;
			}
		}
		failed = true;
		return 0;
	}
	/* Count: a number that must be at most limit (a count of items still to read, or an index bound). */
	std::size_t
	Count(std::uint64_t limit) {
		std::uint64_t v = Number();
		if (v > limit) {
			failed = true;
			return 0;
		}
		return static_cast<std::size_t>(v);
	}
	/*
	 * Length: the length of a byte string that follows, at most what is left after the length
	 * itself (a bound taken before reading the length let a string end past the value).
	 */
	std::size_t
	Length() {
		std::uint64_t len = Number();
		if (failed || len > Left()) {
			failed = true;
			return 0;
		}
		return static_cast<std::size_t>(len);
	}
	void
	Bytes(std::string &out) {
		std::size_t len = Length();
		if (failed) {
			return;
		}
		out.assign(p_, len);
		p_ += len;
	}
	/* View: a length-prefixed byte string in place (empty after a failure). */
	std::string_view
	View() {
		std::size_t len = Length();
		if (failed) {
			return {};
		}
		std::string_view out(p_, len);
		p_ += len;
		return out;
	}
	/* Offset: where the next read starts, from the beginning of the value. */
	std::size_t
	Offset() const {
		return static_cast<std::size_t>(p_ - begin_);
	}
	bool
	Magic() {
		if (Left() < sizeof kMagic || std::memcmp(p_, kMagic, sizeof kMagic) != 0) {
			failed = true;
			return false;
		}
		p_ += sizeof kMagic;
		return true;
	}
	std::size_t
	Left() const {
		return static_cast<std::size_t>(end_ - p_);
	}
	bool failed = false;

private:
	const char *begin_;
	const char *p_;
	const char *end_;
};

/*
 * InOrderWithin: whether every index of part appears in whole, in the same order (the normalized
 * dependencies are the resolved ones minus those an ancestor has: Build writes nothing else, and
 * the topological sort relies on it).
 */
bool
InOrderWithin(IndexLists::Span part, IndexLists::Span whole) {
	std::size_t j = 0;
	for (std::size_t item : part) {
		while (j < whole.size() && whole[j] != item) {
			j++;
		}
		if (j == whole.size()) {
			return false;
		}
		j++;
	}
	return true;
}

} // namespace

std::string
RevisionGraph::Encode() const {
	const std::size_t n = revs_.size();
	std::string out;
	out.reserve(64 + n * 64);
	out.append(kMagic, sizeof kMagic);
	PutNumber(out, kFormatVersion);
	PutNumber(out, n);
	auto put_indexes = [&](Adjacency::Span span) {
		PutNumber(out, span.size());
		for (std::size_t i : span) {
			PutNumber(out, i);
		}
	};
	auto put_strings = [&](const std::vector<std::string> &items) {
		PutNumber(out, items.size());
		for (const std::string &s : items) {
			PutBytes(out, s);
		}
	};
	for (std::size_t i = 0; i < n; i++) {
		const Revision &rev = revs_[i];
		PutBytes(out, rev.id);
		PutBytes(out, rev.message);
		PutBytes(out, rev.source);
		PutNumber(out, (rev.reversible ? 1U : 0U) | (rev.transactional ? 2U : 0U));
		// The declared parents, repeats included (parent_idx_ holds each once).
		PutNumber(out, rev.parents.size());
		for (const std::string &parent : rev.parents) {
			PutNumber(out, IndexOf(parent));
		}
		put_strings(rev.branch_labels);
		put_strings(rev.depends_on);
		put_indexes(dep_idx_[i]);
		put_indexes(norm_dep_idx_[i]);
	}
	PutNumber(out, effective_labels_.size());
	for (const auto &[index, labels] : effective_labels_) {
		PutNumber(out, index);
		put_strings(labels);
	}
	return out;
}

bool
RevisionGraph::Decode(std::string_view blob, RevisionGraph &out) {
	Reader in(blob);
	if (!in.Magic() || in.Number() != kFormatVersion) {
		return false;
	}
	// Every revision takes at least a few bytes: a count larger than the value is malformed.
	const std::size_t n = in.Count(in.Left());
	if (in.failed || n >= (std::size_t{1} << 31)) {
		return false;
	}
	RevisionGraph g;
	g.revs_.reserve(n);
	AdviseHugePages(g.revs_.data(), n * sizeof(Revision));
	g.revs_.resize(n);
	/* The declared parents of every revision, repeats included, as indexes (flat). */
	std::vector<std::uint32_t> parent_items;
	std::vector<std::uint32_t> parent_start;
	parent_items.reserve(n);
	parent_start.reserve(n + 1);
	auto read_indexes = [&](Adjacency &adj) {
		std::size_t count = in.Count(in.Left());
		for (std::size_t k = 0; k < count && !in.failed; k++) {
			std::size_t index = in.Count(n - 1);
			if (!in.failed) {
				adj.Add(index);
			}
		}
		adj.EndList();
		return count;
	};
	auto read_strings = [&](std::vector<std::string> &items) {
		std::size_t count = in.Count(in.Left());
		if (in.failed) {
			return;
		}
		items.resize(count);
		for (std::string &s : items) {
			in.Bytes(s);
		}
	};
	for (std::size_t i = 0; i < n && !in.failed; i++) {
		Revision &rev = g.revs_[i];
		in.Bytes(rev.id);
		in.Bytes(rev.message);
		in.Bytes(rev.source);
		std::uint64_t flags = in.Number();
		rev.reversible = (flags & 1U) != 0;
		rev.transactional = (flags & 2U) != 0;
		parent_start.push_back(static_cast<std::uint32_t>(parent_items.size()));
		std::size_t parents = in.Count(in.Left());
		for (std::size_t k = 0; k < parents && !in.failed; k++) {
			std::size_t p = in.Count(n - 1);
			if (in.failed || p == i) {
				return false;
			}
			parent_items.push_back(static_cast<std::uint32_t>(p));
			g.parent_idx_.Add(p);
		}
		g.parent_idx_.EndList();
		read_strings(rev.branch_labels);
		read_strings(rev.depends_on);
		std::size_t deps = read_indexes(g.dep_idx_);
		read_indexes(g.norm_dep_idx_);
		if (in.failed || g.dep_idx_[i].size() != deps || !InOrderWithin(g.norm_dep_idx_[i], g.dep_idx_[i])) {
			return false; // a repeated dependency, or normalized ones that are not: not what Encode writes
		}
	}
	parent_start.push_back(static_cast<std::uint32_t>(parent_items.size()));
	std::size_t labelled = in.Count(n);
	for (std::size_t k = 0; k < labelled && !in.failed; k++) {
		std::size_t index = in.Count(n - 1);
		if (in.failed || g.effective_labels_.count(index) > 0) {
			return false;
		}
		read_strings(g.effective_labels_[index]);
	}
	if (in.failed || in.Left() != 0) {
		return false;
	}
	// Parent and dependency ids, now that every id is read (a parent may come later in load
	// order: files sort by name, not by lineage).
	for (std::size_t i = 0; i < n; i++) {
		Revision &rev = g.revs_[i];
		rev.parents.reserve(parent_start[i + 1] - parent_start[i]);
		for (std::uint32_t k = parent_start[i]; k < parent_start[i + 1]; k++) {
			rev.parents.push_back(g.revs_[parent_items[k]].id);
		}
		if (!g.dep_idx_[i].empty()) {
			std::vector<std::string> &resolved = g.resolved_deps_[i];
			for (std::size_t d : g.dep_idx_[i]) {
				if (d == i) {
					return false;
				}
				resolved.push_back(g.revs_[d].id);
			}
		}
	}
	// The id hash table (as Build makes it), refusing duplicates.
	std::size_t slots = 16;
	while (slots < 2 * n) {
		slots *= 2;
	}
	g.id_slots_.assign(slots, 0);
	for (std::size_t i = 0; i < n; i++) {
		std::size_t slot = g.SlotOf(g.revs_[i].id);
		if (g.id_slots_[slot] != 0) {
			return false;
		}
		g.id_slots_[slot] = static_cast<std::uint32_t>(i + 1);
	}
	// The label index, refusing a label declared by two revisions.
	for (std::size_t i = 0; i < n; i++) {
		for (const std::string &label : g.revs_[i].branch_labels) {
			std::size_t owner = g.IndexOf(label);
			if (owner == i) {
				continue; // labelled with its own id: Build does not index it either
			}
			if (owner != kNoIndex) {
				return false;
			}
			auto [it, inserted] = g.label_index_.emplace(label, i);
			if (!inserted && it->second != i) {
				return false;
			}
		}
	}
	g.child_idx_ = Adjacency::Reversed(g.parent_idx_, n);
	g.dependent_idx_ = Adjacency::Reversed(g.dep_idx_, n);
	// No cycle, as Build's check (a few linear walks): a value edited by hand must not send
	// the planner's walks round in circles.
	if (!IsAcyclic(g.Walks())) {
		return false;
	}
	out = std::move(g);
	return true;
}

/*
 * PackedGraph::Decode: the same reads and the same refusals as RevisionGraph::Decode (every
 * count bounded, indexes in range, no self-parent or self-dependency, no repeated dependency,
 * no repeated id, no label declared twice or equal to another revision's id, effective labels
 * once per revision, nothing left over, no cycle), keeping strings in place and the edges as
 * flat index lists.  The labels, depends_on and effective labels are checked, not kept: the
 * planner's common targets do not need them.
 */
bool
PackedGraph::Decode(std::string_view blob, PackedGraph &out) {
	Reader in(blob);
	if (!in.Magic() || in.Number() != kFormatVersion) {
		return false;
	}
	const std::size_t n = in.Count(in.Left());
	if (in.failed || n >= (std::size_t{1} << 31)) {
		return false;
	}
	PackedGraph g;
	g.blob_ = blob;
	g.record_.reserve(n);
	g.declared_parents_.Reserve(n, n);
	std::size_t slots = 16;
	while (slots < 2 * n) {
		slots *= 2;
	}
	g.id_slots_.assign(slots, 0);
	std::vector<std::pair<std::string_view, std::size_t>> labels; // declared, in order
	auto skip_strings = [&](std::vector<std::pair<std::string_view, std::size_t>> *keep, std::size_t i) {
		std::size_t count = in.Count(in.Left());
		for (std::size_t k = 0; k < count && !in.failed; k++) {
			std::string_view s = in.View();
			if (keep != nullptr && !in.failed) {
				keep->emplace_back(s, i);
			}
		}
	};
	auto read_indexes = [&](IndexLists &lists, std::size_t i) {
		std::size_t count = in.Count(in.Left());
		for (std::size_t k = 0; k < count && !in.failed; k++) {
			std::size_t index = in.Count(n - 1);
			if (!in.failed) {
				lists.Add(index);
			}
		}
		lists.EndList();
		return count == lists[i].size();
	};
	for (std::size_t i = 0; i < n; i++) {
		const std::size_t at = in.Offset();
		std::string_view id = in.View();
		in.View(); // message
		in.View(); // source (file name)
		in.Number();
		std::size_t parents = in.Count(in.Left());
		for (std::size_t k = 0; k < parents && !in.failed; k++) {
			std::size_t p = in.Count(n - 1);
			if (in.failed || p == i) {
				return false;
			}
			g.parents_repeat_ = g.parents_repeat_ || g.declared_parents_.Holds(p);
			g.declared_parents_.Push(p);
		}
		g.declared_parents_.EndList();
		skip_strings(&labels, i);               // branch labels
		skip_strings(nullptr, i);               // depends_on, as declared
		bool unique = read_indexes(g.deps_, i); // resolved dependencies
		read_indexes(g.norm_deps_, i);          // normalized dependencies
		if (in.failed || !unique || !InOrderWithin(g.norm_deps_[i], g.deps_[i])) {
			return false; // a repeated dependency, or normalized ones that are not: not what Encode writes
		}
		for (std::size_t d : g.deps_[i]) {
			if (d == i) {
				return false;
			}
		}
		g.record_.push_back(static_cast<std::uint32_t>(at));
		if (!g.Insert(id, HashPackedId(id), i)) {
			return false;
		}
	}
	std::size_t labelled = in.Count(n);
	std::vector<char> seen;
	for (std::size_t k = 0; k < labelled && !in.failed; k++) {
		std::size_t index = in.Count(n - 1);
		if (in.failed) {
			return false;
		}
		seen.resize(n, 0);
		if (seen[index]) {
			return false;
		}
		seen[index] = 1;
		skip_strings(nullptr, index);
	}
	if (in.failed || in.Left() != 0) {
		return false;
	}
	// The label index as RevisionGraph::Decode builds it, refusing a label declared by two
	// revisions or equal to another revision's id.
	std::map<std::string_view, std::size_t> label_owner;
	for (const auto &[label, i] : labels) {
		std::size_t owner = g.IndexOf(label);
		if (owner == i) {
			continue;
		}
		if (owner != kNoIndex) {
			return false;
		}
		auto [it, inserted] = label_owner.emplace(label, i);
		if (!inserted && it->second != i) {
			return false;
		}
	}
	if (g.parents_repeat_) {
		for (std::size_t i = 0; i < n; i++) {
			for (std::size_t p : g.declared_parents_[i]) {
				g.parents_.Add(p);
			}
			g.parents_.EndList();
		}
	}
	g.children_ = IndexLists::Reversed(g.parents_repeat_ ? g.parents_ : g.declared_parents_, n);
	g.dependents_ = IndexLists::Reversed(g.deps_, n);
	if (!IsAcyclic(g)) {
		return false;
	}
	out = std::move(g);
	return true;
}

} // namespace pgm
