/*
 * upload.cpp: pgmig upload: send the script folder to the database (migrate_upload)
 * without applying anything, so a DBA can run SELECT migrate_upgrade('head') later.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/safeguards.hpp"
#include "client/common/script_upload.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunUpload(Context &ctx) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	RefuseStandby(conn, "upload");
	UploadMode mode = IncrementalUploadAvailable(conn) ? UploadMode::kChanges : UploadMode::kFull;
	conn.Exec("BEGIN");
	std::vector<UploadRow> rows = Upload(conn, schema, folder, mode);
	conn.Exec("COMMIT");
	for (const UploadRow &r : rows)
		if (r.action != "unchanged")
			std::cout << r.action << " " << pgm::TerminalText(r.revision, pgm::TerminalLines::kEscape) << " ("
			          << pgm::TerminalText(r.file_name, pgm::TerminalLines::kEscape) << ")\n";
	std::cout << "Uploaded " << UploadSummary(rows) << "." << std::endl;
}

} // namespace

void
set_upload_command(CLI::App &app, Context &ctx) {
	CLI::App *sub = app.add_subcommand(
	    "upload", "Upload the script folder's revision files to the database without applying them; prints "
	              "what was added, updated or removed");
	sub->callback([&ctx]() { RunUpload(ctx); });
}

} // namespace pgmig
