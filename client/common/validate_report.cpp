/*
 * validate_report.cpp: the comparison of the local files with migrate_verify()'s rows.
 */
#include "client/common/validate_report.hpp"

#include "client/common/text_format.hpp"

#include "core/sha256.hpp"

#include <map>

namespace pgmig {

ValidateReport
CompareWithDatabase(const ScriptFolder &folder, const std::vector<VerifyRow> &rows, const std::string &folder_display) {
	ValidateReport report;
	report.revisions = static_cast<int>(folder.files.size());
	std::map<std::string, std::size_t> local; // revision id -> index in folder.files
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		local[folder.revisions[i].rev.id] = i;
	std::map<std::string, bool> in_database;
	auto add = [&report](const char *kind, const std::string &revision, const std::string &file, const char *fix,
	                     std::string line) {
		report.differences.push_back(ValidateDifference{kind, revision, file, fix, line});
		report.lines.push_back(std::move(line));
	};
	for (const VerifyRow &row : rows) {
		in_database[row.revision] = true;
		if (row.is_applied)
			report.applied++;
		if (row.status == "edited") {
			add("edited_in_database", row.revision, row.file_name, "repair",
			    "edited in database: " + row.revision +
			        ": the uploaded script differs from the one applied (migrate_verify status edited)");
			report.needs_repair = true;
		}
		// the catalog row differs from its stored file; an upload rewrites it
		if (row.status == "corrupted") {
			add("corrupted_in_database", row.revision, row.file_name, "upload",
			    "corrupted in database: " + row.revision + " (" + row.file_name +
			        "): the catalog row differs from its stored file or checksum; migrations run "
			        "only the SQL of a stored file that matches its checksum (migrate_verify "
			        "status corrupted)");
			report.needs_upload = true;
		}
		auto it = local.find(row.revision);
		if (it == local.end()) {
			add("missing", row.revision, row.file_name, "restore",
			    "missing: " + row.revision + " (" + row.file_name + ") is in the database but not in " +
			        folder_display);
			report.missing = true;
			continue;
		}
		const ScriptFile &file = folder.files[it->second];
		std::string checksum = pgm::Sha256Hex(file.bytes);
		if (row.is_applied) {
			const std::string &applied = row.applied_checksum ? *row.applied_checksum : row.checksum;
			if (checksum != applied) {
				add("edited_applied", row.revision, file.path, "repair",
				    "edited: " + row.revision + " (" + file.path +
				        "): the local file differs from the applied revision (checksum " + ShortChecksum(checksum) +
				        " vs " + ShortChecksum(applied) + ")");
				report.needs_repair = true;
			}
		} else if (checksum != row.checksum) {
			add("edited_pending", row.revision, file.path, "upload",
			    "edited: " + row.revision + " (" + file.path +
			        "): the local file differs from the uploaded, not yet applied revision (checksum " +
			        ShortChecksum(checksum) + " vs " + ShortChecksum(row.checksum) + ")");
			report.needs_upload = true;
		}
	}
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (in_database.count(folder.revisions[i].rev.id) == 0) {
			add("new", folder.revisions[i].rev.id, folder.files[i].path, "upload",
			    "new: " + folder.revisions[i].rev.id + " (" + folder.files[i].path + ") is not uploaded");
			report.needs_upload = true;
		}
	return report;
}

} // namespace pgmig
