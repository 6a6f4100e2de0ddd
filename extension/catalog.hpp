/*
 * catalog.hpp: the pg_migrate tables (revision, version, log) read into core structs and
 * written back, and the lock that serialises everyone who changes them.  Every function here
 * needs an open SpiConnection; every statement is fully schema-qualified, so none depends on
 * the caller's search_path (migrate_upgrade runs with it).
 */
#pragma once

#include "core/planner.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

/* CatalogRevision: one row of pg_migrate.revision, without its SQL and script text. */
struct CatalogRevision {
	Revision rev; // rev.source is the file name
	std::string file_name;
	std::string checksum;
	std::string uploaded_by; // who uploaded the row's file, and when
	TimestampTz uploaded_at = 0;
};

/* CatalogState: the uploaded revisions in load order and the database's current heads. */
struct CatalogState {
	std::vector<CatalogRevision> revisions; // ordered by file name, then id (bytewise)
	std::vector<std::string> heads;         // rows of pg_migrate.version, ordered by id
};

/*
 * LockCatalog: take the migration lock, a transaction-scoped advisory lock on one fixed key.
 * It waits for a concurrent migration or upload to commit, at most
 * pg_migrate.migration_lock_timeout, after a NOTICE naming it (WaitForMigrationLock); then, in READ COMMITTED, every
 * later statement sees that session's work.  A REPEATABLE READ or SERIALIZABLE transaction
 * would keep its older snapshot, so there it does not wait (55P03 when the lock is taken),
 * and when it gets the lock it checks that nothing was committed since its snapshot (40001).
 */
void LockCatalog();

/* LoadCatalog: read pg_migrate.revision and pg_migrate.version. */
CatalogState LoadCatalog(bool read_only);

/* BuildCatalogGraph: the revision graph of the catalog, in load order. */
RevisionGraph BuildCatalogGraph(const CatalogState &state);

/*
 * PlanningCatalog: what planning reads, and nothing more: the graph of the catalog (in load
 * order, each Revision's source its file name) and the database's current heads.
 */
struct PlanningCatalog {
	RevisionGraph graph;
	std::vector<std::string> heads; // rows of pg_migrate.version, ordered by id
};

/*
 * LoadPlanningCatalog: the lean read of planning (migrate_plan, migrate_upgrade and friends).
 * When migrate_upload stored the graph with the folder state (0.8.0) and nothing has written
 * pg_migrate.revision since (the trigger folder_state_forget deletes both), one value is read
 * and decoded (RevisionGraph::Decode); otherwise only the columns the graph needs are read
 * from the table, as binary values through a cursor, and moved into the graph without a copy.
 * LoadCatalog reads the rest (checksums, uploaders) for those who show it.
 */
PlanningCatalog LoadPlanningCatalog(bool read_only);

/*
 * WithStoredGraph: read-only, under the caller's snapshot: call use with the stored planning
 * graph's bytes, in place (detoasted once, not copied; valid only during use), and the
 * database's current heads (rows of pg_migrate.version, ordered by id).  False, use not
 * called, when there is no stored graph (LoadPlanningCatalog then reads the table).
 */
bool WithStoredGraph(const std::function<void(std::string_view blob, const std::vector<std::string> &heads)> &use);

/*
 * StoredPlanIsEmpty: read-only, from the stored folder state and the version table only (no
 * graph): true when direction is upgrade, target is "head" or "heads" and the database is at
 * the stored folder's heads (for "head": a single head), so the plan has no step.  False when
 * it cannot tell that way (the caller plans).
 */
bool StoredPlanIsEmpty(Direction direction, const std::string &target);

/*
 * StoreFolderState: replace the row of pg_migrate.folder_state with the catalog's digest, real
 * heads and the current lines at those heads (migrate_digest.cpp); nothing when the installed
 * SQL objects predate 0.7.0, or when only_if_missing and the row is there.  Called by
 * migrate_upload after its writes, whose statement trigger deleted the row, and by
 * migrate_upload_needed when the folder equals the catalog; needs an open SpiConnection and the
 * migration lock.
 */
void StoreFolderState(bool only_if_missing);

/* Uploader: who uploaded a revision's file, and when. */
struct Uploader {
	std::string role;
	TimestampTz at = 0;
};

/* LoadUploaders: the uploader of each of these revisions, by id. */
std::map<std::string, Uploader> LoadUploaders(const std::vector<std::string> &ids, bool read_only);

/*
 * StepSource: what running one step needs: its SQL (nullopt: no downgrade) and checksum, and
 * where that SQL is in the revision's file: the file name and the file line of the SQL's first
 * line, for the CONTEXT line of its errors (core/step_context.hpp).  The SQL is parsed from the
 * row's stored file after its SHA-256 was checked against the checksum (integrity.hpp); a row
 * whose file does not match fails with XX001.
 */
