/*
 * lock_safety.hpp: lock safety of migrations (docs/maintenance.md, "Lock safety"): the retry of
 * a step that could not obtain a lock (lock_retries, lock_retry_delay), the sessions that
 * blocked it named in the error, and the wait for the migration lock (migration_lock_timeout,
 * lock_session/unlock_session).
 */
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace pgm::pg {

/* pg_migrate.lock_retries: how often a step that failed with 55P03 is tried again; 0: never. */
extern int lock_retries;

/* pg_migrate.lock_retry_delay: the wait before the first retry, in ms; doubled each time. */
extern int lock_retry_delay_ms;

/* pg_migrate.migration_lock_timeout: how long to wait for the migration lock, in ms; 0: forever. */
extern int migration_lock_timeout_ms;

/*
 * DefineLockSafetySettings: define the three parameters above; called from _PG_init before the
 * pg_migrate prefix is reserved.  Plain C calls only.
 */
void DefineLockSafetySettings();

/*
 * RunWithLockRetries: run one step's statements (statements) so that a lock it cannot obtain
 * (SQLSTATE 55P03) does not end the migration at once.  With pg_migrate.lock_retries > 0 each
 * attempt runs in an internal subtransaction: on 55P03 only that step is rolled back, a NOTICE
 * names the blocking sessions, and the step is tried again after an interruptible, growing,
 * jittered delay.  The error of the last attempt (or of the only one, with lock_retries = 0)
 * is raised unchanged (SQLSTATE, message, the step's CONTEXT) with a DETAIL naming the
 * sessions that held or waited ahead for the lock the step waited for.  Every other error
 * passes through unchanged.  Needs an open SpiConnection.
 */
void RunWithLockRetries(const char *revision, bool downgrade, const std::function<void()> &statements);

/*
 * StepStatements: runs one step's statements (the argument) the way the caller's retry scheme
 * wants them run: RunWithLockRetries, or a group of RunStepsWithLockRetries.
 */
using StepStatements = std::function<void(const std::function<void()> &statements)>;

/*
 * RunStepsWithLockRetries: run steps 0 to count - 1 in order (run(i, statements), where the step
 * passes its statements to statements), with RunWithLockRetries's rules but one internal
 * subtransaction per group of steps instead of one per step: a group ends after the step that
 * brings its time past kStepGroupMs (lock_safety.cpp).  A subtransaction per step made a run
 * quadratic (each subtransaction's commit walks lists that grow with every relation the
 * transaction created or dropped: 5,000 steps took 60-75 % more backend time).  On 55P03 the
 * whole group is rolled back: rewind(first) must forget what the caller kept of steps first and
 * later (their rows, their log rows), and the group runs again from its first step after the
 * delay; the attempts are counted for the step that could not obtain the lock.  With
 * pg_migrate.lock_retries = 0 no subtransaction is used.  Every other error rolls the group back
 * and passes through unchanged.  Needs an open SpiConnection.
 */
void RunStepsWithLockRetries(std::size_t count, const std::function<void(std::size_t, const StepStatements &)> &run,
                             const std::function<void(std::size_t first)> &rewind,
                             const std::function<std::string(std::size_t)> &revision);

/*
 * WaitForMigrationLock: take the migration lock (the advisory lock of LockCatalog) at
 * transaction level, or at session level for pg_migrate.lock_session().  When another session
 * holds it, a NOTICE names that session once, and the wait lasts at most
 * pg_migrate.migration_lock_timeout; then 55P03 "could not obtain the migration lock".  Returns
 * at once when this session holds it at session level.  Needs an open SpiConnection.
 */
void WaitForMigrationLock(bool session_level);

/*
 * HoldsSessionMigrationLock: whether this session took the migration lock with
 * pg_migrate.lock_session() and still holds it.
 */
bool HoldsSessionMigrationLock();

} // namespace pgm::pg
