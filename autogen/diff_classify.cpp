/*
 * diff_classify.cpp: the first phase of the Differ: what changes and how.  Classify walks both
 * snapshots in id order, writes the change lines, and records which nodes are dropped, which
 * are rebuilt (dropped and created), which enums and domains are recreated under a new name,
 * and which columns change type in place.  Closure then widens the rebuilds to whatever
 * depends on a dropped node or on a column whose type changes.
 */
#include "autogen/differ.hpp"
#include "core/sql_text.hpp"

#include <algorithm>
#include <map>

namespace pgm::schema::internal {

namespace {

/*
 * Rebuildable: kinds whose content is their definition (a materialized view's rows come from
 * its query), so dropping and creating them again loses nothing: they are rebuilt when
 * something they depend on goes or changes type.
 */
bool
Rebuildable(Kind k) {
	return k == Kind::kView || k == Kind::kMatview || k == Kind::kTrigger || k == Kind::kPolicy ||
	       k == Kind::kFunction || k == Kind::kProcedure || k == Kind::kAggregate || k == Kind::kConstraint ||
	       k == Kind::kIndex;
}

} // namespace

/* EnumAddsOnly: from's labels appear in to's, in the same order (values can be added in place). */
bool
Differ::EnumAddsOnly(const Object &f, const Object &t) {
	size_t i = 0;
	for (const std::string &l : t.labels) {
		if (i < f.labels.size() && f.labels[i] == l) {
			++i;
		}
	}
	return i == f.labels.size();
}

/*
 * NeedsRebuild: f becomes t in a way no ALTER makes: another kind, another definition or
 * signature, another partition key.  When the rebuild loses data (a table), the warning for
 * its DROP is recorded in cannot_alter_.
 */
bool
Differ::NeedsRebuild(const Object &f, const Object &t) {
	if (f.kind != t.kind) {
		return true;
	}
	switch (t.kind) {
		case Kind::kConstraint:
			return f.def != t.def || f.contype != t.contype || f.table != t.table;
		case Kind::kIndex: {
			// Storage parameters alone change in place (ALTER INDEX ... SET), except on a
			// partitioned table's index, which PostgreSQL does not let ALTER.
			bool partitioned = t.def.find(" ON ONLY ") != std::string::npos;
			std::string fd = partitioned ? f.def : IndexOptions(f.def).first;
			std::string td = partitioned ? t.def : IndexOptions(t.def).first;
			return fd != td || f.table != t.table || (!f.valid && t.valid); // an invalid index is rebuilt
		}
		case Kind::kView:
		case Kind::kMatview:
			return f.def != t.def; // options change in place (ALTER ... SET / RESET)
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

/* DropTableColumns: a dropped table takes its columns along; their dependents must know. */
void
Differ::DropTableColumns(const Object &table) {
	for (const Column &c : table.columns) {
		dropped_.insert(c.id);
	}
}

/* Classify: removed, rebuilt and type-changing nodes, and the change lines. */
void
Differ::Classify() {
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
		if (f.kind != Kind::kDomain || t == nullptr || t->kind != Kind::kDomain || enum_recreate_.count(f.id) != 0 ||
		    (f.constraints == t->constraints && (f.not_null || !t->not_null))) {
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

/*
 * DescribeObject: the change lines of an object on both sides, one per aspect that differs,
 * for pgmig check and autogenerate's summary; those that lose data are marked destructive.
 */
void
Differ::DescribeObject(const Object &f, const Object &t) {
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
					Note("added value " + SqlLiteral(l) + " to " + what);
				}
			}
			bool removed = false;
			for (const std::string &l : f.labels) {
				if (tl.count(l) == 0) {
					Note("removed value " + SqlLiteral(l) + " from " + what, true);
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
					Note("changed type of attribute " + a.first + " of " + what + " from " + it->second->type + " to " +
					     a.second->type);
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
				Note("changed partition of " + what + " from " + Opt(f.partition_of) + " " + Opt(f.partition_bound) +
				     " to " + Opt(t.partition_of) + " " + Opt(t.partition_bound));
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
			if ((t.kind == Kind::kView || t.kind == Kind::kMatview) && f.options != t.options) {
				Note("changed options of " + what);
			}
			if (t.kind == Kind::kIndex && f.def != t.def && !NeedsRebuildQuiet(f, t)) {
				Note("changed options of " + what);
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
	NotePrivileges(what, f.acl, t.acl);
}

/*
 * NewValueUsed: a value added to enum t is used by the models (a default, an index
 * predicate, a constraint, a view...).  PostgreSQL refuses to use a value added by ALTER
 * TYPE ... ADD VALUE before that transaction commits, and a revision is one transaction,
 * so such an enum is recreated instead.
 */
bool
Differ::NewValueUsed(const Object &f, const Object &t) const {
	std::vector<std::string> needles;
	for (const std::string &l : t.labels) {
		if (std::find(f.labels.begin(), f.labels.end(), l) == f.labels.end()) {
			needles.push_back(SqlLiteral(l) + "::" + t.qname);
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

/* NeedsRebuildQuiet: NeedsRebuild without recording a warning (to word a change line). */
bool
Differ::NeedsRebuildQuiet(const Object &f, const Object &t) {
	std::unordered_map<std::string, std::string> saved;
	saved.swap(cannot_alter_);
	bool r = NeedsRebuild(f, t);
	saved.swap(cannot_alter_);
	return r;
}

/* Parents: a table's partition parent, or its INHERITS parents. */
std::vector<std::string>
Differ::Parents(const Object &o) {
	if (o.partition_of) {
		return {*o.partition_of};
	}
	return o.inherits;
}

/* KeptParents: the parents (partition or INHERITS) table f/t has on both sides. */
std::vector<std::string>
Differ::KeptParents(const Object &f, const Object &t) {
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
Differ::ParentColumns(const Object &f, const Object &t, const std::string &name) const {
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
Differ::ColumnBefore(const Object &f, const Object &t, const Column &a, bool *inherited_type) const {
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
		bool default_emitted =
		    parent_type_change ? (pbefore.default_expr || pb->default_expr) : pbefore.default_expr != pb->default_expr;
		if (default_emitted) {
			before.default_expr = pb->default_expr;
		}
		if (pbefore.not_null != pb->not_null) {
			before.not_null = pb->not_null;
		}
	}
	return before;
}

/*
 * CompareColumns: the change lines of the columns of a table on both sides, and what each
 * column needs later: an in-place type change (type_change_), a rebuild (a new generation
 * expression), or an alias to the parent column it comes and goes with (col_alias_).
 */
void
Differ::CompareColumns(const Object &f, const Object &t) {
	std::map<std::string, const Column *> fc = ColumnsByName(f);
	std::map<std::string, const Column *> tc = ColumnsByName(t);
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
			if (parents.first != nullptr && parents.second == nullptr && (a->inherited || f.partition_of) &&
			    !ParentDropsOnly(f, t, name)) {
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
		NotePrivileges(what, a->acl, b->acl);
	}
}

/*
 * SameTypeAfterExtensionMove: a column of an extension's type (citext) whose extension
 * moves to another schema: ALTER EXTENSION ... SET SCHEMA moves the type with it, so the
 * type's new name is not a change of the column.  Only when the column is otherwise equal.
 */
bool
Differ::SameTypeAfterExtensionMove(const Column &a, const Column &b) const {
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

/*
 * MarkRebuilt: id is rebuilt, and a table's columns with it; all go on the work list so that
 * what depends on them is rebuilt too.
 */
void
Differ::MarkRebuilt(const std::string &id, std::vector<std::string> *work) {
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
Differ::Closure() {
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

} // namespace pgm::schema::internal
