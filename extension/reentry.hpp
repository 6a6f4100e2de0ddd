/*
 * reentry.hpp: refusing a pg_migrate call from inside a running migration.
 *
 * A revision's SQL runs inside migrate_upgrade/migrate_downgrade, under the migration lock and
 * in the middle of a plan computed from the catalog.  If that SQL called migrate_upgrade,
 * migrate_downgrade or migrate_upload, the inner call would take the (re-entrant) lock again,
 * plan from a half-applied state and rewrite the catalog under the outer plan's feet.  Such a
 * call is refused with 55000 instead.
 *
 * The mark is a per-backend flag with the transaction nest level that set it.  A
 * MigrationScope sets it and clears it again when it goes out of scope, also when an exception
 * unwinds it; the transaction callbacks registered in _PG_init clear it when the
 * (sub)transaction that set it aborts, so an error path that skipped the destructor cannot
 * leave the session unable to migrate.
 */
#pragma once

#include <string>

namespace pgm::pg {

/*
 * MigrationScope: marks this backend as running a migration (function is migrate_upgrade or
 * migrate_downgrade) for the lifetime of the object.  The constructor refuses (55000) when a
 * migration is already running.
 */
class MigrationScope {
public:
	explicit MigrationScope(const char *function);
	~MigrationScope();
	MigrationScope(const MigrationScope &) = delete;
	MigrationScope &operator=(const MigrationScope &) = delete;
};

/*
 * CheckNotInMigration: 55000 when a migration of this backend is running (for migrate_upload and
 * the other calls a revision may not make).  why, when given, is the DETAIL's reason (a full
 * sentence); otherwise the DETAIL says a migration or upload cannot be started.
 */
void CheckNotInMigration(const char *function, const char *why = nullptr);

/*
 * ResetMigrationMark: clear the mark if it was set at nest_level or deeper; called when the
 * (sub)transaction at nest_level aborts (1: at the end of the transaction).  Plain C, cannot
 * fail; called from the transaction callbacks registered in _PG_init.
 */
void ResetMigrationMark(int nest_level) noexcept;

/* InMigration: a MigrationScope of this backend is alive (migrate_upgrade/downgrade runs). */
bool InMigration() noexcept;

/*
 * The session-level apply mark (drift and guard, ddl_guard.hpp): while pgmig applies a
 * non-transactional revision statement by statement in autocommit, every statement is its own
 * transaction, so the transaction-scoped MigrationScope cannot cover them.  The function that
 * starts such a revision calls BeginSessionApply(revision) and the one that records it (or its
 * failure) calls EndSessionApply(); in between, DDL of this session counts as migration DDL:
 * the event triggers neither record it as drift nor refuse it under pg_migrate.guard.  The mark
 * outlives transactions (also aborted ones) and ends with EndSessionApply or the session.
 */
void BeginSessionApply(const std::string &revision);
void EndSessionApply() noexcept;
bool InSessionApply() noexcept;

/* SessionApplyRevision: the revision BeginSessionApply named; "" when no mark is set. */
const std::string &SessionApplyRevision() noexcept;

} // namespace pgm::pg
