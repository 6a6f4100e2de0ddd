/*
 * migrate_lint.cpp: migrate_lint(direction, target): the risks of the steps migrate_upgrade or
 * migrate_downgrade would run to target, found without running them.
 *
 * The plan is the one migrate_plan computes.  Each step's SQL is cut into statements by
 * PostgreSQL's raw parser, and each statement is checked against the live catalog: the tables
 * it names are looked up (never locked for long: a table whose lock is not free at once is
 * sized from pg_class), and the rules below decide from the statement, the table's size and
 * the lock the statement takes.  Tables that do not exist yet (made by an earlier statement of
 * the run) are new and empty, so nothing is reported for them.  Statements inside DO blocks
 * and function bodies are not looked into.  A finding is placed at the line of the revision
 * file (the script column) where its statement starts; "-- lint: ignore RULE" comments waive
 * it (docs/maintenance.md, "Lint").
 */
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/planner.hpp"
#include "core/revision_file.hpp"
#include "core/step_context.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/settings.hpp"
#include "extension/spi.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "commands/tablecmds.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "parser/parse_coerce.h"
#include "parser/parse_type.h"
#include "parser/parser.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "storage/lockdefs.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace pgm::pg {

namespace {

/* The rules, by their stable names (docs/maintenance.md lists them with the safer way). */
constexpr const char *kIndexNotConcurrent = "index-not-concurrent";
constexpr const char *kColumnTypeRewrite = "column-type-rewrite";
constexpr const char *kSetNotNull = "set-not-null";
constexpr const char *kConstraintNotValid = "constraint-not-valid";
constexpr const char *kVolatileDefault = "volatile-default";
constexpr const char *kDropTable = "drop-table";
constexpr const char *kDropColumn = "drop-column";
constexpr const char *kAccessExclusiveLarge = "access-exclusive-large";
constexpr const char *kTransactionControl = "transaction-control";
constexpr const char *kSyntaxError = "syntax-error";
constexpr const char *kUnknownWaiver = "unknown-waiver";

const std::set<std::string> kWaivableRules = {kIndexNotConcurrent, kColumnTypeRewrite,    kSetNotNull,
                                              kConstraintNotValid, kVolatileDefault,      kDropTable,
                                              kDropColumn,         kAccessExclusiveLarge, kTransactionControl};

/* Table: an existing relation a statement names, as the catalog has it now. */
struct Table {
	Oid oid = InvalidOid;
	std::string name;  // schema-qualified, quoted where needed
	int64_t bytes = 0; // main fork, all partitions of a partitioned table
	double rows = -1;  // pg_class.reltuples (summed over partitions); -1: never analyzed
};

/* Finding: one row of migrate_lint, before its revision and file line are known. */
struct Finding {
	const char *rule;
	std::size_t offset = 0; // in the section's SQL: where the statement (or the comment) starts
	std::optional<Table> table;
	LOCKMODE lock = NoLock;
	std::string message, detail, hint;
	bool waived = false;
};

/* LockName: a lock mode as the LOCK statement spells it. */
const char *
LockName(LOCKMODE mode) {
	switch (mode) {
		case AccessShareLock:
			return "ACCESS SHARE";
		case RowShareLock:
			return "ROW SHARE";
		case RowExclusiveLock:
			return "ROW EXCLUSIVE";
		case ShareUpdateExclusiveLock:
			return "SHARE UPDATE EXCLUSIVE";
		case ShareLock:
			return "SHARE";
		case ShareRowExclusiveLock:
			return "SHARE ROW EXCLUSIVE";
		case ExclusiveLock:
			return "EXCLUSIVE";
		case AccessExclusiveLock:
			return "ACCESS EXCLUSIVE";
		default:
			return "";
	}
}

/* SizeText: bytes as pg_size_pretty writes them. */
std::string
SizeText(int64_t bytes) {
	char *pretty = PgCall([&] {
		return text_to_cstring(
		    reinterpret_cast<::text *>(DatumGetPointer(DirectFunctionCall1(pg_size_pretty, Int64GetDatum(bytes)))));
	});
	return pretty;
}

/* Describe: 'table "s.t" (1234 kB, about 5000 rows)', for the DETAIL of a finding. */
std::string
Describe(const Table &table) {
	std::string text = "Table " + table.name + " has " + SizeText(table.bytes);
	if (table.rows >= 0)
		text += " (about " + std::to_string(static_cast<long long>(table.rows)) + " rows)";
	return text;
}

/*
 * RelationBytes: the size of a relation's main fork, found without waiting: when its
 * ACCESS SHARE lock is not free at once, pg_class.relpages (as of the last VACUUM or ANALYZE)
 * stands in.  Plain C, under PgCall.
 */
int64
RelationBytes(Oid relid) {
	char relkind = get_rel_relkind(relid);
	if (!RELKIND_HAS_STORAGE(relkind))
		return 0;
	if (ConditionalLockRelationOid(relid, AccessShareLock)) {
		Relation rel = try_relation_open(relid, NoLock);
		int64 bytes = 0;
		if (rel != nullptr) {
			bytes = static_cast<int64>(RelationGetNumberOfBlocks(rel)) * BLCKSZ;
			relation_close(rel, NoLock);
		}
		UnlockRelationOid(relid, AccessShareLock);
		return bytes;
	}
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return 0;
	int64 bytes = static_cast<int64>(((Form_pg_class)GETSTRUCT(tuple))->relpages) * BLCKSZ;
	ReleaseSysCache(tuple);
	return bytes;
}

/* PlainTable: what LookupTable finds, as plain C data (PgCall returns no C++ objects). */
struct PlainTable {
	Oid oid;
	char *name;
	int64 bytes;
	double rows;
};

/*
 * LookupTable: the existing relation rv names under the caller's search_path, without locking
 * it; oid InvalidOid when there is none (or the name cannot be resolved at all).  A
 * partitioned table counts the size and rows of all its partitions.  Plain C, under PgCall.
 */
PlainTable
LookupTableC(RangeVar *rv) {
	PlainTable found{InvalidOid, nullptr, 0, -1};
	Oid relid = RangeVarGetRelid(rv, NoLock, true);
	if (!OidIsValid(relid))
		return found;
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return found;
	Form_pg_class form = (Form_pg_class)GETSTRUCT(tuple);
	char relkind = form->relkind;
	found.name = quote_qualified_identifier(get_namespace_name(form->relnamespace), NameStr(form->relname));
	ReleaseSysCache(tuple);
	List *members =
	    relkind == RELKIND_PARTITIONED_TABLE ? find_all_inheritors(relid, NoLock, nullptr) : list_make1_oid(relid);
	ListCell *cell;
	bool analyzed = false;
	double rows = 0;
	foreach (cell, members) {
		Oid member = lfirst_oid(cell);
		found.bytes += RelationBytes(member);
		HeapTuple member_tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(member));
		if (HeapTupleIsValid(member_tuple)) {
			float4 reltuples = ((Form_pg_class)GETSTRUCT(member_tuple))->reltuples;
			if (reltuples >= 0) {
				rows += reltuples;
				analyzed = true;
			}
			ReleaseSysCache(member_tuple);
		}
	}
	found.rows = analyzed ? rows : -1;
	found.oid = relid;
	return found;
}

