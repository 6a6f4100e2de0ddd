/*
 * ddl_guard.cpp: drift and guard (ddl_guard.hpp).
 *
 * Three event trigger functions, installed by the extension script:
 *   migrate_ddl_guard        ddl_command_start  with pg_migrate.guard on, refuse DDL outside
 *                                               migrations before it runs (55000)
 *   migrate_ddl_record       ddl_command_end    record the commands in pg_migrate.drift
 *   migrate_ddl_record_drop  sql_drop           record the dropped objects in pg_migrate.drift
 * They run for every DDL statement of every role in the database, so they are kept small and
 * in plain C style (no C++ object, so an ERROR may longjmp through them): a few flag checks
 * return at once inside migrations, in extension scripts and with the guard off.  The records
 * are written as the owner of pg_migrate.drift (as PostgreSQL's RI triggers act as the table's
 * owner), so the roles that run DDL need no privilege on the catalog; the role recorded is the
 * one that ran the DDL.
 *
 * Of the objects a DROP removes, those it names are recorded and, of those a CASCADE takes with
 * them, whole objects (a view, a function; not a column default).
 *
 * Temporary objects are not drift: CREATE TEMP TABLE and friends are neither recorded nor
 * refused.  Neither are CREATE/ALTER EXTENSION pg_migrate (installing and updating pg_migrate).
 *
 * The schema snapshot is copy-on-write.  A run (RecordSchemaSnapshot) stores a pending row: the
 * heads, a cheap catalog fingerprint (migrate_schema_fingerprint()) and no snapshot, since the
 * live schema is the one the run left until something changes it.  migrate_ddl_guard, before a
 * DDL statement outside a migration runs (and before ALTER EXTENSION pg_migrate), materialises
 * the newest row if it is pending: it INSERTs a copy with migrate_snapshot(), in one statement
 * that reads the row and the catalogs under one snapshot.  It only inserts and never locks or
 * deletes a row a run may be deleting, so a DDL transaction waiting for a migration's locks
 * cannot deadlock with that migration's end; a copy that lost such a race belongs to an older
 * run (its taken_at) and the newest row wins.
 *
 * RecordSchemaSnapshot and migrate_drift_clear are ordinary C++ under the guard (guard.hpp).
 */
#include "extension/ddl_guard.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "extension/catalog.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <optional>
#include <string>

