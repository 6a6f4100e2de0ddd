/*
 * migrate_verify.cpp: migrate_verify(): the integrity check of the catalog against the log.  For each
 * uploaded revision it compares the checksum of the script in the catalog with the checksum of
 * the script that was applied (the newest upgrade, stamp or repair row of pg_migrate.log), so a
 * catalog row changed after it was applied shows as 'edited'.  A row whose columns (upgrade_sql,
 * downgrade_sql, parents, ...) differ from its stored file, or whose file does not match its
 * checksum, shows as 'corrupted', whatever else holds (integrity.hpp).  Read only: every read runs under
 * the caller's snapshot, so one call sees one state of the catalog and the log.
 */
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
 * VerifyStatus: pending when not applied; ok when applied and the applied checksum is unknown
 * (applied before the log had it) or equal to the catalog's; edited otherwise.
 */
const char *
VerifyStatus(bool is_applied, const std::optional<std::string> &applied_checksum, const std::string &checksum) {
	if (!is_applied)
		return "pending";
	if (!applied_checksum || *applied_checksum == checksum)
		return "ok";
	return "edited";
}

/* MigrateVerify: one row per catalog revision, in load order. */
Datum
MigrateVerify(FunctionCallInfo fcinfo) {
	SrfWriter out(fcinfo);
	SpiConnection spi;
	CatalogState state = LoadCatalog(true);
	std::vector<std::string> ids;
	for (const CatalogRevision &entry : state.revisions)
		ids.push_back(entry.rev.id);
	std::map<std::string, std::optional<std::string>> applied_checksums = LoadAppliedChecksums(ids, true);
	std::map<std::string, std::vector<std::string>> corrupted = FindCorruptedRows(true);
	spi.Finish();

	std::set<std::string> applied = BuildCatalogGraph(state).AppliedSet(state.heads);
	for (const CatalogRevision &entry : state.revisions) {
		bool is_applied = applied.count(entry.rev.id) > 0;
		std::optional<std::string> applied_checksum;
		auto found = applied_checksums.find(entry.rev.id);
		if (found != applied_checksums.end())
			applied_checksum = found->second;
		Datum values[6] = {TextDatum(entry.rev.id),
		                   TextDatum(entry.file_name),
		                   TextDatum(entry.checksum),
		                   BoolGetDatum(is_applied),
		                   applied_checksum ? TextDatum(*applied_checksum) : (Datum)0,
		                   TextDatum(corrupted.count(entry.rev.id) > 0
		                                 ? "corrupted"
		                                 : VerifyStatus(is_applied, applied_checksum, entry.checksum))};
		bool nulls[6] = {false, false, false, false, !applied_checksum.has_value(), false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_verify);
Datum
migrate_verify(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateVerify, fcinfo);
}

} // extern "C"