std::optional<Table>
LookupTable(RangeVar *rv) {
	if (rv == nullptr)
		return std::nullopt;
	// A cross-database reference, ...: PostgreSQL reports it at run time.
	std::optional<PlainTable> found = TryPgCall([&] { return LookupTableC(rv); });
	if (!found)
		return std::nullopt;
	const PlainTable &plain = *found;
	if (!OidIsValid(plain.oid))
		return std::nullopt;
	return Table{plain.oid, plain.name, plain.bytes, plain.rows};
}

/* LargeTableBytes: the pg_migrate.lint_large_table setting, in bytes. */
int64_t
LargeTableBytes() {
	return static_cast<int64_t>(lint_large_table_kb) * 1024;
}

/* ColumnType: a column's type and typmod; type InvalidOid when the table has no such column. */
struct ColumnType {
	Oid type;
	int32 typmod;
	bool not_null;
};

ColumnType
LookupColumn(Oid relid, const char *column) {
	return PgCall([&] {
		ColumnType result{InvalidOid, -1, false};
		HeapTuple tuple = SearchSysCacheAttName(relid, column);
		if (!HeapTupleIsValid(tuple))
			return result;
		Form_pg_attribute att = (Form_pg_attribute)GETSTRUCT(tuple);
		result = ColumnType{att->atttypid, att->atttypmod, att->attnotnull};
		ReleaseSysCache(tuple);
		return result;
	});
}

