/*
 * catalog.cpp: SPI reads and writes of the pg_migrate tables, and the migration lock
 * (catalog.hpp).  Statements are constants with typed parameters, schema-qualified down to
 * the operators, functions and collations, because migrate_upgrade keeps the caller's
 * search_path, which may put any schema before pg_catalog.  They name no type (parameters are
 * typed by OID) and use no unqualified operator, function, collation or cast; ORDER BY uses
 * the column type's default sort operator, found by OID, not by name.
 */
#include "extension/catalog.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/lock_safety.hpp"
#include "extension/integrity.hpp"
#include "extension/run.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <memory>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "datatype/timestamp.h"
}

namespace pgm::pg {

namespace {

/* The advisory lock key of pg_migrate (catalog_names.hpp), as PostgreSQL's int8. */
constexpr int64 kLockKey = pgm::kMigrationLockKey;

/* 40001 serialization_failure: the caller's snapshot predates a committed migration. */
constexpr const char *kSerializationFailure = "40001";

/*
 * Every row but its SQL and file, unordered: LoadCatalog sorts them by file name, then id,
 * bytewise (the "C" collation's order) in memory, which is cheaper than an executor sort that
 * spills to disk once the catalog outgrows work_mem.  uploaded_at is read as the timestamptz it is.
 */
constexpr const char *kSelectRevisions = "SELECT id, parents, branch_labels, depends_on, message, file_name,"
                                         " downgrade_sql IS NOT NULL, transactional, checksum, uploaded_by, uploaded_at"
                                         " FROM " PGM_CATALOG_SCHEMA ".revision";

/* The columns planning needs (LoadPlanningCatalog), unordered as kSelectRevisions. */
constexpr const char *kSelectPlanningRevisions =
    "SELECT id, parents, branch_labels, depends_on, message, file_name,"
    " downgrade_sql IS NOT NULL, transactional FROM " PGM_CATALOG_SCHEMA ".revision";

/*
 * The planner's estimate of the number of revisions (pg_class.reltuples, set by VACUUM,
 * ANALYZE and CREATE INDEX; -1 before any of them): only a hint to reserve memory once
 * instead of growing the vector of revisions many times.
 */
constexpr const char *kEstimateRevisions =
    "SELECT reltuples::pg_catalog.int8 FROM pg_catalog.pg_class"
    " WHERE oid OPERATOR(pg_catalog.=) '" PGM_CATALOG_SCHEMA ".revision'::pg_catalog.regclass";

/*
 * Whether pg_migrate.folder_state has the column of the stored planning graph (0.8.0); the
 * library may be newer than the installed SQL objects (before ALTER EXTENSION UPDATE).
 */
constexpr const char *kHasStoredGraph =
    "SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid OPERATOR(pg_catalog.=)"
    " pg_catalog.to_regclass('" PGM_CATALOG_SCHEMA ".folder_state') AND attname OPERATOR(pg_catalog.=) 'graph'"
    " AND NOT attisdropped)";

/*
 * The stored planning graph (RevisionGraph::Encode), written by migrate_upload with the folder
 * state and deleted with it (the trigger folder_state_forget) by any other write of
 * pg_migrate.revision: while the row is there, it is the graph of the table's rows.
 */
constexpr const char *kSelectStoredGraph =
    "SELECT graph FROM " PGM_CATALOG_SCHEMA ".folder_state WHERE graph IS NOT NULL";

/*
 * Whether the version table holds exactly the stored folder's real heads (both sorted bytewise)
 * and, unless $1, the target "head" has a single head to resolve to: then upgrading to head
 * (or heads) has nothing to do (migrate_nothing_to_do's test, without the folder's digest).
 */
constexpr const char *kStoredHeadsAreCurrent =
    "SELECT s.heads OPERATOR(pg_catalog.=) (SELECT COALESCE(pg_catalog.array_agg(v.revision ORDER BY v.revision"
    " COLLATE pg_catalog.\"C\"), '{}') FROM " PGM_CATALOG_SCHEMA ".version v)"
    " AND ($1 OR s.head_count OPERATOR(pg_catalog.=) 1) FROM " PGM_CATALOG_SCHEMA ".folder_state s";

constexpr const char *kSelectUploaders = "SELECT id, uploaded_by, uploaded_at FROM " PGM_CATALOG_SCHEMA ".revision"
                                         " WHERE id OPERATOR(pg_catalog.=) ANY ($1)";

/* Rows fetched at a time by the cursors of LoadCatalog and LoadStepSources. */
constexpr long kCatalogBatch = 1000;
constexpr long kScriptBatch = 64;

constexpr const char *kSelectHeads =
    "SELECT revision FROM " PGM_CATALOG_SCHEMA ".version ORDER BY revision COLLATE pg_catalog.\"C\"";

/*
 * The stored file of each step and its checksum: the SQL a step runs is parsed from the file,
 * never read from upgrade_sql or downgrade_sql (integrity.hpp).
 */
constexpr const char *kSelectScripts = "SELECT id, file_name, script, checksum FROM " PGM_CATALOG_SCHEMA ".revision"
                                       " WHERE id OPERATOR(pg_catalog.=) ANY ($1)";

/*
 * Every column a file is parsed into, and the file (StoredRowDifferences), $2 rows at a time in id
 * order after id $1 (the primary key's order), so the scripts are never all in memory at once.
 */
constexpr const char *kSelectStoredRows =
    "SELECT id, parents, branch_labels, depends_on, message, create_date, file_name, upgrade_sql, downgrade_sql,"
    " transactional, checksum, script FROM " PGM_CATALOG_SCHEMA ".revision WHERE id OPERATOR(pg_catalog.>) $1"
    " ORDER BY id LIMIT $2";

/* A re-upload of the same bytes by another role makes that role the uploader (ClaimUploads). */
constexpr const char *kClaimUploads =
    "UPDATE " PGM_CATALOG_SCHEMA ".revision SET uploaded_by = $2, uploaded_at = pg_catalog.now()"
    " WHERE id OPERATOR(pg_catalog.=) ANY ($1)";

/*
 * uploaded_at as microseconds since the Unix epoch (exact: extract returns numeric), so it
 * does not go through the session's DateStyle and back.
 */
constexpr const char *kSelectDetails =
    "SELECT id, create_date, upgrade_sql, downgrade_sql,"
    " pg_catalog.int8(pg_catalog.extract('epoch', uploaded_at) OPERATOR(pg_catalog.*) 1000000), uploaded_by"
    " FROM " PGM_CATALOG_SCHEMA ".revision WHERE id OPERATOR(pg_catalog.=) ANY ($1)";

constexpr const char *kUpsertRevision =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".revision (id, parents, branch_labels, depends_on, message, create_date,"
    " file_name, upgrade_sql, downgrade_sql, transactional, checksum, script, uploaded_at, uploaded_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, pg_catalog.now(), $13)"
    " ON CONFLICT (id) DO UPDATE SET parents = EXCLUDED.parents, branch_labels = EXCLUDED.branch_labels,"
    " depends_on = EXCLUDED.depends_on, message = EXCLUDED.message, create_date = EXCLUDED.create_date,"
    " file_name = EXCLUDED.file_name, upgrade_sql = EXCLUDED.upgrade_sql,"
    " downgrade_sql = EXCLUDED.downgrade_sql, transactional = EXCLUDED.transactional,"
    " checksum = EXCLUDED.checksum, script = EXCLUDED.script, uploaded_at = EXCLUDED.uploaded_at,"
    " uploaded_by = EXCLUDED.uploaded_by";

/*
 * kInsertRevisions: NewRevisions's rows, one per element of $1 to $12 (arrays of equal length).  The array
 * columns come as the text of an array each ($2 to $4: a text[] of array literals) and are read
 * back by the cast.
 */
constexpr const char *kInsertRevisions =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".revision (id, parents, branch_labels, depends_on, message, create_date,"
    " file_name, upgrade_sql, downgrade_sql, transactional, checksum, script, uploaded_at, uploaded_by)"
    " SELECT r.id, r.parents::pg_catalog.text[], r.branch_labels::pg_catalog.text[],"
    " r.depends_on::pg_catalog.text[], r.message, r.create_date, r.file_name, r.upgrade_sql, r.downgrade_sql,"
    " r.transactional, r.checksum, r.script, pg_catalog.now(), $13"
    " FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]), pg_catalog.unnest($2::pg_catalog.text[]),"
    " pg_catalog.unnest($3::pg_catalog.text[]), pg_catalog.unnest($4::pg_catalog.text[]),"
    " pg_catalog.unnest($5::pg_catalog.text[]), pg_catalog.unnest($6::pg_catalog.text[]),"
    " pg_catalog.unnest($7::pg_catalog.text[]), pg_catalog.unnest($8::pg_catalog.text[]),"
    " pg_catalog.unnest($9::pg_catalog.text[]), pg_catalog.unnest($10::pg_catalog.bool[]),"
    " pg_catalog.unnest($11::pg_catalog.text[]), pg_catalog.unnest($12::pg_catalog.text[]))"
    " AS r(id, parents, branch_labels, depends_on, message, create_date, file_name, upgrade_sql, downgrade_sql,"
    " transactional, checksum, script)";

constexpr const char *kDeleteRevisions =
    "DELETE FROM " PGM_CATALOG_SCHEMA ".revision WHERE id OPERATOR(pg_catalog.=) ANY ($1)";

/*
 * The statement that writes the log (WriteLog).  It runs as the catalog's owner, so the role is
 * the caller's, passed as $8.  Inside a migration call with a pg_migrate.run row (0.3.0), the
 * second form also sets run_id ($9); the first works with the catalog of 0.2.0 too, between the
 * library's update and ALTER EXTENSION UPDATE.
 */
#define PGM_INSERT_LOG                                                                                                 \
	"INSERT INTO " PGM_CATALOG_SCHEMA ".log (revision, direction, started_at, duration, role, session_role,"           \
	" application_name, client_addr, checksum, outcome, reason"
#define PGM_INSERT_LOG_VALUES                                                                                          \
	" VALUES ($1, $2, $3, $4, $8, SESSION_USER, pg_catalog.current_setting('application_name'),"                       \
	" pg_catalog.inet_client_addr(), $5, $6, $7"
constexpr const char *kInsertLog = PGM_INSERT_LOG ")" PGM_INSERT_LOG_VALUES ")";
/* WriteLogs: the same columns, one row per element of $1 to $7, in their order. */
#define PGM_INSERT_LOGS_SELECT                                                                                         \
	" SELECT l.revision, l.direction, l.started_at, l.duration, $8, SESSION_USER,"                                     \
	" pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(), l.checksum, l.outcome, l.reason"
#define PGM_INSERT_LOGS_FROM                                                                                           \
	" FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]), pg_catalog.unnest($2::pg_catalog.text[]),"             \
	" pg_catalog.unnest($3::pg_catalog.timestamptz[]), pg_catalog.unnest($4::pg_catalog.interval[]),"                  \
	" pg_catalog.unnest($5::pg_catalog.text[]), pg_catalog.unnest($6::pg_catalog.text[]),"                             \
	" pg_catalog.unnest($7::pg_catalog.text[])) WITH ORDINALITY AS l(revision, direction, started_at, duration, "      \
	"checksum, outcome, reason, n) ORDER BY l.n"
constexpr const char *kInsertLogs = PGM_INSERT_LOG ")" PGM_INSERT_LOGS_SELECT PGM_INSERT_LOGS_FROM;
constexpr const char *kInsertLogsOfRun = PGM_INSERT_LOG ", run_id)" PGM_INSERT_LOGS_SELECT ", $9" PGM_INSERT_LOGS_FROM;
constexpr const char *kInsertLogOfRun = PGM_INSERT_LOG ", run_id)" PGM_INSERT_LOG_VALUES ", $9)";

constexpr const char *kSelectChecksum =
    "SELECT checksum FROM " PGM_CATALOG_SCHEMA ".revision WHERE id OPERATOR(pg_catalog.=) $1";

/*
 * The checksum of the newest log row of each revision that applied or accepted a script
 * (upgrade, stamp, repair; $1 holds those directions; failed rows left out).  The newest row is the one with the
 * highest id, the order in which the rows were written.
 */
constexpr const char *kSelectAppliedChecksums =
    "SELECT DISTINCT ON (revision) revision, checksum FROM " PGM_CATALOG_SCHEMA ".log"
    " WHERE direction OPERATOR(pg_catalog.=) ANY ($1) AND revision OPERATOR(pg_catalog.=) ANY ($2)"
    " AND outcome OPERATOR(pg_catalog.<>) 'failed'"
    " ORDER BY revision, id DESC";

/* Microseconds from the Unix epoch to PostgreSQL's (2000-01-01). */
constexpr int64 kUnixToPostgresEpochUs =
    static_cast<int64>(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * USECS_PER_SEC;

constexpr const char *kDeleteVersion = "DELETE FROM " PGM_CATALOG_SCHEMA ".version";

constexpr const char *kInsertVersion =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".version (revision) SELECT pg_catalog.unnest($1)";

/*
 * A fingerprint of the catalog's row versions: it changes with every committed upload,
 * migration or stamp.  Only schema-qualified functions and aggregates.
 */
constexpr const char *kSelectFingerprint =
    "SELECT pg_catalog.md5(pg_catalog.concat_ws('|',"
    " (SELECT pg_catalog.string_agg(pg_catalog.concat(xmin, '/', ctid), ',' ORDER BY ctid) FROM " PGM_CATALOG_SCHEMA
    ".revision),"
    " (SELECT pg_catalog.string_agg(pg_catalog.concat(xmin, '/', ctid), ',' ORDER BY ctid) FROM " PGM_CATALOG_SCHEMA
    ".version),"
    " (SELECT pg_catalog.max(id) FROM " PGM_CATALOG_SCHEMA ".log)))";

constexpr const char *kSelectLockHolder =
    "SELECT pid FROM pg_catalog.pg_locks WHERE locktype OPERATOR(pg_catalog.=) 'advisory'"
    " AND database OPERATOR(pg_catalog.=) $1 AND classid OPERATOR(pg_catalog.=) $2"
    " AND objid OPERATOR(pg_catalog.=) $3 AND objsubid OPERATOR(pg_catalog.=) 1 AND granted LIMIT 1";

/*
 * Execute: one of the catalog's own statements, as the catalog's owner (integrity.hpp): the
 * caller needs no privilege on the tables, only EXECUTE on the function that calls this.
 */
std::vector<SpiRow>
Execute(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only) {
	CatalogOwnerScope owner;
	return SpiExecute(sql, args, expected, read_only);
}

/*
 * ExecuteKept: Execute with the plan kept for the session (SpiExecuteKept), for per-step
 * statements and the upload's batches (generic_plan as SpiExecuteKept's).
 */
std::vector<SpiRow>
ExecuteKept(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only, bool generic_plan = false) {
	CatalogOwnerScope owner;
	return SpiExecuteKept(sql, args, expected, read_only, generic_plan);
}

std::vector<SpiRow>
ExecuteLatest(const char *sql) {
	CatalogOwnerScope owner;
	return SpiExecuteLatest(sql);
}

SpiArg
Text(std::string_view value, const char *what = "text value") {
	return {TEXTOID, TextDatum(value, what), false};
}

SpiArg
Utf8Text(std::string_view value, const std::string &file_name, const char *field) {
	return {TEXTOID, TextDatumFromUtf8(value, Utf8Source{file_name.c_str(), field}), false};
}

SpiArg
TextArray(const std::vector<std::string> &values) {
	return {TEXTARRAYOID, TextArrayDatum(values), false};
}

SpiArg
Utf8TextArray(const std::vector<std::string> &values, const std::string &file_name, const char *field) {
	Utf8Source source{file_name.c_str(), field};
	return {TEXTARRAYOID, TextArrayDatum(values, &source), false};
}

SpiArg
Oid32(uint32 value) {
	return {OIDOID, ObjectIdGetDatum(value), false};
}

/* LockHolderDetail: "Process N holds it." when pg_locks still shows the holder. */
std::string
LockHolderDetail() {
	auto rows = Execute(kSelectLockHolder,
	                    {Oid32(MyDatabaseId), Oid32(static_cast<uint32>(static_cast<uint64>(kLockKey) >> 32)),
	                     Oid32(static_cast<uint32>(static_cast<uint64>(kLockKey) & 0xFFFFFFFF))},
	                    SPI_OK_SELECT, false);
	if (rows.empty() || rows[0][0].is_null)
		return {};
	return "Process " + rows[0][0].text + " holds it.";
}

/*
 * CheckSnapshotIsCurrent: a REPEATABLE READ or SERIALIZABLE caller took its snapshot when its
 * statement (or transaction) began, before it had the lock; if another session changed the
 * catalog and committed in between, this snapshot would plan from a stale state.  Compare the
 * catalog seen by the transaction snapshot with the latest committed one.  Both reads see this
 * transaction's own changes up to now: "mine" runs with read_only = false, so SPI advances the
 * command counter and runs it under the transaction snapshot with the current command id (with
 * read_only = true it would run under the calling statement's snapshot, which misses what an
 * earlier call in the same statement wrote, and report a false 40001).
 */
void
CheckSnapshotIsCurrent() {
	std::vector<SpiRow> mine = Execute(kSelectFingerprint, {}, SPI_OK_SELECT, false);
	std::vector<SpiRow> latest = ExecuteLatest(kSelectFingerprint);
	if (mine.at(0).at(0).text != latest.at(0).at(0).text)
		throw MigError(kSerializationFailure, "could not serialize access due to a concurrent migration",
		               "Another session changed the pg_migrate catalog after this transaction took its snapshot.",
		               "Retry the transaction.");
}

/* OptionalText: a text parameter, NULL for nullopt. */
SpiArg
OptionalText(const std::optional<std::string> &value, const char *what) {
	return value ? Text(*value, what) : SpiArg{TEXTOID, (Datum)0, true};
}

} // namespace

void
LockCatalog() {
	bool locked = PgCall(
	    [] { return DatumGetBool(DirectFunctionCall1(pg_try_advisory_xact_lock_int8, Int64GetDatum(kLockKey))); });
	if (locked) {
		if (IsolationUsesXactSnapshot())
			CheckSnapshotIsCurrent();
		return;
	}
	if (IsolationUsesXactSnapshot()) {
		std::string detail = LockHolderDetail();
		if (!detail.empty())
			detail += " ";
		detail += "A REPEATABLE READ or SERIALIZABLE transaction cannot wait for it, because its snapshot would not "
		          "show the other session's changes.";
		throw MigError(sqlstate::kLockNotAvailable, "could not obtain migration lock", detail,
		               "Wait for the other migration to finish, or run this one in a READ COMMITTED transaction.");
	}
	WaitForMigrationLock(false);
}

CatalogState
LoadCatalog(bool read_only) {
	std::vector<CatalogRevision> rows;
	{
		CatalogOwnerScope owner;
		SpiForEach(kSelectRevisions, {}, read_only, kCatalogBatch, [&](const SpiTuple &row) {
			CatalogRevision &entry = rows.emplace_back();
			row.Text(0, entry.rev.id);
			entry.rev.parents = row.TextArray(1);
			entry.rev.branch_labels = row.TextArray(2);
			entry.rev.depends_on = row.TextArray(3);
			row.Text(4, entry.rev.message);
			row.Text(5, entry.file_name);
			entry.rev.reversible = row.Bool(6);
			entry.rev.transactional = row.Bool(7);
			row.Text(8, entry.checksum);
			row.Text(9, entry.uploaded_by);
			entry.uploaded_at = static_cast<TimestampTz>(row.Int64(10));
			entry.rev.source = entry.file_name;
		});
	}
	// Load order: file name, then id, bytewise (std::string compares as unsigned bytes, as
	// the "C" collation does).
	std::vector<std::size_t> order(rows.size());
	for (std::size_t i = 0; i < order.size(); i++)
		order[i] = i;
	std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
		int by_file = rows[a].file_name.compare(rows[b].file_name);
		return by_file != 0 ? by_file < 0 : rows[a].rev.id < rows[b].rev.id;
	});
	CatalogState state;
	state.revisions.reserve(rows.size());
	for (std::size_t i : order)
		state.revisions.push_back(std::move(rows[i]));
	for (SpiRow &row : Execute(kSelectHeads, {}, SPI_OK_SELECT, read_only))
		state.heads.push_back(std::move(row[0].text));
	return state;
}

