/*
 * catalog_names.hpp: the facts of the catalog that the extension, the client and the offline SQL
 * scripts rendered by the core must agree on.
 */
#pragma once

/*
 * PGM_CATALOG_SCHEMA: the schema of the catalog tables (revision, version, log), as a string
 * literal, so that statements held in constants can be spelled with it at compile time
 * ("SELECT … FROM " PGM_CATALOG_SCHEMA ".log").  The install scripts spell the same name.
 */
#define PGM_CATALOG_SCHEMA "pg_migrate"

namespace pgm {

/* The schema of the catalog tables (revision, version, log). */
inline constexpr const char *kCatalogSchema = PGM_CATALOG_SCHEMA;

/*
 * The procedure that writes one row of pg_migrate.log (extension 0.2.0 and later), as
 * to_regprocedure() takes it, its types qualified so no search_path can change what it names.  The offline scripts CALL
 * it for every step they run.
 */
inline constexpr const char *kWriteLogProcedure =
    PGM_CATALOG_SCHEMA ".write_log(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz, "
                       "pg_catalog.interval, pg_catalog.text, pg_catalog.text)";

/*
 * The key of the transaction-scoped advisory lock (pg_advisory_xact_lock(bigint)) that
 * serialises migrations, uploads and stamps: the bytes "pg_migra".  In pg_locks it shows as
 * classid 1885822829, objid 1768387169, objsubid 1.
 */
inline constexpr long long kMigrationLockKey = 0x70675F6D69677261LL;

} // namespace pgm
