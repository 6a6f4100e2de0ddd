/*
 * validate.cpp: pgmig validate: compare the script folder's files (names, exact bytes,
 * SHA-256) with what the database holds (migrate_verify) and report every difference: local
 * edits of applied or uploaded revisions, revisions only in the database, files not uploaded,
 * and catalog scripts that differ from the applied ones.  Reads only; changes nothing.
 */
#include "client/commands/commands.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"

#include <iostream>
#include <map>

namespace pgmig {

namespace {

std::string
Short(const std::string &checksum) {
	return checksum.substr(0, 12) + "...";
}

std::vector<VerifyRow>
ReadVerifyRows(Connection &conn, const std::string &schema) {
	ResultPtr res = conn.Exec("SELECT revision, file_name, checksum, is_applied, applied_checksum, status FROM " +
	                          schema + ".migrate_verify()");
	std::vector<VerifyRow> rows;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		VerifyRow row{PQgetvalue(res.get(), i, 0),
		              PQgetvalue(res.get(), i, 1),
		              PQgetvalue(res.get(), i, 2),
		              std::string(PQgetvalue(res.get(), i, 3)) == "t",
		              std::nullopt,
		              PQgetvalue(res.get(), i, 5)};
		if (!PQgetisnull(res.get(), i, 4))
			row.applied_checksum = PQgetvalue(res.get(), i, 4);
		rows.push_back(row);
	}
	return rows;
}

void
RunValidate(Context &ctx) {
	std::filesystem::path location = ctx.ScriptLocation();
	ScriptFolder folder = LoadScriptFolder(location);
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	std::vector<VerifyRow> rows = ReadVerifyRows(conn, schema);
	conn.Exec("COMMIT");
	ValidateReport report = CompareWithDatabase(folder, rows, DisplayPath(location));
	if (report.lines.empty()) {
		std::cout << "OK: " << report.revisions << (report.revisions == 1 ? " revision, " : " revisions, ")
		          << report.applied << " applied, all checksums match." << std::endl;
		return;
	}
	for (const std::string &line : report.lines)
		std::cout << line << "\n";
	std::cout.flush();
	std::string hint;
	if (report.needs_upload)
		hint += "Run \"pgmig upload\" to upload new files and edits of revisions not yet applied.";
	if (report.needs_repair)
		hint += std::string(hint.empty() ? "" : "\n") +
		        "Run \"pgmig repair REV --reason TEXT\" to accept the edit of an applied revision (--from-database "
		        "to accept the uploaded script).";
	if (report.missing)
		hint += std::string(hint.empty() ? "" : "\n") +
		        "Restore the missing files, or run \"pgmig upload\" to remove revisions that were never applied.";
	std::size_t n = report.lines.size();
	throw pgm::MigError(pgm::sqlstate::kChecksumMismatch,
	                    std::to_string(n) + (n == 1 ? " difference" : " differences") + " between " +
	                        DisplayPath(location) + " and the database",
	                    "", hint);
}

} // namespace

ValidateReport
CompareWithDatabase(const ScriptFolder &folder, const std::vector<VerifyRow> &rows, const std::string &folder_display) {
	ValidateReport report;
	report.revisions = static_cast<int>(folder.files.size());
	std::map<std::string, std::size_t> local; // revision id -> index in folder.files
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		local[folder.revisions[i].rev.id] = i;
	std::map<std::string, bool> in_database;
	for (const VerifyRow &row : rows) {
		in_database[row.revision] = true;
		if (row.is_applied)
			report.applied++;
		if (row.status == "edited") {
			report.lines.push_back("edited in database: " + row.revision +
			                       ": the uploaded script differs from the one applied (migrate_verify status edited)");
			report.needs_repair = true;
		}
		auto it = local.find(row.revision);
		if (it == local.end()) {
			report.lines.push_back("missing: " + row.revision + " (" + row.file_name +
			                       ") is in the database but not in " + folder_display);
			report.missing = true;
			continue;
		}
		const ScriptFile &file = folder.files[it->second];
		std::string checksum = pgm::Sha256Hex(file.bytes);
		if (row.is_applied) {
			const std::string &applied = row.applied_checksum ? *row.applied_checksum : row.checksum;
			if (checksum != applied) {
				report.lines.push_back("edited: " + row.revision + " (" + file.path +
				                       "): the local file differs from the applied revision (checksum " +
				                       Short(checksum) + " vs " + Short(applied) + ")");
				report.needs_repair = true;
			}
		} else if (checksum != row.checksum) {
			report.lines.push_back("edited: " + row.revision + " (" + file.path +
			                       "): the local file differs from the uploaded, not yet applied revision (checksum " +
			                       Short(checksum) + " vs " + Short(row.checksum) + ")");
			report.needs_upload = true;
		}
	}
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (in_database.count(folder.revisions[i].rev.id) == 0) {
			report.lines.push_back("new: " + folder.revisions[i].rev.id + " (" + folder.files[i].path +
			                       ") is not uploaded");
			report.needs_upload = true;
		}
	return report;
}

void
set_validate_command(CLI::App &app, Context &ctx) {
	CLI::App *sub = app.add_subcommand(
	    "validate",
	    "Compare the script folder with the database (migrate_verify) and list every difference: edited, missing and "
	    "new revision files, and uploaded scripts that differ from the applied ones; exit status 1 if any.  Reads "
	    "only");
	sub->callback([&ctx]() { RunValidate(ctx); });
}

} // namespace pgmig
