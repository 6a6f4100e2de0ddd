/*
 * plan.cpp: pgmig plan DIRECTION TARGET: the steps "pgmig upgrade/downgrade TARGET" would run
 * and their SQL (migrate_plan), planned from the local files: in one transaction the script
 * folder is uploaded, the plan read, and everything rolled back, so nothing changes.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/script_upload.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

struct PlanOptions {
	std::string direction;
	std::string target;
	std::string format = "text";
};

struct PlanRow {
	int step = 0;
	std::string revision, direction, description;
	std::optional<std::string> sql;
};

void
RunPlan(Context &ctx, const PlanOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	std::vector<PlanRow> rows;
	try {
		conn.Exec("BEGIN");
		Upload(conn, schema, folder);
		ResultPtr res =
		    conn.Exec("SELECT step, revision, direction, description, sql FROM " + schema + ".migrate_plan($1, $2)",
		              {opts.direction, opts.target});
		for (int i = 0; i < PQntuples(res.get()); i++) {
			rows.push_back(PlanRow{std::stoi(PQgetvalue(res.get(), i, 0)), PQgetvalue(res.get(), i, 1),
			                       PQgetvalue(res.get(), i, 2), PQgetvalue(res.get(), i, 3),
			                       OptionalValue(res.get(), i, 4)});
		}
		conn.Exec("ROLLBACK");
	} catch (const DbError &) {
		RollbackAfterError(conn);
		throw;
	}
	if (opts.format == "json") {
		nlohmann::ordered_json steps = nlohmann::ordered_json::array();
		for (const PlanRow &r : rows)
			steps.push_back({{"step", r.step},
			                 {"revision", r.revision},
			                 {"direction", r.direction},
			                 {"description", r.description},
			                 {"sql", JsonOrNull(r.sql)}});
		PrintJson({{"direction", opts.direction}, {"target", opts.target}, {"steps", steps}});
		return;
	}
	if (rows.empty())
		std::cout << "-- Nothing to do.\n";
	for (std::size_t i = 0; i < rows.size(); i++) {
		std::string sql = rows[i].sql.value_or("");
		if (!sql.empty() && sql.back() != '\n')
			sql += '\n';
		std::cout << (i == 0 ? "" : "\n") << "-- "
		          << pgm::TerminalText(rows[i].description, pgm::TerminalLines::kEscape) << "\n"
		          << pgm::TerminalText(sql);
	}
	std::cout.flush();
}

} // namespace

void
set_plan_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<PlanOptions>();
	CLI::App *sub = app.add_subcommand(
	    "plan", "Print the steps \"pgmig upgrade/downgrade TARGET\" would run, with their SQL, planned from the local "
	            "files against the database's current revisions (the files are uploaded in a transaction that is "
	            "rolled back: nothing changes)");
	sub->add_option("DIRECTION", opts->direction, "upgrade or downgrade (what to plan)")
	    ->type_name("")
	    ->required()
	    ->check(CLI::IsMember({"upgrade", "downgrade"}).description(""));
	sub->add_option("TARGET", opts->target, "The target, as for upgrade or downgrade (head, base, an id, +N, -N, ...)")
	    ->type_name("")
	    ->required();
	AddFormatOption(sub, opts->format);
	sub->callback([&ctx, opts]() { RunPlan(ctx, *opts); });
}

} // namespace pgmig