namespace {

/* HasStoredGraph: whether the installed SQL objects keep a planning graph (0.8.0). */
bool
HasStoredGraph(bool read_only) {
	std::vector<SpiRow> rows = ExecuteKept(kHasStoredGraph, {}, SPI_OK_SELECT, read_only);
	return !rows.empty() && rows[0][0].boolean;
}

/*
 * LoadStoredGraph: the stored planning graph into graph; false when there is none (no upload
 * since the last other write of pg_migrate.revision, or the row predates 0.8.0) or it is not a
 * value this library reads (another format version, damaged): then the caller reads the table.
 */
bool
LoadStoredGraph(bool read_only, RevisionGraph &graph) {
	if (!HasStoredGraph(read_only))
		return false;
	bool decoded = false;
	SpiForEach(kSelectStoredGraph, {}, read_only, 1, [&](const SpiTuple &row) {
		row.View(0, [&](std::string_view blob) { decoded = RevisionGraph::Decode(blob, graph); });
	});
	return decoded;
}

} // namespace

bool
WithStoredGraph(const std::function<void(std::string_view blob, const std::vector<std::string> &heads)> &use) {
	CatalogOwnerScope owner;
	if (!HasStoredGraph(true))
		return false;
	std::vector<std::string> heads;
	for (SpiRow &row : ExecuteKept(kSelectHeads, {}, SPI_OK_SELECT, true))
		heads.push_back(std::move(row[0].text));
	bool found = false;
	SpiForEach(kSelectStoredGraph, {}, true, 1,
	           [&](const SpiTuple &row) { found = row.View(0, [&](std::string_view blob) { use(blob, heads); }); });
	return found;
}

