/*
 * module.cpp: what makes pg_migrate.so a PostgreSQL module: the magic block, _PG_init with the
 * pg_migrate.* parameters, and migrate_version(), the version compiled into the library.
 */
#include "datum.hpp"
#include "guard.hpp"
#include "settings.hpp"

#include <climits>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;
}

#ifndef PGM_EXTVERSION
#error "PGM_EXTVERSION must be defined by the build (Makefile: EXTVERSION)"
#endif

namespace pgm::pg {

int lock_timeout_ms = -1;
int statement_timeout_ms = 0;

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
 * _PG_init: define the parameters.  Plain C calls and no C++ object, so an ereport here
 * crosses no C++ frame.  The prefix is reserved so a misspelt pg_migrate.* setting warns.
 */
void
_PG_init(void) {
	DefineCustomIntVariable("pg_migrate.lock_timeout", "Sets lock_timeout while migration steps run.",
	                        "-1 keeps the session's lock_timeout; 0 waits for locks without limit.",
	                        &pgm::pg::lock_timeout_ms, -1, -1, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
	                        nullptr);
	DefineCustomIntVariable("pg_migrate.statement_timeout", "Sets the longest time one migration step may run.",
	                        "0 means no limit besides the session's statement_timeout.", &pgm::pg::statement_timeout_ms,
	                        0, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr, nullptr);
	MarkGUCPrefixReserved("pg_migrate");
}

} // extern "C"