/*
 * TypmodWidens: true when changing typmod from old_mod to new_mod within type keeps every
 * stored value as it is, so PostgreSQL does not rewrite the table (the types whose length
 * coercion has a support function that says so: varchar, varbit, numeric with the same scale,
 * and the time types).
 */
bool
TypmodWidens(Oid type, int32 old_mod, int32 new_mod) {
	if (new_mod == old_mod || new_mod < 0)
		return true;
	if (old_mod < 0)
		return false;
	switch (type) {
		case VARCHAROID:
		case VARBITOID:
		case TIMEOID:
		case TIMETZOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return new_mod >= old_mod;
		case NUMERICOID: {
			int32 old_precision = ((old_mod - VARHDRSZ) >> 16) & 0xffff, old_scale = (old_mod - VARHDRSZ) & 0x7ff;
			int32 new_precision = ((new_mod - VARHDRSZ) >> 16) & 0xffff, new_scale = (new_mod - VARHDRSZ) & 0x7ff;
			return new_scale == old_scale && new_precision >= old_precision;
		}
		default:
			return false;
	}
}

/*
 * TypeChangeRewrites: whether ALTER COLUMN ... TYPE type_name (with or without USING) rewrites
 * the table: no when the column keeps its type with a wider typmod, or the new type is
 * binary-coercible from the old one without a length check (varchar(n) to text); yes
 * otherwise, and whenever there is a USING clause.  A type that does not exist yet counts as
 * a rewrite.
 */
bool
TypeChangeRewrites(const ColumnType &old_type, TypeName *type_name, Node *using_expr) {
	if (using_expr != nullptr)
		return true;
	struct Resolved {
		Oid type;
		int32 typmod;
	};
	std::optional<Resolved> found = TryPgCall([&] {
		Resolved r{InvalidOid, -1};
		Type tup = LookupTypeName(nullptr, type_name, &r.typmod, true);
		if (tup != nullptr) {
			r.type = typeTypeId(tup);
			ReleaseSysCache(tup);
		}
		return r;
	});
	if (!found)
		return true;
	const Resolved &resolved = *found;
	if (!OidIsValid(resolved.type))
		return true;
	if (resolved.type == old_type.type)
		return !TypmodWidens(resolved.type, old_type.typmod, resolved.typmod);
	bool coercible = PgCall([&] { return IsBinaryCoercible(old_type.type, resolved.type); });
	return !(coercible && resolved.typmod < 0);
}

/*
 * HasNotNullCheck: whether the table has a validated CHECK (column IS NOT NULL), which lets
 * SET NOT NULL skip its scan of the table.
 */
bool
HasNotNullCheck(Oid relid, const std::string &column) {
	std::string quoted = PgCall([&] { return quote_identifier(column.c_str()); });
	std::string definition = "CHECK ((" + quoted + " IS NOT NULL))";
	return !SpiExecute("SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid OPERATOR(pg_catalog.=) $1"
	                   " AND c.contype OPERATOR(pg_catalog.=) 'c' AND c.convalidated"
	                   " AND pg_catalog.pg_get_constraintdef(c.oid) OPERATOR(pg_catalog.=) $2",
	                   {SpiArg{OIDOID, ObjectIdGetDatum(relid), false}, SpiArg{TEXTOID, TextDatum(definition), false}},
	                   SPI_OK_SELECT, true)
	            .empty();
}

/* VolatileWalker: true at the first function call that may be volatile (any overload is). */
bool
VolatileWalker(Node *node, void *context) {
	if (node == nullptr)
		return false;
	if (IsA(node, FuncCall)) {
		auto *call = castNode(FuncCall, node);
		FuncCandidateList candidates = FuncnameGetCandidates(call->funcname, -1, NIL, false, false, false, true);
		if (candidates == nullptr)
			return true; // unknown: assume the worst
		for (FuncCandidateList c = candidates; c != nullptr; c = c->next)
			if (func_volatile(c->oid) == PROVOLATILE_VOLATILE)
				return true;
	}
	return raw_expression_tree_walker(node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(VolatileWalker)),
	                                  context);
}

