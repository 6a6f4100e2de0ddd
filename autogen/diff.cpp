/*
 * schema_diff.cpp: the autogenerate diff.  Compares two parsed snapshots object by object
 * (columns as objects of their own), decides per object whether it is dropped, created,
 * altered in place or rebuilt (dropped and created), widens the rebuilds to the dependents
 * of whatever is dropped, and orders the resulting actions with a dependency graph sorted by
 * Kahn's algorithm under a fixed tie-break: drops first in reverse kind order, then creates
 * and alters in kind order, then by id.  The SQL text itself comes from schema_render.cpp.
 *
 * Everything is linear in the number of objects, columns and dependencies (hash maps and one
 * priority queue), so a 10,000-table diff is quick.
 */
#include "autogen/diff.hpp"

#include "autogen/ddl.hpp"
#include "autogen/snapshot.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace pgm::schema {

namespace {

enum class ActType { kDrop, kCreate, kAlter, kFinal, kDisown, kOwn };

constexpr int kColumnRank = 50;
constexpr int kOwnRank = 150;

/* KindRank: the position of a kind in the tie-break order (docs in schema_diff.hpp). */
int
KindRank(const Object &o) {
	switch (o.kind) {
		case Kind::kSchema:
			return 0;
		case Kind::kExtension:
			return 10;
		case Kind::kCollation:
			return 15;
		case Kind::kEnum:
		case Kind::kDomain:
		case Kind::kComposite:
			return 20;
		case Kind::kSequence:
			return 30;
		case Kind::kTable:
			return 40;
		case Kind::kFunction:
		case Kind::kProcedure:
			return 60;
		case Kind::kAggregate:
			return 61;
		case Kind::kConstraint:
			if (o.contype == "p" || o.contype == "u") {
				return 70;
			}
			return o.contype == "c" ? 71 : 72;
		case Kind::kIndex:
			return 80;
		case Kind::kView:
			return 90;
		case Kind::kMatview:
			return 100;
		case Kind::kTrigger:
			return 110;
		case Kind::kPolicy:
			return 120;
	}
	return 200;
}

bool
Rebuildable(Kind k) {
	return k == Kind::kView || k == Kind::kMatview || k == Kind::kTrigger || k == Kind::kPolicy ||
	       k == Kind::kFunction || k == Kind::kProcedure || k == Kind::kAggregate || k == Kind::kConstraint ||
	       k == Kind::kIndex;
}

bool
IsSubObject(Kind k) {
	return k == Kind::kConstraint || k == Kind::kIndex || k == Kind::kTrigger || k == Kind::kPolicy;
}

struct Action {
	ActType type;
	int rank;
	std::string id;
	std::vector<Stmt> stmts;
	std::vector<int> out;
	int indeg = 0;
};

/* NodeActs: the actions of one node; an action may be another node's (a column created by CREATE TABLE). */
struct NodeActs {
	int drop = -1;
	int create = -1;
	int alter = -1;
	int final_drop = -1; // enum recreate: DROP TYPE of the renamed old type
	int own = -1;
	int disown = -1;
	int predrop = -1; // a kept column: DROP DEFAULT / DROP IDENTITY before what it used goes
};

std::string
Opt(const OptText &t) {
	return t ? *t : "(none)";
}

/* ForEachDep: every dependency a -> b of a snapshot, explicit and implicit. */
void
ForEachDep(const SnapshotData &s, const std::function<void(const std::string &, const std::string &)> &f) {
	for (const auto &entry : s.objects) {
		const Object &o = entry.second;
		for (const std::string &d : o.deps) {
			f(o.id, d);
		}
		if (!o.schema.empty()) {
			f(o.id, "schema:" + o.schema);
		}
		if (!o.table.empty()) {
			f(o.id, o.table);
		}
		if (o.partition_of) {
			f(o.id, *o.partition_of);
		}
		for (const std::string &p : o.inherits) {
			f(o.id, p);
		}
		for (const Column &c : o.columns) {
			f(c.id, o.id);
			for (const std::string &d : c.deps) {
				f(c.id, d);
			}
		}
	}
}

std::vector<std::string>
OptionNames(const std::vector<std::string> &opts) {
	std::vector<std::string> names;
	for (const std::string &o : opts) {
		names.push_back(o.substr(0, o.find('=')));
	}
	return names;
}

/* TableMove: a table that only changes schema (ALTER TABLE ... SET SCHEMA). */
struct TableMove {
	std::string old_id, new_id;
	std::string old_qname, new_qname;
	std::string old_schema, new_schema;
};

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

void
ReplaceAll(std::string &text, const std::string &what, const std::string &with) {
	if (what.empty()) {
		return;
	}
	for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
		text.replace(at, what.size(), with);
	}
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

class Differ {
public:
	Differ(const SnapshotData &from, const SnapshotData &to, std::vector<TableMove> moves = {})
	    : from_(from), to_(to), moves_(std::move(moves)) {}

	DiffResult
	Run() {
		for (const TableMove &m : moves_) {
			Note("moved table " + m.old_qname + " to schema " + m.new_schema);
		}
		Classify();
		PartitionIndexRebuilds();
		Closure();
		BuildActions();
		InheritanceActions();
		BuildEdges();
		IdentityNameEdges();
		PersistenceEdges();
		MoveEdges();
		Emit();
		DeferSqlFunctionBodies();
		return std::move(result_);
	}

private:
	const SnapshotData &from_;
	const SnapshotData &to_;
	std::vector<TableMove> moves_;
	DiffResult result_;
	std::vector<Action> acts_;
	std::unordered_map<std::string, NodeActs> nodes_;
	std::unordered_set<std::string> rebuild_;     // objects (and columns) dropped and created again
	std::unordered_set<std::string> dropped_;     // nodes of from that go away (removed or rebuilt)
	std::unordered_set<std::string> type_change_; // columns whose type changes in place
	std::unordered_set<std::string> enum_recreate_;
	std::unordered_map<std::string, std::string> cannot_alter_; // object id -> warning of a forced rebuild
	std::unordered_map<std::string, std::string> col_alias_;    // partition column -> parent column
	std::unordered_set<std::string> default_reset_;             // kept columns whose default is dropped and set again

	void
	Note(std::string text, bool destructive = false) {
		result_.changes.push_back(Change{std::move(text), destructive});
	}

	int
	NewAction(ActType type, int rank, const std::string &id, std::vector<Stmt> stmts) {
		acts_.push_back(Action{type, rank, id, std::move(stmts), {}, 0});
		return static_cast<int>(acts_.size()) - 1;
	}

	/* ---- classification ---------------------------------------------------------------- */

	/* EnumAddsOnly: from's labels appear in to's, in the same order (values can be added in place). */
	static bool
	EnumAddsOnly(const Object &f, const Object &t) {
		size_t i = 0;
		for (const std::string &l : t.labels) {
			if (i < f.labels.size() && f.labels[i] == l) {
				++i;
			}
		}
		return i == f.labels.size();
	}

