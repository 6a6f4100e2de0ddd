/*
 * differ.hpp: internal to autogen/: the class Differ behind Diff() (diff.hpp is the public
 * interface) and what its phases share.  Nothing outside autogen/ includes this header.
 *
 * Diff() compares two parsed snapshots object by object (columns as objects of their own),
 * decides per object whether it is dropped, created, altered in place or rebuilt (dropped and
 * created), widens the rebuilds to the dependents of whatever is dropped, and orders the
 * resulting actions with a dependency graph sorted by Kahn's algorithm under a fixed
 * tie-break: drops first in reverse kind order, then creates and alters in kind order, then by
 * id.  The SQL text itself comes from ddl.cpp.  Differ::Run calls the phases in this order:
 * Classify, PartitionIndexRebuilds, Closure, BuildActions, InheritanceActions, BuildEdges,
 * IdentityNameEdges, PersistenceEdges, MoveEdges, Emit, DeferSqlFunctionBodies.  The files
 * that hold them:
 *
 *   diff_moves.cpp        tables that only change schema: FindMoves and ApplyMoves (before the
 *                         Differ runs) and MoveEdges (ALTER TABLE ... SET SCHEMA first)
 *   diff_classify.cpp     Classify (what is removed, added, altered, rebuilt or recreated, and
 *                         the change lines) and Closure (the rebuild widened to dependents)
 *   diff_inheritance.cpp  PartitionIndexRebuilds and InheritanceActions (INHERIT, NO INHERIT,
 *                         DETACH PARTITION and the order of a parent's and a child's changes)
 *   diff_actions.cpp      BuildActions: the DROP, CREATE and ALTER statements of every node
 *   diff_order.cpp        the edges between actions, Emit (Kahn's algorithm) and
 *                         DeferSqlFunctionBodies
 *   diff.cpp              Diff(), RenderSql(), Differ::Run, and what the phases share (Note,
 *                         NewAction, Single, ForEachDep, DepTable, ColumnsByName)
 *
 * Everything is linear in the number of objects, columns and dependencies (hash maps and one
 * priority queue), so a 10,000-table diff is quick.
 */
#pragma once

#include "autogen/ddl.hpp"
#include "autogen/diff.hpp"
#include "autogen/snapshot.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace pgm::schema::internal {

/* ActType: what an action does; drops and disowns run in the drop phase of the order. */
enum class ActType { kDrop, kCreate, kAlter, kFinal, kDisown, kOwn };

/* Ranks of the tie-break beside the kinds' (KindRank in diff_actions.cpp). */
constexpr int kColumnRank = 50;
constexpr int kOwnRank = 150;

/* Action: statements that run together, and their edges in the dependency graph. */
struct Action {
	ActType type;
	int rank;
	std::string id;
	std::vector<Stmt> stmts;
	std::vector<int> out;
	int indeg = 0;
	std::string sort_id; // tie-break in place of id when set (an added column: its table position)
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

/* TableMove: a table that only changes schema (ALTER TABLE ... SET SCHEMA). */
struct TableMove {
	std::string old_id, new_id;
	std::string old_qname, new_qname;
	std::string old_schema, new_schema;
};

/* Opt: an optional text for change lines, "(none)" when absent. */
inline std::string
Opt(const OptText &t) {
	return t ? *t : "(none)";
}

/* DefaultAcl: the privileges a new object of a kind has besides its owner's (diff_privileges.cpp). */
std::vector<std::string> DefaultAcl(Kind kind);

/* ForEachDep: every dependency a -> b of a snapshot, explicit and implicit (diff.cpp). */
void ForEachDep(const SnapshotData &s, const std::function<void(const std::string &, const std::string &)> &f);

/* DepTable: the table a dependency belongs to (a column's, a sub-object's, a table itself), or "" (diff.cpp). */
std::string DepTable(const SnapshotData &s, const std::string &dep);

/* ColumnsByName: the columns of a table by name (diff.cpp). */
std::map<std::string, const Column *> ColumnsByName(const Object &table);

/* FindMoves: the tables of from that reappear unchanged in another schema of to (diff_moves.cpp). */
std::vector<TableMove> FindMoves(const SnapshotData &from, const SnapshotData &to);

/* ApplyMoves: from with the moved tables and what moves along under their new names (diff_moves.cpp). */
SnapshotData ApplyMoves(const SnapshotData &from, const std::vector<TableMove> &moves);

/*
 * Differ: one diff of from against to.  Run calls the phases in order; each phase reads what
 * the earlier ones recorded in the members below.
 */
class Differ {
public:
	Differ(const SnapshotData &from, const SnapshotData &to, const DiffOptions &options,
	       std::vector<TableMove> moves = {})
	    : from_(from), to_(to), options_(options), moves_(std::move(moves)) {}

