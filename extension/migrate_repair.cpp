/*
 * migrate_repair.cpp: migrate_repair(rev, reason, file_name, content): change or accept the script of
 * an applied revision, with a reason in the log.  migrate_upload refuses an edited file of an
 * applied revision (MG001); a repair is the deliberate way past that.  With a file it replaces
 * the revision's catalog row (its SQL and message; never its place in the graph); without one
 * it accepts the catalog's current script as the applied one (migrate_verify's 'edited').
 * Under the migration lock, like an upload; any error leaves the catalog and the log as they
 * were.  No revision SQL runs.
 */
#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/progress.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

namespace {

/* RepairArgs: the arguments, checked; file is set when a replacement file was given. */
struct RepairArgs {
	std::string spec;
	std::string reason;
	std::optional<std::string> file_name;
	std::string bytes;
};

/* RepairResult: the one result row. */
struct RepairResult {
	std::string revision;
	std::optional<std::string> old_checksum;
	std::string new_checksum;
};

/* ReadArgs: rev and reason are required; file_name and content come together or not at all. */
RepairArgs
ReadArgs(FunctionCallInfo fcinfo) {
	RepairArgs args;
	if (PG_ARGISNULL(0))
		throw MigError(sqlstate::kNullValueNotAllowed, "revision must not be null");
	args.spec = TextArg(fcinfo, 0);
	if (PG_ARGISNULL(1))
		throw MigError(sqlstate::kNullValueNotAllowed, "reason must not be null", "",
		               "Say why the applied revision is repaired; the reason is kept in pg_migrate.log.");
	args.reason = TextArg(fcinfo, 1);
	if (IsBlank(args.reason))
		throw MigError(sqlstate::kInvalidParameterValue, "reason must not be empty", "",
		               "Say why the applied revision is repaired; the reason is kept in pg_migrate.log.");
	if (PG_ARGISNULL(2) != PG_ARGISNULL(3))
		throw MigError(sqlstate::kInvalidParameterValue, "file_name and content must be given together",
		               PG_ARGISNULL(2) ? "content is given and file_name is null."
		                               : "file_name is given and content is null.",
		               "Pass both to replace the revision's script, or neither to accept the catalog's script.");
	if (!PG_ARGISNULL(2)) {
		args.file_name = TextArg(fcinfo, 2);
		if (args.file_name->empty())
			throw MigError(sqlstate::kInvalidParameterValue, "file name must not be empty");
		args.bytes = ByteString(PG_GETARG_DATUM(3));
	}
	return args;
}

/* ListText: "(a, b)", for the DETAIL of a refused graph change. */
std::string
ListText(const std::vector<std::string> &values) {
	std::string text = "(";
	for (size_t i = 0; i < values.size(); i++)
		text += (i > 0 ? ", " : "") + values[i];
	return text + ")";
}

/*
 * CheckSameGraphPlace: a repair may change a revision's SQL and message, not where it sits in
 * the graph: its parents, dependencies and branch labels must stay as the catalog has them
 * (55000), since the database's state was built along that graph.
 */
void
CheckSameGraphPlace(const CatalogRevision &old, const Revision &repaired, const std::string &file_name) {
	struct Field {
		const char *name;
		const std::vector<std::string> &before;
		const std::vector<std::string> &after;
	};
	const Field fields[] = {{"parents", old.rev.parents, repaired.parents},
	                        {"dependencies", old.rev.depends_on, repaired.depends_on},
	                        {"branch labels", old.rev.branch_labels, repaired.branch_labels}};
	for (const Field &field : fields)
		if (field.before != field.after)
			throw MigError(sqlstate::kObjectNotInPrerequisiteState,
			               std::string("cannot change the ") + field.name + " of applied revision \"" + old.rev.id +
			                   "\"",
			               std::string("The catalog has ") + field.name + " " + ListText(field.before) + "; file \"" +
			                   file_name + "\" has " + ListText(field.after) + ".",
			               "A repair may change a revision's SQL and message only.  Create a new revision to change "
			               "the graph.");
}

/*
 * CheckGraphBuilds: the catalog's graph with the repaired revision in place of the old one
 * (in load order: the file name may have changed) must still build.
 */
void
CheckGraphBuilds(const CatalogState &state, const Revision &repaired) {
	std::vector<Revision> revisions;
	for (const CatalogRevision &entry : state.revisions)
		revisions.push_back(entry.rev.id == repaired.id ? repaired : entry.rev);
	std::stable_sort(revisions.begin(), revisions.end(), [](const Revision &a, const Revision &b) {
		return std::tie(a.source, a.id) < std::tie(b.source, b.id);
	});
	RevisionGraph::Build(std::move(revisions));
}

/* Short: the first 12 characters of a checksum, for the progress NOTICE. */
std::string
Short(const std::optional<std::string> &checksum) {
	return checksum ? checksum->substr(0, 12) + "..." : std::string("(unknown)");
}

/*
 * Repair: under the lock, resolve the revision, check that it is applied, then replace its
 * row (with a file) or accept its current script (without one), and log the repair.
 */
RepairResult
Repair(const RepairArgs &args) {
	LockCatalog();
	CatalogState state = LoadCatalog(false);
	RevisionGraph graph = BuildCatalogGraph(state);
	std::string id = ResolveRevision(graph, args.spec);
	if (graph.AppliedSet(state.heads).count(id) == 0)
		throw MigError(sqlstate::kObjectNotInPrerequisiteState, "revision \"" + id + "\" is not applied",
		               "The database's current heads do not include it or a revision built on it.",
		               "Upload the edited file with migrate_upload; only applied revisions need a repair.");
	auto entry = std::find_if(state.revisions.begin(), state.revisions.end(),
	                          [&](const CatalogRevision &candidate) { return candidate.rev.id == id; });
	if (entry == state.revisions.end())
		throw MigError(sqlstate::kInternalError, "revision \"" + id + "\" has no catalog row");

	RepairResult result;
	result.revision = id;
	if (args.file_name) {
		RevisionFile parsed = ParseRevisionFile(*args.file_name, args.bytes);
		parsed.rev.source = *args.file_name;
		if (parsed.rev.id != id)
			throw MigError(sqlstate::kInvalidParameterValue,
			               "file \"" + *args.file_name + "\" is revision \"" + parsed.rev.id + "\", not \"" + id + "\"",
			               "", "Pass the edited file of the revision to repair.");
		CheckSameGraphPlace(*entry, parsed.rev, *args.file_name);
		CheckGraphBuilds(state, parsed.rev);
		result.old_checksum = entry->checksum;
		result.new_checksum = parsed.checksum;
		ReportProgress("Running repair " + id + ": " + Short(result.old_checksum) + " -> " + Short(result.new_checksum),
		               ProgressStep{1, 1, "repair", {id}});
		UpsertRevision(parsed, *args.file_name, args.bytes);
	} else {
		auto applied = LoadAppliedChecksums({id}, false);
		if (applied.count(id) > 0)
			result.old_checksum = applied[id];
		result.new_checksum = entry->checksum;
		ReportProgress("Running repair " + id + ": " + Short(result.old_checksum) + " -> " + Short(result.new_checksum),
		               ProgressStep{1, 1, "repair", {id}});
	}
	WriteLog({id, "repair", "repaired", GetCurrentTimestamp(), IntervalDatum(0), result.new_checksum, args.reason});
	return result;
}

/* MigrateRepair: the body of migrate_repair; one result row. */
Datum
MigrateRepair(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_repair");
	CheckNotInMigration("migrate_repair");
	RepairArgs args = ReadArgs(fcinfo);
	SrfWriter out(fcinfo);
	RepairResult result;
	{
		SpiConnection spi;
		result = Repair(args);
		spi.Finish();
	}
	Datum values[3] = {TextDatum(result.revision), result.old_checksum ? TextDatum(*result.old_checksum) : (Datum)0,
	                   TextDatum(result.new_checksum)};
	bool nulls[3] = {false, !result.old_checksum.has_value(), false};
	out.Put(values, nulls);
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_repair);
Datum
migrate_repair(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateRepair, fcinfo);
}

} // extern "C"