	bool
	NeedsRebuild(const Object &f, const Object &t) {
		if (f.kind != t.kind) {
			return true;
		}
		switch (t.kind) {
			case Kind::kConstraint:
				return f.def != t.def || f.contype != t.contype || f.table != t.table;
			case Kind::kIndex:
				return f.def != t.def || f.table != t.table || (!f.valid && t.valid); // an invalid index is rebuilt
			case Kind::kView:
			case Kind::kMatview:
				return f.def != t.def || f.options != t.options;
			case Kind::kFunction:
			case Kind::kProcedure:
				return f.arguments != t.arguments || f.result != t.result;
			case Kind::kAggregate:
			case Kind::kCollation:
				return f.def != t.def; // no CREATE OR REPLACE: dropped and created again
			case Kind::kTrigger:
				return f.def != t.def || f.table != t.table;
			case Kind::kPolicy:
				return f.permissive != t.permissive || f.command != t.command || f.roles != t.roles ||
				       f.using_expr != t.using_expr || f.with_check != t.with_check || f.table != t.table;
			case Kind::kTable:
				if (f.partition_key != t.partition_key) {
					cannot_alter_[t.id] = "the partition key of table " + t.qname +
					                      " cannot be changed in place; the table is dropped and created again "
					                      "and its data is lost";
					return true;
				}
				return false;
			default:
				return false;
		}
	}

	void
	DropTableColumns(const Object &table) {
		for (const Column &c : table.columns) {
			dropped_.insert(c.id);
		}
	}

	/* Classify: removed, rebuilt and type-changing nodes, and the change lines. */
	void
	Classify() {
		auto fi = from_.objects.begin();
		auto ti = to_.objects.begin();
		while (fi != from_.objects.end() || ti != to_.objects.end()) {
			if (ti == to_.objects.end() || (fi != from_.objects.end() && fi->first < ti->first)) {
				const Object &f = fi->second;
				dropped_.insert(f.id);
				DropTableColumns(f);
				Note("removed " + std::string(KindWord(f.kind)) + " " + Display(f), f.kind == Kind::kTable);
				++fi;
			} else if (fi == from_.objects.end() || ti->first < fi->first) {
				const Object &t = ti->second;
				Note("added " + std::string(KindWord(t.kind)) + " " + Display(t));
				++ti;
			} else {
				const Object &f = fi->second;
				const Object &t = ti->second;
				if (NeedsRebuild(f, t)) {
					rebuild_.insert(t.id);
					dropped_.insert(t.id);
					DropTableColumns(f);
				}
				if (t.kind == Kind::kEnum && f.labels != t.labels && (!EnumAddsOnly(f, t) || NewValueUsed(f, t))) {
					enum_recreate_.insert(t.id);
					dropped_.insert(t.id);
				}
				if (t.kind == Kind::kDomain && (f.base_type != t.base_type || f.collation != t.collation)) {
					enum_recreate_.insert(t.id); // recreated like an enum: its columns are converted
					dropped_.insert(t.id);
				}
				DescribeObject(f, t);
				if (t.kind == Kind::kTable) {
					CompareColumns(f, t);
				}
				++fi;
				++ti;
			}
		}
		// PostgreSQL cannot check a new domain constraint while a composite type holds the
		// domain (ALTER DOMAIN ... ADD CONSTRAINT fails): such a domain is recreated instead.
		for (const auto &entry : from_.objects) {
			const Object &f = entry.second;
			const Object *t = to_.Find(f.id);
			if (f.kind != Kind::kDomain || t == nullptr || t->kind != Kind::kDomain ||
			    enum_recreate_.count(f.id) != 0 || (f.constraints == t->constraints && (f.not_null || !t->not_null))) {
				continue;
			}
			for (const auto &other : from_.objects) {
				const Object &c = other.second;
				if (c.kind == Kind::kComposite && std::find(c.deps.begin(), c.deps.end(), f.id) != c.deps.end()) {
					enum_recreate_.insert(f.id);
					dropped_.insert(f.id);
					break;
				}
			}
		}
		// A domain or composite type over a recreated type is recreated too (it would keep the
		// renamed old type); so are the columns of either, through text.
		for (bool grew = true; grew && !enum_recreate_.empty();) {
			grew = false;
			for (const auto &entry : from_.objects) {
				const Object &f = entry.second;
				bool kind_ok = f.kind == Kind::kDomain || f.kind == Kind::kComposite;
				if (!kind_ok || enum_recreate_.count(f.id) != 0 || to_.Find(f.id) == nullptr ||
				    to_.Find(f.id)->kind != f.kind) {
					continue;
				}
				for (const std::string &d : f.deps) {
					if (enum_recreate_.count(d) != 0) {
						enum_recreate_.insert(f.id);
						dropped_.insert(f.id);
						grew = true;
						break;
					}
				}
			}
		}
		// Columns of a recreated enum's (or domain's) type are converted through text.
		if (!enum_recreate_.empty()) {
			for (const auto &entry : to_.columns) {
				const Column &c = entry.second.Get();
				if (from_.FindColumn(c.id) == nullptr || dropped_.count(c.id) != 0) {
					continue;
				}
				for (const std::string &d : c.deps) {
					if (enum_recreate_.count(d) != 0) {
						type_change_.insert(c.id);
					}
				}
			}
		}
	}

	void
	DescribeObject(const Object &f, const Object &t) {
		std::string what = std::string(KindWord(t.kind)) + " " + Display(t);
		switch (t.kind) {
			case Kind::kExtension:
				if (f.schema != t.schema) {
					Note("changed schema of " + what + " from " + f.schema + " to " + t.schema);
				}
				if (f.version != t.version) {
					Note("changed version of " + what + " from " + f.version + " to " + t.version);
				}
				break;
			case Kind::kEnum: {
				std::set<std::string> fl(f.labels.begin(), f.labels.end());
				std::set<std::string> tl(t.labels.begin(), t.labels.end());
				for (const std::string &l : t.labels) {
					if (fl.count(l) == 0) {
						Note("added value " + Literal(l) + " to " + what);
					}
				}
				bool removed = false;
				for (const std::string &l : f.labels) {
					if (tl.count(l) == 0) {
						Note("removed value " + Literal(l) + " from " + what, true);
						removed = true;
					}
				}
				if (!removed && f.labels != t.labels && !EnumAddsOnly(f, t)) {
					Note("changed order of values of " + what);
				}
				break;
			}
			case Kind::kDomain: {
				if (f.base_type != t.base_type) {
					Note("changed base type of " + what + " from " + f.base_type + " to " + t.base_type, true);
				}
				if (f.collation != t.collation) {
					Note("changed collation of " + what + " from " + Opt(f.collation) + " to " + Opt(t.collation));
				}
				if (f.default_expr != t.default_expr) {
					Note("changed default of " + what + " from " + Opt(f.default_expr) + " to " + Opt(t.default_expr));
				}
				if (f.not_null != t.not_null) {
					Note(std::string(t.not_null ? "set" : "dropped") + " NOT NULL of " + what);
				}
				if (f.constraints != t.constraints) {
					Note("changed constraints of " + what);
				}
				break;
			}
			case Kind::kComposite: {
				std::map<std::string, const Attribute *> fa;
				std::map<std::string, const Attribute *> ta;
				for (const Attribute &a : f.attributes) {
					fa[a.name] = &a;
				}
				for (const Attribute &a : t.attributes) {
					ta[a.name] = &a;
				}
				for (const auto &a : fa) {
					if (ta.count(a.first) == 0) {
						Note("removed attribute " + a.first + " of " + what, true);
					}
				}
				for (const auto &a : ta) {
					auto it = fa.find(a.first);
					if (it == fa.end()) {
						Note("added attribute " + a.first + " to " + what);
					} else if (it->second->type != a.second->type || it->second->collation != a.second->collation) {
						Note("changed type of attribute " + a.first + " of " + what + " from " + it->second->type +
						     " to " + a.second->type);
					}
				}
				break;
			}
			case Kind::kSequence:
				if (f.sequence != t.sequence) {
					Note("changed options of " + what);
				}
				if (f.owned_by != t.owned_by) {
					Note("changed owner of " + what + " from " + Opt(f.owned_by) + " to " + Opt(t.owned_by));
				}
				break;
			case Kind::kTable:
				if (f.persistence != t.persistence) {
					Note("changed " + what + " to " + (t.persistence == "u" ? "unlogged" : "logged"));
				}
				if (f.partition_key != t.partition_key) {
					Note("changed partition key of " + what + " from " + Opt(f.partition_key) + " to " +
					         Opt(t.partition_key),
					     true);
				}
				if (f.partition_of != t.partition_of || f.partition_bound != t.partition_bound) {
					Note("changed partition of " + what + " from " + Opt(f.partition_of) + " " +
					     Opt(f.partition_bound) + " to " + Opt(t.partition_of) + " " + Opt(t.partition_bound));
				}
				for (const std::string &p : f.inherits) {
					if (std::find(t.inherits.begin(), t.inherits.end(), p) == t.inherits.end()) {
						Note(what + " no longer inherits from " + TableQname(p));
					}
				}
				for (const std::string &p : t.inherits) {
					if (std::find(f.inherits.begin(), f.inherits.end(), p) == f.inherits.end()) {
						Note(what + " inherits from " + TableQname(p));
					}
				}
				if (f.options != t.options) {
					Note("changed options of " + what);
				}
				if (f.rls_enabled != t.rls_enabled) {
					Note(std::string(t.rls_enabled ? "enabled" : "disabled") + " row level security on " + what);
				}
				if (f.rls_forced != t.rls_forced) {
					Note(std::string(t.rls_forced ? "forced" : "unforced") + " row level security on " + what);
				}
				break;
			case Kind::kConstraint:
			case Kind::kIndex:
			case Kind::kTrigger:
			case Kind::kPolicy:
			case Kind::kView:
			case Kind::kMatview:
				if (NeedsRebuildQuiet(f, t)) {
					bool invalid_only = t.kind == Kind::kIndex && f.def == t.def && f.table == t.table;
					Note(invalid_only ? what + " is invalid; it is built again" : "changed definition of " + what);
				}
				if (t.kind == Kind::kTrigger && f.enabled != t.enabled) {
					Note("changed enabled state of " + what + " from " + f.enabled + " to " + t.enabled);
				}
				if (f.column_comments != t.column_comments) {
					Note("changed column comments of " + what);
				}
				break;
			case Kind::kAggregate:
			case Kind::kCollation:
				if (f.def != t.def) {
					Note("changed definition of " + what);
				}
				break;
			case Kind::kFunction:
			case Kind::kProcedure:
				if (f.kind != t.kind || f.arguments != t.arguments || f.result != t.result) {
					Note("changed signature of " + what);
				} else if (f.def != t.def) {
					Note("changed definition of " + what);
				}
				break;
			case Kind::kSchema:
				break;
		}
		if (f.comment != t.comment) {
			Note("changed comment on " + what);
		}
	}

