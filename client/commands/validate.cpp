/*
 * validate.cpp: pgmig validate: compare the script folder's files (names, exact bytes,
 * SHA-256) with what the database holds (migrate_verify) and report every difference: local
 * edits of applied or uploaded revisions, revisions only in the database, files not uploaded,
 * and catalog scripts that differ from the applied ones.  Reads only; changes nothing.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/migration.hpp"
#include "client/common/validate_report.hpp"

#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

std::vector<VerifyRow>
ReadVerifyRows(Connection &conn, const std::string &schema) {
	ResultPtr res = conn.Exec("SELECT revision, file_name, checksum, is_applied, applied_checksum, status FROM " +
	                          schema + ".migrate_verify()");
	std::vector<VerifyRow> rows;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		rows.push_back(VerifyRow{PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1), PQgetvalue(res.get(), i, 2),
		                         std::string(PQgetvalue(res.get(), i, 3)) == "t", OptionalValue(res.get(), i, 4),
		                         PQgetvalue(res.get(), i, 5)});
	}
	return rows;
}

/* ValidateJson: the report as --format json prints it. */
nlohmann::ordered_json
ValidateJson(const ValidateReport &report) {
	nlohmann::ordered_json out;
	out["ok"] = report.differences.empty();
	out["revisions"] = report.revisions;
	out["applied"] = report.applied;
	nlohmann::ordered_json differences = nlohmann::ordered_json::array();
	for (const ValidateDifference &d : report.differences)
		differences.push_back({{"kind", d.kind},
		                       {"revision", d.revision},
		                       {"file", d.file},
		                       {"fix", d.fix},
		                       {"description", d.description}});
	out["differences"] = std::move(differences);
	return out;
}

void
RunValidate(Context &ctx, const std::string &format) {
	std::filesystem::path location = ctx.ScriptLocation();
	ScriptFolder folder = LoadScriptFolder(location);
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	std::vector<VerifyRow> rows = ReadVerifyRows(conn, schema);
	conn.Exec("COMMIT");
	ValidateReport report = CompareWithDatabase(folder, rows, DisplayPath(location));
	if (format == "json") {
		// The differences are the document; the exit status says whether there were any.
		PrintJson(ValidateJson(report));
		if (!report.differences.empty())
			throw ErrorReported();
		return;
	}
	if (report.lines.empty()) {
		std::cout << "OK: " << report.revisions << (report.revisions == 1 ? " revision, " : " revisions, ")
		          << report.applied << " applied, all checksums match." << std::endl;
		return;
	}
	for (const std::string &line : report.lines)
		std::cout << pgm::TerminalText(line) << "\n";
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

void
set_validate_command(CLI::App &app, Context &ctx) {
	CLI::App *sub = app.add_subcommand(
	    "validate",
	    "Compare the script folder with the database (migrate_verify) and list every difference: edited, missing and "
	    "new revision files, and uploaded scripts that differ from the applied ones; exit status 1 if any.  Reads "
	    "only");
	auto format = std::make_shared<std::string>("text");
	AddFormatOption(sub, *format);
	sub->callback([&ctx, format]() { RunValidate(ctx, *format); });
}

} // namespace pgmig
