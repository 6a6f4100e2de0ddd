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

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace pgm::pg {

namespace {

/*
 * TextScratch: one text value rebuilt in place for every row: tuplestore_putvalues copies the
 * row, so the plan's 100,000 rows need neither a palloc per value nor a guard per value.
 */
class TextScratch {
public:
	Datum
	Set(std::string_view value) {
		if (value.size() > MaxAllocSize - VARHDRSZ - 1)
			throw MigError(sqlstate::kProgramLimitExceeded, "step description is too long",
			               "A text value holds at most 1 GB.");
		if (VARHDRSZ + value.size() > capacity_) {
			std::size_t want = std::max<std::size_t>(2 * capacity_, VARHDRSZ + value.size());
			want = std::min<std::size_t>(want, MaxAllocSize);
			buffer_ = PgCall([&] { return static_cast<char *>(palloc(want)); });
			capacity_ = want;
		}
		memcpy(buffer_ + VARHDRSZ, value.data(), value.size());
		SET_VARSIZE(buffer_, VARHDRSZ + value.size());
		return PointerGetDatum(buffer_);
	}

private:
	char *buffer_ = nullptr; // in the caller's memory context, freed with it
	std::size_t capacity_ = 0;
};

/*
 * PutPackedPlan: migrate_plan(direction, target, false) from the stored graph read in place
 * (PackedGraph, PlanUpgradePacked), written straight into the result: the planner's common
 * targets ("upgrade" to "head" or "heads") without building a RevisionGraph.  False, nothing
 * written, when there is no stored graph or the call is not one PlanUpgradePacked answers;
 * the caller then plans as before.  The rows are those MigratePlan writes: number, revision,
 * direction, DescribeStep's text, and a NULL sql.
 */
bool
PutPackedPlan(FunctionCallInfo fcinfo, Direction direction, const std::string &target) {
	if (direction != Direction::kUpgrade)
		return false;
	bool planned = false;
	WithStoredGraph([&](std::string_view blob, const std::vector<std::string> &heads) {
		PackedGraph graph;
		if (!PackedGraph::Decode(blob, graph))
			return;
		std::optional<std::vector<std::size_t>> steps = PlanUpgradePacked(graph, heads, target);
		if (!steps)
			return;
		planned = true;
		PgCall([&] { elog(DEBUG1, "pg_migrate: planning from the stored graph of %zu revisions", graph.Size()); });
		auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
		Datum values[5];
		bool nulls[5] = {false, false, false, false, true};
		values[2] = TextDatum(DirectionName(Direction::kUpgrade));
		values[4] = (Datum)0;
		TextScratch id, description;
		std::string text;
		int number = 0;
		for (std::size_t index : *steps) {
			values[0] = Int32GetDatum(++number);
			values[1] = id.Set(graph.Id(index));
			DescribePackedStep(graph, index, Direction::kUpgrade, text);
			values[3] = description.Set(text);
			PgCall([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls); });
		}
	});
	return planned;
}

/*
 * MigratePlan: the plan of one migrate_upgrade or migrate_downgrade call, with every error the
 * planner raises (unknown target, several heads, irreversible step, ...).  The statement
 * checks migrate_upgrade does before running (transaction control, Transactional: false)
 * are not repeated here.  The three-argument form (0.8.0) with with_sql false leaves the sql
 * column NULL and reads no stored file: the plan alone, whose cost does not grow with the
 * scripts (docs/planning.md).  Upgrading to head or heads at the stored folder's heads is
 * answered from the stored folder state without building the graph (StoredPlanIsEmpty); the
 * plan alone to "head" or "heads" from the stored graph read in place (PutPackedPlan).
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
	if (!with_sql && PutPackedPlan(fcinfo, direction, target)) {
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
