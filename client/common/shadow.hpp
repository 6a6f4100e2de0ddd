/*
 * shadow.hpp: what autogenerate and check build their comparisons from: the model files,
 * throwaway shadow databases (created, filled and always dropped again by pgmig), the schema
 * snapshots of migrate_snapshot(), and the comparison of the database (or the migrations)
 * with the models.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include "autogen/diff.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgmig {

/* ModelFile: one model file: the schema's DDL, applied to the shadow database as it is. */
struct ModelFile {
	std::string path; // for messages, e.g. models/002_orders.sql
	std::string text;
};

/*
 * ReadModelFiles: the model files of models: a directory's *.sql files (not recursive,
 * hidden files skipped, sorted by file name in byte order) or one file.  Throws 58P01 when
 * models does not exist or holds no .sql file.
 */
std::vector<ModelFile> ReadModelFiles(const std::filesystem::path &models);

/* BlankDumpRestrictLines: text with pg_dump's \restrict and \unrestrict lines left empty. */
std::string BlankDumpRestrictLines(const std::string &text);

/*
 * LineAtPosition: the 1-based line of text on which the 1-based character position lies
 * (PostgreSQL's statement position counts characters; text is UTF-8).  A position past the
 * end gives the last line.
 */
int LineAtPosition(std::string_view text, int position);

/* ShadowDatabaseName: a new unique name, pgmig_shadow_<pid>_<8 random hex digits>. */
std::string ShadowDatabaseName();

/*
 * ThrowIfInterrupted: throw Interrupted when a SIGINT or SIGTERM arrived (checked between the
 * steps of a comparison, so a signal between two queries still stops the run).
 */
void ThrowIfInterrupted();

/*
 * ShadowDatabase: a throwaway database on the server of conninfo, with pg_migrate installed,
 * for one snapshot.  Created by the constructor (CREATE DATABASE ... TEMPLATE template0, then
 * CREATE EXTENSION pg_migrate); dropped by Drop() or, at the latest, by the destructor, on
 * success, on any error and after an interrupt (DROP DATABASE ... WITH (FORCE), from the
 * connection that created it, after closing the shadow's own).  Keep a CancelOnInterrupt
 * alive around it so that a signal cancels the running query instead of killing pgmig.
 */
class ShadowDatabase {
public:
	explicit ShadowDatabase(const std::string &conninfo);
	~ShadowDatabase();
	ShadowDatabase(const ShadowDatabase &) = delete;
	ShadowDatabase &operator=(const ShadowDatabase &) = delete;

	const std::string &
	Name() const {
		return name_;
	}

	/*
	 * ApplyModels: run each file's whole text, in order, with the simple query protocol.  A
	 * failure keeps the server's message, SQLSTATE, DETAIL and HINT, and adds the context
	 * 'model file "PATH", line N' (the line from the statement position, when there is one).
	 */
	void ApplyModels(const std::vector<ModelFile> &models);

	/*
	 * ApplyMigrations: upload the script folder and apply every revision up to its heads
	 * (migrate_upgrade('heads')), in one transaction, as "pgmig upgrade heads" would.
	 */
	void ApplyMigrations(const ScriptFolder &folder);

	/* Snapshot: migrate_snapshot() of the shadow database, as text. */
	std::string Snapshot();

	/*
	 * StartDrop: close the shadow's connection and send DROP DATABASE without waiting for it,
	 * so that the server drops the database while pgmig goes on.  Drop() (or the destructor)
	 * waits for it, and retries or warns as Drop() does.  Never throws: when the statement
	 * cannot be sent, Drop() runs it.
	 */
	void StartDrop();

	/*
	 * Drop: close the shadow's connection and drop the database (or wait for the DROP
	 * DATABASE StartDrop sent).  Never throws: a failure is printed as a warning naming the
	 * database to drop by hand.
	 */
	void Drop();

private:
	std::string conninfo_;
	std::unique_ptr<Connection> admin_; // on conninfo's database: creates and drops the shadow
	std::unique_ptr<Connection> conn_;  // on the shadow
	std::string name_;
	bool created_ = false;   // CREATE DATABASE was sent: Drop() has something to do
	bool drop_sent_ = false; // StartDrop sent DROP DATABASE on admin_: Drop() waits for it
};

/* TakeSnapshot: migrate_snapshot() of the database of conn, as text; what names it in messages. */
std::string TakeSnapshot(Connection &conn, const std::string &what);

/*
 * SendSnapshot, CollectSnapshot: TakeSnapshot in two halves, so that the server computes the
 * snapshot while pgmig does something else: SendSnapshot starts migrate_snapshot() in schema
 * (ExtensionSchema) on conn without waiting; CollectSnapshot waits for it and returns it
 * (or throws) as TakeSnapshot does.
 */
void SendSnapshot(Connection &conn, const std::string &schema);
std::string CollectSnapshot(Connection &conn, const std::string &what);

/*
 * CheckUpToDate: throw 55000 "target database is not up to date" (Alembic's message) unless
 * every head of folder is applied in the database of conn (migrate_current in schema).
 */
void CheckUpToDate(Connection &conn, const std::string &schema, const ScriptFolder &folder);

/* CompareOptions: where the two sides of a comparison come from. */
struct CompareOptions {
	std::string models;           // --models, "" for the configured models
	bool from_migrations = false; // compare the migrations (a second shadow) instead of the database
	bool need_downgrade = true;   // also diff the models to the database (the downgrade)
	bool require_head = true;     // a database not at its heads is an error (else a warning)
};

/* Comparison: the result of CompareWithModels. */
struct Comparison {
	pgm::schema::DiffResult upgrade;   // the database (or the migrations) -> the models
	pgm::schema::DiffResult downgrade; // the models -> the database; empty unless need_downgrade
};

/*
 * CompareWithModels: the body of "revision --autogenerate" and "check": read the models,
 * snapshot the live database (which must be up to date with the script folder's heads) or,
 * with from_migrations, a shadow database built from the migrations, snapshot a shadow
 * database built from the models, and diff the two.  Every shadow database is dropped before
 * this returns or throws.  When a signal arrived, the error is thrown as Interrupted.
 */
Comparison CompareWithModels(Context &ctx, const CompareOptions &opts);

/* AddModelsOption: the --models option of revision and check. */
CLI::Option *AddModelsOption(CLI::App *sub, std::string &models);

} // namespace pgmig
