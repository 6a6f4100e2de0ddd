/*
 * migrate_digest.cpp: migrate_folder_digest(): the digest of the script folder the catalog
 * holds (core/folder_digest.hpp), over the file name and checksum of every row of
 * pg_migrate.revision.  pgmig computes the same digest over its local folder; when the two are
 * equal the folder is already stored byte for byte and the run needs no upload.
 *
 * It reads the checksum column, not the stored files: a row edited by hand outside pg_migrate
 * (integrity.hpp) is found when its step runs, by pgmig validate, or by the next upload.  Read
 * under the caller's snapshot; no lock.  The names go back to the client encoding, the one
 * they were uploaded in, so that a non-ASCII file name hashes to the bytes pgmig read.
 */
#include "core/catalog_names.hpp"
#include "core/folder_digest.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/spi.hpp"

#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
}

namespace pgm::pg {

namespace {

constexpr const char *kSelectNamesAndChecksums = "SELECT file_name, checksum FROM " PGM_CATALOG_SCHEMA ".revision";

/* ClientBytes: text in the server encoding as the client encoding's bytes. */
std::string
ClientBytes(const std::string &text) {
	int len = static_cast<int>(text.size());
	const char *converted = PgCall([&] { return static_cast<const char *>(pg_server_to_client(text.data(), len)); });
	return converted == text.data() ? text : std::string(converted);
}

/* MigrateFolderDigest: the body of migrate_folder_digest. */
Datum
MigrateFolderDigest(FunctionCallInfo) {
	std::vector<FolderEntry> entries;
	{
		SpiConnection spi;
		std::vector<SpiRow> rows;
		{
			CatalogOwnerScope owner;
			rows = SpiExecute(kSelectNamesAndChecksums, {}, SPI_OK_SELECT, true);
		}
		entries.reserve(rows.size());
		for (SpiRow &row : rows)
			entries.push_back(FolderEntry{ClientBytes(row[0].text), std::move(row[1].text)});
		spi.Finish();
	}
	return TextDatum(FolderDigest(std::move(entries)));
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_folder_digest);
Datum
migrate_folder_digest(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateFolderDigest, fcinfo);
}

} // extern "C"