	/*
	 * NewValueUsed: a value added to enum t is used by the models (a default, an index
	 * predicate, a constraint, a view...).  PostgreSQL refuses to use a value added by ALTER
	 * TYPE ... ADD VALUE before that transaction commits, and a revision is one transaction,
	 * so such an enum is recreated instead.
	 */
	bool
	NewValueUsed(const Object &f, const Object &t) const {
		std::vector<std::string> needles;
		for (const std::string &l : t.labels) {
			if (std::find(f.labels.begin(), f.labels.end(), l) == f.labels.end()) {
				needles.push_back(Literal(l) + "::" + t.qname);
			}
		}
		auto contains = [&needles](const std::string &text) {
			for (const std::string &n : needles) {
				if (text.find(n) != std::string::npos) {
					return true;
				}
			}
			return false;
		};
		auto uses = [&contains](const OptText &text) { return text && contains(*text); };
		for (const auto &entry : to_.objects) {
			const Object &o = entry.second;
			if (contains(o.def) || uses(o.default_expr) || uses(o.using_expr) || uses(o.with_check)) {
				return true;
			}
			for (const NamedDef &c : o.constraints) {
				if (contains(c.def)) {
					return true;
				}
			}
			for (const Column &c : o.columns) {
				if (uses(c.default_expr) || uses(c.generation_expr)) {
					return true;
				}
			}
		}
		return false;
	}

	bool
	NeedsRebuildQuiet(const Object &f, const Object &t) {
		std::unordered_map<std::string, std::string> saved;
		saved.swap(cannot_alter_);
		bool r = NeedsRebuild(f, t);
		saved.swap(cannot_alter_);
		return r;
	}

	/* Parents: a table's partition parent, or its INHERITS parents. */
	static std::vector<std::string>
	Parents(const Object &o) {
		if (o.partition_of) {
			return {*o.partition_of};
		}
		return o.inherits;
	}

	/* KeptParents: the parents (partition or INHERITS) table f/t has on both sides. */
	static std::vector<std::string>
	KeptParents(const Object &f, const Object &t) {
		std::vector<std::string> out;
		std::vector<std::string> fp = Parents(f);
		for (const std::string &p : Parents(t)) {
			if (std::find(fp.begin(), fp.end(), p) != fp.end()) {
				out.push_back(p);
			}
		}
		return out;
	}

	/*
	 * ParentColumns: a column's counterparts in the first parent kept on both sides that has
	 * it on either side (a partition's or an INHERITS child's column comes from there).
	 */
	std::pair<const Column *, const Column *>
	ParentColumns(const Object &f, const Object &t, const std::string &name) const {
		for (const std::string &p : KeptParents(f, t)) {
			const Object *pf = from_.Find(p);
			const Object *pt = to_.Find(p);
			const Column *a = pf ? pf->FindColumn(name) : nullptr;
			const Column *b = pt ? pt->FindColumn(name) : nullptr;
			if (a != nullptr || b != nullptr) {
				return {a, b};
			}
		}
		return {nullptr, nullptr};
	}

	/*
	 * ColumnBefore: column a of table f as it stands when t's own ALTERs run.  PostgreSQL
	 * recurses a parent's ALTER COLUMN TYPE, SET/DROP DEFAULT and SET/DROP NOT NULL to its
	 * children and partitions, so what a kept parent changes arrives here first.
	 * *inherited_type: a kept parent has the column on both sides (its type is changed on the
	 * topmost parent only: PostgreSQL refuses to alter an inherited column).
	 */
	Column
	ColumnBefore(const Object &f, const Object &t, const Column &a, bool *inherited_type) const {
		Column before = a;
		if (default_reset_.count(a.id) != 0) {
			before.default_expr.reset();
		}
		*inherited_type = false;
		for (const std::string &p : KeptParents(f, t)) {
			const Object *fp = from_.Find(p);
			const Object *tp = to_.Find(p);
			const Column *pa = fp ? fp->FindColumn(a.name) : nullptr;
			const Column *pb = tp ? tp->FindColumn(a.name) : nullptr;
			if (pa == nullptr || pb == nullptr || rebuild_.count(pb->id) != 0) {
				continue;
			}
			*inherited_type = true;
			bool parent_inherited_type = false;
			Column pbefore = ColumnBefore(*fp, *tp, *pa, &parent_inherited_type);
			bool parent_type_change = type_change_.count(pb->id) != 0 && !parent_inherited_type;
			bool default_emitted = parent_type_change ? (pbefore.default_expr || pb->default_expr)
			                                          : pbefore.default_expr != pb->default_expr;
			if (default_emitted) {
				before.default_expr = pb->default_expr;
			}
			if (pbefore.not_null != pb->not_null) {
				before.not_null = pb->not_null;
			}
		}
		return before;
	}

