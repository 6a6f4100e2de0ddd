/*
 * migrate_plan.cpp: migrate_plan(direction, target): the steps migrate_upgrade or migrate_downgrade
 * would run, with their run-log text and SQL, executing nothing.  It takes no lock: the graph
 * and the steps' SQL are read under the caller's snapshot, so they belong to one state of the
 * catalog, which a concurrent migration may change before the plan is run.
 */
#include "core/error.hpp"
#include "core/planner.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/spi.hpp"

#include <map>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

namespace pgm::pg {

namespace {

/*
 * MigratePlan: the plan of one migrate_upgrade or migrate_downgrade call, with every error the
 * planner raises (unknown target, several heads, irreversible step, ...).  The statement
 * checks migrate_upgrade does before running (transaction control, Transactional: false)
 * are not repeated here.  The three-argument form (0.8.0) with with_sql false leaves the sql
 * column NULL and reads no stored file: the plan alone, whose cost does not grow with the
 * scripts (docs/planning.md).  Upgrading to head or heads at the stored folder's heads is
 * answered from the stored folder state without building the graph (StoredPlanIsEmpty).
 */
Datum
MigratePlan(FunctionCallInfo fcinfo) {
	Direction direction = DirectionArg(fcinfo, 0);
	if (PG_ARGISNULL(1))
		throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null");
	std::string target = TextArg(fcinfo, 1);
	bool with_sql = true;
	if (PG_NARGS() > 2) {
		if (PG_ARGISNULL(2))
			throw MigError(sqlstate::kNullValueNotAllowed, "with_sql must not be null", "",
			               "Use true for each step's SQL, false for the plan alone.");
		with_sql = PG_GETARG_BOOL(2);
	}
	SrfWriter out(fcinfo);
	SpiConnection spi;
	if (StoredPlanIsEmpty(direction, target)) {
		spi.Finish();
		return (Datum)0;
	}
	CatalogPlan planned = PlanFromCatalog(direction, target, with_sql);
	const RevisionGraph &graph = planned.graph;
	const Plan &plan = planned.plan;
	const std::map<std::string, StepSource> &sources = planned.sources;
	spi.Finish();

	int number = 0;
	for (const Step &step : plan.steps) {
		auto source = sources.find(step.revision);
		bool has_sql = source != sources.end() && source->second.sql.has_value();
		Datum values[5] = {Int32GetDatum(++number), TextDatum(step.revision), TextDatum(DirectionName(step.direction)),
		                   TextDatum(DescribeStep(graph, step)), has_sql ? TextDatum(*source->second.sql) : (Datum)0};
		bool nulls[5] = {false, false, false, false, !has_sql};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_plan);
Datum
migrate_plan(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigratePlan, fcinfo);
}

} // extern "C"
