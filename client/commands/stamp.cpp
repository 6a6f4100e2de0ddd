/*
 * stamp.cpp: pgmig stamp [--purge] REV...: upload the script folder and rewrite the version
 * table to REV... without running any migration (Alembic's "alembic stamp"), in one
 * transaction, with a "Running stamp_revision a -> b" progress line per step.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/migration.hpp"

namespace pgmig {

namespace {

struct StampOptions {
	std::vector<std::string> targets;
	bool purge = false;
};

void
RunStamp(Context &ctx, const StampOptions &opts) {
	int steps = RunInMigrationTransaction(ctx, [&opts](Connection &conn, const std::string &schema) {
		ResultPtr res = conn.Exec("SELECT from_revisions, to_revisions, description FROM " + schema +
		                              ".migrate_stamp($1::pg_catalog.text[], $2::pg_catalog.bool)",
		                          {TextArrayLiteral(opts.targets), std::string(opts.purge ? "true" : "false")});
		return PQntuples(res.get());
	});
	if (steps == 0)
		PrintProgress(ctx, "Nothing to do.");
	else
		PrintProgress(ctx, "Done: " + std::to_string(steps) + (steps == 1 ? " stamp step." : " stamp steps."));
}

} // namespace

void
set_stamp_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<StampOptions>();
	CLI::App *sub = app.add_subcommand(
	    "stamp", "Upload the script folder and set the database's current revisions to REV... without running any "
	             "migration, in one transaction; progress goes to stderr");
	sub->add_option("REV", opts->targets,
	                "Target revisions: ids or unique prefixes, head, heads, base (no revision), label@head, ...")
	    ->type_name("")
	    ->required();
	sub->add_flag("--purge", opts->purge,
	              "Empty the version table first, so the result is exactly REV... (the way out when it holds a "
	              "revision the script folder no longer has)");
	sub->callback([&ctx, opts]() { RunStamp(ctx, *opts); });
}

} // namespace pgmig
