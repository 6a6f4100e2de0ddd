/*
 * diff_moves.cpp: tables that only change schema.  A table that leaves one schema while a
 * table of the same name and columns appears in another is moved with ALTER TABLE ... SET
 * SCHEMA instead of being dropped and created (which would lose its rows).  FindMoves finds
 * them, ApplyMoves rewrites the first snapshot as it stands after the moves (so the rest of
 * the diff sees the tables under their new names), and Differ::MoveEdges puts the moves
 * before every other action.
 */
#include "autogen/differ.hpp"

#include <algorithm>
#include <map>

namespace pgm::schema::internal {

namespace {

/* SameColumns: the same column names with the same types (order aside). */
bool
SameColumns(const Object &a, const Object &b) {
	if (a.columns.size() != b.columns.size()) {
		return false;
	}
	std::map<std::string, std::string> types;
	for (const Column &c : a.columns) {
		types[c.name] = c.type;
	}
	for (const Column &c : b.columns) {
		auto it = types.find(c.name);
		if (it == types.end() || it->second != c.type) {
			return false;
		}
	}
	return true;
}

/* ReplaceAll: every occurrence of what in text replaced; the search goes on after each replacement. */
void
ReplaceAll(std::string &text, const std::string &what, const std::string &with) {
	if (what.empty()) {
		return;
	}
	for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
		text.replace(at, what.size(), with);
	}
}

} // namespace

/*
 * FindMoves: a table that disappears from one schema while a table of the same name and the
 * same columns appears in another, and no other table of that name comes or goes: it moved.
 * Dropping and creating it would lose its rows (and break the foreign keys that need them).
 */
std::vector<TableMove>
FindMoves(const SnapshotData &from, const SnapshotData &to) {
	std::map<std::string, std::vector<const Object *>> gone;
	std::map<std::string, std::vector<const Object *>> added;
	for (const auto &entry : from.objects) {
		const Object &o = entry.second;
		if (o.kind == Kind::kTable && !o.partition_of && to.Find(o.id) == nullptr) {
			gone[o.name].push_back(&o);
		}
	}
	for (const auto &entry : to.objects) {
		const Object &o = entry.second;
		if (o.kind == Kind::kTable && !o.partition_of && from.Find(o.id) == nullptr) {
			added[o.name].push_back(&o);
		}
	}
	std::vector<TableMove> moves;
	for (const auto &g : gone) {
		auto a = added.find(g.first);
		if (a == added.end() || g.second.size() != 1 || a->second.size() != 1) {
			continue;
		}
		const Object &f = *g.second[0];
		const Object &t = *a->second[0];
		if (f.schema != t.schema && f.persistence == t.persistence && f.partition_key == t.partition_key &&
		    SameColumns(f, t)) {
			moves.push_back(TableMove{f.id, t.id, f.qname, t.qname, f.schema, t.schema});
		}
	}
	return moves;
}

/*
 * ApplyMoves: from as it is once the moves ran: the tables, their columns, constraints,
 * indexes, triggers and policies, and the sequences their columns own, under their new
 * names (ALTER TABLE ... SET SCHEMA moves indexes, constraints and owned sequences along).
 */
