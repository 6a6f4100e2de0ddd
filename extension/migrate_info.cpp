/*
 * migrate_info.cpp: migrate_current(), migrate_history(range), migrate_heads(), migrate_branches() and
 * migrate_show(rev): the catalog and the version table seen through the core's graph, with
 * Alembic's current, history, heads and branches lines and its verbose entry.  Read only:
 * every read runs under the caller's snapshot, so one call sees one state of the catalog.
 */
#include "core/error.hpp"
#include "core/history_format.hpp"
#include "core/history_range.hpp"
#include "core/planner.hpp"
#include "core/revision_graph.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/spi.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

namespace pgm::pg {

namespace {

/*
 * ReadGraph: the catalog's graph and heads under the caller's snapshot, read as planning reads
 * them (LoadPlanningCatalog: the graph's columns only, not the checksums and uploaders nobody
 * here shows); SPI is closed again on return.
 */
PlanningCatalog
ReadGraph() {
	SpiConnection spi;
	PlanningCatalog catalog = LoadPlanningCatalog(true);
	spi.Finish();
	return catalog;
}

/*
 * MigrateCurrent: what Alembic's `current` lists: one row per row of pg_migrate.version, then
 * one per branch applied only as a dependency of another (CurrentRevisions).  is_head means
 * what "(head)" means in the line: no child and no dependent (an "effective head" is not a head).
 */
Datum
MigrateCurrent(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	PlanningCatalog state = ReadGraph();
	const RevisionGraph &graph = state.graph;
	for (const std::string &id : CurrentRevisions(graph, state.heads)) {
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
 * MigrateHistory: the uploaded revisions, newest first: all of them when range is NULL, else
 * those of Alembic's `history -r range` ("[start]:[end]", resolved by the core).  The line
 * carries no "(current)": is_current says it, so clients need not parse the line.
 */
Datum
MigrateHistory(FunctionCallInfo fcinfo) {
	std::optional<std::string> range;
	if (!PG_ARGISNULL(0))
		range = TextArg(fcinfo, 0);
	SrfWriter out(fcinfo);
	PlanningCatalog state = ReadGraph();
	const RevisionGraph &graph = state.graph;
	std::set<std::string> current(state.heads.begin(), state.heads.end());
	std::set<std::string> applied = graph.AppliedSet(state.heads);
	std::vector<std::string> ids = range ? ResolveHistoryRange(graph, state.heads, *range) : HistoryOrder(graph);
	for (const std::string &id : ids) {
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

/*
 * MigrateHeads: the graph's real heads (Alembic's `heads`; an effective head is not one), in
 * the graph's order.  branch_labels are the declared ones, as in migrate_history.
 */
Datum
MigrateHeads(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	PlanningCatalog state = ReadGraph();
	const RevisionGraph &graph = state.graph;
	std::set<std::string> current(state.heads.begin(), state.heads.end());
	for (const std::string &id : graph.RealHeads()) {
		const Revision *rev = graph.Find(id);
		Datum values[4] = {TextDatum(id),
		                   TextArrayDatum(rev != nullptr ? rev->branch_labels : std::vector<std::string>()),
		                   BoolGetDatum(current.count(id) > 0), TextDatum(FormatHeadsLine(graph, id))};
		bool nulls[4] = {false, false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/* MigrateBranches: one row per branch point, newest first (Alembic's `branches`). */
Datum
MigrateBranches(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	PlanningCatalog state = ReadGraph();
	const RevisionGraph &graph = state.graph;
	for (const std::string &id : HistoryOrder(graph)) {
		if (!graph.IsBranchPoint(id))
			continue;
		Datum values[3] = {TextDatum(id), TextArrayDatum(graph.Children(id)),
		                   TextDatum(FormatBranchesBlock(graph, id))};
		bool nulls[3] = {false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/*
 * ShowIds: the revisions `show rev` names: "heads" the real heads, "current" what `current`
 * lists (none for the empty database), anything else one revision as the core
 * resolves it (42704 when it names none, MG005 when it is ambiguous).
 */
std::vector<std::string>
ShowIds(const RevisionGraph &graph, const CatalogState &state, const std::string &spec) {
	if (spec == "heads")
		return graph.RealHeads();
	if (spec == "current")
		return CurrentRevisions(graph, state.heads);
	return {ResolveRevision(graph, spec)};
}

/*
 * MigrateShow: one row per revision named by rev, with every catalog column but the script and
 * Alembic's verbose entry (`show`).  The details are read in the same SPI connection and
 * under the same snapshot as the graph.
 */
Datum
MigrateShow(FunctionCallInfo fcinfo) {
	if (PG_ARGISNULL(0))
		throw MigError(sqlstate::kNullValueNotAllowed, "revision must not be null");
	std::string spec = TextArg(fcinfo, 0);
	SrfWriter out(fcinfo);
	SpiConnection spi;
	CatalogState state = LoadCatalog(true);
	RevisionGraph graph = BuildCatalogGraph(state);
	std::vector<std::string> ids = ShowIds(graph, state, spec);
	std::map<std::string, RevisionDetails> details = LoadRevisionDetails(ids, true);
	spi.Finish();

	std::map<std::string, const CatalogRevision *> rows;
	for (const CatalogRevision &entry : state.revisions)
		rows[entry.rev.id] = &entry;
	std::set<std::string> current(state.heads.begin(), state.heads.end());
	std::set<std::string> applied = graph.AppliedSet(state.heads);
	for (const std::string &id : ids) {
		auto row = rows.find(id);
		auto detail = details.find(id);
		if (row == rows.end() || detail == details.end())
			continue;
		const CatalogRevision &entry = *row->second;
		const RevisionDetails &more = detail->second;
		// As Alembic's show and current -v: no "(current)" flag, which only history -i prints.
		std::string log_entry = FormatLogEntry(graph, id, current, false, entry.file_name, more.create_date);
		Datum values[14] = {TextDatum(id),
		                    TextArrayDatum(entry.rev.parents),
		                    TextArrayDatum(entry.rev.branch_labels),
		                    TextArrayDatum(entry.rev.depends_on),
		                    TextDatum(entry.rev.message),
		                    TextDatum(more.create_date),
		                    TextDatum(entry.file_name),
		                    TextDatum(entry.checksum),
		                    TimestampTzGetDatum(more.uploaded_at),
		                    NameDatum(more.uploaded_by),
		                    BoolGetDatum(applied.count(id) > 0),
		                    TextDatum(more.upgrade_sql),
		                    more.downgrade_sql ? TextDatum(*more.downgrade_sql) : (Datum)0,
		                    TextDatum(log_entry)};
		bool nulls[14] = {false};
		nulls[12] = !more.downgrade_sql.has_value();
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

PG_FUNCTION_INFO_V1(migrate_heads);
Datum
migrate_heads(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateHeads, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_branches);
Datum
migrate_branches(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateBranches, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_show);
Datum
migrate_show(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateShow, fcinfo);
}

} // extern "C"
