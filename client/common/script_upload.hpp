/*
 * script_upload.hpp: sending the script folder to the database (migrate_upload), as upload,
 * upgrade, downgrade, stamp, plan and the shadow database built from the migrations do.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <string>
#include <vector>

namespace pgmig {

/* UploadRow: one row of migrate_upload: what happened to one revision of the catalog. */
struct UploadRow {
	std::string revision;
	std::string file_name;
	std::string action; // added, updated, unchanged, removed
};

/*
 * Upload: send the script folder's files (bare names, exact bytes) to migrate_upload in
 * schema (quoted) and return its rows.
 */
std::vector<UploadRow> Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder);

/* UploadSummary: "N revisions: a added, u updated, r removed, k unchanged". */
std::string UploadSummary(const std::vector<UploadRow> &rows);

} // namespace pgmig
