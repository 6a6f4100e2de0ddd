/*
 * import.cpp: pgmig import alembic: write one pg_migrate revision file per revision of an
 * Alembic project, with the SQL real Alembic writes for it in offline mode, and with --adopt
 * take over the database Alembic migrated (upload the files and stamp the revisions of its
 * alembic_version table, in one transaction, running no revision SQL).
 *
 * The SQL comes from the project's own Alembic: the exporter (client/python/alembic_export.py,
 * embedded at build time) runs with --python in the directory of alembic.ini and writes JSON.
 * The headers are read twice, by Alembic and by pgmig's Python literal reader
 * (core/python_literal.hpp), and must agree.
 */
#include "client/alembic_export.hpp"
#include "client/commands/commands.hpp"
#include "client/common/alembic_import.hpp"
#include "client/common/context.hpp"
#include "client/common/current_revisions.hpp"
#include "client/common/db.hpp"
#include "client/common/migration.hpp"
#include "client/common/new_revision.hpp"
#include "client/common/output.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/revision_file.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

struct ImportOptions {
	std::string ini = "alembic.ini";
	std::string python = "python3";
	bool allow_manual = false;
	bool adopt = false;
	bool drop_alembic_version = false;
};

/* ShellQuoted: s as one word for /bin/sh. */
std::string
ShellQuoted(const std::string &s) {
	std::string out = "'";
	for (char c : s) {
		if (c == '\'')
			out += "'\\''";
		else
			out.push_back(c);
	}
	return out + "'";
}

/* TempDir: a new private directory, removed with its files when it goes out of scope. */
class TempDir {
public:
	TempDir() {
		std::string pattern = (fs::temp_directory_path() / "pgmig-import.XXXXXX").string();
		if (mkdtemp(pattern.data()) == nullptr)
			throw pgm::MigError(sqlstate::kIoError, "could not create a temporary directory");
		path_ = pattern;
	}
	~TempDir() {
		std::error_code ec;
		fs::remove_all(path_, ec);
	}
	TempDir(const TempDir &) = delete;
	TempDir &operator=(const TempDir &) = delete;
	const fs::path &
	Path() const {
		return path_;
	}

private:
	fs::path path_;
};

/*
 * RunExporter: run the embedded exporter with python in the directory of ini and return its
 * JSON.  A failing interpreter or exporter is reported with its exit status and stderr.
 */
std::string
RunExporter(const fs::path &ini, const std::string &python) {
	TempDir tmp;
	fs::path script = tmp.Path() / "alembic_export.py";
	fs::path output = tmp.Path() / "export.json";
	fs::path errors = tmp.Path() / "stderr.txt";
	WriteNewFile(script, kAlembicExportPy);
	std::string command = "cd " + ShellQuoted(ini.parent_path().string()) + " && exec " + ShellQuoted(python) + " " +
	                      ShellQuoted(script.string()) + " " + ShellQuoted(ini.string()) + " " +
	                      ShellQuoted(output.string()) + " </dev/null >" + ShellQuoted(errors.string()) + " 2>&1";
	std::cout << std::flush;
	int status = std::system(command.c_str());
	std::string stderr_text;
	std::error_code ec;
	if (fs::exists(errors, ec))
		stderr_text = ReadFileBytes(errors, "stderr");
	int code = status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (code != 0 || !fs::exists(output, ec)) {
		std::string detail = code == 127
		                         ? "The interpreter " + pgm::QuoteName(python) + " was not found (exit status 127)."
		                         : "The exporter exited with status " + std::to_string(code) + ".";
		std::string tail = stderr_text.size() > 4000 ? stderr_text.substr(stderr_text.size() - 4000) : stderr_text;
		if (!tail.empty())
			detail += " Its standard error ended with:\n" + StripTrailingNewline(tail);
		throw pgm::MigError("58000", "could not read the Alembic project of " + pgm::QuoteName(DisplayPath(ini)),
		                    pgm::MessageText(detail, 4200),
		                    "Run it with the interpreter that has the project's Alembic installed (--python, e.g. "
		                    "the project's venv/bin/python), and check that \"alembic history\" works there.");
	}
	return ReadFileBytes(output, "export.json");
}