bool
StoredPlanIsEmpty(Direction direction, const std::string &target) {
	if (direction != Direction::kUpgrade || (target != "head" && target != "heads"))
		return false;
	CatalogOwnerScope owner;
	if (!HasStoredGraph(true))
		return false;
	std::vector<SpiRow> rows =
	    ExecuteKept(kStoredHeadsAreCurrent, {{BOOLOID, BoolGetDatum(target == "heads"), false}}, SPI_OK_SELECT, true);
	return !rows.empty() && !rows[0][0].is_null && rows[0][0].boolean;
}

PlanningCatalog
LoadPlanningCatalog(bool read_only) {
	PlanningCatalog catalog;
	bool stored;
	{
		CatalogOwnerScope owner;
		stored = LoadStoredGraph(read_only, catalog.graph);
	}
	if (stored) {
		PgCall([&] {
			elog(DEBUG1, "pg_migrate: planning from the stored graph of %zu revisions",
			     catalog.graph.Revisions().size());
		});
		for (SpiRow &row : ExecuteKept(kSelectHeads, {}, SPI_OK_SELECT, read_only))
			catalog.heads.push_back(std::move(row[0].text));
		return catalog;
	}
	PgCall([] { elog(DEBUG1, "pg_migrate: planning from the rows of pg_migrate.revision"); });
	std::vector<Revision> revisions;
	{
		CatalogOwnerScope owner;
		for (SpiRow &row : ExecuteKept(kEstimateRevisions, {}, SPI_OK_SELECT, read_only)) {
			// A little more than the estimate: it may lag behind the last upload.
			long long estimate = std::strtoll(row[0].text.c_str(), nullptr, 10);
			if (estimate > 0 && estimate < 100000000)
				revisions.reserve(static_cast<std::size_t>(estimate) + static_cast<std::size_t>(estimate) / 8 + 64);
		}
		SpiForEach(kSelectPlanningRevisions, {}, read_only, kCatalogBatch, [&](const SpiTuple &row) {
			Revision &rev = revisions.emplace_back();
			row.Text(0, rev.id);
			rev.parents = row.TextArray(1);
			rev.branch_labels = row.TextArray(2);
			rev.depends_on = row.TextArray(3);
			row.Text(4, rev.message);
			row.Text(5, rev.source);
			rev.reversible = row.Bool(6);
			rev.transactional = row.Bool(7);
		});
	}
	// Load order, as LoadCatalog's: file name, then id, bytewise.  A table read in upload order
	// is usually sorted already: check that in one pass before sorting.
	auto load_order = [](const Revision &a, const Revision &b) {
		int by_file = a.source.compare(b.source);
		return by_file != 0 ? by_file < 0 : a.id < b.id;
	};
	if (!std::is_sorted(revisions.begin(), revisions.end(), load_order))
		std::sort(revisions.begin(), revisions.end(), load_order);
	catalog.graph = RevisionGraph::Build(std::move(revisions));
	for (SpiRow &row : ExecuteKept(kSelectHeads, {}, SPI_OK_SELECT, read_only))
		catalog.heads.push_back(std::move(row[0].text));
	return catalog;
}

