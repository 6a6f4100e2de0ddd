/*
 * diff_order.cpp: the order of the statements.  The edges between actions come from the
 * dependencies of both snapshots (a DROP before what it needs is dropped, a CREATE after what
 * it needs exists) and from a few rules PostgreSQL imposes (identity sequence names,
 * persistence of tables linked by foreign keys); Emit sorts the actions with Kahn's algorithm
 * under the fixed tie-break of KeyOf.  DeferSqlFunctionBodies then prefixes the script when it
 * creates LANGUAGE sql functions.
 */
#include "autogen/differ.hpp"

#include <queue>

namespace pgm::schema::internal {

/* Edge: action a runs before action b.  A missing action (-1) adds nothing, so callers need not check. */
void
Differ::Edge(int a, int b) {
	if (a < 0 || b < 0 || a == b) {
		return;
	}
	acts_[a].out.push_back(b);
	acts_[b].indeg++;
}

/*
 * Node: the actions of a node, or nullptr.  A column that comes or goes with its parent's
 * column (col_alias_) has the parent column's actions.
 */
const NodeActs *
Differ::Node(const std::string &id) const {
	auto it = nodes_.find(id);
	if (it == nodes_.end()) {
		auto alias = col_alias_.find(id);
		if (alias != col_alias_.end()) {
			it = nodes_.find(alias->second);
		}
		if (it == nodes_.end()) {
			return nullptr;
		}
	}
	return &it->second;
}

/* DropEnd: the action after which a node's old self is gone (the DROP of a recreated type's old name). */
int
Differ::DropEnd(const NodeActs &n) const {
	return n.final_drop >= 0 ? n.final_drop : n.drop;
}

/*
 * BuildEdges: the order the dependencies impose.  Within a node: the DROP before the CREATE,
 * ownership after the CREATE.  From from's dependencies: a dependent is dropped (or releases
 * what its default used, or changes type) before what it needs goes.  From to's: what a node
 * needs is created or altered before the node.  A sequence is owned once its column exists and
 * disowned before its old column goes.
 */
void
Differ::BuildEdges() {
	for (auto &entry : nodes_) {
		const NodeActs &n = entry.second;
		Edge(n.drop, n.create);
		Edge(n.create, n.final_drop);
		Edge(n.create, n.own);
		Edge(n.disown, n.own);
		Edge(n.predrop, n.alter);
		Edge(n.predrop, n.create);
	}
	ForEachDep(from_, [this](const std::string &a, const std::string &b) {
		const NodeActs *nb = Node(b);
		const NodeActs *na = Node(a);
		if (nb == nullptr || na == nullptr) {
			return;
		}
		if (na->drop >= 0) {
			Edge(na->drop, DropEnd(*nb));
		} else {
			// A kept column releases what its default used in its predrop; its ALTER (a new
			// type) must still come before a removed type goes, but cannot come before an
			// object that is dropped and created again.
			Edge(na->predrop, DropEnd(*nb));
			bool recreated = nb->drop >= 0 && nb->create >= 0 && nb->final_drop < 0;
			if (na->predrop < 0 || (!recreated && type_change_.count(a) != 0)) {
				Edge(na->alter, DropEnd(*nb));
			}
		}
		Edge(na->drop, nb->alter);
		Edge(na->final_drop, DropEnd(*nb)); // a recreated domain's old type goes before its old base
	});
	ForEachDep(to_, [this](const std::string &a, const std::string &b) {
		const NodeActs *nb = Node(b);
		const NodeActs *na = Node(a);
		if (nb == nullptr || na == nullptr) {
			return;
		}
		int on_a = na->create >= 0 ? na->create : na->alter;
		Edge(nb->create, on_a);
		Edge(nb->alter, on_a);
	});
	// sequence ownership: after the owning column exists, before the old owner is dropped
	for (const auto &entry : to_.objects) {
		const Object &t = entry.second;
		if (t.kind != Kind::kSequence) {
			continue;
		}
		const NodeActs *n = Node(t.id);
		if (n == nullptr) {
			continue;
		}
		if (n->own >= 0 && t.owned_by) {
			if (const NodeActs *c = Node(*t.owned_by)) {
				Edge(c->create, n->own);
				Edge(c->alter, n->own);
			}
		}
		const Object *f = from_.Find(t.id);
		if (n->disown >= 0 && f && f->owned_by) {
			if (const NodeActs *c = Node(*f->owned_by)) {
				Edge(n->disown, c->drop);
			}
		}
	}
}

/*
 * IdentityNameEdges: an identity sequence is not a node, but its name can be taken by a
 * sequence of the other side (serial <-> identity): the one that frees the name goes first.
 */
void
Differ::IdentityNameEdges() {
	for (const auto &entry : to_.columns) {
		const Column &c = entry.second.Get();
		if (!c.identity_sequence) {
			continue;
		}
		const NodeActs *seq = Node("sequence:" + c.identity_sequence->qname);
		const NodeActs *col = Node(c.id);
		if (seq != nullptr && col != nullptr && from_.Find("sequence:" + c.identity_sequence->qname) != nullptr) {
			Edge(DropEnd(*seq), col->alter);
			Edge(DropEnd(*seq), col->create);
		}
	}
	for (const auto &entry : from_.columns) {
		const Column &c = entry.second.Get();
		if (!c.identity_sequence) {
			continue;
		}
		const NodeActs *seq = Node("sequence:" + c.identity_sequence->qname);
		const NodeActs *col = Node(c.id);
		if (seq != nullptr && col != nullptr && to_.Find("sequence:" + c.identity_sequence->qname) != nullptr) {
			Edge(col->predrop, seq->create);
			Edge(col->drop, seq->create);
		}
	}
}

/* ReferencedTable: the table a foreign key points at ("" when it is its own table). */
std::string
Differ::ReferencedTable(const SnapshotData &s, const Object &fk) {
	for (const std::string &d : fk.deps) {
		std::string owner = DepTable(s, d);
		if (!owner.empty() && owner != fk.table) {
			return owner;
		}
	}
	return "";
}

/*
 * PersistenceEdges: a logged table may not reference an unlogged one, so SET LOGGED runs
 * on the referenced table first and SET UNLOGGED on the referencing table first.
 */
void
Differ::PersistenceEdges() {
	for (const SnapshotData *snap : {&from_, &to_}) {
		for (const auto &entry : snap->objects) {
			const Object &c = entry.second;
			if (c.kind != Kind::kConstraint || c.contype != "f") {
				continue;
			}
			std::string referenced = ReferencedTable(*snap, c);
			const Object *a_to = to_.Find(c.table);
			const Object *b_to = to_.Find(referenced);
			const Object *a_from = from_.Find(c.table);
			const Object *b_from = from_.Find(referenced);
			const NodeActs *na = Node(c.table);
			const NodeActs *nb = Node(referenced);
			if (!a_to || !b_to || !a_from || !b_from || !na || !nb || na->alter < 0 || nb->alter < 0) {
				continue;
			}
			if (a_from->persistence != a_to->persistence && b_from->persistence != b_to->persistence) {
				if (b_to->persistence == "p") {
					Edge(nb->alter, na->alter);
				} else {
					Edge(na->alter, nb->alter);
				}
			}
		}
	}
}

/*
 * DeferSqlFunctionBodies: PostgreSQL checks the body of a LANGUAGE sql function (one
 * with a string body) when it is created, but records no dependency on what the body
 * names, so the order cannot guarantee that a function, table or view it uses exists
 * yet.  Like pg_dump, the script then turns that check off for its transaction; the
 * body is still checked when it runs.
 */
void
Differ::DeferSqlFunctionBodies() {
	for (const std::string &stmt : result_.statements) {
		if (stmt.find("CREATE OR REPLACE FUNCTION ") != std::string::npos &&
		    stmt.find("\n LANGUAGE sql\n") != std::string::npos && stmt.find("\nAS ") != std::string::npos) {
			result_.statements.insert(result_.statements.begin(),
			                          "-- LANGUAGE sql bodies may name objects created further down.\n"
			                          "SET LOCAL check_function_bodies = off;");
			return;
		}
	}
}

/*
 * KeyOf: the tie-break among actions ready together: the drop phase (drops and disowns) first,
 * in reverse kind order, then creates and alters in kind order; then by id and action type, so
 * the script never depends on the order of a hash map.  Columns added to a kept table sort by
 * their position in the models' table (as Alembic adds them), not by name.
 */
Differ::Key
Differ::KeyOf(int i) const {
	const Action &a = acts_[i];
	bool drop_phase = a.type == ActType::kDrop || a.type == ActType::kDisown;
	return Key{drop_phase ? 0 : 1, drop_phase ? -a.rank : a.rank, a.sort_id.empty() ? a.id : a.sort_id,
	           static_cast<int>(a.type)};
}

/* Emit: Kahn's algorithm with the tie-break; a cycle is broken at its lowest action. */
void
Differ::Emit() {
	std::vector<Key> keys;
	keys.reserve(acts_.size());
	for (size_t i = 0; i < acts_.size(); ++i) {
		keys.push_back(KeyOf(static_cast<int>(i)));
	}
	auto greater = [&keys](int x, int y) { return keys[y] < keys[x]; };
	std::priority_queue<int, std::vector<int>, decltype(greater)> ready(greater);
	std::vector<int> indeg(acts_.size());
	std::vector<bool> done(acts_.size(), false);
	for (size_t i = 0; i < acts_.size(); ++i) {
		indeg[i] = acts_[i].indeg;
		if (indeg[i] == 0) {
			ready.push(static_cast<int>(i));
		}
	}
	std::set<std::pair<Key, int>> remaining;
	size_t emitted = 0;
	bool cyclic = false;
	while (emitted < acts_.size()) {
		int next = -1;
		if (!ready.empty()) {
			next = ready.top();
			ready.pop();
			if (done[next]) {
				continue;
			}
		} else {
			if (!cyclic) {
				cyclic = true;
				for (size_t i = 0; i < acts_.size(); ++i) {
					if (!done[i]) {
						remaining.emplace(keys[i], static_cast<int>(i));
					}
				}
			}
			while (!remaining.empty() && done[remaining.begin()->second]) {
				remaining.erase(remaining.begin());
			}
			next = remaining.begin()->second;
		}
		done[next] = true;
		++emitted;
		for (Stmt &s : acts_[next].stmts) {
			std::string text;
			for (const std::string &c : s.comments) {
				text += "-- " + c + "\n";
			}
			result_.statements.push_back(text + s.sql);
			for (std::string &w : s.warnings) {
				result_.warnings.push_back(std::move(w));
			}
			for (std::string &w : s.failures) {
				result_.failures.push_back(std::move(w));
			}
		}
		for (int o : acts_[next].out) {
			if (--indeg[o] == 0 && !done[o]) {
				ready.push(o);
			}
		}
	}
}

} // namespace pgm::schema::internal