/* PlannedFile: one revision file to write. */
struct PlannedFile {
	AlembicRevision rev;
	fs::path path;
	std::string text;
	bool exists = false; // the same bytes are already there
};

/* IdsOfFolder: revision id -> file name of the revision files already in versions/. */
std::map<std::string, std::string>
IdsOfFolder(const fs::path &versions) {
	std::map<std::string, std::string> ids;
	std::error_code ec;
	if (!fs::is_directory(versions, ec))
		return ids;
	for (const std::string &name : SqlFileNames(versions)) {
		fs::path file = versions / name;
		try {
			pgm::RevisionFile parsed = pgm::ParseRevisionFile(name, ReadFileBytes(file, DisplayPath(file)));
			ids[parsed.rev.id] = name;
		} catch (const pgm::MigError &) {
			// A broken file is reported by the commands that load the folder.
		}
	}
	return ids;
}

std::vector<PlannedFile>
PlanFiles(AlembicExport &exported, const fs::path &versions) {
	std::map<std::string, std::string> existing = IdsOfFolder(versions);
	std::vector<PlannedFile> plan;
	std::set<std::string> names;
	for (AlembicRevision &rev : exported.revisions) {
		fs::path source(rev.path);
		std::string source_display = DisplayPath(fs::relative(source, fs::current_path()));
		if (source.extension() != ".py")
			throw pgm::MigError(pgm::sqlstate::kFeatureNotSupported,
			                    "cannot import Alembic revision " + pgm::QuoteName(rev.id) + " from " +
			                        pgm::QuoteName(source_display),
			                    "Only revision files in Python source (.py) can be read.",
			                    "Import from a checkout of the project's sources, not from a sourceless build.");
		CheckAgainstPythonHeader(rev, ReadFileBytes(source, source_display), source_display);
		std::vector<std::string> ids = rev.parents;
		ids.insert(ids.begin(), rev.id);
		for (const std::string &id : ids)
			if (!pgm::IsValidRevisionId(id))
				throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue,
				                    "cannot import Alembic revision " + pgm::QuoteName(id) + " of " +
				                        pgm::QuoteName(source_display),
				                    "pg_migrate revision ids are 1 to 64 letters, digits and underscores.",
				                    "Rename the revision in Alembic first (its id, and the down_revision of its "
				                    "children).");
		CheckImportableNames(rev, source_display);
		PlannedFile f;
		std::string name = ImportedFileName(rev.path);
		if (!names.insert(name).second)
			throw pgm::MigError(pgm::sqlstate::kDuplicateObject,
			                    "two Alembic revision files would both be imported as " + pgm::QuoteName(name), "",
			                    "Rename one of them (Alembic's version_locations hold two files of that name).");
		f.path = versions / name;
		f.text = RenderImportedRevision(rev, DisplayPath(f.path), source_display);
		pgm::RevisionFile parsed = pgm::ParseRevisionFile(name, f.text);
		if (parsed.rev.message != rev.doc)
			PrintDiagnostic(Diagnostic{"warning",
			                           "the message of revision " + pgm::QuoteName(rev.id) +
			                               " cannot be kept exactly in a revision file header",
			                           "Alembic's message is " + pgm::QuoteText(rev.doc) + "; the file's reads " +
			                               pgm::QuoteText(parsed.rev.message) + ".",
			                           "", ""});
		auto other = existing.find(rev.id);
		std::error_code ec;
		if (fs::exists(f.path, ec)) {
			std::string bytes = ReadFileBytes(f.path, DisplayPath(f.path));
			if (bytes != f.text)
				throw pgm::MigError(pgm::sqlstate::kDuplicateObject,
				                    "revision file " + pgm::QuoteName(DisplayPath(f.path)) +
				                        " already exists with other content",
				                    "It was edited after an earlier import, or it is another revision's file; "
				                    "pgmig import never overwrites a revision file.",
				                    "Keep the edited file (nothing needs importing again), or move it away and run "
				                    "the command again to import the revision afresh.");
			f.exists = true;
		} else if (other != existing.end()) {
			throw pgm::MigError(pgm::sqlstate::kDuplicateObject,
			                    "revision " + pgm::QuoteName(rev.id) + " already exists in " +
			                        pgm::QuoteName(DisplayPath(versions / other->second)),
			                    "The import would write it again as " + pgm::QuoteName(name) + ".",
			                    "Remove or rename the existing file, or leave this project imported as it is.");
		}
		f.rev = rev;
		plan.push_back(std::move(f));
	}
	return plan;
}