std::map<std::string, Uploader>
LoadUploaders(const std::vector<std::string> &ids, bool read_only) {
	std::map<std::string, Uploader> uploaders;
	if (ids.empty())
		return uploaders;
	std::string id;
	CatalogOwnerScope owner;
	SpiForEach(kSelectUploaders, {TextArray(ids)}, read_only, kCatalogBatch, [&](const SpiTuple &row) {
		row.Text(0, id);
		Uploader &entry = uploaders[id];
		row.Text(1, entry.role);
		entry.at = static_cast<TimestampTz>(row.Int64(2));
	});
	return uploaders;
}

RevisionGraph
BuildCatalogGraph(const CatalogState &state) {
	std::vector<Revision> revisions;
	revisions.reserve(state.revisions.size());
	for (const CatalogRevision &entry : state.revisions)
		revisions.push_back(entry.rev);
	return RevisionGraph::Build(std::move(revisions));
}

Direction
DirectionArg(FunctionCallInfo fcinfo, int argno) {
	if (PG_ARGISNULL(argno))
		throw MigError(sqlstate::kNullValueNotAllowed, "direction must not be null", "",
		               "Use \"upgrade\" or \"downgrade\".");
	return ParseDirection(TextArg(fcinfo, argno));
}

std::map<std::string, StepSource>
LoadStepSources(const std::vector<std::string> &ids, Direction direction, bool read_only) {
	std::map<std::string, StepSource> sources;
	if (ids.empty())
		return sources;
	// A cursor, a few files at a time: only the section a step runs is kept, never every file
	// at once (nor SPI's copy of them).
	std::string id, file_name, script, checksum;
	CatalogOwnerScope owner;
	SpiForEach(kSelectScripts, {TextArray(ids)}, read_only, kScriptBatch, [&](const SpiTuple &row) {
		row.Text(0, id);
		row.Text(1, file_name);
		row.Text(2, script);
		row.Text(3, checksum);
		RevisionFile file = ParseStoredScript(id, file_name, script, checksum);
		StepSource &source = sources[id];
		if (direction == Direction::kUpgrade)
			source.sql = std::move(file.upgrade_sql);
		else
			source.sql = std::move(file.downgrade_sql);
		source.checksum = checksum;
		source.file_name = file_name;
		// The file line of the section's first line, for the CONTEXT of its errors.
		std::size_t line = direction == Direction::kUpgrade ? file.upgrade_line : file.downgrade_line;
		if (line > 0)
			source.first_line = line;
	});
	return sources;
}

