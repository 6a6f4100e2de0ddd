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
 *
 * StoreFolderState (0.7.0) keeps that digest, with the graph's heads and what migrate_current()
 * would list at them, in pg_migrate.folder_state, for the SQL functions migrate_nothing_to_do()
 * and migrate_current_lines(), which answer without this library and without reading the
 * revision table; since 0.8.0 also the graph itself (RevisionGraph::Encode), which planning
 * reads instead of the revision table (LoadPlanningCatalog, docs/planning.md).
 */
#include "core/catalog_names.hpp"
#include "core/folder_digest.hpp"
#include "core/history_format.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/spi.hpp"

#include <algorithm>
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

/*
 * kHasFolderState: whether the installed SQL objects have pg_migrate.folder_state (0.7.0), and
 * whether it has the column of the stored planning graph (0.8.0).
 */
constexpr const char *kHasFolderState =
    "SELECT pg_catalog.to_regclass('" PGM_CATALOG_SCHEMA ".folder_state') IS NOT NULL,"
    " EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid OPERATOR(pg_catalog.=) "
    "pg_catalog.to_regclass('" PGM_CATALOG_SCHEMA
    ".folder_state') AND attname OPERATOR(pg_catalog.=) 'graph' AND NOT attisdropped)";

/* kFolderStateStored: whether the row is there (read after kHasFolderState said the table is). */
constexpr const char *kFolderStateStored = "SELECT EXISTS (SELECT FROM " PGM_CATALOG_SCHEMA ".folder_state)";

/* The same with its planning graph: a row stored before 0.8.0 (graph NULL) counts as missing. */
constexpr const char *kFolderStateWithGraphStored =
    "SELECT EXISTS (SELECT FROM " PGM_CATALOG_SCHEMA ".folder_state WHERE graph IS NOT NULL)";

constexpr const char *kReplaceFolderState =
    "WITH forgotten AS (DELETE FROM " PGM_CATALOG_SCHEMA ".folder_state) INSERT INTO " PGM_CATALOG_SCHEMA
    ".folder_state (digest, heads, head_count, current_lines) VALUES ($1, $2, $3, $4)";

/* The same with the planning graph (0.8.0): RevisionGraph::Encode of the catalog's graph. */
constexpr const char *kReplaceFolderStateWithGraph =
    "WITH forgotten AS (DELETE FROM " PGM_CATALOG_SCHEMA ".folder_state) INSERT INTO " PGM_CATALOG_SCHEMA
    ".folder_state (digest, heads, head_count, current_lines, graph) VALUES ($1, $2, $3, $4, $5)";

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

/*
 * StoreFolderState: the digest is migrate_folder_digest()'s, in the caller's client encoding
 * (pgmig's digest is over the bytes it read, which it uploaded in that encoding); the heads are
 * the graph's real heads sorted bytewise, as the version table is read ("C" order), so that
 * migrate_current_lines() lists exactly what migrate_current() lists for those version rows;
 * head_count is the number of heads the target "head" resolves against (effective heads too:
 * with more than one, "head" is an error, which the fast path must not hide).
 */
void
StoreFolderState(bool only_if_missing) {
	CatalogOwnerScope owner;
	std::vector<SpiRow> has = SpiExecute(kHasFolderState, {}, SPI_OK_SELECT, false);
	if (has.empty() || !has[0][0].boolean)
		return; // the library is newer than the extension's SQL objects (before ALTER EXTENSION UPDATE)
	bool with_graph = has[0].size() > 1 && has[0][1].boolean;
	if (only_if_missing) {
		std::vector<SpiRow> stored =
		    SpiExecute(with_graph ? kFolderStateWithGraphStored : kFolderStateStored, {}, SPI_OK_SELECT, false);
		if (!stored.empty() && stored[0][0].boolean)
			return;
	}
	CatalogState state = LoadCatalog(false);
	std::vector<FolderEntry> entries;
	entries.reserve(state.revisions.size());
	for (const CatalogRevision &entry : state.revisions)
		entries.push_back(FolderEntry{ClientBytes(entry.file_name), entry.checksum});
	std::string digest = FolderDigest(std::move(entries));
	RevisionGraph graph = BuildCatalogGraph(state);
	std::vector<std::string> heads = graph.RealHeads();
	std::sort(heads.begin(), heads.end());
	std::vector<std::string> lines;
	for (const std::string &id : CurrentRevisions(graph, heads))
		lines.push_back(FormatCurrentLine(graph, id));
	std::vector<SpiArg> args{{TEXTOID, TextDatum(digest), false},
	                         {TEXTARRAYOID, TextArrayDatum(heads), false},
	                         {INT4OID, Int32GetDatum(static_cast<int32>(graph.Heads().size())), false},
	                         {TEXTARRAYOID, TextArrayDatum(lines), false}};
	if (with_graph)
		args.push_back({BYTEAOID, TextDatum(graph.Encode(), "planning graph"), false});
	SpiExecute(with_graph ? kReplaceFolderStateWithGraph : kReplaceFolderState, args, SPI_OK_INSERT, false);
}

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_folder_digest);
Datum
migrate_folder_digest(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateFolderDigest, fcinfo);
}

} // extern "C"
