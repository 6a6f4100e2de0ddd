/*
 * current.cpp: pgmig current: the database's current revisions, one Alembic "current"
 * line each (e.g. "c527ba0bc760 (head)"); nothing for an empty database.
 */
#include "commands.hpp"

#include <iostream>

namespace pgmig {

namespace {

void
RunCurrent(Context &ctx) {
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	ResultPtr res = conn.Exec("SELECT line FROM " + schema + ".migrate_current()");
	for (int i = 0; i < PQntuples(res.get()); i++)
		std::cout << PQgetvalue(res.get(), i, 0) << "\n";
	std::cout.flush();
}

} // namespace

void
set_current_command(CLI::App &app, Context &ctx) {
	CLI::App *sub = app.add_subcommand("current", "Show the database's current revision(s)");
	sub->callback([&ctx]() { RunCurrent(ctx); });
}

} // namespace pgmig
