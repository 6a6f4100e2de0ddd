/*
 * failure.cpp: migrate_log_failure(revision, direction, sqlstate, message, duration,
 * checksum): record a failed step in pg_migrate.log.  A failing migrate_upgrade,
 * migrate_downgrade or migrate_stamp rolls back everything it wrote, its log rows included,
 * and PostgreSQL has no autonomous transactions; so the caller (pgmig) records the failure
 * afterwards, in a new transaction: one row with outcome failed and the reason
 * "<sqlstate>: <message>".  No lock is taken and no revision SQL runs.
 */
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "core/error.hpp"
#include "extension/guard.hpp"
#include "extension/reentry.hpp"
#include "core/revision_file.hpp"
#include "extension/spi.hpp"

#include <optional>
#include <string>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

namespace pgm::pg {

namespace {

/* RequiredText: the text argument argno, refused when null (22004). */
std::string
RequiredText(FunctionCallInfo fcinfo, int argno, const char *name) {
	if (PG_ARGISNULL(argno))
		throw MigError(sqlstate::kNullValueNotAllowed, std::string(name) + " must not be null");
	return TextArg(fcinfo, argno);
}

/* IsSqlstate: five digits or upper-case ASCII letters, as PostgreSQL's error codes. */
bool
IsSqlstate(const std::string &code) {
	if (code.size() != 5)
		return false;
	for (char c : code)
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			return false;
	return true;
}

/* ReadFailure: the arguments, checked; a null duration is 0, a null checksum the catalog's. */
FailureEntry
ReadFailure(FunctionCallInfo fcinfo) {
	FailureEntry entry;
	entry.revision = RequiredText(fcinfo, 0, "revision");
	entry.direction = RequiredText(fcinfo, 1, "direction");
	std::string code = RequiredText(fcinfo, 2, "sqlstate");
	std::string message = RequiredText(fcinfo, 3, "message");
	if (entry.direction != "upgrade" && entry.direction != "downgrade" && entry.direction != "stamp")
		throw MigError(sqlstate::kInvalidParameterValue, "invalid direction \"" + entry.direction + "\"",
		               "The direction of a failed step is upgrade, downgrade or stamp.");
	if (!IsSqlstate(code))
		throw MigError(sqlstate::kInvalidParameterValue, "invalid SQLSTATE \"" + code + "\"",
		               "A SQLSTATE is five digits or upper-case letters.");
	CheckRevisionId(entry.revision);
	entry.reason = code + ": " + message;
	entry.duration = PG_ARGISNULL(4) ? IntervalDatum(0) : PG_GETARG_DATUM(4);
	if (!PG_ARGISNULL(5))
		entry.checksum = TextArg(fcinfo, 5);
	return entry;
}

/* MigrateLogFailure: the body of migrate_log_failure; returns void. */
Datum
MigrateLogFailure(FunctionCallInfo fcinfo) {
	CheckNotInMigration("migrate_log_failure");
	FailureEntry entry = ReadFailure(fcinfo);
	{
		SpiConnection spi;
		InsertFailureLog(entry);
		spi.Finish();
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_log_failure);
Datum
migrate_log_failure(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateLogFailure, fcinfo);
}

} // extern "C"