	DiffResult Run();

private:
	using Key = std::tuple<int, int, std::string, int>;

	const SnapshotData &from_;
	const SnapshotData &to_;
	DiffOptions options_;
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
	std::vector<std::pair<std::string, std::string>> parent_index_rebuilds_; // (parent index, local index)
	int enum_counter_ = 0;

	/* diff.cpp: shared by the phases */
	void Note(std::string text, bool destructive = false);
	int NewAction(ActType type, int rank, const std::string &id, std::vector<Stmt> stmts);
	std::vector<Stmt> Single(std::string sql);

	/* diff_classify.cpp */
	static bool EnumAddsOnly(const Object &f, const Object &t);
	bool NeedsRebuild(const Object &f, const Object &t);
	void DropTableColumns(const Object &table);
	void Classify();
	void DescribeObject(const Object &f, const Object &t);
	bool NewValueUsed(const Object &f, const Object &t) const;
	bool NeedsRebuildQuiet(const Object &f, const Object &t);
	static std::vector<std::string> Parents(const Object &o);
	static std::vector<std::string> KeptParents(const Object &f, const Object &t);
	std::pair<const Column *, const Column *> ParentColumns(const Object &f, const Object &t,
	                                                        const std::string &name) const;
	Column ColumnBefore(const Object &f, const Object &t, const Column &a, bool *inherited_type) const;
	void CompareColumns(const Object &f, const Object &t);
	bool SameTypeAfterExtensionMove(const Column &a, const Column &b) const;
	void MarkRebuilt(const std::string &id, std::vector<std::string> *work);
	void Closure();

	/* diff_actions.cpp */
	std::string DroppedWith(const Object &o);
	bool ReferencesOtherDroppedTable(const Object &fk) const;
	void AddDrop(const Object &f, bool rebuilt);
	void AddCreate(const Object &t);
	void BuildActions();
	void AddEnumRecreate(const Object &f, const Object &t);
	void AddAlter(const Object &f, const Object &t);
	void AddColumnActions(const Object &f, const Object &t);
	std::vector<Stmt> AddColumn(const Object &t, const Column &b, const Column *old = nullptr);
	static std::string SequenceChanges(const SequenceOptions &a, const SequenceOptions &b, const std::string &set,
	                                   bool with_type);
	static std::string RaiseToMinimum(const std::string &seq_qname, int64_t min);
	static std::string CatchUpSequence(const std::string &seq_qname, const SequenceOptions &seq,
	                                   const std::string &table_qname, const Column &c);
	std::vector<Stmt> AlterColumn(const Object &f, const Object &t, const Column &a_own, const Column &b);
	void AddOwnership(const Object *f, const Object &t);

	/* diff_privileges.cpp */
	void NotePrivileges(const std::string &what, const std::vector<std::string> &from_acl,
	                    const std::vector<std::string> &to_acl);
	std::vector<Stmt> GrantStatements(const Object &o, const std::vector<std::string> &from_acl);
	std::vector<Stmt> ColumnGrantStatements(const Object &table, const Column &c,
	                                        const std::vector<std::string> &from_acl);
	std::vector<Stmt> RecreatedGrants(const Object &t);
	std::vector<Stmt> RecreatedColumnGrants(const Object &t, const Column &b, const Column *old);

	/* diff_inheritance.cpp */
	bool ChildKeepsColumn(const Object &parent, const std::string &name) const;
	bool ParentDropsOnly(const Object &f, const Object &t, const std::string &name) const;
	static std::pair<std::string, bool> IndexBody(const std::string &def);
	static std::set<std::string> PartitionDescendants(const SnapshotData &s, const std::string &id);
	void PartitionIndexRebuilds();
	void InheritanceActions();

	/* diff_order.cpp */
	void Edge(int a, int b);
	const NodeActs *Node(const std::string &id) const;
	int DropEnd(const NodeActs &n) const;
	void BuildEdges();
	void IdentityNameEdges();
	static std::string ReferencedTable(const SnapshotData &s, const Object &fk);
	void PersistenceEdges();
	void DeferSqlFunctionBodies();
	Key KeyOf(int i) const;
	void Emit();

	/* diff_moves.cpp */
	void MoveEdges();
};

} // namespace pgm::schema::internal
