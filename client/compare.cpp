/*
 * compare.cpp: the comparison behind "revision --autogenerate" and "check": the database
 * (which must be up to date) or the migrations on one side, the models on the other, each
 * described by migrate_snapshot() and diffed by the core (schema_diff.hpp).
 */
#include "shadow.hpp"

#include "commands.hpp"

#include "error.hpp"
#include "message_text.hpp"

#include <algorithm>

namespace pgmig {

namespace {

constexpr const char *kUndefinedFunction = "42883";

} // namespace

std::string
TakeSnapshot(Connection &conn, const std::string &what) {
	std::string schema = ExtensionSchema(conn);
	try {
		ResultPtr res = conn.Exec("SELECT " + schema + ".migrate_snapshot()::pg_catalog.text");
		return PQgetvalue(res.get(), 0, 0);
	} catch (const DbError &e) {
		if (e.Sqlstate() != kUndefinedFunction)
			throw;
		throw DbError(e.Sqlstate(), "function migrate_snapshot() does not exist in " + what,
		              "The installed version of the extension pg_migrate is older than pgmig.",
		              "Update it with ALTER EXTENSION pg_migrate UPDATE; (and install the new package on the "
		              "server first).");
	}
}

/*
 * CheckUpToDate: autogenerate compares the models with what the database holds, so the
 * database must hold every revision there is: otherwise the new revision would repeat what
 * a pending one already does.  A head is applied when migrate_current lists it (nothing
 * applied can descend from a head).
 */
void
CheckUpToDate(Connection &conn, const std::string &schema, const ScriptFolder &folder) {
	ResultPtr res = conn.Exec("SELECT revision FROM " + schema + ".migrate_current()");
	std::vector<std::string> current;
	for (int i = 0; i < PQntuples(res.get()); i++)
		current.emplace_back(PQgetvalue(res.get(), i, 0));
	std::vector<std::string> heads = folder.graph.Heads();
	std::vector<std::string> missing;
	for (const std::string &head : heads)
		if (std::find(current.begin(), current.end(), head) == current.end())
			missing.push_back(head);
	if (missing.empty())
		return;
	std::string detail = (missing.size() == 1 ? "Head revision " : "Head revisions ") + pgm::JoinComma(missing) +
	                     (missing.size() == 1 ? " is" : " are") + " not applied in database \"" + conn.Database() +
	                     "\"; ";
	if (current.empty())
		detail += "it has no revision applied.";
	else
		detail += std::string(current.size() == 1 ? "its current revision is " : "its current revisions are ") +
		          pgm::JoinComma(current) + ".";
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState, "target database is not up to date", detail,
	                    heads.size() == 1 ? "Run \"pgmig upgrade head\" first." : "Run \"pgmig upgrade heads\" first.");
}

/*
 * CompareWithModels: the local inputs are read first, so their errors come before any
 * connection.  Each shadow database lives only until its snapshot is taken.  A signal
 * cancels the running query (CancelOnInterrupt) or is noticed between two steps; the error
 * then leaves as Interrupted, after the shadow databases were dropped.
 */
Comparison
CompareWithModels(Context &ctx, const CompareOptions &opts) {
	std::vector<ModelFile> models = ReadModelFiles(ctx.ModelsPath(opts.models));
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	CancelOnInterrupt catch_signals;
	try {
		std::string from_json, from_name;
		if (opts.from_migrations) {
			ShadowDatabase shadow(ctx.ShadowConninfo());
			shadow.ApplyMigrations(folder);
			from_json = shadow.Snapshot();
			shadow.Drop();
			from_name = "the migrations";
		} else {
			Connection conn(ctx.Conninfo());
			std::string schema = ExtensionSchema(conn);
			CheckUpToDate(conn, schema, folder);
			CancelOnInterrupt cancel(conn);
			from_json = TakeSnapshot(conn, "database \"" + conn.Database() + "\"");
			from_name = "the database";
		}
		ShadowDatabase shadow(ctx.ShadowConninfo());
		shadow.ApplyModels(models);
		std::string models_json = shadow.Snapshot();
		shadow.Drop();
		ThrowIfInterrupted();

		pgm::schema::Snapshot from = pgm::schema::ParseSnapshot(from_json, from_name);
		pgm::schema::Snapshot to = pgm::schema::ParseSnapshot(models_json, "the models");
		Comparison result;
		result.upgrade = pgm::schema::Diff(from, to);
		if (opts.need_downgrade && !result.upgrade.Empty())
			result.downgrade = pgm::schema::Diff(to, from);
		return result;
	} catch (const Interrupted &) {
		throw;
	} catch (const pgm::MigError &e) {
		if (InterruptReceived())
			throw Interrupted(e);
		throw;
	}
}

CLI::Option *
AddModelsOption(CLI::App *sub, std::string &models) {
	return sub
	    ->add_option("--models", models,
	                 "The models: a directory whose *.sql files are applied in file name order, or one .sql file "
	                 "(default: models in pgmig.toml, else models/ next to it)")
	    ->type_name("PATH");
}

} // namespace pgmig