std::map<std::string, RevisionDetails>
LoadRevisionDetails(const std::vector<std::string> &ids, bool read_only) {
	std::map<std::string, RevisionDetails> details;
	for (SpiRow &row : Execute(kSelectDetails, {TextArray(ids)}, SPI_OK_SELECT, read_only)) {
		RevisionDetails &entry = details[row[0].text];
		entry.create_date = std::move(row[1].text);
		entry.upgrade_sql = std::move(row[2].text);
		if (!row[3].is_null)
			entry.downgrade_sql = std::move(row[3].text);
		entry.uploaded_at = static_cast<TimestampTz>(std::stoll(row[4].text)) - kUnixToPostgresEpochUs;
		entry.uploaded_by = std::move(row[5].text);
	}
	return details;
}

void
UpsertRevision(const RevisionFile &file, const std::string &file_name, std::string_view script) {
	const std::string &f = file_name;
	// converted in the columns' order (a braced list is evaluated in order), as NewRevisions::Add
	// converts them: a file that fails in two fields names the same one either way
	Execute(kUpsertRevision,
	        {Utf8Text(file.rev.id, f, "revision id"), Utf8TextArray(file.rev.parents, f, "parents"),
	         Utf8TextArray(file.rev.branch_labels, f, "branch labels"),
	         Utf8TextArray(file.rev.depends_on, f, "dependencies"), Utf8Text(file.rev.message, f, "message"),
	         Utf8Text(file.create_date, f, "create date"), Text(file_name, "file name"),
	         Utf8Text(file.upgrade_sql, f, "upgrade SQL"),
	         file.downgrade_sql ? Utf8Text(*file.downgrade_sql, f, "downgrade SQL") : SpiArg{TEXTOID, 0, true},
	         SpiArg{BOOLOID, BoolGetDatum(file.rev.transactional), false}, Utf8Text(file.checksum, f, "checksum"),
	         Utf8Text(script, f, "text"), Text(CallerName(), "role")},
	        SPI_OK_INSERT, false);
}