/* VersionTable: the Alembic version table in the database and its rows. */
struct VersionTable {
	std::string schema;
	std::string table;
	std::vector<std::string> rows;
};

VersionTable
ReadVersionTable(Connection &conn, const AlembicExport &exported) {
	std::string name = exported.version_table_schema ? conn.QuoteIdentifier(*exported.version_table_schema) + "." +
	                                                       conn.QuoteIdentifier(exported.version_table)
	                                                 : conn.QuoteIdentifier(exported.version_table);
	ResultPtr found =
	    conn.Exec("SELECT n.nspname, c.relname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace "
	              "AS n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace WHERE c.oid OPERATOR(pg_catalog.=) "
	              "pg_catalog.to_regclass($1)",
	              {name});
	std::string shown = exported.version_table_schema ? *exported.version_table_schema + "." + exported.version_table
	                                                  : exported.version_table;
	if (PQntuples(found.get()) == 0)
		throw pgm::MigError("42P01", "relation " + pgm::QuoteName(shown) + " does not exist",
		                    "The Alembic project keeps its revisions in " + pgm::QuoteName(shown) +
		                        ", which this database does not have.",
		                    "Connect to the database that Alembic migrated (--url), or import without --adopt.");
	VersionTable vt{PQgetvalue(found.get(), 0, 0), PQgetvalue(found.get(), 0, 1), {}};
	ResultPtr rows = conn.Exec("SELECT version_num::pg_catalog.text FROM " + conn.QuoteIdentifier(vt.schema) + "." +
	                           conn.QuoteIdentifier(vt.table) + " ORDER BY 1");
	for (int i = 0; i < PQntuples(rows.get()); i++)
		vt.rows.emplace_back(PQgetvalue(rows.get(), i, 0));
	return vt;
}

