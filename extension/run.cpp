/*
 * run.cpp: the checks and the record of one migration call before its first step (run.hpp).
 */
#include "extension/run.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <malloc.h>
#include <map>
#include <vector>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "access/xlog_internal.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "commands/dbcommands.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/pg_lsn.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"
}

namespace pgm::pg {

namespace {

/* 42501 insufficient_privilege. */
constexpr const char *kInsufficientPrivilege = "42501";

/* The settings (DefineRunSettings). */
char *backup_file = nullptr;
char *trusted_uploaders = nullptr;
bool require_own_uploads = false;

/* The current run and the transaction nest level that wrote it. */
int64 current_run = 0;
int current_run_nest_level = 0;

/* Whether this session was told already why its runs get no restore point. */
bool told_no_restore_point = false;

/* Written as the catalog's owner (integrity.hpp); the caller's name is $1. */
constexpr const char *kInsertRun =
    "INSERT INTO " PGM_CATALOG_SCHEMA ".run (started_at, role, session_role, direction, target, wal_lsn, backup_file)"
    " VALUES (pg_catalog.now(), $1, SESSION_USER, $2, $3, $4, $5) RETURNING id";

constexpr const char *kSetRestorePoint =
    "UPDATE " PGM_CATALOG_SCHEMA ".run SET restore_point = $2 WHERE id OPERATOR(pg_catalog.=) $1";

/* TrustedUploaders: the role names of pg_migrate.trusted_uploaders; empty: every role. */
std::vector<std::string>
TrustedUploaders() {
	std::vector<std::string> names;
	if (trusted_uploaders == nullptr || trusted_uploaders[0] == '\0')
		return names;
	List *list = PgCall([] {
		List *parsed = nullptr;
		char *copy = pstrdup(trusted_uploaders);
		if (!SplitIdentifierString(copy, ',', &parsed))
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			        errmsg("invalid list syntax in parameter \"%s\"", "pg_migrate.trusted_uploaders"));
		return parsed;
	});
	ListCell *cell;
	foreach (cell, list)
		names.emplace_back(static_cast<const char *>(lfirst(cell)));
	return names;
}

/* TimeText: a timestamptz as the session prints it. */
std::string
TimeText(TimestampTz time) {
	return std::string(PgCall([&] { return timestamptz_to_str(time); }));
}

/* RestorePointRefusal: why the caller cannot create a restore point now; empty when it can. */
std::string
RestorePointRefusal() {
	if (!XLogIsNeeded())
		return "wal_level is minimal, and a restore point needs wal_level replica or logical.";
	AclResult acl = PgCall([] { return pg_proc_aclcheck(F_PG_CREATE_RESTORE_POINT, GetUserId(), ACL_EXECUTE); });
	if (acl != ACLCHECK_OK)
		return "Role \"" + CallerName() + "\" may not call pg_create_restore_point(text).";
	return {};
}

/* RestorePointName: "pg_migrate-<database>-<run id>", within PostgreSQL's 63 bytes. */
std::string
RestorePointName(int64 run) {
	std::string suffix = "-" + std::to_string(run);
	const char *database = PgCall([] { return static_cast<const char *>(get_database_name(MyDatabaseId)); });
	std::string name = database != nullptr ? database : "";
	int room = MAXFNAMELEN - 1 - static_cast<int>(std::string("pg_migrate-").size() + suffix.size());
	int keep = PgCall([&] { return pg_mbcliplen(name.c_str(), static_cast<int>(name.size()), room); });
	return "pg_migrate-" + name.substr(0, static_cast<size_t>(keep)) + suffix;
}

/* HasRunTable: whether the catalog has pg_migrate.run (0.3.0 and later). */
bool
HasRunTable() {
	return PgCall([] {
		Oid schema = get_namespace_oid(PGM_CATALOG_SCHEMA, false);
		return OidIsValid(get_relname_relid("run", schema));
	});
}

} // namespace

