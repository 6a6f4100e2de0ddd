/*
 * safeguards.hpp: what pgmig checks and makes before it changes a database (docs/maintenance.md,
 * "Integrity, standbys and recovery points"): that the server is not a standby, and the pg_dump
 * backup of `upgrade --backup DIR` / `downgrade --backup DIR`, whose file the run records.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace pgmig {

/*
 * RefuseStandby: 25006 when the server is in recovery (pg_is_in_recovery()), before anything is
 * uploaded; what names the refused command ("upgrade", "upload").
 */
void RefuseStandby(Connection &conn, const std::string &what);

/* StandbyRefusal: the error RefuseStandby throws, for a caller that read pg_is_in_recovery() itself. */
pgm::MigError StandbyRefusal(const std::string &what);

/* BackupRequested: --backup DIR was given. */
bool BackupRequested();

/* AddBackupOption: --backup DIR of upgrade and downgrade. */
void AddBackupOption(CLI::App *sub);

/*
 * TakeRequestedBackup: when --backup DIR was given, run `pg_dump -Fc` of the database into DIR
 * (file <database>-<UTC time>-<current heads>.dump) and return the file's path; nullopt without
 * --backup.  A failed pg_dump is an error (58000): nothing is migrated.  Call it before BEGIN.
 */
std::optional<std::string> TakeRequestedBackup(Context &ctx, Connection &conn, const std::string &schema);

/*
 * RecordBackup: inside the migration's transaction, before the migration call: SET LOCAL
 * pg_migrate.backup_file, which the server records in the run's pg_migrate.run row.
 */
void RecordBackup(Connection &conn, const std::optional<std::string> &file);

} // namespace pgmig