void
Adopt(Context &ctx, const ImportOptions &opts, const AlembicExport &exported) {
	std::set<std::string> ids;
	for (const AlembicRevision &rev : exported.revisions)
		ids.insert(rev.id);
	VersionTable vt;
	{
		Connection conn(ctx.Conninfo());
		std::string schema = ExtensionSchema(conn);
		vt = ReadVersionTable(conn, exported);
		for (const std::string &row : vt.rows)
			if (ids.count(row) == 0)
				throw pgm::MigError(
				    pgm::sqlstate::kUndefinedObject, "Can't locate revision identified by '" + row + "'",
				    "The table " + vt.schema + "." + vt.table + " holds revision " + pgm::QuoteName(row) +
				        ", which is not among the " + std::to_string(ids.size()) + " revisions of the Alembic project.",
				    "Import the project's revisions as deployed to this database (the same branch "
				    "and commit), or correct the table with \"alembic stamp --purge\".");
		std::vector<std::string> current = CurrentRevisions(conn, schema);
		if (!current.empty()) {
			std::vector<std::string> rows = vt.rows;
			std::sort(current.begin(), current.end());
			if (current == rows) {
				std::cout << "The database is already adopted: its current revisions are " << pgm::JoinComma(current)
				          << ", as in " << vt.schema << "." << vt.table << "." << std::endl;
				return;
			}
			throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
			                    "database already has pg_migrate revisions",
			                    "Its current revisions are " + pgm::JoinComma(current) + "; " + vt.schema + "." +
			                        vt.table + " holds " + (rows.empty() ? "none" : pgm::JoinComma(rows)) + ".",
			                    "Adopt only a database that pg_migrate does not manage yet; to move this one, use "
			                    "\"pgmig stamp\".");
		}
	}
	std::string reason = AdoptReason(vt.schema, vt.table);
	RunInMigrationTransaction(ctx, [&](Connection &conn, const std::string &schema) {
		if (!CurrentRevisions(conn, schema).empty())
			throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
			                    "database already has pg_migrate revisions", "Another session stamped it meanwhile.",
			                    "Run the command again.");
		/*
		 * The rows are read again under a lock that keeps Alembic from moving them until the
		 * stamp commits (SHARE conflicts with its UPDATE, INSERT and DELETE).
		 */
		conn.Exec("LOCK TABLE " + conn.QuoteIdentifier(vt.schema) + "." + conn.QuoteIdentifier(vt.table) +
		          " IN SHARE MODE");
		std::vector<std::string> rows = ReadVersionTable(conn, exported).rows;
		if (rows != vt.rows)
			throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
			                    "the rows of " + vt.schema + "." + vt.table + " changed while pgmig was running",
			                    "They were " + pgm::JoinComma(vt.rows) + " and are now " + pgm::JoinComma(rows) + ".",
			                    "Run the command again when no Alembic migration is running.");
		int steps = 0;
		if (!vt.rows.empty()) {
			ResultPtr res = conn.Exec("SELECT from_revisions, to_revisions FROM " + schema +
			                              ".migrate_stamp($1::pg_catalog.text[], false, $2)",
			                          {TextArrayLiteral(vt.rows), reason});
			steps = PQntuples(res.get());
		}
		if (opts.drop_alembic_version)
			conn.Exec("DROP TABLE " + conn.QuoteIdentifier(vt.schema) + "." + conn.QuoteIdentifier(vt.table));
		return steps;
	});
	if (vt.rows.empty())
		std::cout << "Adopted the database at base (" << vt.schema << "." << vt.table << " is empty)";
	else
		std::cout << "Adopted the database at " << pgm::JoinComma(vt.rows) << " (stamped, logged as \"" << reason
		          << "\"; no revision SQL was run)";
	if (opts.drop_alembic_version)
		std::cout << "; dropped " << vt.schema << "." << vt.table;
	else
		std::cout << "; " << vt.schema << "." << vt.table << " is left in place";
	std::cout << "." << std::endl;
}

