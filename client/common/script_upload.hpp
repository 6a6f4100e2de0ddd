/*
 * script_upload.hpp: sending the script folder to the database (migrate_upload), as upload,
 * upgrade, downgrade, stamp, plan and the shadow database built from the migrations do.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgmig {

/*
 * PGMIG_INCREMENTAL_UPLOAD_SQL: a boolean expression ($n holds 'pg_migrate'): the extension has
 * migrate_upload_needed and the incremental migrate_upload (0.6.0) and the current role may
 * execute both.  False for an older extension or a role granted only the full form; such a run
 * sends the whole folder, as before.
 */
#define PGMIG_INCREMENTAL_UPLOAD_SQL(param)                                                                            \
	"(SELECT pg_catalog.count(*) OPERATOR(pg_catalog.=) 2 FROM pg_catalog.pg_proc p "                                  \
	"JOIN pg_catalog.pg_extension e ON e.extnamespace OPERATOR(pg_catalog.=) p.pronamespace "                          \
	"WHERE e.extname OPERATOR(pg_catalog.=) " param " "                                                                \
	"AND ((p.proname OPERATOR(pg_catalog.=) 'migrate_upload_needed' AND p.pronargs OPERATOR(pg_catalog.=) 2) "         \
	"OR (p.proname OPERATOR(pg_catalog.=) 'migrate_upload' AND p.pronargs OPERATOR(pg_catalog.=) 4)) "                 \
	"AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE'))"

/* UploadRow: one row of migrate_upload: what happened to one revision of the catalog. */
struct UploadRow {
	std::string revision;
	std::string file_name;
	std::string action; // added, updated, unchanged, removed
};

/* UploadMode: what Upload sends. */
enum class UploadMode {
	kFull,    // every file (migrate_upload(filenames, contents)); any extension version
	kChanges, // only the files the catalog lacks, the others by name and checksum (0.6.0)
	// as kChanges, but no call of migrate_upload when migrate_upload_needed returns no row (a
	// row edited by hand in the catalog is then not rewritten: pgmig validate reports it)
	kChangesOrNothing,
};

/*
 * Upload: send the script folder's files (bare names, exact bytes) to migrate_upload in
 * schema (quoted) and return its rows.  The incremental modes first ask migrate_upload_needed
 * (which takes the migration lock, so its answer holds for the rest of the transaction: call
 * them inside one) and give the same catalog, rows and errors as kFull: when migrate_upload
 * refuses to keep a file unchanged (its row no longer matches its stored file), the upload is
 * rolled back to a savepoint and the whole folder is sent.  kChangesOrNothing returns the rows
 * migrate_upload would have returned, every file "unchanged", when it skips the call.  With
 * kChangesOrNothing and ask_folder_stored (the server has migrate_folder_stored, 0.8.0),
 * migrate_folder_stored is asked first with the digest of the parsed files: when it says the
 * folder is stored, neither migrate_upload_needed nor migrate_upload is called (the same rows
 * are returned).
 */
std::vector<UploadRow> Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder,
                              UploadMode mode = UploadMode::kFull, bool ask_folder_stored = false);

/* IncrementalUploadAvailable: PGMIG_INCREMENTAL_UPLOAD_SQL in its own query. */
bool IncrementalUploadAvailable(Connection &conn);

/* UploadSummary: "N revisions: a added, u updated, r removed, k unchanged". */
std::string UploadSummary(const std::vector<UploadRow> &rows);

} // namespace pgmig
