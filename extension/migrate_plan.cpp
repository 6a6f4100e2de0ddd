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
 * are not repeated here.
 */
Datum
MigratePlan(FunctionCallInfo fcinfo) {
	if (PG_ARGISNULL(0))
		throw MigError(sqlstate::kNullValueNotAllowed, "direction must not be null", "",
		               "Use \"upgrade\" or \"downgrade\".");
	if (PG_ARGISNULL(1))
		throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null");
	Direction direction = ParseDirection(TextArg(fcinfo, 0));
	std::string target = TextArg(fcinfo, 1);
	SrfWriter out(fcinfo);
	SpiConnection spi;
	CatalogState state = LoadCatalog(true);
	RevisionGraph graph = BuildCatalogGraph(state);
	Plan plan = direction == Direction::kUpgrade ? PlanUpgrade(graph, state.heads, target)
	                                             : PlanDowngrade(graph, state.heads, target);
	std::vector<std::string> ids;
	for (const Step &step : plan.steps)
		ids.push_back(step.revision);
	std::map<std::string, StepSource> sources = LoadStepSources(ids, direction, true);
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