	void
	CompareColumns(const Object &f, const Object &t) {
		std::map<std::string, const Column *> fc;
		std::map<std::string, const Column *> tc;
		for (const Column &c : f.columns) {
			fc[c.name] = &c;
		}
		for (const Column &c : t.columns) {
			tc[c.name] = &c;
		}
		std::set<std::string> names;
		for (const auto &e : fc) {
			names.insert(e.first);
		}
		for (const auto &e : tc) {
			names.insert(e.first);
		}
		for (const std::string &name : names) {
			const Column *a = fc.count(name) ? fc[name] : nullptr;
			const Column *b = tc.count(name) ? tc[name] : nullptr;
			std::string what = "column " + t.qname + "." + name;
			auto parents = ParentColumns(f, t, name);
			if (b == nullptr) {
				Note("removed " + what, true);
				dropped_.insert(a->id);
				if (parents.first != nullptr && parents.second == nullptr && (a->inherited || f.partition_of)) {
					col_alias_[a->id] = parents.first->id; // dropped with the parent's column
				} // a merged (also local) column outlives the parent's: dropped after it
				continue;
			}
			if (a == nullptr) {
				Note("added " + what);
				if (parents.first == nullptr && parents.second != nullptr) {
					col_alias_[b->id] = parents.second->id; // added with the parent's column
				}
				continue;
			}
			if (a->generated != b->generated || a->generation_expr != b->generation_expr) {
				Note("changed generation expression of " + what + " from " + Opt(a->generation_expr) + " to " +
				         Opt(b->generation_expr),
				     a->generated.empty());
				if (!b->generated.empty()) {
					rebuild_.insert(b->id); // a new expression: dropped and added (values recomputed)
					dropped_.insert(b->id);
				} // a generated column that becomes plain keeps its values: DROP EXPRESSION
			}
			if (SameTypeAfterExtensionMove(*a, *b)) {
				continue; // the type moved with its extension; nothing else can differ
			}
			if (a->type != b->type) {
				Note("changed type of " + what + " from " + a->type + " to " + b->type,
				     !IsWideningTypeChange(a->type, b->type));
			}
			if (a->collation != b->collation) {
				Note("changed collation of " + what + " from " + Opt(a->collation) + " to " + Opt(b->collation));
			}
			if ((a->type != b->type || a->collation != b->collation) && rebuild_.count(b->id) == 0) {
				type_change_.insert(b->id);
			}
			if (a->default_expr != b->default_expr) {
				Note("changed default of " + what + " from " + Opt(a->default_expr) + " to " + Opt(b->default_expr));
			}
			if (a->not_null != b->not_null) {
				Note("changed " + what + (b->not_null ? " to NOT NULL" : " to allow NULL"));
			}
			if (a->identity != b->identity) {
				Note("changed identity of " + what + " from " + (a->identity.empty() ? "none" : a->identity) + " to " +
				     (b->identity.empty() ? "none" : b->identity));
			} else if (a->identity_sequence != b->identity_sequence) {
				Note("changed identity options of " + what);
			}
			if (a->comment != b->comment) {
				Note("changed comment on " + what);
			}
		}
	}

	/*
	 * SameTypeAfterExtensionMove: a column of an extension's type (citext) whose extension
	 * moves to another schema: ALTER EXTENSION ... SET SCHEMA moves the type with it, so the
	 * type's new name is not a change of the column.  Only when the column is otherwise equal.
	 */
	bool
	SameTypeAfterExtensionMove(const Column &a, const Column &b) const {
		if (a.type == b.type) {
			return false;
		}
		for (const std::string &d : b.deps) {
			const Object *fe = from_.Find(d);
			const Object *te = to_.Find(d);
			if (fe == nullptr || te == nullptr || te->kind != Kind::kExtension || fe->schema == te->schema) {
				continue;
			}
			std::string moved = a.type;
			const std::string old_prefix = fe->schema + ".";
			if (moved.compare(0, old_prefix.size(), old_prefix) == 0) {
				moved = te->schema + "." + moved.substr(old_prefix.size());
			}
			if (moved == b.type) {
				Column renamed = a;
				renamed.type = b.type;
				renamed.deps = b.deps;
				return renamed.collation == b.collation && renamed.not_null == b.not_null &&
				       renamed.default_expr == b.default_expr && renamed.identity == b.identity &&
				       renamed.generated == b.generated && renamed.generation_expr == b.generation_expr &&
				       renamed.comment == b.comment;
			}
		}
		return false;
	}

	/* ---- rebuild closure --------------------------------------------------------------- */

	void
	MarkRebuilt(const std::string &id, std::vector<std::string> *work) {
		rebuild_.insert(id);
		dropped_.insert(id);
		work->push_back(id);
		const Object *f = from_.Find(id);
		if (f != nullptr && f->kind == Kind::kTable) {
			for (const Column &c : f->columns) {
				if (to_.FindColumn(c.id) != nullptr) {
					rebuild_.insert(c.id);
				}
				dropped_.insert(c.id);
				work->push_back(c.id);
			}
		}
	}

	/*
	 * Closure: whatever depends (in from) on a dropped node or on a column whose type
	 * changes, and still exists in to, is rebuilt too: views, functions, triggers, policies,
	 * constraints and indexes; partitions of a rebuilt table.  Indexes and constraints are
	 * not rebuilt for a type change alone (ALTER COLUMN TYPE rebuilds them).
	 */
	void
	Closure() {
		std::unordered_map<std::string, std::vector<std::string>> dependents;
		ForEachDep(from_, [&](const std::string &a, const std::string &b) { dependents[b].push_back(a); });
		std::vector<std::string> work(dropped_.begin(), dropped_.end());
		work.insert(work.end(), type_change_.begin(), type_change_.end());
		// rebuilt tables: their columns are dropped; rebuilt columns likewise count as dropped
		for (const std::string &id : rebuild_) {
			const Object *f = from_.Find(id);
			if (f != nullptr && f->kind == Kind::kTable) {
				for (const Column &c : f->columns) {
					if (to_.FindColumn(c.id) != nullptr) {
						rebuild_.insert(c.id);
					}
				}
			}
		}
		while (!work.empty()) {
			std::string x = std::move(work.back());
			work.pop_back();
			auto it = dependents.find(x);
			if (it == dependents.end()) {
				continue;
			}
			bool dropped = dropped_.count(x) != 0;
			const Object *xf = from_.Find(x);
			for (const std::string &a : it->second) {
				if (rebuild_.count(a) != 0 || dropped_.count(a) != 0) {
					continue;
				}
				if (const ColumnRef *ac = from_.FindColumn(a)) {
					// A kept column: a generated column is dropped and added again (its values are
					// recomputed); a default that uses what is dropped is dropped first and set again.
					if (to_.FindColumn(a) == nullptr || ac->table->id == x) {
						continue;
					}
					const Column &col = ac->Get();
					if (!col.generated.empty()) {
						rebuild_.insert(a);
						dropped_.insert(a);
						work.push_back(a);
					} else if (dropped && col.default_expr) {
						default_reset_.insert(a);
					}
					continue;
				}
				const Object *af = from_.Find(a);
				const Object *at = to_.Find(a);
				if (af == nullptr || at == nullptr) {
					continue;
				}
				if (af->kind == Kind::kTable) {
					if (dropped && xf != nullptr && xf->kind == Kind::kTable && af->partition_of == x) {
						MarkRebuilt(a, &work);
					}
					continue;
				}
				if (!Rebuildable(af->kind)) {
					continue;
				}
				// ALTER COLUMN TYPE rebuilds indexes and constraints on the column itself, but a
				// foreign key whose two ends change type would be checked between the new type and
				// the old one (text and uuid cannot be compared): it is dropped and added around.
				bool fk = af->kind == Kind::kConstraint && af->contype == "f";
				if (!dropped && (af->kind == Kind::kIndex || (af->kind == Kind::kConstraint && !fk))) {
					continue;
				}
				MarkRebuilt(a, &work);
			}
		}
	}