SnapshotData
ApplyMoves(const SnapshotData &from, const std::vector<TableMove> &moves) {
	std::unordered_map<std::string, std::string> ids;       // old id -> new id
	std::vector<std::pair<std::string, std::string>> texts; // old qname -> new qname, in definitions
	std::unordered_map<std::string, const TableMove *> by_table;
	for (const TableMove &m : moves) {
		by_table[m.old_id] = &m;
		ids[m.old_id] = m.new_id;
		texts.emplace_back(" " + m.old_qname + " ", " " + m.new_qname + " ");
		texts.emplace_back(" " + m.old_qname + "(", " " + m.new_qname + "(");
		const Object *t = from.Find(m.old_id);
		for (const Column &c : t->columns) {
			ids[c.id] = "column:" + m.new_qname + "." + c.name;
		}
	}
	auto moved_schema_object = [](const std::string &prefix, const Object &o, const TableMove &m) {
		return prefix + m.new_schema + "." + o.name;
	};
	for (const auto &entry : from.objects) {
		const Object &o = entry.second;
		auto m = by_table.find(o.table);
		if (m != by_table.end()) {
			const std::string &oq = m->second->old_qname;
			const std::string &nq = m->second->new_qname;
			if (o.kind == Kind::kIndex) {
				ids[o.id] = moved_schema_object("index:", o, *m->second);
			} else {
				ids[o.id] = o.id.substr(0, o.id.find(':') + 1) + nq + o.id.substr(o.id.find(':') + 1 + oq.size());
			}
		}
		if (o.kind == Kind::kSequence && o.owned_by) {
			const ColumnRef *c = from.FindColumn(*o.owned_by);
			auto mt = c ? by_table.find(c->table->id) : by_table.end();
			if (mt != by_table.end()) {
				std::string nid = moved_schema_object("sequence:", o, *mt->second);
				ids[o.id] = nid;
				texts.emplace_back("'" + o.qname + "'", "'" + nid.substr(9) + "'");
			}
		}
	}
	auto rename = [&ids](std::string &id) {
		auto it = ids.find(id);
		if (it != ids.end()) {
			id = it->second;
		}
	};
	auto retext = [&texts](std::string &text) {
		for (const auto &r : texts) {
			ReplaceAll(text, r.first, r.second);
		}
	};
	SnapshotData out;
	for (const auto &entry : from.objects) {
		Object o = entry.second;
		// the move that carries o along, if any
		const TableMove *mv = nullptr;
		if (by_table.count(o.id) != 0) {
			mv = by_table.at(o.id);
		} else if (!o.table.empty() && by_table.count(o.table) != 0) {
			mv = by_table.at(o.table);
		} else if (o.kind == Kind::kSequence && o.owned_by && ids.count(o.id) != 0) {
			const ColumnRef *c = from.FindColumn(*o.owned_by);
			mv = by_table.at(c->table->id);
		}
		rename(o.id);
		for (std::string &d : o.deps) {
			rename(d);
		}
		std::sort(o.deps.begin(), o.deps.end());
		if (mv != nullptr) {
			o.schema = mv->new_schema;
			if (o.kind == Kind::kTable || o.kind == Kind::kIndex || o.kind == Kind::kSequence) {
				o.qname = o.schema + "." + o.name;
			}
			if (!o.table.empty()) {
				retext(o.def); // index and trigger definitions name their table
			}
		}
		if (!o.table.empty()) {
			rename(o.table);
		}
		if (o.owned_by) {
			rename(*o.owned_by);
		}
		for (Column &c : o.columns) {
			rename(c.id);
			for (std::string &d : c.deps) {
				rename(d);
			}
			if (mv != nullptr && c.default_expr) {
				retext(*c.default_expr);
			}
			const std::string prefix = mv != nullptr ? mv->old_schema + "." : "";
			if (mv != nullptr && c.identity_sequence &&
			    c.identity_sequence->qname.compare(0, prefix.size(), prefix) == 0) {
				c.identity_sequence->qname = mv->new_schema + "." + c.identity_sequence->qname.substr(prefix.size());
			}
		}
		std::string id = o.id;
		out.objects.emplace(id, std::move(o));
	}
	for (const auto &entry : out.objects) {
		const Object &o = entry.second;
		for (size_t i = 0; i < o.columns.size(); ++i) {
			out.columns.emplace(o.columns[i].id, ColumnRef{&o, i});
		}
	}
	return out;
}

/*
 * MoveEdges: from already has the moved tables under their new names, so each ALTER
 * TABLE ... SET SCHEMA runs before every other action, once its new schema exists.
 */
void
Differ::MoveEdges() {
	for (const TableMove &m : moves_) {
		int move = NewAction(ActType::kDisown, 1000, m.new_id,
		                     Single("ALTER TABLE " + m.old_qname + " SET SCHEMA " + m.new_schema + ";"));
		const NodeActs *schema = Node("schema:" + m.new_schema);
		int create_schema = schema != nullptr ? schema->create : -1;
		Edge(create_schema, move);
		for (int i = 0; i < static_cast<int>(acts_.size()); ++i) {
			if (i != create_schema && i != move) {
				Edge(move, i);
			}
		}
	}
}

} // namespace pgm::schema::internal
