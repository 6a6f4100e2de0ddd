/*
 * catalog_names.hpp: the facts of the catalog that the extension and the offline SQL scripts
 * rendered by the core must agree on.
 */
#pragma once

namespace pgm {

/* The schema of the catalog tables (revision, version, log). */
inline constexpr const char *kCatalogSchema = "pg_migrate";

/*
 * The key of the transaction-scoped advisory lock (pg_advisory_xact_lock(bigint)) that
 * serialises migrations, uploads and stamps: the bytes "pg_migra".  In pg_locks it shows as
 * classid 1885822829, objid 1768387169, objsubid 1.
 */
inline constexpr long long kMigrationLockKey = 0x70675F6D69677261LL;

} // namespace pgm