bool
IsSerialType(TypeName *type_name) {
	if (type_name == nullptr || type_name->names == NIL || list_length(type_name->names) > 2 ||
	    type_name->arrayBounds != NIL)
		return false;
	const char *name = strVal(llast(type_name->names));
	if (list_length(type_name->names) == 2 && strcmp(strVal(linitial(type_name->names)), "pg_catalog") != 0)
		return false;
	for (const char *serial : {"smallserial", "serial2", "serial", "serial4", "bigserial", "serial8"})
		if (strcmp(name, serial) == 0)
			return true;
	return false;
}

/*
 * RewritingDefault: why ADD COLUMN def rewrites the table, or "" when it does not: a serial
 * type, an identity, a stored generated column, or a default with a volatile function.
 */
std::string
RewritingDefault(ColumnDef *def) {
	if (IsSerialType(def->typeName))
		return "a serial column fills every row from a sequence";
	ListCell *cell;
	foreach (cell, def->constraints) {
		auto *constraint = lfirst_node(Constraint, cell);
		if (constraint->contype == CONSTR_IDENTITY)
			return "an identity column fills every row from a sequence";
		if (constraint->contype == CONSTR_GENERATED)
			return "a stored generated column is computed for every row";
		if (constraint->contype == CONSTR_DEFAULT && constraint->raw_expr != nullptr) {
			bool is_volatile = TryPgCall([&] { return VolatileWalker(constraint->raw_expr, nullptr); }).value_or(true);
			if (is_volatile)
				return "its default calls a volatile function, evaluated for every row";
		}
	}
	return "";
}

/* Linter: the findings of one section, statement by statement. */
class Linter {
public:
	explicit Linter(std::vector<Finding> &out) : out_(out) {}

	void
	Statement(Node *stmt, std::size_t offset) {
		offset_ = offset;
		switch (nodeTag(stmt)) {
			case T_TransactionStmt:
				Add(kTransactionControl, std::nullopt, NoLock,
				    "transaction control statement " + Quote(PgCall([&] { return CreateCommandName(stmt); })),
				    "migrate_upgrade and migrate_downgrade run every step inside the caller's transaction and refuse "
				    "the revision.",
				    "Remove BEGIN, COMMIT, ROLLBACK and SAVEPOINT from the revision; for statements that must run "
				    "outside a transaction block, declare \"Transactional: false\" in its header.");
				break;
			case T_IndexStmt:
				Index(castNode(IndexStmt, stmt));
				break;
			case T_AlterTableStmt:
				AlterTable(castNode(AlterTableStmt, stmt));
				break;
			case T_DropStmt:
				Drop(castNode(DropStmt, stmt));
				break;
			case T_RenameStmt: {
				auto *rename = castNode(RenameStmt, stmt);
				if (rename->relation != nullptr &&
				    (rename->renameType == OBJECT_TABLE || rename->renameType == OBJECT_COLUMN))
					ExclusiveOnLarge(LookupTable(rename->relation), "ALTER TABLE ... RENAME");
				break;
			}
			case T_TruncateStmt: {
				ListCell *cell;
				foreach (cell, castNode(TruncateStmt, stmt)->relations)
					ExclusiveOnLarge(LookupTable(lfirst_node(RangeVar, cell)), "TRUNCATE");
				break;
			}
			case T_ClusterStmt:
				ExclusiveOnLarge(LookupTable(castNode(ClusterStmt, stmt)->relation), "CLUSTER");
				break;
			case T_VacuumStmt: {
				auto *vacuum = castNode(VacuumStmt, stmt);
				bool full = false;
				ListCell *cell;
				foreach (cell, vacuum->options)
					if (strcmp(lfirst_node(DefElem, cell)->defname, "full") == 0)
						full = PgCall([&] { return defGetBoolean(lfirst_node(DefElem, cell)); });
				if (vacuum->is_vacuumcmd && full)
					foreach (cell, vacuum->rels)
						ExclusiveOnLarge(LookupTable(lfirst_node(VacuumRelation, cell)->relation), "VACUUM FULL");
				break;
			}
			case T_LockStmt: {
				auto *lock = castNode(LockStmt, stmt);
				ListCell *cell;
				if (lock->mode == AccessExclusiveLock)
					foreach (cell, lock->relations)
						ExclusiveOnLarge(LookupTable(lfirst_node(RangeVar, cell)), "LOCK TABLE");
				break;
			}
			default:
				break;
		}
	}

private:
	static std::string
	Quote(const std::string &text) {
		return "\"" + text + "\"";
	}

