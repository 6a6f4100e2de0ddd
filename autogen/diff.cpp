/*
 * diff.cpp: the entry points of the differ (diff.hpp): Diff() finds the table moves, runs a
 * Differ over the two snapshots and returns what it found; RenderSql() joins the statements
 * into a revision section.  Also Differ::Run (which calls the phases in order, see
 * differ.hpp) and what the phases share: the change and action constructors (Note,
 * NewAction, Single) and the lookups ForEachDep, DepTable and ColumnsByName.
 */
#include "autogen/diff.hpp"

#include "autogen/differ.hpp"

#include <utility>

namespace pgm::schema {

namespace internal {

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

/*
 * Run: the phases in the order differ.hpp lists them.  PartitionIndexRebuilds adds rebuilds, so
 * it runs before Closure widens them; the actions need the final set of rebuilds; the edges need
 * every action, and MoveEdges, which puts each move before all other actions, comes last.
 */
/*
 * DepTable: a foreign key's dependencies name columns, constraints and indexes of the tables it
 * links; the tables themselves are what the rules on dropped and referenced tables need.
 */
std::string
DepTable(const SnapshotData &s, const std::string &dep) {
	if (const ColumnRef *c = s.FindColumn(dep)) {
		return c->table->id;
	}
	if (const Object *o = s.Find(dep)) {
		return o->kind == Kind::kTable ? o->id : o->table;
	}
	return "";
}

/* ColumnsByName: a table's columns keyed by name, to pair the columns of both sides in name order. */
std::map<std::string, const Column *>
ColumnsByName(const Object &table) {
	std::map<std::string, const Column *> out;
	for (const Column &c : table.columns) {
		out[c.name] = &c;
	}
	return out;
}

DiffResult
Differ::Run() {
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

/* Note: one change line for people; destructive when applying it loses data. */
void
Differ::Note(std::string text, bool destructive) {
	result_.changes.push_back(Change{std::move(text), destructive});
}

/* NewAction: a new action of the graph; edges and NodeActs refer to it by the index returned. */
int
Differ::NewAction(ActType type, int rank, const std::string &id, std::vector<Stmt> stmts) {
	acts_.push_back(Action{type, rank, id, std::move(stmts), {}, 0, {}});
	return static_cast<int>(acts_.size()) - 1;
}

/* Single: the statements of an action that is one plain statement. */
std::vector<Stmt>
Differ::Single(std::string sql) {
	return {Stmt{{}, {}, std::move(sql)}};
}

} // namespace internal

/*
 * Diff: the table moves are applied to from first, so that the Differ sees a moved table as
 * kept under its new name and only adds the ALTER TABLE ... SET SCHEMA.
 */
DiffResult
Diff(const Snapshot &from, const Snapshot &to, const DiffOptions &options) {
	std::vector<internal::TableMove> moves = internal::FindMoves(from.Data(), to.Data());
	if (moves.empty()) {
		return internal::Differ(from.Data(), to.Data(), options).Run();
	}
	SnapshotData moved = internal::ApplyMoves(from.Data(), moves);
	return internal::Differ(moved, to.Data(), options, std::move(moves)).Run();
}

/* RenderSql: the statements separated by a blank line, as a revision section holds them. */
std::string
RenderSql(const DiffResult &diff) {
	std::string out;
	for (const std::string &s : diff.statements) {
		out += (out.empty() ? "" : "\n\n") + s;
	}
	return out.empty() ? out : out + "\n";
}

} // namespace pgm::schema
