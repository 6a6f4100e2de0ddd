/*
 * integrity.hpp: what makes the SQL a migration runs the SQL that was checked, and who may
 * change what (docs/design.md, "What runs is what was checked").
 *
 *   - The catalog's own statements run as the owner of the pg_migrate schema
 *     (CatalogOwnerScope), so no role needs privileges on the catalog tables to migrate; the
 *     revisions' SQL still runs as the caller.
 *   - The SQL of a step is parsed from the stored file (pg_migrate.revision.script) after its
 *     SHA-256 was compared with the row's checksum (ParseStoredScript), never taken from the
 *     upgrade_sql/downgrade_sql columns, which any role able to write the table could change.
 *   - StoredRowDifferences lists the columns of a row that differ from its stored file
 *     (migrate_verify status corrupted; migrate_upload rewrites such a row).
 *   - RefuseOnStandby: every function that changes the catalog refuses at once on a standby.
 */
#pragma once

#include "core/revision_file.hpp"

#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
}

namespace pgm::pg {

/*
 * CatalogOwnerScope: while it lives, the current user is the owner of the pg_migrate schema
 * (the role that created the extension), in a security-restricted operation, as PostgreSQL
 * runs maintenance commands as a table's owner.  Only pg_migrate's own fixed, schema-qualified
 * statements run inside it; the destructor puts the caller back (also when an exception
 * unwinds; a transaction abort restores the user by itself).
 */
class CatalogOwnerScope {
public:
	CatalogOwnerScope();
	~CatalogOwnerScope();
	CatalogOwnerScope(const CatalogOwnerScope &) = delete;
	CatalogOwnerScope &operator=(const CatalogOwnerScope &) = delete;

private:
	Oid saved_user_ = InvalidOid;
	int saved_context_ = 0;
};

/* CallerName: the name of the current user (the caller, outside a CatalogOwnerScope). */
std::string CallerName();

/*
 * RefuseOnStandby: 25006 read_only_sql_transaction when the server is in recovery (a standby),
 * before function has read or locked anything.
 */
void RefuseOnStandby(const char *function);

/* StoredRevision: one whole row of pg_migrate.revision, text in the server encoding. */
struct StoredRevision {
	std::string id;
	std::vector<std::string> parents;
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	std::string message;
	std::string create_date;
	std::string file_name;
	std::string upgrade_sql;
	std::optional<std::string> downgrade_sql;
	bool transactional = true;
	std::string checksum;
	std::string script;
};

/*
 * ParseStoredScript: the stored file of revision id, parsed, after checking that its SHA-256 is
 * the row's checksum and that it declares the row's id; XX001 data_corrupted naming the
 * revision otherwise.  script is in the server encoding (it is converted to UTF-8, the bytes
 * that were hashed at upload); the text fields of the result are converted back to the server
 * encoding, ready for SPI.
 */
RevisionFile ParseStoredScript(const std::string &id, const std::string &file_name, const std::string &script,
                               const std::string &checksum);

/*
 * StoredRowDifferences: the columns of row that differ from what its stored file parses to
 * ("script" alone when the file does not match the checksum or cannot be parsed); empty when
 * the row is intact.
 */
std::vector<std::string> StoredRowDifferences(const StoredRevision &row);

} // namespace pgm::pg