struct StepSource {
	std::optional<std::string> sql;
	std::string checksum;
	std::string file_name;
	std::size_t first_line = 1;
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
void UpsertRevision(const RevisionFile &file, const std::string &file_name, std::string_view script);

/*
 * NewRevisions: rows of pg_migrate.revision for files whose ids it does not hold, written by one
 * INSERT for many files (migrate_upload): one statement's start, plan and triggers instead of
 * one per file.  Add converts a parsed file's values to PostgreSQL values in the current memory
 * context (the UTF-8 text as UpsertRevision converts it, with the same errors); Write inserts
 * what was added and forgets it.  The values stay until the caller frees that context.
 */
class NewRevisions {
public:
	void Add(const RevisionFile &file, const std::string &file_name, std::string_view script);
	void Write();
	/* Count, Bytes: the files added since the last Write, and their text's bytes. */
	std::size_t
	Count() const {
		return ids_.size();
	}
	std::size_t
	Bytes() const {
		return bytes_;
	}

private:
	/* Columns: the value columns, in kInsertRevisions's order of parameters. */
	std::array<std::vector<Datum> *, 12>
	Columns() {
		return {&ids_,        &parents_,     &branch_labels_, &depends_on_,    &messages_,  &create_dates_,
		        &file_names_, &upgrade_sql_, &downgrade_sql_, &transactional_, &checksums_, &scripts_};
	}

	std::vector<Datum> ids_, parents_, branch_labels_, depends_on_, messages_, create_dates_, file_names_, upgrade_sql_,
	    downgrade_sql_, transactional_, checksums_, scripts_;
	std::vector<bool> no_downgrade_;
	std::size_t bytes_ = 0;
};

/* DeleteRevisions: delete these rows of pg_migrate.revision. */
void DeleteRevisions(const std::vector<std::string> &ids);

/*
 * LogRow: one row of pg_migrate.log.  The role, the session role, the application name and the
 * client address are not given: WriteLog takes them from the session.
 */
struct LogRow {
	std::string revision;
	const char *direction = nullptr;     // upgrade, downgrade, stamp or repair
	const char *outcome = nullptr;       // applied, stamped, repaired or failed
	TimestampTz started_at = 0;          // wall-clock time the step started
	Datum duration = (Datum)0;           // an interval Datum: time spent in the step's SQL
	std::optional<std::string> checksum; // of the script the step ran or accepted
	std::optional<std::string> reason;   // why it was repaired, or why it failed
};

/*
 * WriteLog: append one row to pg_migrate.log.  The one statement in pg_migrate that writes the
 * log: every step of migrate_upgrade, migrate_downgrade, migrate_stamp and migrate_repair, the
 * failures recorded by migrate_log_failure, and the offline scripts through
 * pg_migrate.write_log() all come here.
 */
void WriteLog(const LogRow &row);

/*
 * WriteLogs: WriteLog for several rows, in their order, with one statement (the steps of a
 * migration call are logged together after the last one: an INSERT per step cost about a tenth
 * of a 1,000-step downgrade's backend time).
 */
void WriteLogs(const std::vector<LogRow> &rows);

/* LoadChecksum: the catalog's checksum of revision, or nullopt when it has no row. */
std::optional<std::string> LoadChecksum(const std::string &revision);

/*
 * LoadAppliedChecksums: for these revisions, the checksum of the newest log row that applied
 * or accepted their script (direction upgrade, stamp or repair).  A revision without such a
 * row (applied before the log existed, or never) is absent; failed rows do not count; a row without a checksum maps to
 * nullopt.
 */
std::map<std::string, std::optional<std::string>> LoadAppliedChecksums(const std::vector<std::string> &ids,
                                                                       bool read_only);

/*
 * DirectionArg: argument argno of a SQL function as a direction ("upgrade" or "downgrade");
 * NULL is 22004, anything else 22023.
 */
Direction DirectionArg(FunctionCallInfo fcinfo, int argno);

/* CatalogPlan: the plan of one call from the catalog, with the graph and each step's source. */
struct CatalogPlan {
	RevisionGraph graph;
	Plan plan;
	std::map<std::string, StepSource> sources;
};

/*
 * PlanFromCatalog: read-only, under the caller's snapshot: the plan of direction to target from
 * the catalog's graph and heads (every error of the planner), and, with with_sources, the
 * sources of its steps (migrate_plan, migrate_lint).  Inside an SPI connection.
 */
CatalogPlan PlanFromCatalog(Direction direction, const std::string &target, bool with_sources = true);

/*
 * WriteVersion: replace the rows of pg_migrate.version (which hold current) with heads; nothing
 * is written when both name the same revisions.
 */
void WriteVersion(const std::vector<std::string> &current, const std::vector<std::string> &heads);

/* StoredRevision: one whole row of pg_migrate.revision (integrity.hpp). */
struct StoredRevision;

/*
 * FindCorruptedRows: the revisions whose catalog row differs from its stored file, each with
 * the columns that differ ("script" when the file itself does not match the checksum).
 */
std::map<std::string, std::vector<std::string>> FindCorruptedRows(bool read_only);

/* ClaimUploads: make the caller the uploader of these rows (a re-upload of the same bytes). */
void ClaimUploads(const std::vector<std::string> &ids);

} // namespace pgm::pg
