/*
 * catalog.hpp: the pg_migrate tables (revision, version, log) read into core structs and
 * written back, and the lock that serialises everyone who changes them.  Every function here
 * needs an open SpiConnection; every statement is fully schema-qualified, so none depends on
 * the caller's search_path (migrate_upgrade runs with it).
 */
#pragma once

#include "core/revision_graph.hpp"
#include "core/planner.hpp"
#include "core/revision_file.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

/* CatalogRevision: one row of pg_migrate.revision, without its SQL and script text. */
struct CatalogRevision {
	Revision rev; // rev.source is the file name
	std::string file_name;
	std::string checksum;
};

/* CatalogState: the uploaded revisions in load order and the database's current heads. */
struct CatalogState {
	std::vector<CatalogRevision> revisions; // ordered by file name, then id (bytewise)
	std::vector<std::string> heads;         // rows of pg_migrate.version, ordered by id
};

/*
 * LockCatalog: take the migration lock, a transaction-scoped advisory lock on one fixed key.
 * It waits for a concurrent migration or upload to commit; then, in READ COMMITTED, every
 * later statement sees that session's work.  A REPEATABLE READ or SERIALIZABLE transaction
 * would keep its older snapshot, so there it does not wait (55P03 when the lock is taken),
 * and when it gets the lock it checks that nothing was committed since its snapshot (40001).
 */
void LockCatalog();

/* LoadCatalog: read pg_migrate.revision and pg_migrate.version. */
CatalogState LoadCatalog(bool read_only);

/* BuildCatalogGraph: the revision graph of the catalog, in load order. */
RevisionGraph BuildCatalogGraph(const CatalogState &state);

/* StepSource: what running one step needs: its SQL (nullopt: no downgrade) and checksum. */
struct StepSource {
	std::optional<std::string> sql;
	std::string checksum;
};

/*
 * LoadStepSources: the upgrade or downgrade SQL of these revisions, by id.  read_only reads
 * under the caller's snapshot, the one LoadCatalog(true) used (migrate_plan).
 */
std::map<std::string, StepSource> LoadStepSources(const std::vector<std::string> &ids, Direction direction,
                                                  bool read_only = false);

/* RevisionDetails: the columns of one pg_migrate.revision row that LoadCatalog leaves out. */
struct RevisionDetails {
	std::string create_date;
	std::string upgrade_sql;
	std::optional<std::string> downgrade_sql; // nullopt: irreversible
	TimestampTz uploaded_at = 0;
	std::string uploaded_by;
};

/* LoadRevisionDetails: those columns for these revisions, by id (migrate_show). */
std::map<std::string, RevisionDetails> LoadRevisionDetails(const std::vector<std::string> &ids, bool read_only);

/* UpsertRevision: insert or replace the row of one parsed revision file (UTF-8 text). */
void UpsertRevision(const RevisionFile &file, const std::string &file_name, const std::string &script);

/* DeleteRevisions: delete these rows of pg_migrate.revision. */
void DeleteRevisions(const std::vector<std::string> &ids);

/* LogEntry: one executed step, for pg_migrate.log. */
struct LogEntry {
	std::string revision;
	Direction direction;
	TimestampTz started_at;
	int64_t duration_us;
	std::string checksum;
};

/*
 * InsertLog: append one row to pg_migrate.log (role, session role, application and client come
 * from the session).
 */
void InsertLog(const LogEntry &entry);

/*
 * InsertStampLog: append the pg_migrate.log row of one stamped revision: direction stamp,
 * outcome stamped, duration 0 (no SQL ran).
 */
void InsertStampLog(const std::string &revision, TimestampTz stamped_at, const std::string &checksum);

/*
 * InsertRepairLog: append the pg_migrate.log row of one repair (migrate_repair): direction
 * repair, outcome repaired, duration 0 (no SQL ran), the accepted script's checksum and the
 * reason given.
 */
void InsertRepairLog(const std::string &revision, TimestampTz repaired_at, const std::string &checksum,
                     const std::string &reason);

/* FailureEntry: one failed step, recorded afterwards by migrate_log_failure. */
struct FailureEntry {
	std::string revision;
	std::string direction;               // upgrade, downgrade or stamp
	std::string reason;                  // "<sqlstate>: <message>"
	Datum duration;                      // an interval Datum (the caller's, or 0)
	std::optional<std::string> checksum; // nullopt: the catalog's checksum of revision, if any
};

/*
 * InsertFailureLog: append the pg_migrate.log row of one failed step: outcome failed,
 * started_at now() minus the duration, the checksum given or else the catalog's (NULL when
 * the revision is not in the catalog), role and session as InsertLog.
 */
void InsertFailureLog(const FailureEntry &entry);

/*
 * LoadAppliedChecksums: for these revisions, the checksum of the newest log row that applied
 * or accepted their script (direction upgrade, stamp or repair).  A revision without such a
 * row (applied before the log existed, or never) is absent; failed rows do not count; a row without a checksum maps to
 * nullopt.
 */
std::map<std::string, std::optional<std::string>> LoadAppliedChecksums(const std::vector<std::string> &ids,
                                                                       bool read_only);

/* WriteVersion: replace the rows of pg_migrate.version with these heads. */
void WriteVersion(const std::vector<std::string> &heads);

} // namespace pgm::pg