	/* ---- actions ----------------------------------------------------------------------- */

	std::vector<Stmt>
	Single(std::string sql) {
		return {Stmt{{}, {}, std::move(sql)}};
	}

	/* DroppedWith: the table (or column) whose DROP also drops o, or "" when o needs its own DROP. */
	std::string
	DroppedWith(const Object &o) {
		if (IsSubObject(o.kind) && dropped_.count(o.table) != 0 && from_.Find(o.table) != nullptr) {
			if (o.kind == Kind::kConstraint && o.contype == "f" && ReferencesOtherDroppedTable(o)) {
				return ""; // dropped first, so that tables referencing each other can go
			}
			return o.table;
		}
		if (o.kind == Kind::kSequence && o.owned_by && dropped_.count(*o.owned_by) != 0 && to_.Find(o.id) == nullptr) {
			return *o.owned_by;
		}
		return "";
	}

	/* ReferencesOtherDroppedTable: a foreign key of a dropped table pointing into another dropped table. */
	bool
	ReferencesOtherDroppedTable(const Object &fk) const {
		for (const std::string &d : fk.deps) {
			std::string owner;
			if (const ColumnRef *c = from_.FindColumn(d)) {
				owner = c->table->id;
			} else if (const Object *o = from_.Find(d)) {
				owner = o->kind == Kind::kTable ? o->id : o->table;
			}
			if (!owner.empty() && owner != fk.table && dropped_.count(owner) != 0) {
				return true;
			}
		}
		return false;
	}

	void
	AddDrop(const Object &f, bool rebuilt) {
		NodeActs &n = nodes_[f.id];
		std::string with = DroppedWith(f);
		if (!with.empty()) {
			n.drop = nodes_[with].drop;
			if (n.drop >= 0) {
				return;
			}
		}
		Stmt s{{}, {}, DropStatement(f)};
		auto cannot = cannot_alter_.find(f.id);
		if (cannot != cannot_alter_.end()) {
			s.Warn(cannot->second);
		} else if (f.kind == Kind::kTable && !rebuilt) {
			s.Warn("dropping table " + f.qname + " loses its data");
		}
		n.drop = NewAction(ActType::kDrop, KindRank(f), f.id, {s});
		if (f.kind == Kind::kTable) {
			for (const Column &c : f.columns) {
				nodes_[c.id].drop = n.drop;
			}
		}
	}

	void
	AddCreate(const Object &t) {
		NodeActs &n = nodes_[t.id];
		n.create = NewAction(ActType::kCreate, KindRank(t), t.id, CreateStatements(t, to_));
		if (t.kind == Kind::kTable) {
			for (const Column &c : t.columns) {
				nodes_[c.id].create = n.create;
			}
		}
	}

	/*
	 * BuildActions: column actions of kept tables first, then DROPs in two passes (so that a
	 * sub-object's or owned sequence's DROP can fold into its table's or column's), then
	 * CREATEs and ALTERs.
	 */
	void
	BuildActions() {
		for (const auto &entry : to_.objects) {
			const Object &t = entry.second;
			const Object *f = from_.Find(t.id);
			if (t.kind == Kind::kTable && f != nullptr && rebuild_.count(t.id) == 0) {
				AddColumnActions(*f, t);
			}
		}
		for (int pass = 0; pass < 2; ++pass) {
			for (const auto &entry : from_.objects) {
				const Object &f = entry.second;
				bool late = IsSubObject(f.kind) || f.kind == Kind::kSequence;
				if (late != (pass == 1)) {
					continue;
				}
				const Object *t = to_.Find(f.id);
				if (t == nullptr) {
					AddDrop(f, false);
				} else if (rebuild_.count(f.id) != 0) {
					AddDrop(f, true);
				}
			}
		}
		for (const auto &entry : to_.objects) {
			const Object &t = entry.second;
			const Object *f = from_.Find(t.id);
			if (f == nullptr || rebuild_.count(t.id) != 0) {
				AddCreate(t);
			} else if (enum_recreate_.count(t.id) != 0) {
				AddEnumRecreate(*f, t);
			} else {
				AddAlter(*f, t);
			}
			if (t.kind == Kind::kSequence) {
				AddOwnership(f, t);
			}
		}
	}

	int enum_counter_ = 0;

	void
	AddEnumRecreate(const Object &f, const Object &t) {
		std::string old_name = "pgmig_old_" + std::to_string(++enum_counter_);
		NodeActs &n = nodes_[t.id];
		const char *word = t.kind == Kind::kDomain ? "DOMAIN " : "TYPE ";
		Stmt rename{{}, {}, std::string("ALTER ") + word + f.qname + " RENAME TO " + old_name + ";"};
		if (t.kind == Kind::kDomain && f.base_type != t.base_type && !IsWideningTypeChange(f.base_type, t.base_type)) {
			rename.Warn("domain " + t.qname + " is recreated over " + t.base_type + " instead of " + f.base_type +
			            "; converting values that do not fit fails");
		}
		std::vector<std::string> removed;
		for (const std::string &l : f.labels) {
			if (std::find(t.labels.begin(), t.labels.end(), l) == t.labels.end()) {
				removed.push_back(Literal(l));
			}
		}
		if (!removed.empty()) {
			std::string list;
			for (const std::string &r : removed) {
				list += (list.empty() ? "" : ", ") + r;
			}
			rename.Warn("enum " + t.qname + " is recreated without the values " + list +
			            "; converting rows that hold them fails");
		}
		n.drop = NewAction(ActType::kDrop, KindRank(t), t.id, {rename});
		AddCreate(t);
		n.final_drop = NewAction(ActType::kFinal, KindRank(t), t.id,
		                         Single(std::string("DROP ") + word + f.schema + "." + old_name + ";"));
	}