void
DefineRunSettings() {
	{
		DefineCustomStringVariable("pg_migrate.backup_file",
		                           "The backup file made before the next migration, recorded in pg_migrate.run.",
		                           "pgmig upgrade --backup sets it with SET LOCAL; empty: none.", &backup_file, "",
		                           PGC_USERSET, 0, nullptr, nullptr, nullptr);
		DefineCustomStringVariable("pg_migrate.trusted_uploaders",
		                           "Roles whose uploaded revisions a migration runs besides the caller's own.",
		                           "A comma-separated list of role names; empty trusts every role.", &trusted_uploaders,
		                           "", PGC_USERSET, GUC_LIST_INPUT, nullptr, nullptr, nullptr);
		DefineCustomBoolVariable("pg_migrate.require_own_uploads",
		                         "Runs only revisions the calling role uploaded itself.", nullptr, &require_own_uploads,
		                         false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
	}
}

void
CheckUploaders(const RevisionGraph &graph, const Plan &plan) {
	if (plan.steps.empty())
		return;
	std::string caller = CallerName();
	std::vector<std::string> trusted = TrustedUploaders();
	std::vector<std::string> ids;
	ids.reserve(plan.steps.size());
	for (const Step &step : plan.steps)
		ids.push_back(step.revision);
	std::map<std::string, Uploader> uploaders = LoadUploaders(ids, false);
	for (const Step &step : plan.steps) {
		auto found = uploaders.find(step.revision);
		const Revision *rev = graph.Find(step.revision);
		if (found == uploaders.end() || rev == nullptr || found->second.role == caller)
			continue;
		const std::string &id = rev->id;
		const std::string &uploaded_by = found->second.role;
		std::string uploaded = "Revision \"" + id + "\" (file \"" + rev->source + "\") was uploaded by role \"" +
		                       uploaded_by + "\" at " + TimeText(found->second.at) + ".";
		std::string refusal;
		if (require_own_uploads)
			refusal = " pg_migrate.require_own_uploads is on.";
		else if (!trusted.empty() && std::find(trusted.begin(), trusted.end(), uploaded_by) == trusted.end())
			refusal = " That role is not in pg_migrate.trusted_uploaders.";
		if (!refusal.empty())
			throw MigError(kInsufficientPrivilege,
			               "revision \"" + id + "\" was uploaded by role \"" + uploaded_by + "\", not by \"" + caller +
			                   "\"",
			               uploaded + refusal + " Nothing was run.",
			               "Upload the script folder yourself (pgmig upload), then run the migration again.");
		std::string message = "revision \"" + id + "\" was uploaded by role \"" + uploaded_by + "\"";
		std::string detail = uploaded + " Its SQL runs with the rights of role \"" + caller + "\".";
		PgCall(
		    [&] { ereport(NOTICE, errmsg_internal("%s", message.c_str()), errdetail_internal("%s", detail.c_str())); });
	}
}

MigrationRun::MigrationRun(Direction direction, const std::string &target) {
	if (!HasRunTable())
		return; // the catalog of 0.2.0, before ALTER EXTENSION UPDATE: no runs to record
	std::string refusal = RestorePointRefusal();
	XLogRecPtr lsn = PgCall([] { return GetXLogInsertRecPtr(); });
	std::string file = backup_file != nullptr ? backup_file : "";
	std::vector<SpiRow> rows;
	{
		std::vector<SpiArg> args{{TEXTOID, TextDatum(CallerName()), false},
		                         {TEXTOID, TextDatum(DirectionName(direction)), false},
		                         {TEXTOID, TextDatum(target, "target"), false},
		                         {PG_LSNOID, LSNGetDatum(lsn), false},
		                         {TEXTOID, file.empty() ? (Datum)0 : TextDatum(file, "backup file"), file.empty()}};
		CatalogOwnerScope owner;
		rows = SpiExecute(kInsertRun, args, SPI_OK_INSERT_RETURNING, false);
	}
	int64 run = std::stoll(rows.at(0).at(0).text);
	if (refusal.empty()) {
		std::string name = RestorePointName(run);
		PgCall([&] { DirectFunctionCall1(pg_create_restore_point, CStringGetTextDatum(name.c_str())); });
		CatalogOwnerScope owner;
		SpiExecute(kSetRestorePoint, {{INT8OID, Int64GetDatum(run), false}, {TEXTOID, TextDatum(name), false}},
		           SPI_OK_UPDATE, false);
	} else if (!told_no_restore_point) {
		told_no_restore_point = true;
		std::string detail = refusal + " The run records the WAL position only; pg_migrate.run has it.";
		PgCall([&] {
			ereport(NOTICE, errmsg("no restore point is created for this migration"),
			        errdetail_internal("%s", detail.c_str()),
			        errhint("Grant EXECUTE on pg_create_restore_point(text) to the role that migrates, or recover "
			                "to the recorded LSN (recovery_target_lsn)."));
		});
	}
	current_run = run;
	current_run_nest_level = GetCurrentTransactionNestLevel();
}

MigrationRun::~MigrationRun() {
	current_run = 0;
	current_run_nest_level = 0;
}

int64
CurrentRunId() noexcept {
	return current_run;
}

/* Set by TrimMemoryBeforeCommit for the transaction that is running. */
bool trim_before_commit = false;

void
TrimMemoryBeforeCommit() noexcept {
	trim_before_commit = true;
}

void
GiveBackFreeMemory() noexcept {
	struct mallinfo2 info = mallinfo2();
	if (info.fordblks >= kTrimFreeBytes)
		malloc_trim(0);
}

void
TrimIfAsked() noexcept {
	if (!trim_before_commit)
		return;
	trim_before_commit = false;
	GiveBackFreeMemory();
}

void
ForgetTrim() noexcept {
	trim_before_commit = false;
}

void
ResetCurrentRun(int nest_level) noexcept {
	if (current_run != 0 && current_run_nest_level >= nest_level) {
		current_run = 0;
		current_run_nest_level = 0;
	}
}

} // namespace pgm::pg
