/*
 * integrity.cpp: the catalog owner's rights for the catalog's own statements, the standby
 * refusal, and the stored file as the one source of a step's SQL (integrity.hpp).
 */
#include "extension/integrity.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "extension/guard.hpp"

extern "C" {
#include "postgres.h"
#include "access/htup_details.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/syscache.h"
}

namespace pgm::pg {

namespace {

/* 25006 read_only_sql_transaction, 'XX001' data_corrupted. */
constexpr const char *kReadOnlySqlTransaction = "25006";
constexpr const char *kDataCorrupted = "XX001";

/* CatalogOwner: the owner of the pg_migrate schema, i.e. the role that created the extension. */
Oid
CatalogOwner() {
	return PgCall([] {
		Oid schema = get_namespace_oid(PGM_CATALOG_SCHEMA, false);
		HeapTuple tuple = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(schema));
		if (!HeapTupleIsValid(tuple))
			elog(ERROR, "cache lookup failed for namespace %u", schema);
		Oid owner = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple))->nspowner;
		ReleaseSysCache(tuple);
		return owner;
	});
}

/* ToUtf8: text in the server encoding as UTF-8. */
std::string
ToUtf8(const std::string &text) {
	int len = static_cast<int>(text.size());
	const char *converted =
	    PgCall([&] { return static_cast<const char *>(pg_server_to_any(text.data(), len, PG_UTF8)); });
	return converted == text.data() ? text : std::string(converted);
}

/* ToServer: UTF-8 text in the server encoding. */
std::string
ToServer(const std::string &text) {
	int len = static_cast<int>(text.size());
	const char *converted =
	    PgCall([&] { return static_cast<const char *>(pg_any_to_server(text.data(), len, PG_UTF8)); });
	return converted == text.data() ? text : std::string(converted);
}

std::vector<std::string>
ToServer(const std::vector<std::string> &values) {
	std::vector<std::string> out;
	for (const std::string &value : values)
		out.push_back(ToServer(value));
	return out;
}

/* Corrupted: XX001 about the row of revision id. */
MigError
Corrupted(const std::string &id, const std::string &file_name, const std::string &fact) {
	return MigError(kDataCorrupted, "stored file of revision \"" + id + "\" does not match its catalog row",
	                fact + " The row of " PGM_CATALOG_SCHEMA ".revision (file \"" + file_name +
	                    "\") was changed outside pg_migrate. Nothing was run.",
	                "Upload the revision's file again (pgmig upload), then check the catalog with pgmig validate.");
}

/* ParseUtf8Script: the checked, parsed file, its text still UTF-8. */
RevisionFile
ParseUtf8Script(const std::string &id, const std::string &file_name, const std::string &utf8,
                const std::string &checksum) {
	std::string actual = Sha256Hex(utf8);
	if (actual != checksum)
		throw Corrupted(id, file_name,
		                "Its stored file has SHA-256 " + actual + ", but the row's checksum is " + checksum + ".");
	RevisionFile parsed;
	try {
		parsed = ParseRevisionFile(file_name, utf8);
	} catch (const MigError &e) {
		throw Corrupted(id, file_name, "Its stored file cannot be parsed: " + e.Message() + ".");
	}
	if (parsed.rev.id != id)
		throw Corrupted(id, file_name, "Its stored file declares revision \"" + parsed.rev.id + "\".");
	return parsed;
}

} // namespace

CatalogOwnerScope::CatalogOwnerScope() {
	Oid owner = CatalogOwner();
	GetUserIdAndSecContext(&saved_user_, &saved_context_);
	SetUserIdAndSecContext(owner, saved_context_ | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
}

CatalogOwnerScope::~CatalogOwnerScope() {
	SetUserIdAndSecContext(saved_user_, saved_context_);
}

std::string
CallerName() {
	return std::string(PgCall([] { return static_cast<const char *>(GetUserNameFromId(GetUserId(), false)); }));
}

void
RefuseOnStandby(const char *function) {
	if (!RecoveryInProgress())
		return;
	throw MigError(kReadOnlySqlTransaction, std::string("cannot run ") + function + " on a standby server",
	               "The server is in recovery: it replays the primary's WAL and accepts no changes, so no "
	               "migration, upload, stamp, repair or log record can be written here.",
	               "Connect to the primary server.");
}

RevisionFile
ParseStoredScript(const std::string &id, const std::string &file_name, const std::string &script,
                  const std::string &checksum) {
	RevisionFile parsed = ParseUtf8Script(id, file_name, ToUtf8(script), checksum);
	parsed.upgrade_sql = ToServer(parsed.upgrade_sql);
	if (parsed.downgrade_sql)
		parsed.downgrade_sql = ToServer(*parsed.downgrade_sql);
	return parsed;
}

std::vector<std::string>
StoredRowDifferences(const StoredRevision &row) {
	RevisionFile parsed;
	try {
		parsed = ParseUtf8Script(row.id, row.file_name, ToUtf8(row.script), row.checksum);
	} catch (const MigError &e) {
		if (e.Sqlstate() != kDataCorrupted)
			throw;
		return {"script"};
	}
	std::vector<std::string> differ;
	auto check = [&](const char *column, bool same) {
		if (!same)
			differ.push_back(column);
	};
	check("parents", ToServer(parsed.rev.parents) == row.parents);
	check("branch_labels", ToServer(parsed.rev.branch_labels) == row.branch_labels);
	check("depends_on", ToServer(parsed.rev.depends_on) == row.depends_on);
	check("message", ToServer(parsed.rev.message) == row.message);
	check("create_date", ToServer(parsed.create_date) == row.create_date);
	check("upgrade_sql", ToServer(parsed.upgrade_sql) == row.upgrade_sql);
	check("downgrade_sql", parsed.downgrade_sql.has_value() == row.downgrade_sql.has_value() &&
	                           (!parsed.downgrade_sql || ToServer(*parsed.downgrade_sql) == *row.downgrade_sql));
	check("transactional", parsed.rev.transactional == row.transactional);
	return differ;
}

} // namespace pgm::pg