extern "C" {
#include "postgres.h"
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "tcop/cmdtag.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace pgm::pg {

bool guard_enabled = false;

void
DefineDriftSettings() {
	DefineCustomBoolVariable("pg_migrate.guard", "Refuses DDL run outside migrations.",
	                         "DDL run by migrate_upgrade, migrate_downgrade, pgmig upgrade and extension scripts "
	                         "is allowed; so are temporary objects.",
	                         &guard_enabled, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
}

namespace {

/*
 * The statements that record DDL.  $1 is the role that ran it (current_user before the
 * switch to the table's owner), $2 the command tag (sql_drop only).  Commands of extension
 * scripts, temporary objects and pg_migrate itself are left out.
 */
constexpr const char *kInsertCommands =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".drift (role, session_role, application_name, client_addr, command_tag,"
    " object_type, object_identity, schema)"
    " SELECT $1, SESSION_USER, pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(),"
    " c.command_tag, c.object_type, c.object_identity, c.schema_name"
    " FROM pg_catalog.pg_event_trigger_ddl_commands() c"
    " WHERE NOT c.in_extension AND c.schema_name IS DISTINCT FROM 'pg_temp'"
    " AND NOT (c.object_type OPERATOR(pg_catalog.=) 'extension'"
    " AND c.object_identity OPERATOR(pg_catalog.=) 'pg_migrate')";

constexpr const char *kInsertDropped =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".drift (role, session_role, application_name, client_addr, command_tag,"
    " object_type, object_identity, schema)"
    " SELECT $1, SESSION_USER, pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(),"
    " $2, d.object_type, d.object_identity, d.schema_name"
    " FROM pg_catalog.pg_event_trigger_dropped_objects() d"
    " WHERE (d.original OR d.normal AND d.object_type OPERATOR(pg_catalog.=) ANY ('{table,view,materialized view,"
    "foreign table,sequence,index,function,procedure,aggregate,type,domain,trigger,policy}'))"
    " AND NOT d.is_temporary"
    " AND NOT (d.object_type OPERATOR(pg_catalog.=) 'extension'"
    " AND d.object_identity OPERATOR(pg_catalog.=) 'pg_migrate')";

/* The schema of migrate_snapshot(), quoted (the extension is not relocatable, but its schema is chosen). */
constexpr const char *kSelectExtensionSchema =
    "SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_extension e"
    " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"
    " WHERE e.extname OPERATOR(pg_catalog.=) 'pg_migrate'";

constexpr const char *kDeleteSnapshot = "DELETE FROM " PGM_CATALOG_SCHEMA ".schema_snapshot";

/* The heads of pg_migrate.version as a sorted array, the value of schema_snapshot.heads. */
#define PGM_SELECT_HEADS                                                                                               \
	"coalesce((SELECT pg_catalog.array_agg(revision ORDER BY revision) FROM " PGM_CATALOG_SCHEMA ".version), '{}')"

/*
 * The newest row of pg_migrate.schema_snapshot, a materialised copy before a pending row of the
 * same run (same taken_at).  pgmig drift reads the row the same way.
 */
#define PGM_NEWEST_SNAPSHOT_ROW                                                                                        \
	"SELECT heads, taken_at, snapshot, fingerprint FROM " PGM_CATALOG_SCHEMA ".schema_snapshot"                        \
	" ORDER BY taken_at DESC, snapshot IS NULL LIMIT 1"

/* Whether the newest row is pending: the cheap test each DDL statement outside a migration makes. */
constexpr const char *kSelectPending = "SELECT 1 FROM (" PGM_NEWEST_SNAPSHOT_ROW ") p WHERE p.snapshot IS NULL";

/*
 * Materialise the newest row if it is still pending, %s being the quoted schema of
 * migrate_snapshot(): the row and the catalogs are read under the statement's one snapshot.
 */
constexpr const char *kMaterialiseFormat =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".schema_snapshot (heads, taken_at, snapshot, fingerprint)"
    " SELECT p.heads, p.taken_at, %s.migrate_snapshot(), p.fingerprint FROM (" PGM_NEWEST_SNAPSHOT_ROW ") p"
    " WHERE p.snapshot IS NULL";

constexpr const char *kDeleteDrift =
    "WITH d AS (DELETE FROM " PGM_CATALOG_SCHEMA ".drift WHERE $1 IS NULL OR id OPERATOR(pg_catalog.<=) $1"
    " RETURNING 1) SELECT pg_catalog.count(*) FROM d";

/*
 * CatalogTableOwner: the owner of the catalog table pg_migrate.<relname>; InvalidOid when it
 * does not exist (an extension older than the library, or one being dropped).
 */
Oid
CatalogTableOwner(const char *relname) {
	Oid nsp = get_namespace_oid(PGM_CATALOG_SCHEMA, true);
	if (!OidIsValid(nsp))
		return InvalidOid;
	Oid relid = get_relname_relid(relname, nsp);
	if (!OidIsValid(relid))
		return InvalidOid;
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return InvalidOid;
	Oid owner = ((Form_pg_class)GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/* InsideMigration: DDL that belongs to a migration or an extension script. */
bool
InsideMigration() {
	return creating_extension || InMigration() || InSessionApply();
}

/* IsTemporaryRelation: rv names (or creates) a temporary relation. */
bool
IsTemporaryRelation(const RangeVar *rv) {
	if (rv == nullptr)
		return false;
	if (rv->relpersistence == RELPERSISTENCE_TEMP)
		return true;
	if (rv->schemaname != nullptr && strcmp(rv->schemaname, "pg_temp") == 0)
		return true;
	Oid relid = RangeVarGetRelid(rv, NoLock, true);
	return OidIsValid(relid) && get_rel_persistence(relid) == RELPERSISTENCE_TEMP;
}

/*
 * TouchesOnlyTemporary: the statement (seen at ddl_command_start, before it runs) creates,
 * changes or drops temporary relations only.  Only the common statements are recognised; the
 * others count as schema changes.
 */
bool
TouchesOnlyTemporary(Node *stmt) {
	switch (nodeTag(stmt)) {
		case T_CreateStmt:
			return IsTemporaryRelation(castNode(CreateStmt, stmt)->relation);
		case T_CreateTableAsStmt:
			return IsTemporaryRelation(castNode(CreateTableAsStmt, stmt)->into->rel);
		case T_ViewStmt:
			return IsTemporaryRelation(castNode(ViewStmt, stmt)->view);
		case T_CreateSeqStmt:
			return IsTemporaryRelation(castNode(CreateSeqStmt, stmt)->sequence);
		case T_AlterSeqStmt:
			return IsTemporaryRelation(castNode(AlterSeqStmt, stmt)->sequence);
		case T_IndexStmt:
			return IsTemporaryRelation(castNode(IndexStmt, stmt)->relation);
		case T_AlterTableStmt:
			return IsTemporaryRelation(castNode(AlterTableStmt, stmt)->relation);
		case T_RenameStmt:
			return IsTemporaryRelation(castNode(RenameStmt, stmt)->relation);
		case T_DropStmt: {
			auto *drop = castNode(DropStmt, stmt);
			switch (drop->removeType) {
				case OBJECT_TABLE:
				case OBJECT_VIEW:
				case OBJECT_SEQUENCE:
				case OBJECT_INDEX:
				case OBJECT_MATVIEW:
					break;
				default:
					return false;
			}
			ListCell *cell;
			foreach (cell, drop->objects) {
				if (!IsTemporaryRelation(makeRangeVarFromNameList(static_cast<List *>(lfirst(cell)))))
					return false;
			}
			return drop->objects != NIL;
		}
		default:
			return false;
	}
}

/* IsOwnExtension: ALTER EXTENSION pg_migrate UPDATE (updating pg_migrate is not drift). */
bool
IsOwnExtension(Node *stmt) {
	return IsA(stmt, AlterExtensionStmt) && strcmp(castNode(AlterExtensionStmt, stmt)->extname, "pg_migrate") == 0;
}

/* DropsOwnExtension: DROP EXTENSION pg_migrate (its snapshot goes with it). */
bool
DropsOwnExtension(Node *stmt) {
	if (!IsA(stmt, DropStmt) || castNode(DropStmt, stmt)->removeType != OBJECT_EXTENSION)
		return false;
	ListCell *cell;
	foreach (cell, castNode(DropStmt, stmt)->objects) {
		if (strcmp(strVal(lfirst(cell)), "pg_migrate") == 0)
			return true;
	}
	return false;
}

/*
 * HasFingerprintColumn: pg_migrate.schema_snapshot has the 0.6.0 layout (a nullable snapshot and
 * a fingerprint), so a pending row may be stored; false for an older installed version, which
 * the library of a newer package still serves.  Plain C (syscache lookups).
 */
bool
HasFingerprintColumn() {
	Oid nsp = get_namespace_oid(PGM_CATALOG_SCHEMA, true);
	if (!OidIsValid(nsp))
		return false;
	Oid relid = get_relname_relid("schema_snapshot", nsp);
	return OidIsValid(relid) && get_attnum(relid, "fingerprint") != InvalidAttrNumber;
}

/* MaterialiseContext: the CONTEXT line of an error while the pending snapshot is stored. */
void
MaterialiseContext(void *) {
	errcontext("storing the schema snapshot of the last migration before this DDL statement changes the schema");
}

/*
 * MaterialisePendingSnapshot: before DDL outside a migration changes the schema, store
 * migrate_snapshot() for the newest row of pg_migrate.schema_snapshot if it is pending (the
 * schema is still the one the last run left).  One SPI query when nothing is pending.  Runs as
 * the owner of the table, as RecordSchemaSnapshot does; plain C: an ERROR aborts the
 * transaction, whose cleanup restores the user id and closes SPI.
 */
void
MaterialisePendingSnapshot() {
	Oid owner = CatalogTableOwner("schema_snapshot");
	if (!OidIsValid(owner) || !HasFingerprintColumn())
		return;
	Oid saved_user;
	int saved_context;
	GetUserIdAndSecContext(&saved_user, &saved_context);
	SetUserIdAndSecContext(owner, saved_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	int rc = SPI_execute(kSelectPending, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	if (SPI_processed > 0) {
		rc = SPI_execute(kSelectExtensionSchema, false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
		char *schema = SPI_processed > 0 ? SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1) : nullptr;
		if (schema != nullptr) {
			ErrorContextCallback callback;
			callback.callback = MaterialiseContext;
			callback.arg = nullptr;
			callback.previous = error_context_stack;
			error_context_stack = &callback;
			rc = SPI_execute(psprintf(kMaterialiseFormat, schema), false, 0);
			if (rc != SPI_OK_INSERT)
				elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
			error_context_stack = callback.previous;
		}
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	SetUserIdAndSecContext(saved_user, saved_context);
}

/*
 * PushSafeSearchPath: search_path = pg_catalog, pg_temp until PopSearchPath(level), as a
 * function's SET clause would do (fmgr_security_definer), but only around the SPI work of the
 * event trigger functions.  Since 0.9.0 they have no SET clause: the clause cost a GUC nest
 * level and a search path recomputation on every DDL statement of every migration step, where
 * the functions return at once, and it made TouchesOnlyTemporary resolve unqualified names
 * with another search_path than the statement's own (an explicit "public, pg_temp" dropped
 * public.t while the check looked at pg_temp.t).  Plain C; an ERROR's transaction or
 * subtransaction abort restores the setting.
 */
int
PushSafeSearchPath() {
	int level = NewGUCNestLevel();
	(void)set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
	                        false);
	return level;
}

void
PopSearchPath(int level) {
	AtEOXact_GUC(true, level);
}

/* EventData: the trigger data of an event trigger call; an error when called otherwise. */
EventTriggerData *
EventData(FunctionCallInfo fcinfo, const char *function) {
	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR, errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		        errmsg("function %s must be called by an event trigger", function));
	return reinterpret_cast<EventTriggerData *>(fcinfo->context);
}

/*
 * RecordDrift: run one of the INSERT statements above as the owner of pg_migrate.drift, with
 * the role that ran the DDL as $1 and, unless tag is nullptr, the command tag as $2.  Plain C: an ERROR aborts the
 * transaction, whose cleanup restores the user id and closes the SPI connection.
 */
void
RecordDrift(const char *sql, const char *tag) {
	Oid owner = CatalogTableOwner("drift");
	if (!OidIsValid(owner))
		return;
	char *role = GetUserNameFromId(GetUserId(), false);
	Oid saved_user;
	int saved_context;
	GetUserIdAndSecContext(&saved_user, &saved_context);
	SetUserIdAndSecContext(owner, saved_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	Oid types[2] = {TEXTOID, TEXTOID};
	Datum values[2] = {CStringGetTextDatum(role), tag != nullptr ? CStringGetTextDatum(tag) : (Datum)0};
	int nargs = tag != nullptr ? 2 : 1;
	int rc = SPI_execute_with_args(sql, nargs, types, values, nullptr, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	SetUserIdAndSecContext(saved_user, saved_context);
}

/*
 * AsTableOwner: act as role (the owner of a catalog table) for the lifetime of the object, as
 * RecordDrift does; the destructor restores the caller (SetUserIdAndSecContext cannot fail).
 */
class AsTableOwner {
public:
	explicit AsTableOwner(Oid role) {
		GetUserIdAndSecContext(&saved_user_, &saved_context_);
		SetUserIdAndSecContext(role, saved_context_ | SECURITY_LOCAL_USERID_CHANGE);
	}
	~AsTableOwner() { SetUserIdAndSecContext(saved_user_, saved_context_); }
	AsTableOwner(const AsTableOwner &) = delete;
	AsTableOwner &operator=(const AsTableOwner &) = delete;

private:
	Oid saved_user_ = InvalidOid;
	int saved_context_ = 0;
};

/*
 * MigrateDriftClear: acknowledge the drift: delete the recorded DDL (up to id up_to, all when
 * NULL) and take the live schema as the new snapshot, under the migration lock so no migration
 * runs in between.  Returns the number of records deleted.
 */
Datum
MigrateDriftClear(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_drift_clear");
	CheckNotInMigration("migrate_drift_clear");
	SpiArg up_to{INT8OID, PG_ARGISNULL(0) ? (Datum)0 : PG_GETARG_DATUM(0), PG_ARGISNULL(0)};
	int64 deleted = 0;
	SpiConnection spi;
	LockCatalog();
	Oid owner = PgCall([] { return CatalogTableOwner("drift"); });
	if (!OidIsValid(owner))
		throw MigError(sqlstate::kObjectNotInPrerequisiteState, "table pg_migrate.drift does not exist",
		               "The installed version of the extension pg_migrate is older than its library.",
		               "Update it with ALTER EXTENSION pg_migrate UPDATE.");
	{
		AsTableOwner as_owner(owner);
		std::vector<SpiRow> rows = SpiExecute(kDeleteDrift, {up_to}, SPI_OK_SELECT, false);
		deleted = std::stoll(rows.at(0).at(0).text);
	}
	RecordSchemaSnapshot();
	spi.Finish();
	return Int64GetDatum(deleted);
}

} // namespace

void
RecordSchemaSnapshot() {
	Oid owner = PgCall([] { return CatalogTableOwner("schema_snapshot"); });
	if (!OidIsValid(owner))
		return;
	std::vector<SpiRow> schema = SpiExecute(kSelectExtensionSchema, {}, SPI_OK_SELECT, true);
	if (schema.empty())
		return;
	bool pending = PgCall([] { return HasFingerprintColumn(); });
	std::string insert;
	if (pending) {
		// clock_timestamp(), not now(): taken_at orders the runs, and a run's transaction may
		// have begun before the one it follows committed.
		insert = "INSERT INTO " PGM_CATALOG_SCHEMA ".schema_snapshot (heads, taken_at, snapshot, fingerprint)"
		         " SELECT " PGM_SELECT_HEADS ", pg_catalog.clock_timestamp(), NULL, ";
		insert += schema[0][0].text;
		insert += ".migrate_schema_fingerprint()";
	} else {
		insert = "INSERT INTO " PGM_CATALOG_SCHEMA ".schema_snapshot (heads, snapshot) SELECT " PGM_SELECT_HEADS ", ";
		insert += schema[0][0].text;
		insert += ".migrate_snapshot()";
	}
	AsTableOwner as_owner(owner);
	SpiExecute(kDeleteSnapshot, {}, SPI_OK_DELETE, false);
	SpiExecute(insert.c_str(), {}, SPI_OK_INSERT, false);
}

} // namespace pgm::pg

extern "C" {

/*
 * migrate_ddl_guard: ddl_command_start; refuses the command under pg_migrate.guard, and
 * otherwise stores the pending schema snapshot before the command changes the schema (also
 * before ALTER EXTENSION pg_migrate, which replaces objects the fingerprint covers).
 */
PG_FUNCTION_INFO_V1(migrate_ddl_guard);
Datum
migrate_ddl_guard(PG_FUNCTION_ARGS) {
	EventTriggerData *data = pgm::pg::EventData(fcinfo, "migrate_ddl_guard");
	if (pgm::pg::InsideMigration() || pgm::pg::TouchesOnlyTemporary(data->parsetree))
		PG_RETURN_VOID();
	if (pgm::pg::guard_enabled && !pgm::pg::IsOwnExtension(data->parsetree)) {
		const char *tag = GetCommandTagName(data->tag);
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		        errmsg("cannot run %s outside a migration", tag),
		        errdetail("pg_migrate.guard is on, so the schema of this database changes only through migrations."),
		        errhint("Put the change in a revision and run \"pgmig upgrade\"; in an emergency, SET pg_migrate.guard "
		                "= off first."));
	}
	if (!pgm::pg::DropsOwnExtension(data->parsetree)) {
		int level = pgm::pg::PushSafeSearchPath();
		pgm::pg::MaterialisePendingSnapshot();
		pgm::pg::PopSearchPath(level);
	}
	PG_RETURN_VOID();
}

/* migrate_ddl_record: ddl_command_end; records the commands run outside migrations. */
PG_FUNCTION_INFO_V1(migrate_ddl_record);
Datum
migrate_ddl_record(PG_FUNCTION_ARGS) {
	EventTriggerData *data = pgm::pg::EventData(fcinfo, "migrate_ddl_record");
	if (pgm::pg::InsideMigration())
		PG_RETURN_VOID();
	(void)data;
	int level = pgm::pg::PushSafeSearchPath();
	pgm::pg::RecordDrift(pgm::pg::kInsertCommands, nullptr);
	pgm::pg::PopSearchPath(level);
	PG_RETURN_VOID();
}

/* migrate_ddl_record_drop: sql_drop; records the objects dropped outside migrations. */
PG_FUNCTION_INFO_V1(migrate_ddl_record_drop);
Datum
migrate_ddl_record_drop(PG_FUNCTION_ARGS) {
	EventTriggerData *data = pgm::pg::EventData(fcinfo, "migrate_ddl_record_drop");
	if (pgm::pg::InsideMigration())
		PG_RETURN_VOID();
	const char *tag = GetCommandTagName(data->tag);
	int level = pgm::pg::PushSafeSearchPath();
	pgm::pg::RecordDrift(pgm::pg::kInsertDropped, tag);
	pgm::pg::PopSearchPath(level);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(migrate_drift_clear);
Datum
migrate_drift_clear(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateDriftClear, fcinfo);
}

} // extern "C"
