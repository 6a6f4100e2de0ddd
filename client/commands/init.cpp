/*
 * init.cpp: pgmig init [DIR]: create a project: DIR/pgmig.toml, DIR/migrations/versions/
 * and DIR/migrations/script.sql.tmpl (Alembic's "alembic init").
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
	if (!fs::exists(dir, ec))
		CreateDirectory(dir);
	CreateScriptFolder(scripts);
	GenerateFile(config, kConfigText);
	std::cout << "Please set database_url in " << DisplayPath(config)
	          << " (or use DATABASE_URL, --url or libpq's PG* variables) before proceeding." << std::endl;
}

} // namespace

void
set_init_command(CLI::App &app, Context &) {
	auto dir = std::make_shared<std::string>(".");
	CLI::App *sub = app.add_subcommand(
	    "init", "Create a new project: pgmig.toml, migrations/versions/ and migrations/script.sql.tmpl in DIR");
	sub->add_option("DIR", *dir, "Project directory, created if missing (default: the current directory)")
	    ->type_name("");
	sub->callback([dir]() { RunInit(*dir); });
}

} // namespace pgmig
