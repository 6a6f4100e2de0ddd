/*
 * repair.cpp: pgmig repair REV --reason TEXT [--from-database]: accept the edit of an applied
 * revision (migrate_repair), in one transaction: the catalog takes the local file of REV
 * (its SQL and message; not its place in the graph), or with --from-database the uploaded
 * script is accepted as applied.  No SQL of the revision runs; the log records the reason.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/text_format.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

struct RepairOptions {
	std::string rev;
	std::string reason;
	bool from_database = false;
};

/* Short: the abbreviated checksum at row, col of res; "(none)" for NULL. */
std::string
Short(const PGresult *res, int row, int col) {
	if (PQgetisnull(res, row, col))
		return "(none)";
	return ShortChecksum(PQgetvalue(res, row, col));
}

void
RunRepair(Context &ctx, const RepairOptions &opts) {
	std::vector<Param> params{opts.rev, opts.reason, std::nullopt, std::nullopt};
	if (!opts.from_database) {
		ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
		std::string id = pgm::ResolveRevision(folder.graph, opts.rev);
		for (std::size_t i = 0; i < folder.revisions.size(); i++)
			if (folder.revisions[i].rev.id == id) {
				params = {id, opts.reason, folder.files[i].name, ByteaLiteral(folder.files[i].bytes)};
				break;
			}
	}
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	ResultPtr res;
	try {
		conn.Exec("BEGIN");
		res = conn.Exec("SELECT revision, old_checksum, new_checksum FROM " + schema +
		                    ".migrate_repair($1, $2, $3, $4::pg_catalog.bytea)",
		                params);
		conn.Exec("COMMIT");
	} catch (const DbError &) {
		RollbackAfterError(conn);
		throw;
	}
	for (int i = 0; i < PQntuples(res.get()); i++)
		std::cout << "Repaired " << pgm::TerminalText(PQgetvalue(res.get(), i, 0)) << ": checksum "
		          << Short(res.get(), i, 1) << " -> " << Short(res.get(), i, 2) << "\n";
	std::cout.flush();
}

} // namespace

void
set_repair_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<RepairOptions>();
	CLI::App *sub = app.add_subcommand(
	    "repair", "Accept the edit of an applied revision: the database takes the local file of REV (its SQL and "
	              "message, not its parents) as the applied script, without running it; logged with the reason");
	sub->add_option("REV", opts->rev, "The revision: an id or unique prefix")->type_name("")->required();
	sub->add_option("--reason", opts->reason, "Why, recorded in the migration log (required)")
	    ->type_name("TEXT")
	    ->required();
	sub->add_flag("--from-database", opts->from_database,
	              "Accept the script already uploaded to the database instead of the local file");
	sub->callback([&ctx, opts]() { RunRepair(ctx, *opts); });
}

} // namespace pgmig
