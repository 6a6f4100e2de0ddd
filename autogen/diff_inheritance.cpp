/*
 * diff_inheritance.cpp: what partitions and INHERITS children need besides the actions of each
 * table: local partition indexes a new parent index would take over, ALTER TABLE ... INHERIT
 * and NO INHERIT, DETACH PARTITION before a partition is dropped, and the order between a
 * parent's column changes (which PostgreSQL recurses to the children) and a child's.
 */
#include "autogen/differ.hpp"

#include <algorithm>

namespace pgm::schema::internal {

namespace {

/* PartitionChildren: the direct partitions of each partitioned table of s, to walk them down. */
std::unordered_map<std::string, std::vector<std::string>>
PartitionChildren(const SnapshotData &s) {
	std::unordered_map<std::string, std::vector<std::string>> children;
	for (const auto &entry : s.objects) {
		if (entry.second.kind == Kind::kTable && entry.second.partition_of) {
			children[*entry.second.partition_of].push_back(entry.first);
		}
	}
	return children;
}

} // namespace

/*
 * ChildKeepsColumn: parent (a kept plain-inheritance parent, not partitioned) loses column name
 * while one of its INHERITS children, kept with the same parent, still has it in the models.
 * PostgreSQL's DROP COLUMN recurses to the children and drops their inherited copies with their
 * data; ALTER TABLE ONLY parent DROP COLUMN instead makes each child's copy its own column.
 */
bool
Differ::ChildKeepsColumn(const Object &parent, const std::string &name) const {
	const Object *parent_to = to_.Find(parent.id);
	if (parent.kind != Kind::kTable || parent.partition_key || parent_to == nullptr ||
	    parent_to->FindColumn(name) != nullptr || parent.FindColumn(name) == nullptr) {
		return false;
	}
	for (const auto &entry : to_.objects) {
		const Object &child = entry.second;
		const Object *child_from = from_.Find(child.id);
		if (child.kind != Kind::kTable || child_from == nullptr || child_from->kind != Kind::kTable ||
		    rebuild_.count(child.id) != 0 || child.FindColumn(name) == nullptr ||
		    child_from->FindColumn(name) == nullptr) {
			continue;
		}
		auto inherits = [&parent](const Object &o) {
			return std::find(o.inherits.begin(), o.inherits.end(), parent.id) != o.inherits.end();
		};
		if (inherits(child) && inherits(*child_from)) {
			return true;
		}
	}
	return false;
}

/*
 * ParentDropsOnly: a column of table f/t that a kept parent drops with ONLY (ChildKeepsColumn):
 * it no longer goes with the parent's column, so a child that drops it too needs its own DROP.
 */
bool
Differ::ParentDropsOnly(const Object &f, const Object &t, const std::string &name) const {
	for (const std::string &p : KeptParents(f, t)) {
		const Object *pf = from_.Find(p);
		if (pf != nullptr && ChildKeepsColumn(*pf, name)) {
			return true;
		}
	}
	return false;
}

/* IndexBody: an index definition from " USING " on, and whether it is unique. */
std::pair<std::string, bool>
Differ::IndexBody(const std::string &def) {
	size_t using_pos = def.find(" USING ");
	return {using_pos == std::string::npos ? def : def.substr(using_pos), def.rfind("CREATE UNIQUE ", 0) == 0};
}

/* PartitionDescendants: the partitions of table id in s, at every level. */
std::set<std::string>
Differ::PartitionDescendants(const SnapshotData &s, const std::string &id) {
	std::unordered_map<std::string, std::vector<std::string>> children = PartitionChildren(s);
	std::set<std::string> out;
	std::vector<std::string> work{id};
	while (!work.empty()) {
		std::string x = std::move(work.back());
		work.pop_back();
		for (const std::string &c : children[x]) {
			if (out.insert(c).second) {
				work.push_back(c);
			}
		}
	}
	return out;
}

/*
 * PartitionIndexRebuilds: CREATE INDEX on a partitioned table attaches an existing index
 * of a partition with the same definition instead of creating one, and an attached index
 * is the parent's (it leaves the snapshot).  A kept local index that a new parent index
 * would swallow is dropped before it and created again after it.
 */
void
Differ::PartitionIndexRebuilds() {
	for (const auto &entry : to_.objects) {
		const Object &t = entry.second;
		const Object *f = from_.Find(t.id);
		if (t.kind != Kind::kIndex || (f != nullptr && rebuild_.count(t.id) == 0)) {
			continue;
		}
		const Object *table = to_.Find(t.table);
		if (table == nullptr || !table->partition_key) {
			continue;
		}
		std::set<std::string> parts = PartitionDescendants(to_, t.table);
		auto body = IndexBody(t.def);
		for (const auto &e : to_.objects) {
			const Object &l = e.second;
			if (l.kind != Kind::kIndex || parts.count(l.table) == 0 || from_.Find(l.id) == nullptr ||
			    dropped_.count(l.id) != 0 || IndexBody(l.def) != body) {
				continue;
			}
			rebuild_.insert(l.id);
			dropped_.insert(l.id);
			parent_index_rebuilds_.emplace_back(t.id, l.id);
			Note("rebuilt index " + l.qname + " so that the new index " + t.qname + " does not take it over");
		}
	}
}

/*
 * InheritanceActions: ALTER TABLE ... NO INHERIT (before the child's and the parent's
 * columns change and before the parent goes) and INHERIT (after both tables' columns are
 * in place); DETACH PARTITION before a partition whose parent stays is dropped (a foreign
 * key referencing the partitioned table depends on every partition); the order of column
 * changes on a parent and its children; rebuilt local partition indexes around the new
 * parent index.
 */
void
Differ::InheritanceActions() {
	auto column_acts = [this](const Object &table, std::vector<int> *out, bool with_drop) {
		for (const Column &c : table.columns) {
			if (const NodeActs *n = Node(c.id)) {
				for (int x : {n->create, n->alter, with_drop ? n->drop : -1, n->predrop}) {
					if (x >= 0) {
						out->push_back(x);
					}
				}
			}
		}
	};
	for (const auto &entry : to_.objects) {
		const Object &t = entry.second;
		const Object *f = from_.Find(t.id);
		if (t.kind != Kind::kTable || f == nullptr || rebuild_.count(t.id) != 0) {
			continue;
		}
		for (const std::string &p : f->inherits) {
			if (std::find(t.inherits.begin(), t.inherits.end(), p) != t.inherits.end()) {
				continue;
			}
			int act = NewAction(ActType::kDisown, kOwnRank, t.id,
			                    Single("ALTER TABLE " + t.qname + " NO INHERIT " + TableQname(p) + ";"));
			std::vector<int> after;
			column_acts(*f, &after, true);
			if (const Object *pf = from_.Find(p)) {
				column_acts(*pf, &after, true);
			}
			if (const NodeActs *np = Node(p)) {
				after.push_back(DropEnd(*np));
			}
			for (int x : after) {
				Edge(act, x);
			}
		}
		for (const std::string &p : t.inherits) {
			if (std::find(f->inherits.begin(), f->inherits.end(), p) != f->inherits.end()) {
				continue;
			}
			int act = NewAction(ActType::kAlter, kColumnRank + 5, t.id,
			                    Single("ALTER TABLE " + t.qname + " INHERIT " + TableQname(p) + ";"));
			std::vector<int> before;
			column_acts(t, &before, true);
			if (const Object *pt = to_.Find(p)) {
				column_acts(*pt, &before, true);
			}
			for (const std::string &id : {p, t.id}) {
				if (const NodeActs *n = Node(id)) {
					before.push_back(n->create);
					before.push_back(n->alter);
				}
			}
			for (int x : before) {
				Edge(x, act);
			}
		}
		// A child's column changes come after its parents' (which recurse to it); a merged
		// column is dropped after the parent's; a child's own type change before a parent
		// adds (merges) the column.
		for (const std::string &p : KeptParents(*f, t)) {
			const Object *pf = from_.Find(p);
			const Object *pt = to_.Find(p);
			if (pf == nullptr || pt == nullptr) {
				continue;
			}
			for (const Column &c : f->columns) {
				const Column *pa = pf->FindColumn(c.name);
				const Column *pb = pt->FindColumn(c.name);
				const NodeActs *nc = Node(c.id);
				const NodeActs *np = pb ? Node(pb->id) : pa ? Node(pa->id) : nullptr;
				if (nc == nullptr || np == nullptr || nc == np) {
					continue;
				}
				Edge(np->alter, nc->alter);
				Edge(np->predrop, nc->alter);
				Edge(np->drop, nc->drop);
				if (pa == nullptr) {
					Edge(nc->alter, np->create);
				}
			}
		}
	}
	// DETACH PARTITION before the DROP of a partition whose parent stays and of its partitions.
	std::unordered_map<std::string, std::vector<std::string>> children = PartitionChildren(from_);
	for (const auto &entry : from_.objects) {
		const Object &f = entry.second;
		if (f.kind != Kind::kTable || !f.partition_of || dropped_.count(f.id) == 0 ||
		    dropped_.count(*f.partition_of) != 0 || from_.Find(*f.partition_of) == nullptr) {
			continue;
		}
		int act =
		    NewAction(ActType::kDisown, kOwnRank, f.id,
		              Single("ALTER TABLE " + TableQname(*f.partition_of) + " DETACH PARTITION " + f.qname + ";"));
		std::vector<std::string> work{f.id};
		while (!work.empty()) {
			std::string x = std::move(work.back());
			work.pop_back();
			if (const NodeActs *n = Node(x)) {
				Edge(act, n->drop);
			}
			for (const std::string &c : children[x]) {
				if (dropped_.count(c) != 0) {
					work.push_back(c);
				}
			}
		}
	}
	for (const auto &pair : parent_index_rebuilds_) {
		const NodeActs *parent = Node(pair.first);
		const NodeActs *local = Node(pair.second);
		if (parent != nullptr && local != nullptr) {
			Edge(local->drop, parent->create);
			Edge(parent->create, local->create);
		}
	}
}

} // namespace pgm::schema::internal