namespace {

/* ArrayLiteral: values as the text of a text[] ("{"a","b"}"), every element quoted. */
std::string
ArrayLiteral(const std::vector<std::string> &values) {
	std::string out = "{";
	for (const std::string &value : values) {
		if (out.size() > 1)
			out += ',';
		out += '"';
		for (char c : value) {
			if (c == '"' || c == '\\')
				out += '\\';
			out += c;
		}
		out += '"';
	}
	return out + "}";
}

/* ArrayOf: a one-dimensional array of these elements (NULL where nulls says, when given). */
Datum
ArrayOf(std::vector<Datum> &elements, Oid type, int16 length, bool by_value, char align,
        const std::vector<bool> *nulls = nullptr) {
	int count = static_cast<int>(elements.size());
	std::unique_ptr<bool[]> null_flags;
	if (nulls != nullptr) {
		null_flags = std::make_unique<bool[]>(elements.size());
		for (std::size_t i = 0; i < elements.size(); i++)
			null_flags[i] = (*nulls)[i];
	}
	return PgCall([&] {
		int dims[1] = {count};
		int lower_bounds[1] = {1};
		return PointerGetDatum(construct_md_array(elements.data(), null_flags.get(), 1, dims, lower_bounds, type,
		                                          length, by_value, align));
	});
}

} // namespace

