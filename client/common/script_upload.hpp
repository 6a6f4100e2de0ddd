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
	// not asked yet: kChangesOrNothing when PGMIG_INCREMENTAL_UPLOAD_SQL is true, else kFull;
	// Upload asks only when it must send files (0.9.0 pgmig: not in a session's first statement)
	kAsk,
};

/*
 * FolderStoredAnswer: what migrate_folder_stored (0.8.0) said of a folder digest, and the upload
 * mode, resolved in the same statement when it was kAsk.
 */
struct FolderStoredAnswer {
	bool stored = false;
	UploadMode mode = UploadMode::kFull;
};

/*
 * AskFolderStored: migrate_folder_stored(digest) in schema (quoted), inside the caller's
 * transaction (it takes the migration lock); mode kAsk is resolved in the same statement.
 */
FolderStoredAnswer AskFolderStored(Connection &conn, const std::string &schema, const std::string &digest,
                                   UploadMode mode);

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
 * are returned).  With answered, that question was already asked in this transaction
 * (AskFolderStored): its answer and mode are used instead.  kAsk is resolved by asking the
 * server, with migrate_folder_stored's question when there is one.
 */
std::vector<UploadRow> Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder,
                              UploadMode mode = UploadMode::kFull, bool ask_folder_stored = false,
                              const FolderStoredAnswer *answered = nullptr);

/* IncrementalUploadAvailable: PGMIG_INCREMENTAL_UPLOAD_SQL in its own query. */
bool IncrementalUploadAvailable(Connection &conn);

/* UploadSummary: "N revisions: a added, u updated, r removed, k unchanged". */
std::string UploadSummary(const std::vector<UploadRow> &rows);

} // namespace pgmig
