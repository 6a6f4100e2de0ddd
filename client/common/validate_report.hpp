/*
 * validate_report.hpp: what validate reports: the local files of the script folder compared
 * with the rows of migrate_verify() (names, checksums, applied or not).
 */
#pragma once

#include "client/common/context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgmig {

/* VerifyRow: one row of migrate_verify(). */
struct VerifyRow {
	std::string revision;
	std::string file_name;
	std::string checksum;
	bool is_applied = false;
	std::optional<std::string> applied_checksum;
	std::string status; // ok, pending, edited
};

/*
 * ValidateDifference: one difference, for --format json: its kind (edited_in_database,
 * corrupted_in_database, missing, edited_applied, edited_pending, new), the revision, the file
 * (the local file's path, else the catalog's file name), what fixes it (repair, upload or
 * restore) and the line the text output prints.
 */
struct ValidateDifference {
	std::string kind;
	std::string revision;
	std::string file;
	std::string fix;
	std::string description;
};

/* ValidateReport: what validate found. */
struct ValidateReport {
	std::vector<std::string> lines;              // one per difference, in catalog order, then the new files
	std::vector<ValidateDifference> differences; // the same, one for one
	int revisions = 0;                           // local revisions
	int applied = 0;                             // applied revisions in the database
	bool needs_upload = false;                   // new files or edited pending revisions
	bool needs_repair = false;                   // edited applied revisions
	bool missing = false;                        // revisions only in the database
};

/*
 * CompareWithDatabase: the local files of folder against the rows of migrate_verify(); pure.
 * folder_display names the script folder in "missing" lines.
 */
ValidateReport CompareWithDatabase(const ScriptFolder &folder, const std::vector<VerifyRow> &rows,
                                   const std::string &folder_display);

} // namespace pgmig