void
NewRevisions::Add(const RevisionFile &file, const std::string &file_name, std::string_view script) {
	const std::string &f = file_name;
	auto utf8 = [&f](std::string_view value, const char *field) {
		return TextDatumFromUtf8(value, Utf8Source{f.c_str(), field});
	};
	// Every value converted first, in the columns' order (as UpsertRevision), then room made in
	// every column: a failure leaves the columns as they were, all of one length.
	Datum row[] = {utf8(file.rev.id, "revision id"),
	               utf8(ArrayLiteral(file.rev.parents), "parents"),
	               utf8(ArrayLiteral(file.rev.branch_labels), "branch labels"),
	               utf8(ArrayLiteral(file.rev.depends_on), "dependencies"),
	               utf8(file.rev.message, "message"),
	               utf8(file.create_date, "create date"),
	               TextDatum(file_name, "file name"),
	               utf8(file.upgrade_sql, "upgrade SQL"),
	               file.downgrade_sql ? utf8(*file.downgrade_sql, "downgrade SQL") : Datum(0),
	               BoolGetDatum(file.rev.transactional),
	               utf8(file.checksum, "checksum"),
	               utf8(script, "text")};
	std::array<std::vector<Datum> *, 12> columns = Columns();
	static_assert(std::size(row) == std::tuple_size_v<decltype(columns)>, "one value per column");
	for (std::vector<Datum> *column : columns)
		column->reserve(column->size() + 1);
	no_downgrade_.reserve(no_downgrade_.size() + 1);
	for (std::size_t c = 0; c < columns.size(); c++)
		columns[c]->push_back(row[c]); // cannot throw: room was made
	no_downgrade_.push_back(!file.downgrade_sql);
	bytes_ += script.size() + file.upgrade_sql.size() + (file.downgrade_sql ? file.downgrade_sql->size() : 0);
}

void
NewRevisions::Write() {
	if (ids_.empty())
		return;
	auto text = [](std::vector<Datum> &elements) {
		return SpiArg{TEXTARRAYOID, ArrayOf(elements, TEXTOID, -1, false, TYPALIGN_INT), false};
	};
	// generic: a custom plan would hold a copy of every array (a batch is megabytes)
	ExecuteKept(kInsertRevisions,
	            {text(ids_), text(parents_), text(branch_labels_), text(depends_on_), text(messages_),
	             text(create_dates_), text(file_names_), text(upgrade_sql_),
	             SpiArg{TEXTARRAYOID, ArrayOf(downgrade_sql_, TEXTOID, -1, false, TYPALIGN_INT, &no_downgrade_), false},
	             SpiArg{BOOLARRAYOID, ArrayOf(transactional_, BOOLOID, 1, true, TYPALIGN_CHAR), false},
	             text(checksums_), text(scripts_), Text(CallerName(), "role")},
	            SPI_OK_INSERT, false, true);
	for (std::vector<Datum> *column : Columns())
		column->clear();
	no_downgrade_.clear();
	bytes_ = 0;
}

void
DeleteRevisions(const std::vector<std::string> &ids) {
	if (!ids.empty())
		Execute(kDeleteRevisions, {TextArray(ids)}, SPI_OK_DELETE, false);
}

void
WriteLog(const LogRow &row) {
	int64 run = CurrentRunId();
	std::vector<SpiArg> args{Text(row.revision),
	                         Text(row.direction),
	                         SpiArg{TIMESTAMPTZOID, TimestampTzGetDatum(row.started_at), false},
	                         SpiArg{INTERVALOID, row.duration, false},
	                         OptionalText(row.checksum, "checksum"),
	                         Text(row.outcome),
	                         OptionalText(row.reason, "reason"),
	                         Text(CallerName(), "role")};
	if (run > 0)
		args.push_back({INT8OID, Int64GetDatum(run), false});
	ExecuteKept(run > 0 ? kInsertLogOfRun : kInsertLog, args, SPI_OK_INSERT, false);
}

