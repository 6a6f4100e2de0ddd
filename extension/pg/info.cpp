/*
 * info.cpp: migrate_current() and migrate_history(): the catalog and the version table seen
 * through the core's graph, with Alembic's current and history lines.  Read only.
 */
#include "catalog.hpp"
#include "datum.hpp"
#include "graph.hpp"
#include "guard.hpp"
#include "history.hpp"
#include "spi.hpp"

#include <set>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

namespace pgm::pg {

namespace {

/* ReadCatalog: the catalog under the caller's snapshot; SPI is closed again on return. */
CatalogState
ReadCatalog() {
	SpiConnection spi;
	CatalogState state = LoadCatalog(true);
	spi.Finish();
	return state;
}

/*
 * MigrateCurrent: one row per row of pg_migrate.version.  is_head means what "(head)" means in
 * the line: no child and no dependent (an "effective head" is not a head).
 */
Datum
MigrateCurrent(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	CatalogState state = ReadCatalog();
	RevisionGraph graph = BuildCatalogGraph(state);
	for (const std::string &id : state.heads) {
		const Revision *rev = graph.Find(id);
		Datum values[6] = {TextDatum(id),
		                   BoolGetDatum(graph.IsRealHead(id)),
		                   BoolGetDatum(graph.IsBranchPoint(id)),
		                   BoolGetDatum(graph.IsMergePoint(id)),
		                   TextDatum(rev != nullptr ? rev->message : std::string()),
		                   TextDatum(FormatCurrentLine(graph, id))};
		bool nulls[6] = {false, false, false, false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/*
 * MigrateHistory: every uploaded revision, newest first.  The line carries no "(current)":
 * is_current says it, so clients need not parse the line.
 */
Datum
MigrateHistory(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	CatalogState state = ReadCatalog();
	RevisionGraph graph = BuildCatalogGraph(state);
	std::set<std::string> current(state.heads.begin(), state.heads.end());
	std::set<std::string> applied = graph.AppliedSet(state.heads);
	for (const std::string &id : HistoryOrder(graph)) {
		const Revision *rev = graph.Find(id);
		if (rev == nullptr)
			continue;
		Datum values[11] = {TextDatum(id),
		                    TextArrayDatum(rev->parents),
		                    TextArrayDatum(rev->branch_labels),
		                    TextArrayDatum(rev->depends_on),
		                    TextDatum(rev->message),
		                    BoolGetDatum(graph.IsRealHead(id)),
		                    BoolGetDatum(graph.IsBranchPoint(id)),
		                    BoolGetDatum(graph.IsMergePoint(id)),
		                    BoolGetDatum(current.count(id) > 0),
		                    BoolGetDatum(applied.count(id) > 0),
		                    TextDatum(FormatHistoryLine(graph, id))};
		bool nulls[11] = {false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_current);
Datum
migrate_current(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateCurrent, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_history);
Datum
migrate_history(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateHistory, fcinfo);
}

} // extern "C"
