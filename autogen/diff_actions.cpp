/*
 * diff_actions.cpp: the statements of the diff.  BuildActions turns what the classification
 * recorded into actions (a DROP, a CREATE, an ALTER, an ownership change...) of each node,
 * each with the rank of its kind for the tie-break of the order; the SQL text of CREATE and
 * DROP comes from ddl.cpp, the in-place ALTERs (tables, columns, sequences, enums, domains,
 * composite types) are written here.
 */
#include "autogen/differ.hpp"

#include "core/message_text.hpp"
#include "core/sql_text.hpp"

#include <algorithm>
#include <map>

namespace pgm::schema::internal {

namespace {

/* KindRank: the position of a kind in the tie-break order (KeyOf in diff_order.cpp). */
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

/* IsSubObject: kinds that belong to a table: dropping the table drops them. */
bool
IsSubObject(Kind k) {
	return k == Kind::kConstraint || k == Kind::kIndex || k == Kind::kTrigger || k == Kind::kPolicy;
}

/* OptionNames: the names of "name=value" options, for ALTER TABLE ... RESET. */
std::vector<std::string>
OptionNames(const std::vector<std::string> &opts) {
	std::vector<std::string> names;
	for (const std::string &o : opts) {
		names.push_back(o.substr(0, o.find('=')));
	}
	return names;
}

/*
 * OptionChanges: the storage parameters (reloptions) of a table, view or materialized view
 * from one list to the other: RESET of those that go, SET of those that are new or change.
 */
std::vector<std::string>
OptionChanges(const std::string &alter, const std::vector<std::string> &from, const std::vector<std::string> &to) {
	std::vector<std::string> out;
	if (from == to) {
		return out;
	}
	std::vector<std::string> reset;
	std::vector<std::string> tnames = OptionNames(to);
	for (const std::string &name : OptionNames(from)) {
		if (std::find(tnames.begin(), tnames.end(), name) == tnames.end()) {
			reset.push_back(name);
		}
	}
	std::vector<std::string> set;
	for (const std::string &o : to) {
		if (std::find(from.begin(), from.end(), o) == from.end()) {
			set.push_back(o);
		}
	}
	if (!reset.empty()) {
		out.push_back(alter + " RESET (" + JoinComma(reset) + ");");
	}
	if (!set.empty()) {
		out.push_back(alter + " SET (" + JoinComma(set) + ");");
	}
	return out;
}

} // namespace

/* DroppedWith: the table (or column) whose DROP also drops o, or "" when o needs its own DROP. */
std::string
Differ::DroppedWith(const Object &o) {
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
Differ::ReferencesOtherDroppedTable(const Object &fk) const {
	for (const std::string &d : fk.deps) {
		std::string owner = DepTable(from_, d);
		if (!owner.empty() && owner != fk.table && dropped_.count(owner) != 0) {
			return true;
		}
	}
	return false;
}

/*
 * AddDrop: the DROP of f, warning when it loses data.  What the DROP of its table or owning
 * column removes shares that action instead (a DROP of its own would fail on an object that
 * is gone), and a table's DROP is its columns' too, so that edges to them land on it.
 */
void
Differ::AddDrop(const Object &f, bool rebuilt) {
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

/*
 * AddCreate: the CREATE of t.  CREATE TABLE creates the columns too, so they share its action:
 * what needs a column of a new table waits for the table.
 */
void
Differ::AddCreate(const Object &t) {
	NodeActs &n = nodes_[t.id];
	std::vector<Stmt> stmts = CreateStatements(t, to_);
	// A new object has the default privileges of its kind; the grants it needs follow.
	for (Stmt &g : RecreatedGrants(t)) {
		stmts.push_back(std::move(g));
	}
	n.create = NewAction(ActType::kCreate, KindRank(t), t.id, std::move(stmts));
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
Differ::BuildActions() {
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

/*
 * AddEnumRecreate: an enum whose values cannot change in place (a value removed or moved, or a
 * new value used in the same transaction), or a domain recreated like one: the old type is
 * renamed out of the way, the new one created, the columns converted (AlterColumn goes through
 * text), and the old type dropped once nothing uses it.  Warns about values that may not fit.
 */
void
Differ::AddEnumRecreate(const Object &f, const Object &t) {
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
			removed.push_back(SqlLiteral(l));
		}
	}
	if (!removed.empty()) {
		rename.Warn("enum " + t.qname + " is recreated without the values " + JoinComma(removed) +
		            "; converting rows that hold them fails");
	}
	n.drop = NewAction(ActType::kDrop, KindRank(t), t.id, {rename});
	AddCreate(t);
	n.final_drop = NewAction(ActType::kFinal, KindRank(t), t.id,
	                         Single(std::string("DROP ") + word + f.schema + "." + old_name + ";"));
}

/*
 * AddAlter: the in-place changes of an object kept on both sides and neither rebuilt nor
 * recreated, in one action: what ALTER can change of each kind, a function's new body (CREATE
 * OR REPLACE), and comments.
 */
void
Differ::AddAlter(const Object &f, const Object &t) {
	std::vector<Stmt> s;
	auto add = [&s](std::string sql) { s.push_back(Stmt{{}, {}, std::move(sql)}); };
	switch (t.kind) {
		case Kind::kExtension:
			if (f.schema != t.schema) {
				add("ALTER EXTENSION " + t.name + " SET SCHEMA " + t.schema + ";");
			}
			if (f.version != t.version) {
				Stmt update{{}, {}, "ALTER EXTENSION " + t.name + " UPDATE TO " + SqlLiteral(t.version) + ";"};
				if (f.has_update_targets &&
				    std::find(f.update_targets.begin(), f.update_targets.end(), t.version) == f.update_targets.end()) {
					update.WarnFails("extension " + t.name + " has no update path from version " + f.version + " to " +
					                 t.version +
					                 " on this server; ALTER EXTENSION ... UPDATE fails (PostgreSQL "
					                 "updates an extension only along its update scripts)");
				}
				s.push_back(std::move(update));
			}
			break;
		case Kind::kEnum:
			for (size_t i = 0; i < t.labels.size(); ++i) {
				const std::string &l = t.labels[i];
				if (std::find(f.labels.begin(), f.labels.end(), l) != f.labels.end()) {
					continue;
				}
				std::string sql = "ALTER TYPE " + t.qname + " ADD VALUE " + SqlLiteral(l);
				if (i > 0) {
					sql += " AFTER " + SqlLiteral(t.labels[i - 1]);
				} else if (!f.labels.empty()) {
					sql += " BEFORE " + SqlLiteral(f.labels[0]);
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
			for (std::string &stmt : OptionChanges(alter, f.options, t.options)) {
				add(std::move(stmt));
			}
			if (f.rls_enabled != t.rls_enabled) {
				add(alter + (t.rls_enabled ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;");
			}
			if (f.rls_forced != t.rls_forced) {
				add(alter + (t.rls_forced ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
			}
			break;
		}
		case Kind::kIndex:
			if (f.def != t.def) {
				for (std::string &stmt :
				     OptionChanges("ALTER INDEX " + t.qname, IndexOptions(f.def).second, IndexOptions(t.def).second)) {
					add(std::move(stmt));
				}
			}
			break;
		case Kind::kView:
		case Kind::kMatview:
			for (std::string &stmt : OptionChanges(
			         std::string(t.kind == Kind::kView ? "ALTER VIEW " : "ALTER MATERIALIZED VIEW ") + t.qname,
			         f.options, t.options)) {
				add(std::move(stmt));
			}
			break;
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
	for (Stmt &g : GrantStatements(t, f.acl)) {
		s.push_back(std::move(g));
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

/* AddColumnActions: ADD, DROP (with the possible-rename hint) and ALTER COLUMN of a kept table. */
void
Differ::AddColumnActions(const Object &f, const Object &t) {
	std::map<std::string, const Column *> fc = ColumnsByName(f);
	std::map<std::string, const Column *> tc = ColumnsByName(t);
	std::vector<const Column *> added; // in the models' column order (attnum), as SELECT * sees them
	for (const Column &c : t.columns) {
		if (fc.count(c.name) == 0 && col_alias_.count(c.id) == 0) {
			added.push_back(&c);
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
			// A child that keeps the column (it becomes the child's own, with its data): ONLY
			// leaves the children's columns in place instead of dropping them along.
			bool only = ChildKeepsColumn(f, a.name);
			Stmt s{{}, {}, (only ? "ALTER TABLE ONLY " + t.qname : alter) + " DROP COLUMN " + a.name + ";"};
			for (const Column *b : added) {
				if (paired.count(b) == 0 && b->type == a.type) {
					paired.insert(b);
					s.comments.push_back("WARNING: possible rename: column " + t.qname + "." + a.name +
					                     " is dropped and " + t.qname + "." + b->name +
					                     " is added with the same type " + b->type +
					                     "; to keep the data, replace the ADD COLUMN and DROP COLUMN with:");
					std::string rename = alter + " RENAME COLUMN " + a.name + " TO " + b->name + ";";
					s.comments.push_back("  " + rename);
					s.warnings.push_back("possible rename: column " + t.qname + "." + a.name + " is dropped and " +
					                     t.qname + "." + b->name + " is added with the same type " + b->type +
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
			nodes_[b.id].create = NewAction(ActType::kCreate, kColumnRank, b.id, AddColumn(t, b, &a));
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
	for (size_t pos = 0; pos < added.size(); ++pos) {
		const Column *b = added[pos];
		int act = NewAction(ActType::kCreate, kColumnRank, b->id, AddColumn(t, *b));
		// "\x01" sorts before any (quoted) column name: the added columns of t in position order.
		std::string digits = std::to_string(pos);
		acts_[act].sort_id =
		    "column:" + t.qname + ".\x01" + std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
		nodes_[b->id].create = act;
	}
}

/* AddColumn: ADD COLUMN on a kept table, and the column's comment. */
std::vector<Stmt>
Differ::AddColumn(const Object &t, const Column &b, const Column *old) {
	std::vector<Stmt> s = Single("ALTER TABLE " + t.qname + " ADD COLUMN " + ColumnSpec(b) + ";");
	if (b.comment) {
		s.push_back(Stmt{{}, {}, ColumnCommentStatement(t.qname, b.name, b.comment)});
	}
	for (Stmt &g : RecreatedColumnGrants(t, b, old)) {
		s.push_back(std::move(g));
	}
	return s;
}

/*
 * SequenceChanges: the clauses of ALTER SEQUENCE (set = "") or of ALTER COLUMN (set =
 * " SET", for an identity) that turn options a into b; the data type only when with_type.
 */
std::string
Differ::SequenceChanges(const SequenceOptions &a, const SequenceOptions &b, const std::string &set, bool with_type) {
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
std::string
Differ::RaiseToMinimum(const std::string &seq_qname, int64_t min) {
	return "SELECT pg_catalog.setval(" + SqlLiteral(seq_qname) + ", " + std::to_string(min) + ", false) FROM " +
	       seq_qname + " WHERE last_value < " + std::to_string(min) + ";";
}

/*
 * CatchUpSequence: an existing integer column that starts to draw from a sequence (a new
 * identity, or a serial default) must not hand out values its rows already hold: set the
 * sequence to the column's maximum.  Nothing for descending sequences.
 */
std::string
Differ::CatchUpSequence(const std::string &seq_qname, const SequenceOptions &seq, const std::string &table_qname,
                        const Column &c) {
	if (seq.increment <= 0 || (c.type != "integer" && c.type != "bigint" && c.type != "smallint")) {
		return "";
	}
	return "SELECT pg_catalog.setval(" + SqlLiteral(seq_qname) + ", pg_catalog.max(" + c.name + ")) FROM " +
	       table_qname + " HAVING pg_catalog.max(" + c.name + ") >= " + std::to_string(seq.min) + ";";
}

/* AlterColumn: the in-place changes of a column; aspects its partition parent changes too are left to it. */
std::vector<Stmt>
Differ::AlterColumn(const Object &f, const Object &t, const Column &a_own, const Column &b) {
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
		        alter + " TYPE " + ColumnType(b) + (b.collation ? " COLLATE " + *b.collation : "") + " USING " +
		            b.name + (via_text ? "::text::" : "::") + ColumnType(b) + ";"};
		if (a.type != b.type && !IsWideningTypeChange(a.type, b.type)) {
			st.Warn("changing the type of column " + t.qname + "." + b.name + " from " + a.type + " to " + b.type +
			        " may fail or lose data");
		}
		s.push_back(std::move(st));
		if (b.default_expr && !inherited_default) {
			add(alter + " SET DEFAULT " + *ColumnDefault(b) + ";");
		}
		default_done = true;
	}
	if (!default_done && a.default_expr != b.default_expr && !inherited_default) {
		add(alter + (b.default_expr ? " SET DEFAULT " + *ColumnDefault(b) : " DROP DEFAULT") + ";");
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
	for (Stmt &g : ColumnGrantStatements(t, b, a_own.acl)) {
		s.push_back(std::move(g));
	}
	return s;
}

/*
 * AddOwnership: ALTER SEQUENCE ... OWNED BY as steps of their own: OWNED BY NONE before
 * the old owning column goes (or when ownership ends), OWNED BY after the new one exists.
 */
void
Differ::AddOwnership(const Object *f, const Object &t) {
	OptText from_owner = f ? f->owned_by : std::nullopt;
	if (from_owner && (!t.owned_by || dropped_.count(*from_owner) != 0)) {
		nodes_[t.id].disown =
		    NewAction(ActType::kDisown, kOwnRank, t.id, Single("ALTER SEQUENCE " + t.qname + " OWNED BY NONE;"));
	}
	if (t.owned_by && (from_owner != t.owned_by || dropped_.count(*t.owned_by) != 0)) {
		const ColumnRef *ref = to_.FindColumn(*t.owned_by);
		std::string target = ref ? ref->table->qname + "." + ref->Get().name : TableQname(*t.owned_by);
		nodes_[t.id].own =
		    NewAction(ActType::kOwn, kOwnRank, t.id, Single("ALTER SEQUENCE " + t.qname + " OWNED BY " + target + ";"));
	}
}

} // namespace pgm::schema::internal
