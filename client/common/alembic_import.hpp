/*
 * alembic_import.hpp: what "pgmig import alembic" knows of an Alembic project: the JSON the
 * embedded exporter (client/python/alembic_export.py) writes, the check of its revision
 * headers against pgmig's own reading of the Python files (core/python_literal.hpp), and the
 * pg_migrate revision file written for each Alembic revision.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmig {

/* SQLSTATE of the statement written into a revision that could not be converted. */
inline constexpr const char *kManualRevisionSqlstate = "MG007";

/* AlembicSection: what Alembic's offline mode made of one upgrade() or downgrade() call. */
struct AlembicSection {
	std::string sql;                // the SQL it wrote (statements end in ";", blank line between)
	std::string error;              // the exception it raised ("Type: message"); empty: none
	std::vector<std::string> reads; // statements run on op.get_bind() that read data
	bool autocommit = false;        // it used op.get_context().autocommit_block()
	std::optional<bool> trivial;    // the function's body is only "pass" (or a docstring); nullopt: unknown

	bool
	NeedsManualEdit() const {
		return !error.empty() || !reads.empty();
	}
};

/* AlembicRevision: one revision of the project. */
struct AlembicRevision {
	std::string id;
	std::vector<std::string> parents; // down_revision
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	std::string doc;                    // Alembic's Script.doc (the message)
	std::string create_date;            // from the docstring; may be empty
	std::string path;                   // the Python file (absolute)
	std::size_t branch_labels_line = 0; // lines of the assignments in the file (0: none); from the header check
	std::size_t depends_on_line = 0;
	AlembicSection upgrade;
	AlembicSection downgrade;
};

/* AlembicExport: the exporter's result. */
struct AlembicExport {
	std::string alembic_version;
	bool env_offline = false; // env.py ran in offline mode (else a bare PostgreSQL context was used)
	std::string env_error;    // why env.py could not be used; empty when it was
	std::string version_table = "alembic_version";
	std::optional<std::string> version_table_schema; // nullopt: unqualified (search_path)
	int run_migrations_calls = 0;   // context.run_migrations() calls of env.py (more than 1: several databases)
	bool own_output_buffer = false; // env.py passed its own output_buffer (replaced by the exporter's)
	std::vector<AlembicRevision> revisions;
};

/* ParseAlembicExport: the exporter's JSON.  Throws MigError XX000 when it is malformed. */
AlembicExport ParseAlembicExport(std::string_view json);

/*
 * CheckAgainstPythonHeader: read rev.path's header with the Python literal reader and
 * compare it with what Alembic reported (id, parents, labels, dependencies, message); fills
 * rev.create_date.  display names the file in messages.  Throws MigError MG008 when the file
 * cannot be read as literals, XX000 when the two readings differ.
 */
void CheckAgainstPythonHeader(AlembicRevision &rev, std::string_view source, const std::string &display);

/*
 * CheckImportableNames: throws MigError 22023, naming the Python file and the line of the
 * assignment, for a branch label or depends_on entry of rev that is not a valid pg_migrate
 * revision id or branch label (Alembic also allows "-" and "." in labels, for example).
 */
void CheckImportableNames(const AlembicRevision &rev, const std::string &display);

/*
 * WroteNothingSuspiciously: rev's upgrade and downgrade both wrote no SQL (and raised nothing)
 * although at least one of them is more than "pass".
 */
bool WroteNothingSuspiciously(const AlembicRevision &rev);

/*
 * ImportedFileName: the pg_migrate file name of an Alembic file: its base name with ".sql"
 * (so that the load order, and the order of history, are Alembic's).
 */
std::string ImportedFileName(const std::string &python_path);

/*
 * RenderImportedRevision: the pg_migrate revision file of rev.  file_display is the path of
 * the file written (named in the hint of a revision that needs editing), source_display the
 * Alembic file.  A section that needs editing keeps Alembic's SQL as comments after
 * "-- WARNING:" lines and ends in a DO block that raises MG007; a revision that used an
 * autocommit block is "Transactional: false".
 */
std::string RenderImportedRevision(const AlembicRevision &rev, const std::string &file_display,
                                   const std::string &source_display);

/* AdoptReason: the log reason of an adoption from the version table schema.table. */
std::string AdoptReason(const std::string &schema, const std::string &table);

} // namespace pgmig
