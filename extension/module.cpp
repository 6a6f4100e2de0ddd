/*
 * module.cpp: what makes pg_migrate.so a PostgreSQL module: the magic block, _PG_init with the
 * pg_migrate.* parameters, the core's interrupt check and the transaction callbacks, and
 * migrate_version(), the version compiled into the library.
 */
#include "core/interrupt.hpp"
#include "extension/datum.hpp"
#include "extension/ddl_guard.hpp"
#include "extension/guard.hpp"
#include "extension/lock_safety.hpp"
#include "extension/reentry.hpp"
#include "extension/run.hpp"
#include "extension/settings.hpp"

#include <climits>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;
}

#ifndef PGM_EXTVERSION
#error "PGM_EXTVERSION must be defined by the build (Makefile: EXTVERSION)"
#endif

namespace pgm::pg {

int lock_timeout_ms = 5000;
int statement_timeout_ms = 0;
int lint_large_table_kb = 10 * 1024;

namespace {

/* MigrateVersion: the EXTVERSION the library was built with, to compare with pg_extension. */
Datum
MigrateVersion(FunctionCallInfo) {
	return TextDatum(PGM_EXTVERSION);
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_version);
Datum
migrate_version(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateVersion, fcinfo);
}

void _PG_init(void);

/*
 * AtXactEnd: at the end of every transaction, forget the per-backend state that belongs to
 * one (the running-migration mark, the guard's memory context); before a commit, give the
 * memory of a migration call back to the system when it asked (TrimMemoryBeforeCommit).  On commit both are already
 * clear; on abort they may not be, when an ERROR longjmp'd over the C++ frames that would
 * have cleared them.  Plain C, no C++ object, cannot fail.
 */
static void
AtXactEnd(XactEvent event, void *) {
	switch (event) {
		case XACT_EVENT_PRE_COMMIT:
			pgm::pg::TrimIfAsked();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
			pgm::pg::ResetMigrationMark(1);
			pgm::pg::ResetGuardContext(1);

			if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) {
				pgm::pg::ResetCurrentRun(1);
				pgm::pg::ForgetTrim();
			}
			break;
		default:
			break;
	}
}

/*
 * AtSubXactAbort: the same for a subtransaction that aborts (a PL/pgSQL EXCEPTION block, a
 * savepoint rolled back): only the state set at its nest level or deeper is forgotten, so an
 * error caught inside a revision's SQL leaves the running migration marked.
 */
static void
AtSubXactAbort(SubXactEvent event, SubTransactionId, SubTransactionId, void *) {
	if (event != SUBXACT_EVENT_ABORT_SUB)
		return;
	int nest_level = GetCurrentTransactionNestLevel();
	pgm::pg::ResetMigrationMark(nest_level);
	pgm::pg::ResetGuardContext(nest_level);
	pgm::pg::ResetCurrentRun(nest_level);
}

/* upload_in_progress: pg_migrate.upload_in_progress, read by SQL only (the trigger's WHEN). */
static bool upload_in_progress = false;

/*
 * _PG_init: define the parameters, install the core's interrupt check and the transaction
 * callbacks.  Plain C calls and no C++ object, so an ereport here crosses no C++ frame.  The
 * prefix is reserved so a misspelt pg_migrate.* setting warns.
 */
void
_PG_init(void) {
	DefineCustomIntVariable("pg_migrate.lock_timeout", "Sets lock_timeout while migration steps run.",
	                        "-1 keeps the session's lock_timeout; 0 waits for locks without limit.",
	                        &pgm::pg::lock_timeout_ms, 5000, -1, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
	                        nullptr);
	DefineCustomIntVariable("pg_migrate.statement_timeout", "Sets the longest time one migration step may run.",
	                        "0 means no limit besides the session's statement_timeout.", &pgm::pg::statement_timeout_ms,
	                        0, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr, nullptr);
	pgm::pg::DefineLockSafetySettings();
	DefineCustomIntVariable("pg_migrate.lint_large_table",
	                        "Sets the size from which migrate_lint reports an ACCESS EXCLUSIVE lock on a table.",
	                        "The size of the table's main fork, all partitions of a partitioned table counted.",
	                        &pgm::pg::lint_large_table_kb, 10 * 1024, 0, INT_MAX, PGC_USERSET, GUC_UNIT_KB, nullptr,
	                        nullptr, nullptr);
	DefineCustomIntVariable("pg_migrate.step_window",
	                        "Sets how many steps' files a migration call holds in memory at a time.",
	                        "A run reads its steps' SQL from pg_migrate.revision this many steps at a time; it "
	                        "changes memory and the number of reads, never what runs.",
	                        &pgm::pg::step_window, 256, 1, 1000000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
	pgm::pg::DefineDriftSettings();
	pgm::pg::DefineRunSettings();
	DefineCustomBoolVariable(
	    "pg_migrate.upload_in_progress", "Set by migrate_upload while it writes pg_migrate.revision (0.7.0).",
	    "The statement trigger folder_state_forget skips those writes; migrate_upload stores the "
	    "folder state again after them.",
	    &upload_in_progress, false, PGC_USERSET, GUC_NOT_IN_SAMPLE | GUC_NO_SHOW_ALL, nullptr, nullptr, nullptr);
	MarkGUCPrefixReserved("pg_migrate");
	pgm::SetInterruptCheck(&pgm::pg::CoreInterruptCheck);
	RegisterXactCallback(AtXactEnd, nullptr);
	RegisterSubXactCallback(AtSubXactAbort, nullptr);
}

} // extern "C"