	void
	Add(const char *rule, const std::optional<Table> &table, LOCKMODE lock, std::string message, std::string detail,
	    std::string hint) {
		Finding finding{rule, offset_, table, lock, std::move(message), std::move(detail), std::move(hint), false};
		out_.push_back(std::move(finding));
	}

	static bool
	NonEmpty(const std::optional<Table> &table) {
		return table && table->bytes > 0;
	}

	/*
	 * ExclusiveOnLarge: access-exclusive-large, for a statement that takes ACCESS EXCLUSIVE on an
	 * existing table of at least pg_migrate.lint_large_table.
	 */
	void
	ExclusiveOnLarge(const std::optional<Table> &table, const std::string &what) {
		if (!table || table->bytes < LargeTableBytes())
			return;
		Add(kAccessExclusiveLarge, table, AccessExclusiveLock,
		    what + " takes an ACCESS EXCLUSIVE lock on large table " + table->name,
		    Describe(*table) + ", at least pg_migrate.lint_large_table (" + SizeText(LargeTableBytes()) +
		        "). The lock blocks every read and write of the table until the transaction ends, and while the "
		        "statement waits for it, every later query on the table waits too.",
		    "Keep pg_migrate.lock_timeout short so the statement gives up instead of queueing, run it when the "
		    "table is quiet, and keep the revision short or use --transaction-per-revision.");
	}

	void
	Index(IndexStmt *index) {
		std::optional<Table> table = LookupTable(index->relation);
		if (index->concurrent || !NonEmpty(table))
			return;
		Add(kIndexNotConcurrent, table, ShareLock,
		    "CREATE INDEX without CONCURRENTLY on non-empty table " + table->name,
		    Describe(*table) + ". The SHARE lock of CREATE INDEX blocks every write to the table while the index is "
		                       "built.",
		    "Build the index with CREATE INDEX CONCURRENTLY in a revision of its own with \"Transactional: false\" "
		    "in its header.");
	}

	void
	AlterTable(AlterTableStmt *alter) {
		if (alter->objtype != OBJECT_TABLE)
			return;
		std::optional<Table> table = LookupTable(alter->relation);
		if (!table)
			return;
		LOCKMODE lock = AccessExclusiveLock;
		try {
			lock = PgCall([&] { return AlterTableGetLockLevel(alter->cmds); });
		} catch (const PgError &) {
		}
		ListCell *cell;
		foreach (cell, alter->cmds) {
			auto *cmd = lfirst_node(AlterTableCmd, cell);
			AlterCommand(*table, cmd, lock);
		}
		if (lock == AccessExclusiveLock)
			ExclusiveOnLarge(table, "ALTER TABLE");
	}

