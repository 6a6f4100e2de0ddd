/*
 * ddl_guard.hpp: drift and guard: the event triggers that record DDL run outside migrations in
 * pg_migrate.drift and, with pg_migrate.guard on, refuse it; and the schema snapshot that
 * pg_migrate.schema_snapshot keeps of the schema the last migration left.
 *
 * "Inside a migration" is the running-migration mark of reentry.hpp (migrate_upgrade,
 * migrate_downgrade) or its session-level apply mark (a non-transactional revision applied
 * statement by statement), and the scripts of CREATE/ALTER EXTENSION.
 */
#pragma once

namespace pgm::pg {

/* pg_migrate.guard: refuse DDL outside migrations (module.cpp's _PG_init defines it). */
extern bool guard_enabled;

/* DefineDriftSettings: define pg_migrate.guard; called from _PG_init (plain C calls). */
void DefineDriftSettings();

/*
 * RecordSchemaSnapshot: replace the rows of pg_migrate.schema_snapshot with a pending row: the
 * current heads (pg_migrate.version), migrate_schema_fingerprint() of the live schema and no
 * snapshot; the event trigger stores migrate_snapshot() before the first DDL outside a
 * migration changes that schema (copy-on-write; ddl_guard.cpp).  With an installed extension
 * older than 0.6.0 (no fingerprint column) it stores migrate_snapshot() at once, as before.
 * Needs an open SpiConnection; writes as the owner of the table, so a deploy role needs no
 * privilege on it.  Does nothing when the table does not exist (the library is newer than the
 * installed extension).
 */
void RecordSchemaSnapshot();

} // namespace pgm::pg