	void
	AddAlter(const Object &f, const Object &t) {
		std::vector<Stmt> s;
		auto add = [&s](std::string sql) { s.push_back(Stmt{{}, {}, std::move(sql)}); };
		switch (t.kind) {
			case Kind::kExtension:
				if (f.schema != t.schema) {
					add("ALTER EXTENSION " + t.name + " SET SCHEMA " + t.schema + ";");
				}
				if (f.version != t.version) {
					add("ALTER EXTENSION " + t.name + " UPDATE TO " + Literal(t.version) + ";");
				}
				break;
			case Kind::kEnum:
				for (size_t i = 0; i < t.labels.size(); ++i) {
					const std::string &l = t.labels[i];
					if (std::find(f.labels.begin(), f.labels.end(), l) != f.labels.end()) {
						continue;
					}
					std::string sql = "ALTER TYPE " + t.qname + " ADD VALUE " + Literal(l);
					if (i > 0) {
						sql += " AFTER " + Literal(t.labels[i - 1]);
					} else if (!f.labels.empty()) {
						sql += " BEFORE " + Literal(f.labels[0]);
					}
					add(sql + ";");
				}
				break;
			case Kind::kDomain: {
				std::string alter = "ALTER DOMAIN " + t.qname;
				if (f.default_expr != t.default_expr) {
					add(alter + (t.default_expr ? " SET DEFAULT " + *t.default_expr : " DROP DEFAULT") + ";");
				}
				if (f.not_null != t.not_null) {
					add(alter + (t.not_null ? " SET NOT NULL;" : " DROP NOT NULL;"));
				}
				for (const NamedDef &c : f.constraints) {
					auto it = std::find_if(t.constraints.begin(), t.constraints.end(),
					                       [&c](const NamedDef &d) { return d.name == c.name; });
					if (it == t.constraints.end() || it->def != c.def) {
						add(alter + " DROP CONSTRAINT " + c.name + ";");
					}
				}
				for (const NamedDef &c : t.constraints) {
					auto it = std::find_if(f.constraints.begin(), f.constraints.end(),
					                       [&c](const NamedDef &d) { return d.name == c.name; });
					if (it == f.constraints.end() || it->def != c.def) {
						add(alter + " ADD CONSTRAINT " + c.name + " " + c.def + ";");
					}
				}
				break;
			}
			case Kind::kComposite: {
				for (const Attribute &a : f.attributes) {
					bool kept = std::any_of(t.attributes.begin(), t.attributes.end(),
					                        [&a](const Attribute &b) { return b.name == a.name; });
					if (!kept) {
						add("ALTER TYPE " + t.qname + " DROP ATTRIBUTE " + a.name + ";");
					}
				}
				for (const Attribute &a : t.attributes) {
					auto it = std::find_if(f.attributes.begin(), f.attributes.end(),
					                       [&a](const Attribute &b) { return b.name == a.name; });
					std::string spec = a.type + (a.collation ? " COLLATE " + *a.collation : "");
					if (it == f.attributes.end()) {
						add("ALTER TYPE " + t.qname + " ADD ATTRIBUTE " + a.name + " " + spec + ";");
					} else if (it->type != a.type || it->collation != a.collation) {
						add("ALTER TYPE " + t.qname + " ALTER ATTRIBUTE " + a.name + " TYPE " + spec + ";");
					}
				}
				break;
			}
			case Kind::kSequence: {
				const SequenceOptions &a = f.sequence;
				const SequenceOptions &b = t.sequence;
				if (b.min > a.min) {
					add(RaiseToMinimum(t.qname, b.min));
				}
				std::string clauses = SequenceChanges(a, b, "", true);
				if (!clauses.empty()) {
					add("ALTER SEQUENCE " + t.qname + clauses + ";");
				}
				break;
			}
			case Kind::kTable: {
				std::string alter = "ALTER TABLE " + t.qname;
				if (f.partition_of != t.partition_of || f.partition_bound != t.partition_bound) {
					if (f.partition_of) {
						add("ALTER TABLE " + TableQname(*f.partition_of) + " DETACH PARTITION " + t.qname + ";");
					}
					if (t.partition_of) {
						add("ALTER TABLE " + TableQname(*t.partition_of) + " ATTACH PARTITION " + t.qname + " " +
						    Opt(t.partition_bound) + ";");
					}
				}
				if (f.persistence != t.persistence) {
					add(alter + (t.persistence == "u" ? " SET UNLOGGED;" : " SET LOGGED;"));
				}
				if (f.options != t.options) {
					std::vector<std::string> reset;
					std::vector<std::string> tnames = OptionNames(t.options);
					for (const std::string &name : OptionNames(f.options)) {
						if (std::find(tnames.begin(), tnames.end(), name) == tnames.end()) {
							reset.push_back(name);
						}
					}
					std::vector<std::string> set;
					for (const std::string &o : t.options) {
						if (std::find(f.options.begin(), f.options.end(), o) == f.options.end()) {
							set.push_back(o);
						}
					}
					if (!reset.empty()) {
						add(alter + " RESET (" + Join(reset) + ");");
					}
					if (!set.empty()) {
						add(alter + " SET (" + Join(set) + ");");
					}
				}
				if (f.rls_enabled != t.rls_enabled) {
					add(alter + (t.rls_enabled ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;");
				}
				if (f.rls_forced != t.rls_forced) {
					add(alter + (t.rls_forced ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
				}
				break;
			}
			case Kind::kFunction:
			case Kind::kProcedure:
				if (f.def != t.def) {
					add(TrimEnd(t.def) + ";");
				}
				break;
			case Kind::kTrigger:
				if (f.enabled != t.enabled) {
					add(TriggerEnabledStatement(t));
				}
				break;
			default:
				break;
		}
		if (f.comment != t.comment) {
			add(CommentStatement(t, t.comment));
		}
		if (f.column_comments != t.column_comments) {
			for (const auto &c : f.column_comments) {
				if (t.column_comments.count(c.first) == 0) {
					add(ColumnCommentStatement(t.qname, c.first, std::nullopt));
				}
			}
			for (const auto &c : t.column_comments) {
				auto it = f.column_comments.find(c.first);
				if (it == f.column_comments.end() || it->second != c.second) {
					add(ColumnCommentStatement(t.qname, c.first, c.second));
				}
			}
		}
		if (!s.empty()) {
			nodes_[t.id].alter = NewAction(ActType::kAlter, KindRank(t), t.id, std::move(s));
		}
	}

	static std::string
	Join(const std::vector<std::string> &v) {
		std::string out;
		for (const std::string &s : v) {
			out += (out.empty() ? "" : ", ") + s;
		}
		return out;
	}

	/* AddColumnActions: ADD, DROP (with the possible-rename hint) and ALTER COLUMN of a kept table. */
	void
	AddColumnActions(const Object &f, const Object &t) {
		std::map<std::string, const Column *> fc;
		std::map<std::string, const Column *> tc;
		for (const Column &c : f.columns) {
			fc[c.name] = &c;
		}
		for (const Column &c : t.columns) {
			tc[c.name] = &c;
		}
		std::vector<const Column *> added;
		for (const auto &e : tc) {
			if (fc.count(e.first) == 0 && col_alias_.count(e.second->id) == 0) {
				added.push_back(e.second);
			}
		}
		std::set<const Column *> paired;
		std::string alter = "ALTER TABLE " + t.qname;
		for (const auto &e : fc) {
			const Column &a = *e.second;
			auto it = tc.find(e.first);
			if (it == tc.end()) {
				if (col_alias_.count(a.id) != 0) {
					continue;
				}
				Stmt s{{}, {}, alter + " DROP COLUMN " + a.name + ";"};
				for (const Column *b : added) {
					if (paired.count(b) == 0 && b->type == a.type) {
						paired.insert(b);
						s.comments.push_back("WARNING: possible rename: column " + t.qname + "." + a.name +
						                     " is dropped and " + t.qname + "." + b->name +
						                     " is added with the same type " + b->type +
						                     "; to keep the data, replace the ADD COLUMN and DROP COLUMN with:");
						std::string rename = alter + " RENAME COLUMN " + a.name + " TO " + b->name + ";";
						s.comments.push_back("  " + rename);
						s.warnings.push_back(
						    "possible rename: column " + t.qname + "." + a.name + " is dropped and " + t.qname + "." +
						    b->name + " is added with the same type " + b->type +
						    "; to keep the data, replace the ADD COLUMN and DROP COLUMN with: " + rename);
						break;
					}
				}
				s.Warn("dropping column " + t.qname + "." + a.name + " loses its data");
				nodes_[a.id].drop = NewAction(ActType::kDrop, kColumnRank, a.id, {s});
				continue;
			}
			const Column &b = *it->second;
			if (rebuild_.count(b.id) != 0) {
				Stmt s{{}, {}, alter + " DROP COLUMN " + a.name + ";"};
				if (a.generated.empty()) {
					s.Warn("column " + t.qname + "." + a.name +
					       " becomes a generated column; it is dropped and added again and its data is lost");
				}
				nodes_[a.id].drop = NewAction(ActType::kDrop, kColumnRank, a.id, {s});
				nodes_[b.id].create = NewAction(ActType::kCreate, kColumnRank, b.id, AddColumn(t, b));
				continue;
			}
			// What must go before the objects it uses are dropped or recreated: the default of a
			// column in default_reset_, and an identity that ends (its sequence name may be reused).
			Column before = a;
			std::vector<Stmt> pre;
			if (default_reset_.count(b.id) != 0 && a.default_expr) {
				pre.push_back(Stmt{{}, {}, alter + " ALTER COLUMN " + a.name + " DROP DEFAULT;"});
				before.default_expr.reset();
			}
			if (!a.identity.empty() && b.identity.empty()) {
				pre.push_back(Stmt{{}, {}, alter + " ALTER COLUMN " + a.name + " DROP IDENTITY;"});
				before.identity.clear();
				before.identity_sequence.reset();
			}
			if (!pre.empty()) {
				nodes_[b.id].predrop = NewAction(ActType::kDisown, kColumnRank, b.id, std::move(pre));
			}
			std::vector<Stmt> s = AlterColumn(f, t, before, b);
			if (!s.empty()) {
				nodes_[b.id].alter = NewAction(ActType::kAlter, kColumnRank, b.id, std::move(s));
			}
		}
		for (const Column *b : added) {
			nodes_[b->id].create = NewAction(ActType::kCreate, kColumnRank, b->id, AddColumn(t, *b));
		}
	}

	std::vector<Stmt>
	AddColumn(const Object &t, const Column &b) {
		std::vector<Stmt> s = Single("ALTER TABLE " + t.qname + " ADD COLUMN " + ColumnSpec(b) + ";");
		if (b.comment) {
			s.push_back(Stmt{{}, {}, ColumnCommentStatement(t.qname, b.name, b.comment)});
		}
		return s;
	}

	/*
	 * SequenceChanges: the clauses of ALTER SEQUENCE (set = "") or of ALTER COLUMN (set =
	 * " SET", for an identity) that turn options a into b; the data type only when with_type.
	 */
	static std::string
	SequenceChanges(const SequenceOptions &a, const SequenceOptions &b, const std::string &set, bool with_type) {
		std::string out;
		if (with_type && a.data_type != b.data_type) {
			out += " AS " + b.data_type;
		}
		if (a.increment != b.increment) {
			out += set + " INCREMENT BY " + std::to_string(b.increment);
		}
		if (a.min != b.min) {
			out += set + " MINVALUE " + std::to_string(b.min);
		}
		if (a.max != b.max) {
			out += set + " MAXVALUE " + std::to_string(b.max);
		}
		if (a.start != b.start) {
			out += set + " START WITH " + std::to_string(b.start);
		}
		if (a.cache != b.cache) {
			out += set + " CACHE " + std::to_string(b.cache);
		}
		if (a.cycle != b.cycle) {
			out += set + (b.cycle ? " CYCLE" : " NO CYCLE");
		}
		return out;
	}

	/*
	 * RaiseToMinimum: a sequence whose MINVALUE rises above the value it stands at (a fresh
	 * sequence stands at its old start) cannot be altered: PostgreSQL checks the current
	 * value against the new bounds.  Move such a sequence to the new minimum first.
	 */
	static std::string
	RaiseToMinimum(const std::string &seq_qname, int64_t min) {
		return "SELECT pg_catalog.setval(" + Literal(seq_qname) + ", " + std::to_string(min) + ", false) FROM " +
		       seq_qname + " WHERE last_value < " + std::to_string(min) + ";";
	}

	/*
	 * CatchUpSequence: an existing integer column that starts to draw from a sequence (a new
	 * identity, or a serial default) must not hand out values its rows already hold: set the
	 * sequence to the column's maximum.  Nothing for descending sequences.
	 */
	static std::string
	CatchUpSequence(const std::string &seq_qname, const SequenceOptions &seq, const std::string &table_qname,
	                const Column &c) {
		if (seq.increment <= 0 || (c.type != "integer" && c.type != "bigint" && c.type != "smallint")) {
			return "";
		}
		return "SELECT pg_catalog.setval(" + Literal(seq_qname) + ", pg_catalog.max(" + c.name + ")) FROM " +
		       table_qname + " HAVING pg_catalog.max(" + c.name + ") >= " + std::to_string(seq.min) + ";";
	}

	/* AlterColumn: the in-place changes of a column; aspects its partition parent changes too are left to it. */
	std::vector<Stmt>
	AlterColumn(const Object &f, const Object &t, const Column &a_own, const Column &b) {
		std::vector<Stmt> s;
		std::string alter = "ALTER TABLE " + t.qname + " ALTER COLUMN " + b.name;
		auto add = [&s](std::string sql) { s.push_back(Stmt{{}, {}, std::move(sql)}); };
		// What the parents' ALTERs (recursing here) leave; only what still differs is altered here.
		bool inherited_type = false;
		const Column a = ColumnBefore(f, t, a_own, &inherited_type);
		const bool inherited_default = false;
		const bool inherited_not_null = false;
		if (!a.generated.empty() && b.generated.empty()) {
			add(alter + " DROP EXPRESSION;");
		}
		bool type_change = type_change_.count(b.id) != 0 && !inherited_type;
		bool default_done = false;
		if (type_change) {
			// Enums cast only to and from text: a recreated enum, or a column moving from or to
			// an enum, goes through text.
			bool via_text = false;
			for (const std::string &d : b.deps) {
				via_text = via_text || enum_recreate_.count(d) != 0;
			}
			auto is_enum = [](const SnapshotData &snap, const std::vector<std::string> &deps) {
				for (const std::string &d : deps) {
					const Object *o = snap.Find(d);
					if (o != nullptr && o->kind == Kind::kEnum) {
						return true;
					}
				}
				return false;
			};
			via_text = via_text || (a.type != b.type && (is_enum(from_, a.deps) || is_enum(to_, b.deps)));
			if (a.default_expr && !inherited_default) {
				add(alter + " DROP DEFAULT;");
			}
			Stmt st{{},
			        {},
			        alter + " TYPE " + b.type + (b.collation ? " COLLATE " + *b.collation : "") + " USING " + b.name +
			            (via_text ? "::text::" : "::") + b.type + ";"};
			if (a.type != b.type && !IsWideningTypeChange(a.type, b.type)) {
				st.Warn("changing the type of column " + t.qname + "." + b.name + " from " + a.type + " to " + b.type +
				        " may fail or lose data");
			}
			s.push_back(std::move(st));
			if (b.default_expr && !inherited_default) {
				add(alter + " SET DEFAULT " + *b.default_expr + ";");
			}
			default_done = true;
		}
		if (!default_done && a.default_expr != b.default_expr && !inherited_default) {
			add(alter + (b.default_expr ? " SET DEFAULT " + *b.default_expr : " DROP DEFAULT") + ";");
		}
		if (a.default_expr != b.default_expr && b.default_expr) {
			// A column that starts to draw from a sequence continues after its existing values.
			static const std::string kNextval = "nextval('";
			static const std::string kRegclass = "'::regclass)";
			const std::string &d = *b.default_expr;
			size_t end = d.size() >= kRegclass.size() ? d.size() - kRegclass.size() : 0;
			if (d.compare(0, kNextval.size(), kNextval) == 0 && end > kNextval.size() &&
			    d.compare(end, kRegclass.size(), kRegclass) == 0) {
				std::string seq = d.substr(kNextval.size(), end - kNextval.size());
				if (const Object *so = to_.Find("sequence:" + seq)) {
					if (std::string stmt = CatchUpSequence(seq, so->sequence, t.qname, b); !stmt.empty()) {
						add(stmt);
					}
				}
			}
		}
		if (a.not_null != b.not_null && !inherited_not_null) {
			if (b.not_null && b.default_expr && b.identity.empty() && b.generated.empty()) {
				// The models say what a row without a value holds: existing NULLs get it, or
				// SET NOT NULL would fail on them.
				Stmt fill{{}, {}, "UPDATE " + t.qname + " SET " + b.name + " = DEFAULT WHERE " + b.name + " IS NULL;"};
				fill.Warn("rows of " + t.qname + " where " + b.name + " is NULL get its default " + *b.default_expr +
				          " before it becomes NOT NULL");
				s.push_back(std::move(fill));
			}
			add(alter + (b.not_null ? " SET NOT NULL;" : " DROP NOT NULL;"));
		}
		if (a.identity.empty() && !b.identity.empty() && b.identity_sequence) {
			add(alter + " ADD GENERATED " + (b.identity == "a" ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY " +
			    IdentityOptions(*b.identity_sequence) + ";");
			if (std::string stmt = CatchUpSequence(b.identity_sequence->qname, *b.identity_sequence, t.qname, b);
			    !stmt.empty()) {
				add(stmt);
			}
		} else if (!a.identity.empty() && !b.identity.empty()) {
			if (a.identity != b.identity) {
				add(alter + " SET GENERATED " + (b.identity == "a" ? "ALWAYS;" : "BY DEFAULT;"));
			}
			if (a.identity_sequence && b.identity_sequence && *a.identity_sequence != *b.identity_sequence) {
				const SequenceOptions &x = *a.identity_sequence;
				const SequenceOptions &y = *b.identity_sequence;
				if (y.min > x.min) {
					add(RaiseToMinimum(y.qname, y.min));
				}
				std::string opts = SequenceChanges(x, y, " SET", false);
				if (!opts.empty()) {
					add(alter + opts + ";");
				}
				if (x.qname != y.qname) {
					add("ALTER SEQUENCE " + x.qname + " RENAME TO " + UnqualifiedName(y.qname) + ";");
				}
			}
		}
		if (a.comment != b.comment) {
			add(ColumnCommentStatement(t.qname, b.name, b.comment));
		}
		return s;
	}

	/*
	 * AddOwnership: ALTER SEQUENCE ... OWNED BY as steps of their own: OWNED BY NONE before
	 * the old owning column goes (or when ownership ends), OWNED BY after the new one exists.
	 */
	void
	AddOwnership(const Object *f, const Object &t) {
		OptText from_owner = f ? f->owned_by : std::nullopt;
		if (from_owner && (!t.owned_by || dropped_.count(*from_owner) != 0)) {
			nodes_[t.id].disown =
			    NewAction(ActType::kDisown, kOwnRank, t.id, Single("ALTER SEQUENCE " + t.qname + " OWNED BY NONE;"));
		}
		if (t.owned_by && (from_owner != t.owned_by || dropped_.count(*t.owned_by) != 0)) {
			const ColumnRef *ref = to_.FindColumn(*t.owned_by);
			std::string target = ref ? ref->table->qname + "." + ref->Get().name : TableQname(*t.owned_by);
			nodes_[t.id].own = NewAction(ActType::kOwn, kOwnRank, t.id,
			                             Single("ALTER SEQUENCE " + t.qname + " OWNED BY " + target + ";"));
		}
	}

	/* ---- inheritance and partitions ---------------------------------------------------- */

	/* IndexBody: an index definition from " USING " on, and whether it is unique. */
	static std::pair<std::string, bool>
	IndexBody(const std::string &def) {
		size_t using_pos = def.find(" USING ");
		return {using_pos == std::string::npos ? def : def.substr(using_pos), def.rfind("CREATE UNIQUE ", 0) == 0};
	}

	/* PartitionDescendants: the partitions of table id in s, at every level. */
	static std::set<std::string>
	PartitionDescendants(const SnapshotData &s, const std::string &id) {
		std::unordered_map<std::string, std::vector<std::string>> children;
		for (const auto &entry : s.objects) {
			if (entry.second.kind == Kind::kTable && entry.second.partition_of) {
				children[*entry.second.partition_of].push_back(entry.first);
			}
		}
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

	std::vector<std::pair<std::string, std::string>> parent_index_rebuilds_; // (parent index, local index)

	/*
	 * PartitionIndexRebuilds: CREATE INDEX on a partitioned table attaches an existing index
	 * of a partition with the same definition instead of creating one, and an attached index
	 * is the parent's (it leaves the snapshot).  A kept local index that a new parent index
	 * would swallow is dropped before it and created again after it.
	 */
	void
	PartitionIndexRebuilds() {
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
	InheritanceActions() {
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
		std::unordered_map<std::string, std::vector<std::string>> children;
		for (const auto &entry : from_.objects) {
			if (entry.second.kind == Kind::kTable && entry.second.partition_of) {
				children[*entry.second.partition_of].push_back(entry.first);
			}
		}
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

	/* ---- edges and order --------------------------------------------------------------- */

	void
	Edge(int a, int b) {
		if (a < 0 || b < 0 || a == b) {
			return;
		}
		acts_[a].out.push_back(b);
		acts_[b].indeg++;
	}

	const NodeActs *
	Node(const std::string &id) const {
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

	int
	DropEnd(const NodeActs &n) const {
		return n.final_drop >= 0 ? n.final_drop : n.drop;
	}

	void
	BuildEdges() {
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
	IdentityNameEdges() {
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
	static std::string
	ReferencedTable(const SnapshotData &s, const Object &fk) {
		for (const std::string &d : fk.deps) {
			std::string owner;
			if (const ColumnRef *c = s.FindColumn(d)) {
				owner = c->table->id;
			} else if (const Object *o = s.Find(d)) {
				owner = o->kind == Kind::kTable ? o->id : o->table;
			}
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
	PersistenceEdges() {
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
	DeferSqlFunctionBodies() {
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
	 * MoveEdges: from already has the moved tables under their new names, so each ALTER
	 * TABLE ... SET SCHEMA runs before every other action, once its new schema exists.
	 */
	void
	MoveEdges() {
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

	using Key = std::tuple<int, int, std::string, int>;

	Key
	KeyOf(int i) const {
		const Action &a = acts_[i];
		bool drop_phase = a.type == ActType::kDrop || a.type == ActType::kDisown;
		return Key{drop_phase ? 0 : 1, drop_phase ? -a.rank : a.rank, a.id, static_cast<int>(a.type)};
	}

	/* Emit: Kahn's algorithm with the tie-break; a cycle is broken at its lowest action. */
	void
	Emit() {
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
			}
			for (int o : acts_[next].out) {
				if (--indeg[o] == 0 && !done[o]) {
					ready.push(o);
				}
			}
		}
	}
};

} // namespace

DiffResult
Diff(const Snapshot &from, const Snapshot &to) {
	std::vector<TableMove> moves = FindMoves(from.Data(), to.Data());
	if (moves.empty()) {
		return Differ(from.Data(), to.Data()).Run();
	}
	SnapshotData moved = ApplyMoves(from.Data(), moves);
	return Differ(moved, to.Data(), std::move(moves)).Run();
}

std::string
RenderSql(const DiffResult &diff) {
	std::string out;
	for (const std::string &s : diff.statements) {
		out += (out.empty() ? "" : "\n\n") + s;
	}
	return out.empty() ? out : out + "\n";
}

} // namespace pgm::schema
