/*
 * migrate_log.cpp: the SQL-callable entries that append a row to pg_migrate.log from outside a
 * migration call, both through WriteLog (extension/catalog.hpp), the one writer of the log:
 *
 *   migrate_log_failure(revision, direction, sqlstate, message, duration, checksum): record a
 *     failed step.  A failing migrate_upgrade, migrate_downgrade or migrate_stamp rolls back
 *     everything it wrote, its log rows included, and PostgreSQL has no autonomous transactions;
 *     so the caller (pgmig) records the failure afterwards, in a new transaction: one row with
 *     outcome failed and the reason "<sqlstate>: <message>".
 *   CALL pg_migrate.write_log(revision, direction, outcome, started_at, duration, checksum,
 *     reason), a procedure: the row of one step run elsewhere, e.g. by an offline script
 *     (`pgmig upgrade --sql`), which runs the revisions' SQL itself and records each step with it.
 *
 * Neither takes a lock or runs revision SQL; both are refused inside a running migration.
 */
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/revision_file.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <initializer_list>
#include <optional>
#include <string>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "fmgr.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"
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

/* OptionalText: the text argument argno, nullopt when null. */
std::optional<std::string>
OptionalText(FunctionCallInfo fcinfo, int argno) {
	if (PG_ARGISNULL(argno))
		return std::nullopt;
	return TextArg(fcinfo, argno);
}

/*
 * OneOf: value as the matching string constant of allowed (which outlives the row), or 22023
 * naming what (direction, outcome) and the values allowed (in detail).
 */
const char *
OneOf(const std::string &value, std::initializer_list<const char *> allowed, const char *what, const char *detail) {
	for (const char *a : allowed)
		if (value == a)
			return a;
	throw MigError(sqlstate::kInvalidParameterValue, std::string("invalid ") + what + " \"" + value + "\"", detail);
}

/*
 * CheckOutcomeOfDirection: the outcomes a step of each direction can have, as the extension
 * writes them: upgrade and downgrade applied or failed, stamp stamped or failed, repair
 * repaired.  Other pairs would be misread (migrate_verify takes an upgrade, stamp or repair row
 * that did not fail as the applied script).
 */
void
CheckOutcomeOfDirection(const std::string &direction, const std::string &outcome) {
	bool ok = outcome == "failed"    ? direction != "repair"
	          : outcome == "applied" ? direction == "upgrade" || direction == "downgrade"
	          : outcome == "stamped" ? direction == "stamp"
	                                 : direction == "repair";
	if (!ok)
		throw MigError(sqlstate::kInvalidParameterValue,
		               "invalid outcome \"" + outcome + "\" for direction \"" + direction + "\"",
		               "An upgrade or downgrade is applied or failed, a stamp stamped or failed, a repair repaired.");
}

/* StartedBefore: now() (the transaction's start) minus duration, as migrate_log_failure records it. */
TimestampTz
StartedBefore(Datum duration) {
	return PgCall([&] {
		return DatumGetTimestampTz(DirectFunctionCall2(
		    timestamptz_mi_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), duration));
	});
}

/* MigrateLogFailure: the body of migrate_log_failure; returns void. */
Datum
MigrateLogFailure(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_log_failure");
	CheckNotInMigration("migrate_log_failure");
	LogRow row;
	row.revision = RequiredText(fcinfo, 0, "revision");
	std::string direction = RequiredText(fcinfo, 1, "direction");
	std::string code = RequiredText(fcinfo, 2, "sqlstate");
	std::string message = RequiredText(fcinfo, 3, "message");
	row.direction = OneOf(direction, {"upgrade", "downgrade", "stamp"}, "direction",
	                      "The direction of a failed step is upgrade, downgrade or stamp.");
	if (!IsSqlstate(code))
		throw MigError(sqlstate::kInvalidParameterValue, "invalid SQLSTATE \"" + code + "\"",
		               "A SQLSTATE is five digits or upper-case letters.");
	CheckRevisionId(row.revision);
	row.outcome = "failed";
	row.reason = code + ": " + message;
	row.duration = PG_ARGISNULL(4) ? IntervalDatum(0) : PG_GETARG_DATUM(4);
	row.started_at = StartedBefore(row.duration);
	row.checksum = OptionalText(fcinfo, 5);
	{
		SpiConnection spi;
		if (!row.checksum)
			row.checksum = LoadChecksum(row.revision);
		WriteLog(row);
		spi.Finish();
	}
	EndSessionApply(); // the failed non-transactional step's statements are over
	return (Datum)0;
}

/* MigrateWriteLog: the body of the procedure pg_migrate.write_log. */
Datum
MigrateWriteLog(FunctionCallInfo fcinfo) {
	RefuseOnStandby(PGM_CATALOG_SCHEMA ".write_log");
	CheckNotInMigration(PGM_CATALOG_SCHEMA ".write_log",
	                    "The migration records its own steps; pg_migrate.write_log is for steps run outside one.");
	LogRow row;
	row.revision = RequiredText(fcinfo, 0, "revision");
	std::string direction = RequiredText(fcinfo, 1, "direction");
	std::string outcome = RequiredText(fcinfo, 2, "outcome");
	if (PG_ARGISNULL(3))
		throw MigError(sqlstate::kNullValueNotAllowed, "started_at must not be null");
	CheckRevisionId(row.revision);
	row.direction = OneOf(direction, {"upgrade", "downgrade", "stamp", "repair"}, "direction",
	                      "The direction of a step is upgrade, downgrade, stamp or repair.");
	row.outcome = OneOf(outcome, {"applied", "stamped", "repaired", "failed"}, "outcome",
	                    "The outcome of a step is applied, stamped, repaired or failed.");
	CheckOutcomeOfDirection(direction, outcome);
	row.started_at = PG_GETARG_TIMESTAMPTZ(3);
	row.duration = PG_ARGISNULL(4) ? IntervalDatum(0) : PG_GETARG_DATUM(4);
	row.checksum = OptionalText(fcinfo, 5);
	row.reason = OptionalText(fcinfo, 6);
	if ((outcome == "repaired" || outcome == "failed") && (!row.reason || IsBlank(*row.reason)))
		throw MigError(sqlstate::kInvalidParameterValue, "reason must not be empty for outcome \"" + outcome + "\"", "",
		               "Say why; the reason is kept in pg_migrate.log.");
	{
		SpiConnection spi;
		WriteLog(row);
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

PG_FUNCTION_INFO_V1(migrate_write_log);
Datum
migrate_write_log(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateWriteLog, fcinfo);
}

} // extern "C"
