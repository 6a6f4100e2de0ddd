/*
 * migrate_stamp.cpp: migrate_stamp(targets, purge [, reason]): Alembic's `stamp`: set the version
 * table to the targets without running any revision's SQL.  Under the migration lock, like a migration:
 * the plan (PlanStamp) is computed once from the catalog, each step sends the MG101 progress
 * NOTICE and is logged (direction stamp, outcome stamped), and pg_migrate.version gets the
 * plan's heads.  Any error leaves the version table and the log as they were.
 */
#include "core/error.hpp"
#include "core/stamp_plan.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/progress.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

namespace {

/* StampTargets: the targets argument, refused when null, empty or holding a null. */
std::vector<std::string>
StampTargets(FunctionCallInfo fcinfo) {
	if (PG_ARGISNULL(0))
		throw MigError(sqlstate::kNullValueNotAllowed, "targets must not be null", "",
		               "Pass an array of target revisions, e.g. ARRAY['head'].");
	ArrayElements elements = ArrayArg(fcinfo, 0, TEXTOID, "targets");
	if (elements.values.empty())
		throw MigError(sqlstate::kInvalidParameterValue, "targets must not be empty", "",
		               "Pass at least one target revision; use 'base' to stamp the empty database.");
	std::vector<std::string> targets;
	for (size_t i = 0; i < elements.values.size(); i++) {
		if (elements.nulls[i])
			throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null",
			               "Element " + std::to_string(i + 1) + " of targets is null.");
		targets.push_back(ByteString(elements.values[i]));
	}
	return targets;
}

/*
 * MigrateStamp: one result row per step.  A step logs one row per revision it writes, or per
 * revision it removes when it writes none (stamp base), with that revision's checksum and the
 * reason, when the three-argument form (0.4.0) gives one.
 */
Datum
MigrateStamp(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_stamp");
	CheckNotInMigration("migrate_stamp");
	std::vector<std::string> targets = StampTargets(fcinfo);
	if (PG_ARGISNULL(1))
		throw MigError(sqlstate::kNullValueNotAllowed, "purge must not be null");
	bool purge = PG_GETARG_BOOL(1);
	std::optional<std::string> reason;
	if (PG_NARGS() >= 3 && !PG_ARGISNULL(2)) {
		reason = TextArg(fcinfo, 2);
		if (reason->empty())
			throw MigError(sqlstate::kInvalidParameterValue, "reason must not be empty", "",
			               "Pass NULL to stamp without a reason.");
	}
	SrfWriter out(fcinfo);
	StampPlan plan;
	{
		SpiConnection spi;
		LockCatalog();
		CatalogState state = LoadCatalog(false);
		RevisionGraph graph = BuildCatalogGraph(state);
		plan = PlanStamp(graph, state.heads, targets, purge);
		std::map<std::string, std::string> checksums;
		for (const CatalogRevision &entry : state.revisions)
			checksums[entry.rev.id] = entry.checksum;
		TimestampTz stamped_at = GetCurrentTimestamp();
		for (std::size_t i = 0; i < plan.steps.size(); i++) {
			const StampStep &step = plan.steps[i];
			const std::vector<std::string> &logged = step.to.empty() ? step.from : step.to;
			ReportProgress(DescribeStamp(step),
			               ProgressStep{static_cast<long long>(i + 1), static_cast<long long>(plan.steps.size()),
			                            "stamp", logged});
			for (const std::string &id : logged)
				WriteLog({id, "stamp", "stamped", stamped_at, IntervalDatum(0), checksums[id], reason});
		}
		WriteVersion(state.heads, plan.heads_after);
		spi.Finish();
	}
	for (const StampStep &step : plan.steps) {
		Datum values[3] = {TextArrayDatum(step.from), TextArrayDatum(step.to), TextDatum(DescribeStamp(step))};
		bool nulls[3] = {false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_stamp);
Datum
migrate_stamp(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateStamp, fcinfo);
}

} // extern "C"