namespace {

/* NullableTextArray: a text[] parameter whose nullopt elements are NULL. */
SpiArg
NullableTextArray(const std::vector<std::optional<std::string>> &values, const char *what) {
	std::vector<Datum> elements(values.size(), (Datum)0);
	std::unique_ptr<bool[]> nulls(new bool[values.size() + 1]);
	for (std::size_t i = 0; i < values.size(); i++) {
		nulls[i] = !values[i];
		if (values[i])
			elements[i] = TextDatum(*values[i], what);
	}
	int dims[1] = {static_cast<int>(values.size())};
	int lbs[1] = {1};
	return {TEXTARRAYOID, PgCall([&] {
		        return PointerGetDatum(
		            construct_md_array(elements.data(), nulls.get(), 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
	        }),
	        false};
}

/* FixedArray: an array parameter of a fixed-length type (timestamptz, interval) without NULLs. */
SpiArg
FixedArray(const std::vector<Datum> &values, Oid array_type, Oid element_type, int16 length, bool by_value) {
	return {array_type, PgCall([&] {
		        return PointerGetDatum(construct_array(const_cast<Datum *>(values.data()),
		                                               static_cast<int>(values.size()), element_type, length, by_value,
		                                               TYPALIGN_DOUBLE));
	        }),
	        false};
}

} // namespace

void
WriteLogs(const std::vector<LogRow> &rows) {
	if (rows.empty())
		return;
	std::vector<std::string> revisions, directions;
	std::vector<std::optional<std::string>> checksums, outcomes, reasons;
	std::vector<Datum> started, durations;
	for (const LogRow &row : rows) {
		revisions.push_back(row.revision);
		directions.emplace_back(row.direction);
		started.push_back(TimestampTzGetDatum(row.started_at));
		durations.push_back(row.duration);
		checksums.push_back(row.checksum);
		outcomes.emplace_back(std::string(row.outcome));
		reasons.push_back(row.reason);
	}
	int64 run = CurrentRunId();
	std::vector<SpiArg> args{
	    TextArray(revisions),
	    TextArray(directions),
	    FixedArray(started, TIMESTAMPTZARRAYOID, TIMESTAMPTZOID, sizeof(TimestampTz), FLOAT8PASSBYVAL),
	    FixedArray(durations, INTERVALARRAYOID, INTERVALOID, sizeof(Interval), false),
	    NullableTextArray(checksums, "checksum"),
	    NullableTextArray(outcomes, "outcome"),
	    NullableTextArray(reasons, "reason"),
	    Text(CallerName(), "role")};
	if (run > 0)
		args.push_back({INT8OID, Int64GetDatum(run), false});
	ExecuteKept(run > 0 ? kInsertLogsOfRun : kInsertLogs, args, SPI_OK_INSERT, false);
}

std::optional<std::string>
LoadChecksum(const std::string &revision) {
	std::vector<SpiRow> rows = Execute(kSelectChecksum, {Text(revision)}, SPI_OK_SELECT, false);
	if (rows.empty() || rows[0][0].is_null)
		return std::nullopt;
	return std::move(rows[0][0].text);
}

std::map<std::string, std::optional<std::string>>
LoadAppliedChecksums(const std::vector<std::string> &ids, bool read_only) {
	std::map<std::string, std::optional<std::string>> checksums;
	for (SpiRow &row : Execute(kSelectAppliedChecksums, {TextArray({"upgrade", "stamp", "repair"}), TextArray(ids)},
	                           SPI_OK_SELECT, read_only)) {
		std::optional<std::string> &checksum = checksums[row[0].text];
		if (!row[1].is_null)
			checksum = std::move(row[1].text);
	}
	return checksums;
}

void
WriteVersion(const std::vector<std::string> &current, const std::vector<std::string> &heads) {
	std::vector<std::string> before = current;
	std::vector<std::string> after = heads;
	std::sort(before.begin(), before.end());
	std::sort(after.begin(), after.end());
	if (before == after)
		return;
	Execute(kDeleteVersion, {}, SPI_OK_DELETE, false);
	Execute(kInsertVersion, {TextArray(heads)}, SPI_OK_INSERT, false);
}

namespace {

/*
 * ForEachStoredRevision: every row of pg_migrate.revision, whole, in id order, a batch of
 * kStoredRowBatch rows at a time (the rows hold every script twice, as file and as sections).
 */
constexpr int32 kStoredRowBatch = 32;

void
ForEachStoredRevision(bool read_only, const std::function<void(const StoredRevision &)> &each) {
	std::string after;
	for (;;) {
		std::vector<SpiRow> rows =
		    Execute(kSelectStoredRows, {Text(after), {INT4OID, Int32GetDatum(kStoredRowBatch), false}}, SPI_OK_SELECT,
		            read_only);
		for (SpiRow &row : rows) {
			StoredRevision entry;
			entry.id = std::move(row[0].text);
			entry.parents = std::move(row[1].array);
			entry.branch_labels = std::move(row[2].array);
			entry.depends_on = std::move(row[3].array);
			entry.message = std::move(row[4].text);
			entry.create_date = std::move(row[5].text);
			entry.file_name = std::move(row[6].text);
			entry.upgrade_sql = std::move(row[7].text);
			if (!row[8].is_null)
				entry.downgrade_sql = std::move(row[8].text);
			entry.transactional = row[9].boolean;
			entry.checksum = std::move(row[10].text);
			entry.script = std::move(row[11].text);
			after = entry.id;
			each(entry);
		}
		if (rows.size() < static_cast<size_t>(kStoredRowBatch))
			return;
	}
}

} // namespace

std::map<std::string, std::vector<std::string>>
FindCorruptedRows(bool read_only) {
	std::map<std::string, std::vector<std::string>> corrupted;
	ForEachStoredRevision(read_only, [&](const StoredRevision &row) {
		std::vector<std::string> differ = StoredRowDifferences(row);
		if (!differ.empty())
			corrupted[row.id] = std::move(differ);
	});
	return corrupted;
}

void
ClaimUploads(const std::vector<std::string> &ids) {
	if (!ids.empty())
		Execute(kClaimUploads, {TextArray(ids), Text(CallerName(), "role")}, SPI_OK_UPDATE, false);
}

CatalogPlan
PlanFromCatalog(Direction direction, const std::string &target, bool with_sources) {
	PlanningCatalog catalog = LoadPlanningCatalog(true);
	RevisionGraph &graph = catalog.graph;
	Plan plan = direction == Direction::kUpgrade ? PlanUpgrade(graph, catalog.heads, target)
	                                             : PlanDowngrade(graph, catalog.heads, target);
	std::map<std::string, StepSource> sources;
	if (with_sources) {
		std::vector<std::string> ids;
		ids.reserve(plan.steps.size());
		for (const Step &step : plan.steps)
			ids.push_back(step.revision);
		sources = LoadStepSources(ids, direction, true);
	}
	return CatalogPlan{std::move(graph), std::move(plan), std::move(sources)};
}

} // namespace pgm::pg