	void
	AlterCommand(const Table &table, AlterTableCmd *cmd, LOCKMODE lock) {
		bool non_empty = table.bytes > 0;
		switch (cmd->subtype) {
			case AT_AlterColumnType: {
				auto *def = castNode(ColumnDef, cmd->def);
				ColumnType old_type = LookupColumn(table.oid, cmd->name);
				if (!non_empty || !OidIsValid(old_type.type) ||
				    !TypeChangeRewrites(old_type, def->typeName, def->raw_default))
					return;
				Add(kColumnTypeRewrite, table, lock,
				    "changing the type of column " + Quote(cmd->name) + " rewrites table " + table.name,
				    Describe(table) + ". ALTER COLUMN ... TYPE rewrites the table and its indexes under an ACCESS "
				                      "EXCLUSIVE lock, which blocks every read and write until it ends.",
				    "Add a new column of the new type, fill it in batches, then switch to it in a later revision; a "
				    "change that only widens (varchar(n) to varchar(m > n) or text) does not rewrite.");
				return;
			}
			case AT_SetNotNull: {
				ColumnType column = LookupColumn(table.oid, cmd->name);
				if (!non_empty || !OidIsValid(column.type) || column.not_null || HasNotNullCheck(table.oid, cmd->name))
					return;
				Add(kSetNotNull, table, lock,
				    "SET NOT NULL on column " + Quote(cmd->name) + " scans table " + table.name,
				    Describe(table) + ". Without a validated CHECK (" + std::string(cmd->name) +
				        " IS NOT NULL), SET NOT NULL reads the whole table under an ACCESS EXCLUSIVE lock.",
				    "In one revision add CHECK (" + std::string(cmd->name) +
				        " IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT it; in a later revision SET NOT NULL (no "
				        "scan) and drop the CHECK.");
				return;
			}
			case AT_AddConstraint: {
				auto *constraint = castNode(Constraint, cmd->def);
				if (!non_empty || constraint->skip_validation ||
				    (constraint->contype != CONSTR_FOREIGN && constraint->contype != CONSTR_CHECK))
					return;
				const char *kind = constraint->contype == CONSTR_FOREIGN ? "FOREIGN KEY" : "CHECK";
				Add(kConstraintNotValid, table, lock,
				    std::string(kind) + " constraint added without NOT VALID to non-empty table " + table.name,
				    Describe(table) + ". The new constraint is checked against every row while the " + LockName(lock) +
				        " lock is held.",
				    "Add the constraint with NOT VALID (new rows are checked at once), then run ALTER TABLE ... "
				    "VALIDATE CONSTRAINT, which takes only a SHARE UPDATE EXCLUSIVE lock, in a later revision.");
				return;
			}
			case AT_AddColumn: {
				auto *def = castNode(ColumnDef, cmd->def);
				if (!non_empty)
					return;
				std::string why = RewritingDefault(def);
				if (why.empty())
					return;
				Add(kVolatileDefault, table, lock,
				    "adding column " + Quote(def->colname) + " rewrites table " + table.name,
				    Describe(table) + "; " + why +
				        ", so the table is rewritten under an ACCESS EXCLUSIVE lock. A constant or stable default "
				        "(now()) is stored once and rewrites nothing.",
				    "Add the column without the default (or with a constant one), set the default with ALTER COLUMN "
				    "... SET DEFAULT, and fill the existing rows in batches.");
				return;
			}
			case AT_DropColumn: {
				if (!OidIsValid(LookupColumn(table.oid, cmd->name).type))
					return;
				Add(kDropColumn, table, lock,
				    "dropping column " + Quote(cmd->name) + " of table " + table.name + " loses its data",
				    Describe(table) + ". The column's values cannot be recovered once the revision is committed; a "
				                      "downgrade brings the column back empty.",
				    "Stop using the column in the application first, back it up if it may be needed, and waive the "
				    "finding with \"-- lint: ignore drop-column\" once that is done.");
				return;
			}
			default:
				return;
		}
	}

	void
	Drop(DropStmt *drop) {
		if (drop->removeType != OBJECT_TABLE)
			return;
		ListCell *cell;
		foreach (cell, drop->objects) {
			List *names = static_cast<List *>(lfirst(cell));
			RangeVar *rv = PgCall([&] { return makeRangeVarFromNameList(names); });
			std::optional<Table> table = LookupTable(rv);
			if (!table)
				continue;
			Add(kDropTable, table, AccessExclusiveLock, "dropping table " + table->name + " loses its data",
			    Describe(*table) + ". Its rows cannot be recovered once the revision is committed; a downgrade "
			                       "brings the table back empty.",
			    "Stop using the table in the application first, back it up (pgmig upgrade --backup, or pg_dump -t) "
			    "if it may be needed, and waive the finding with \"-- lint: ignore drop-table\" once that is done.");
			ExclusiveOnLarge(table, "DROP TABLE");
		}
	}

	std::vector<Finding> &out_;
	std::size_t offset_ = 0;
};

/* Waiver: the rules one "-- lint: ignore ..." comment names, and where it is. */
struct Waiver {
	std::size_t offset;
	std::vector<std::string> rules;
};

/*
 * ParseWaiver: the rules of a comment's text (after "--") when it is "lint: ignore a, b";
 * false when the comment is no waiver.
 */
