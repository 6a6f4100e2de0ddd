/*
 * init.cpp: pgmig init [DIR]: create a project: DIR/pgmig.toml, DIR/migrations/versions/,
 * DIR/migrations/script.sql.tmpl (Alembic's "alembic init") and DIR/models/schema.sql, the
 * models autogenerate and check compare with (Alembic's target_metadata).
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/new_revision.hpp"
#include "client/common/script_template.hpp"

#include "core/error.hpp"

#include <iostream>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

const char kConfigText[] =
    "# pgmig configuration.  Flat keys only: an unrecognized key is an error.\n"
    "\n"
    "# The script folder (versions/ and script.sql.tmpl), relative to this file.\n"
    "script_location = \"migrations\"\n"
    "\n"
    "# The database to migrate.  --url and the DATABASE_URL environment variable take\n"
    "# precedence; with none of them, libpq's PG* environment variables and service file apply.\n"
    "# ${VAR} and ${VAR:-default} are replaced from the environment.\n"
    "# database_url = \"postgresql://${PGUSER:-postgres}@localhost:5432/mydb\"\n"
    "\n"
    "# The model files (*.sql, applied in file name order) that \"pgmig revision --autogenerate\"\n"
    "# and \"pgmig check\" compare the database with, relative to this file.\n"
    "# models = \"models\"\n"
    "\n"
    "# The server on which pgmig creates (and drops) its throwaway shadow databases; the role\n"
    "# needs CREATEDB there.  Default: the server of the database URL.\n"
    "# shadow_url = \"postgresql://${PGUSER:-postgres}@localhost:5432/postgres\"\n";

/*
 * kModelText: the first model file: empty but for how to use it, so that "pgmig check" on a
 * fresh database finds nothing to do rather than "no .sql files".
 */
const char kModelText[] =
    "-- The schema the database should have, as SQL: CREATE TABLE, CREATE INDEX, CREATE VIEW, ...\n"
    "-- Every *.sql file of this folder is applied in file name order to a throwaway shadow\n"
    "-- database; \"pgmig revision --autogenerate -m MESSAGE\" writes a revision with the differences\n"
    "-- between it and the database, and \"pgmig check\" reports them (docs/models.md).\n"
    "--\n"
    "-- CREATE TABLE users (\n"
    "--     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "--     email text NOT NULL UNIQUE\n"
    "-- );\n";

/* Joined: dir/name for display, without a "./" prefix for the current directory. */
fs::path
Joined(const fs::path &dir, const char *name) {
	return dir == "." ? fs::path(name) : dir / name;
}

void
RunInit(const std::string &dir_arg) {
	fs::path dir(dir_arg);
	fs::path config = Joined(dir, kDefaultConfigFile);
	fs::path scripts = Joined(dir, kDefaultScriptLocation);
	std::error_code ec;
	if (fs::exists(config, ec))
		throw pgm::MigError(pgm::sqlstate::kDuplicateObject,
		                    "configuration file \"" + DisplayPath(config) + "\" already exists", "",
		                    "Choose another directory, or edit the existing project.");
	if (fs::exists(scripts, ec) && !(fs::is_directory(scripts, ec) && fs::is_empty(scripts, ec)))
		throw pgm::MigError(pgm::sqlstate::kDuplicateObject,
		                    "directory \"" + DisplayPath(scripts) + "\" already exists and is not empty", "",
		                    "Choose another directory, or edit the existing project.");
	fs::path models = Joined(dir, kDefaultModelsLocation);
	if (!fs::exists(dir, ec))
		CreateDirectory(dir);
	CreateScriptFolder(scripts);
	// Models of one's own (a models/ folder that is not empty) are left as they are.
	bool new_models = !fs::exists(models, ec);
	if (new_models)
		CreateDirectory(models);
	if (new_models || (fs::is_directory(models, ec) && fs::is_empty(models, ec)))
		GenerateFile(models / "schema.sql", kModelText);
	GenerateFile(config, kConfigText);
	std::cout << "Please set database_url in " << DisplayPath(config)
	          << " (or use DATABASE_URL, --url or libpq's PG* variables) before proceeding." << std::endl;
}

} // namespace

void
set_init_command(CLI::App &app, Context &) {
	auto dir = std::make_shared<std::string>(".");
	CLI::App *sub = app.add_subcommand(
	    "init", "Create a new project: pgmig.toml, migrations/versions/, migrations/script.sql.tmpl and "
	            "models/schema.sql in DIR");
	sub->add_option("DIR", *dir, "Project directory, created if missing (default: the current directory)")
	    ->type_name("");
	sub->callback([dir]() { RunInit(*dir); });
}

} // namespace pgmig
