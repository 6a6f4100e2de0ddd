/*
 * shadow.hpp: the throwaway shadow databases of autogenerate and check: created, filled from
 * the model files or the migrations, snapshotted, and always dropped again by pgmig.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/output.hpp"
#include "client/common/models.hpp"

#include "autogen/diff.hpp"
#include "autogen/sql_lexer.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmig {

/* ShadowDatabaseName: a new unique name, pgmig_shadow_<pid>_<8 random hex digits>. */
std::string ShadowDatabaseName();

/*
 * ModelsAsDoBlocks: the statements of a model file's text (already split by sql_lexer.hpp) as
 * one script of DO blocks, each of which EXECUTEs per_block statements of the text, unchanged,
 * inside dollar quotes whose tags the text does not contain.  nullopt when the file is to be run
 * as it is: a statement that controls the transaction (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...),
 * a COPY, a statement that must run alone (NeedsOwnTransaction), a statement of 1 MB or more, or
 * no statement at all.
 */
std::optional<std::string> ModelsAsDoBlocks(std::string_view text, const std::vector<pgm::sql::Token> &tokens,
                                            const std::vector<pgm::sql::Statement> &statements, std::size_t per_block);

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
	 * file with statements that cannot run in a transaction block (CREATE INDEX CONCURRENTLY,
	 * pasted from production; sql_lexer.hpp's NeedsOwnTransaction) is cut at them: each such
	 * statement runs alone, the statements between them together.  A failure keeps the server's
	 * message, SQLSTATE, DETAIL and HINT, and adds the context 'model file "PATH", line N' (the
	 * line from the statement position, or of the statement that ran alone).  They run with
	 * search_path set to public (reset afterwards), whatever the role's own.  A file that runs
	 * whole is sent as DO blocks of 100 statements each (ModelsAsDoBlocks): its statements then
	 * run through SPI inside a few statements of the session instead of one each, which spares
	 * the server a portal per statement (docs/models.md).  When that fails the file runs again
	 * as it is, for the server's exact error and position, or for a statement EXECUTE cannot run.
	 */
	void ApplyModels(const std::vector<ModelFile> &models);

	/*
	 * Warnings: the WARNINGs the shadow database sent while it was built (printed as they came),
	 * in order, so that a run that reads the models' snapshot from the cache can show them again.
	 */
	const std::vector<Diagnostic> &
	Warnings() const {
		return warnings_;
	}

	/*
	 * CheckSpellings: fill in deparsed_type and deparsed_default of each spelling with what the
	 * shadow database makes of it (a temporary table with that column, created and deparsed
	 * with the search_path of migrate_snapshot(); nothing for a spelling it refuses, such as
	 * one that names the user's objects without their schema), after the models were
	 * applied, in a transaction that is rolled back.  A failure of the check itself leaves the
	 * spellings unchecked (they are then not used) and returns false: such a result must not
	 * be cached.
	 */
	bool CheckSpellings(std::vector<pgm::schema::ColumnSpelling> &spellings);

	/*
	 * ApplyMigrations: upload the script folder and apply every revision up to its heads
	 * (migrate_upgrade('heads')), in one transaction, as "pgmig upgrade heads" would.
	 */
	void ApplyMigrations(const ScriptFolder &folder);

	/*
	 * DowngradeToBase: revert every revision ApplyMigrations applied (migrate_downgrade('base')),
	 * in one transaction, as "pgmig downgrade base" would.
	 */
	void DowngradeToBase();

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
	void RunModelChunk(const ModelFile &model, std::size_t begin, std::size_t end, bool alone);
	bool RunModelBlocks(const ModelFile &model, const std::string &blocks);

	std::string conninfo_;
	std::unique_ptr<Connection> admin_; // on conninfo's database: creates and drops the shadow
	std::unique_ptr<Connection> conn_;  // on the shadow
	std::string name_;
	bool created_ = false;             // CREATE DATABASE was sent: Drop() has something to do
	bool drop_sent_ = false;           // StartDrop sent DROP DATABASE on admin_: Drop() waits for it
	std::vector<Diagnostic> warnings_; // the WARNINGs of conn_ (Warnings)
	bool hold_warnings_ = false;       // RunModelBlocks: collected, printed only if the blocks succeed
};

} // namespace pgmig