bool
ParseWaiver(const std::string &comment, std::vector<std::string> &rules) {
	std::size_t i = comment.find_first_not_of(" \t");
	if (i == std::string::npos || comment.compare(i, 5, "lint:") != 0)
		return false;
	i = comment.find_first_not_of(" \t", i + 5);
	if (i == std::string::npos || comment.compare(i, 6, "ignore") != 0)
		return false;
	std::string rule;
	for (i += 6; i <= comment.size(); i++) {
		char c = i < comment.size() ? comment[i] : ' ';
		if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
			if (!rule.empty())
				rules.push_back(rule);
			rule.clear();
		} else {
			rule += c;
		}
	}
	return true;
}

/*
 * Gap: the text between two statements (from just after a semicolon to the next statement's
 * first token): where the next statement really starts, the waivers on lines of their own
 * (they belong to the next statement), and those trailing on the line of the semicolon
 * (they belong to the statement the semicolon ends).
 */
struct Gap {
	std::size_t token = 0;
	std::vector<Waiver> leading, trailing;
};

Gap
ScanGap(const std::string &sql, std::size_t begin, std::size_t end) {
	Gap gap;
	bool first_line = true; // still on the line of the previous statement's semicolon
	std::size_t i = begin;
	while (i < end) {
		char c = sql[i];
		if (c == '\n') {
			first_line = false;
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
		} else if (c == '-' && i + 1 < end && sql[i + 1] == '-') {
			std::size_t eol = sql.find('\n', i);
			if (eol == std::string::npos || eol > end)
				eol = end;
			Waiver waiver{i, {}};
			if (ParseWaiver(sql.substr(i + 2, eol - i - 2), waiver.rules))
				(first_line && begin > 0 ? gap.trailing : gap.leading).push_back(std::move(waiver));
			i = eol;
		} else if (c == '/' && i + 1 < end && sql[i + 1] == '*') {
			int depth = 0;
			while (i < end) {
				if (sql[i] == '/' && i + 1 < end && sql[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (sql[i] == '*' && i + 1 < end && sql[i + 1] == '/') {
					i += 2;
					if (--depth == 0)
						break;
				} else {
					if (sql[i] == '\n')
						first_line = false;
					i++;
				}
			}
		} else {
			break;
		}
	}
	gap.token = i;
	return gap;
}

/*
 * KeepErrorPosition: the error context callback around raw_parser: it takes the syntax error's
 * position into *arg and clears it, before an outer callback (an SQL function's) turns it into
 * a position in its own text.
 */
void
KeepErrorPosition(void *arg) {
	int position = geterrposition();
	if (position > 0) {
		*static_cast<int *>(arg) = position;
		errposition(0);
	}
}

/*
 * LintSection: the findings of one step's SQL, waivers applied.  Each statement's waivers are
 * the "-- lint: ignore" comments on lines of their own just above it (between the previous
 * statement and it) and the one trailing on the line of its own semicolon.
 */
std::vector<Finding>
LintSection(const std::string &sql) {
	std::vector<Finding> findings;
	List *parsed = nullptr;
	int position = 0;
	try {
		parsed = PgCall([&] {
			ErrorContextCallback callback;
			callback.callback = KeepErrorPosition;
			callback.arg = &position;
			callback.previous = error_context_stack;
			error_context_stack = &callback;
			List *list = raw_parser(sql.c_str(), RAW_PARSE_DEFAULT);
			error_context_stack = callback.previous;
			return list;
		});
	} catch (const PgError &e) {
		ErrorData *edata = e.Data();
		std::size_t offset = 0;
		if (position > 0) {
			// The position counts characters from 1.
			int chars = position - 1;
			while (offset < sql.size() && chars-- > 0)
				offset += static_cast<std::size_t>(PgCall([&] { return pg_mblen(sql.c_str() + offset); }));
		}
		Finding finding{kSyntaxError,
		                offset,
		                std::nullopt,
		                NoLock,
		                edata->message ? edata->message : "syntax error",
		                "The SQL cannot be parsed, so nothing after this point was checked, and migrate_upgrade "
		                "will fail here.",
		                "Correct the SQL.",
		                false};
		findings.push_back(std::move(finding));
		return findings;
	}
	Linter linter(findings);
	std::vector<Waiver> unknown;
	struct Span {
		std::size_t token, end;
		std::vector<Waiver> waivers;
	};
	std::vector<Span> spans;
	for (int i = 0; i < list_length(parsed); i++) {
		auto *raw = static_cast<RawStmt *>(list_nth(parsed, i));
		std::size_t begin = raw->stmt_location < 0 ? 0 : static_cast<std::size_t>(raw->stmt_location);
		std::size_t end = raw->stmt_len == 0 ? sql.size() : begin + static_cast<std::size_t>(raw->stmt_len);
		Gap gap = ScanGap(sql, begin, end);
		if (!spans.empty())
			for (Waiver &w : gap.trailing)
				spans.back().waivers.push_back(std::move(w));
		spans.push_back(Span{gap.token, end, std::move(gap.leading)});
		linter.Statement(raw->stmt, gap.token);
	}
	// The comments after the last statement's semicolon: its trailing waiver.
	if (!spans.empty() && spans.back().end < sql.size()) {
		Gap tail = ScanGap(sql, spans.back().end + 1, sql.size());
		for (Waiver &w : tail.trailing)
			spans.back().waivers.push_back(std::move(w));
	}
	std::vector<Finding> extra;
	for (const Span &span : spans)
		for (const Waiver &waiver : span.waivers)
			for (const std::string &rule : waiver.rules) {
				if (kWaivableRules.count(rule) == 0) {
					extra.push_back(Finding{kUnknownWaiver, waiver.offset, std::nullopt, NoLock,
					                        "unknown lint rule \"" + rule + "\" in a waiver",
					                        "A \"-- lint: ignore\" comment names rules that do not exist, so it waives "
					                        "nothing.",
					                        "Use the rule names migrate_lint reports (see \"Lint\" in "
					                        "docs/maintenance.md).",
					                        false});
					continue;
				}
				for (Finding &finding : findings)
					if (finding.offset == span.token && rule == finding.rule)
						finding.waived = true;
			}
	for (Finding &f : extra)
		findings.push_back(std::move(f));
	return findings;
}

/*
 * MigrateLint: plan as migrate_plan does (same errors), then lint each step's SQL.  One row per
 * finding, in plan order, then file order; waived ones too, marked.
 */
Datum
MigrateLint(FunctionCallInfo fcinfo) {
	Direction direction = DirectionArg(fcinfo, 0);
	if (PG_ARGISNULL(1))
		throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null");
	std::string target = TextArg(fcinfo, 1);
	SrfWriter out(fcinfo);
	SpiConnection spi;
	CatalogPlan planned = PlanFromCatalog(direction, target);
	const Plan &plan = planned.plan;
	const std::map<std::string, StepSource> &sources = planned.sources;
	struct Row {
		std::string revision, file_name;
		std::size_t line;
		Finding finding;
	};
	std::vector<Row> rows;
	for (const Step &step : plan.steps) {
		auto source = sources.find(step.revision);
		if (source == sources.end() || !source->second.sql)
			continue;
		const std::string &sql = *source->second.sql;
		for (Finding &finding : LintSection(sql)) {
			std::size_t line = FileLineAt(source->second.first_line, sql, finding.offset);
			rows.push_back(Row{step.revision, source->second.file_name, line, std::move(finding)});
		}
	}
	spi.Finish();

	for (const Row &row : rows) {
		const Finding &f = row.finding;
		Datum values[12] = {TextDatum(row.revision),
		                    TextDatum(row.file_name),
		                    Int32GetDatum(static_cast<int32>(row.line)),
		                    TextDatum(f.rule),
		                    f.table ? TextDatum(f.table->name) : (Datum)0,
		                    f.table ? Int64GetDatum(f.table->bytes) : (Datum)0,
		                    f.table && f.table->rows >= 0 ? Int64GetDatum(static_cast<int64>(f.table->rows)) : (Datum)0,
		                    f.lock != NoLock ? TextDatum(LockName(f.lock)) : (Datum)0,
		                    TextDatum(f.message),
		                    TextDatum(f.detail),
		                    TextDatum(f.hint),
		                    BoolGetDatum(f.waived)};
		bool nulls[12] = {
		    false, false, false, false, !f.table, !f.table, !(f.table && f.table->rows >= 0), f.lock == NoLock,
		    false, false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_lint);
Datum
migrate_lint(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateLint, fcinfo);
}

} // extern "C"