void
RunImport(Context &ctx, const ImportOptions &opts) {
	if (opts.drop_alembic_version && !opts.adopt)
		throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue, "--drop-alembic-version requires --adopt");
	fs::path ini = fs::absolute(opts.ini);
	std::error_code ec;
	if (!fs::is_regular_file(ini, ec))
		throw pgm::MigError(sqlstate::kUndefinedFile,
		                    "could not find Alembic configuration file " + pgm::QuoteName(DisplayPath(opts.ini)), "",
		                    "Run the command in the directory of alembic.ini, or give its path with --alembic-ini.");
	AlembicExport exported = ParseAlembicExport(RunExporter(ini.lexically_normal(), opts.python));
	if (exported.run_migrations_calls > 1)
		throw pgm::MigError(pgm::sqlstate::kFeatureNotSupported,
		                    "cannot import an Alembic project whose env.py migrates several databases",
		                    "env.py called context.run_migrations() " + std::to_string(exported.run_migrations_calls) +
		                        " times in offline mode (as the multidb template does, once per database); a "
		                        "pg_migrate script folder serves one database.",
		                    "Import each database's revisions from an env.py that migrates only that database (for "
		                    "example a copy of the project whose env.py runs the migrations once).");
	if (!exported.env_error.empty())
		PrintDiagnostic(Diagnostic{"warning", "the project's env.py could not be used", exported.env_error + ".",
		                           "The SQL was written by a plain PostgreSQL offline context instead; settings of "
		                           "env.py (such as the version table's name) were not applied.",
		                           ""});
	fs::path scripts = ctx.ScriptLocation();
	fs::path versions = scripts / kVersionsDir;
	std::vector<PlannedFile> plan = PlanFiles(exported, versions);
	for (const PlannedFile &f : plan)
		if (WroteNothingSuspiciously(f.rev))
			PrintDiagnostic(Diagnostic{
			    "warning", "revision " + pgm::QuoteName(f.rev.id) + " wrote no SQL in Alembic's offline mode",
			    "Its upgrade() or downgrade() does more than \"pass\", but neither wrote a statement; both sections "
			    "of " +
			        pgm::QuoteName(DisplayPath(f.path)) + " are empty.",
			    "Check whether its code depends on a live connection or on a condition (context.is_offline_mode(), "
			    "an engine name), and write its SQL by hand if it should have some.",
			    ""});
	if (!fs::is_directory(versions, ec))
		CreateScriptFolder(scripts);
	int written = 0, unchanged = 0;
	for (const PlannedFile &f : plan) {
		if (f.exists) {
			unchanged++;
			continue;
		}
		GenerateFile(f.path, f.text);
		written++;
	}
	std::vector<const PlannedFile *> manual;
	for (const PlannedFile &f : plan)
		if (f.rev.upgrade.NeedsManualEdit() || f.rev.downgrade.NeedsManualEdit())
			manual.push_back(&f);
	std::cout << "Imported " << plan.size() << (plan.size() == 1 ? " Alembic revision" : " Alembic revisions") << ": "
	          << written << " written, " << unchanged << " unchanged." << std::endl;
	if (!manual.empty()) {
		std::string list;
		for (const PlannedFile *f : manual) {
			const AlembicSection &s = f->rev.upgrade.NeedsManualEdit() ? f->rev.upgrade : f->rev.downgrade;
			list += "\n" + f->rev.id + " (" + DisplayPath(f->path) +
			        "): " + (s.error.empty() ? "reads data through op.get_bind()" : "raised " + s.error);
		}
		pgm::MigError e(kManualRevisionSqlstate,
		                std::to_string(manual.size()) + (manual.size() == 1
		                                                     ? " revision could not be converted from Alembic"
		                                                     : " revisions could not be converted from Alembic"),
		                "Their code cannot run in Alembic's offline mode; their files hold WARNING lines and a "
		                "statement that fails until they are edited:" +
		                    list,
		                "Write their SQL by hand (see docs/alembic.md), or pass --allow-manual to accept the "
		                "files as they are for now.");
		if (!opts.allow_manual)
			throw e;
		PrintDiagnostic(Diagnostic{"warning", e.Message(), e.Detail(), "", ""});
	}
	if (opts.adopt)
		Adopt(ctx, opts, exported);
}

} // namespace

void
set_import_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<ImportOptions>();
	CLI::App *import = app.add_subcommand("import", "Import the revisions of another migration tool (alembic)");
	import->require_subcommand(1);
	CLI::App *sub = import->add_subcommand(
	    "alembic", "Write one revision file per Alembic revision, with the SQL Alembic's offline mode writes for it; "
	               "with --adopt also take over the database Alembic migrated");
	sub->add_option("--alembic-ini", opts->ini, "The project's Alembic configuration (default: alembic.ini)")
	    ->type_name("PATH");
	sub->add_option("--python", opts->python,
	                "The Python interpreter that has the project's Alembic (default: python3), e.g. venv/bin/python")
	    ->type_name("PATH");
	sub->add_flag("--allow-manual", opts->allow_manual,
	              "Exit 0 even when some revisions could not be converted (their files fail until edited)");
	sub->add_flag("--adopt", opts->adopt,
	              "Also upload the files and set the database's current revisions to those of its alembic_version "
	              "table, in one transaction, running no revision SQL");
	sub->add_flag("--drop-alembic-version", opts->drop_alembic_version,
	              "With --adopt: drop the alembic_version table in the same transaction");
	sub->callback([&ctx, opts]() { RunImport(ctx, *opts); });
}

} // namespace pgmig
