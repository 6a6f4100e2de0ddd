/*
 * run.hpp: what a migrate_upgrade or migrate_downgrade call checks and records before its
 * first step (docs/maintenance.md, "Integrity, standbys and recovery points"):
 *
 *   - CheckUploaders: who uploaded each revision of the plan, when it is not the caller (a
 *     NOTICE), and the refusal (42501) of revisions uploaded by a role the settings
 *     pg_migrate.require_own_uploads and pg_migrate.trusted_uploaders do not trust;
 *   - MigrationRun: one row of pg_migrate.run: the WAL position before the first step, a named
 *     restore point where the caller may create one, the backup file pgmig made
 *     (pg_migrate.backup_file); the log rows of the run reference it (CurrentRunId).
 */
#pragma once

#include <cstddef>

#include "core/planner.hpp"
#include "extension/catalog.hpp"

#include <string>

extern "C" {
#include "postgres.h"
}

namespace pgm::pg {

/*
 * DefineRunSettings: pg_migrate.backup_file, .trusted_uploaders, .require_own_uploads.  Called
 * by _PG_init: plain C calls, no C++ object.
 */
void DefineRunSettings();

/* CheckUploaders: the uploader NOTICEs and refusals for the steps of plan, before any runs. */
void CheckUploaders(const RevisionGraph &graph, const Plan &plan);

/*
 * MigrationRun: writes the pg_migrate.run row of one call (direction, target, the caller, the
 * WAL position, the restore point, the backup file) and makes it the current run of the log
 * until it goes out of scope.  Construct it after the plan was checked, before the first step.
 */
class MigrationRun {
public:
	MigrationRun(Direction direction, const std::string &target);
	~MigrationRun();
	MigrationRun(const MigrationRun &) = delete;
	MigrationRun &operator=(const MigrationRun &) = delete;
};

/* CurrentRunId: the id of the running call's pg_migrate.run row; 0 outside one. */
int64 CurrentRunId() noexcept;

/*
 * GiveBackFreeMemory: malloc_trim(0), but only when glibc holds at least kTrimFreeBytes of free
 * memory: a trim makes the next allocations of those pages fault again (a few microseconds a
 * page), which a long run's peak is worth and a short call's is not (one revision per
 * transaction, 1,000 times over, was 20 to 40 % slower with a trim after each).
 */
inline constexpr std::size_t kTrimFreeBytes = 4 * 1024 * 1024;
void GiveBackFreeMemory() noexcept;

/*
 * TrimMemoryBeforeCommit: ask for GiveBackFreeMemory when the transaction commits (AtXactEnd, at
 * XACT_EVENT_PRE_COMMIT): after a migration call, its memory and its result's (freed when the
 * statement ends) go back to the system before the commit processes the invalidations of every
 * step, the largest allocation of a long migration's transaction.  TrimIfAsked does it and
 * forgets the request; ForgetTrim only forgets it (abort).  Plain C calls, cannot fail.
 */
void TrimMemoryBeforeCommit() noexcept;
void TrimIfAsked() noexcept;
void ForgetTrim() noexcept;

/*
 * ResetCurrentRun: forget the current run when the (sub)transaction at nest_level that wrote
 * it aborts (1: the whole transaction).  Not on commit: a procedure that commits between
 * revisions keeps its run.  Plain C, cannot fail.
 */
void ResetCurrentRun(int nest_level) noexcept;

} // namespace pgm::pg
