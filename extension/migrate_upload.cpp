/*
 * migrate_upload.cpp: migrate_upload(filenames text[], contents bytea[]), its incremental form
 * migrate_upload(filenames, contents, unchanged_files text[], unchanged_checksums text[]), and
 * migrate_upload_needed(filenames text[], checksums text[]), which says what the incremental
 * form must be sent.
 *
 * The upload is the whole script folder: every new or changed file is parsed, the resulting graph (uploaded
 * revisions plus applied revisions the upload no longer carries) is validated, and only then
 * is the catalog synced.  All or nothing: any error leaves the catalog as it was.  In the
 * incremental form, the files the catalog already holds byte for byte are named with their
 * checksum instead of sent; each must match its catalog row (else 55000), and is then taken as
 * the full form takes a file it finds unchanged, so both forms give the same catalog, rows and
 * errors for the same folder.
 *
 * Memory (docs/robustness.md, "Hostile input"): the files' bytes are read in place from the
 * argument array, never copied; a parsed file keeps only its header until it is written, when
 * it is parsed again (WriteFiles).  New files are written in batches of up to kInsertBatchBytes
 * of text, each batch's values in a memory context reset after its statement; a file of
 * kInsertAloneBytes or more, or a changed one, is written alone, its values in another context
 * reset after it.  The peak is the argument array plus about two copies of the largest file or
 * of one batch (its values and its arrays), whatever the number of files.
 */
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"
#include "core/sha256.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

extern "C" {
#include "postgres.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/memutils.h"
}

namespace pgm::pg {

namespace {

/*
 * UploadedFile: one element of the two argument arrays, parsed.  bytes points into the
 * detoasted argument array, which lives as long as the call.  parsed holds the header only
 * (the section bodies are dropped after the first parse; WriteFiles parses the file again).
 */
struct UploadedFile {
	std::string name;
	std::string_view bytes;
	RevisionFile parsed;
};

/* BytesView: the bytes of a bytea element of the (already detoasted) argument array, in place. */
std::string_view
BytesView(Datum value) {
	struct Bytes {
		const char *data;
		size_t len;
	};
	Bytes bytes = PgCall([&] {
		struct varlena *detoasted = pg_detoast_datum_packed(reinterpret_cast<struct varlena *>(DatumGetPointer(value)));
		return Bytes{VARDATA_ANY(detoasted), VARSIZE_ANY_EXHDR(detoasted)};
	});
	return {bytes.data, bytes.len};
}

/*
 * FileMemory: a memory context for the PostgreSQL values of one file's write, reset after it, so
 * the text Datums of thousands of files (or two copies of a 10 MB one) do not pile up in SPI's
 * procedure context until SPI_finish.  SPI calls return to that context, so Run switches back.
 * The context is a child of SPI's procedure context: destroy the FileMemory before SPI_finish.
 */
class FileMemory {
public:
	FileMemory() {
		context_ = PgCall([] {
			return AllocSetContextCreate(CurrentMemoryContext, "pg_migrate upload file", ALLOCSET_DEFAULT_SIZES);
		});
	}
	~FileMemory() { MemoryContextDelete(context_); }
	FileMemory(const FileMemory &) = delete;
	FileMemory &operator=(const FileMemory &) = delete;

	/* Run: fn with the context current, then the caller's context back and the context reset. */
	template <typename Fn>
	void
	Run(Fn &&fn) {
		Keep(fn);
		MemoryContextReset(context_);
	}
	/* Keep: fn with the context current, then the caller's context back; what fn made stays. */
	template <typename Fn>
	void
	Keep(Fn &&fn) {
		MemoryContext caller = MemoryContextSwitchTo(context_);
		try {
			fn();
		} catch (...) {
			MemoryContextSwitchTo(caller);
			throw;
		}
		MemoryContextSwitchTo(caller);
	}

private:
	MemoryContext context_;
};

/* UploadRow: one row of the result. */
struct UploadRow {
	std::string revision;
	std::string file_name;
	const char *action;
};

/*
 * PairedArrays: two array arguments of equal length without NULLs (names first), as the
 * elements' Datums; the second array's elements are of type second_type.
 */
std::pair<ArrayElements, ArrayElements>
PairedArrays(FunctionCallInfo fcinfo, int first, const char *first_name, int second, Oid second_type,
             const char *second_name) {
	if (PG_ARGISNULL(first))
		throw MigError(sqlstate::kNullValueNotAllowed, std::string(first_name) + " must not be null");
	if (PG_ARGISNULL(second))
		throw MigError(sqlstate::kNullValueNotAllowed, std::string(second_name) + " must not be null");
	ArrayElements names = ArrayArg(fcinfo, first, TEXTOID, first_name);
	ArrayElements values = ArrayArg(fcinfo, second, second_type, second_name);
	if (names.values.size() != values.values.size())
		throw MigError(sqlstate::kInvalidParameterValue,
		               std::string(first_name) + " and " + second_name + " must have the same length",
		               std::string(first_name) + " has " + std::to_string(names.values.size()) + " elements and " +
		                   second_name + " has " + std::to_string(values.values.size()) + ".");
	for (size_t i = 0; i < names.values.size(); i++) {
		std::string position = "Element " + std::to_string(i + 1) + " is null.";
		if (names.nulls[i])
			throw MigError(sqlstate::kNullValueNotAllowed, std::string(first_name) + " must not contain null values",
			               position);
		if (values.nulls[i])
			throw MigError(sqlstate::kNullValueNotAllowed, std::string(second_name) + " must not contain null values",
			               position);
	}
	return {std::move(names), std::move(values)};
}

/* FileName: element i of a file name array, never empty. */
std::string
FileName(const ArrayElements &names, size_t i, const char *argname) {
	std::string name = ByteString(names.values[i]);
	if (name.empty())
		throw MigError(sqlstate::kInvalidParameterValue, "file name must not be empty",
		               "Element " + std::to_string(i + 1) + " of " + argname + " is empty.");
	return name;
}

/* SortFiles: files in file name order (the load order of the graph, as Alembic's); each name once. */
void
SortFiles(std::vector<UploadedFile> &files) {
	std::sort(files.begin(), files.end(), [](const UploadedFile &a, const UploadedFile &b) { return a.name < b.name; });
	for (size_t i = 1; i < files.size(); i++)
		if (files[i].name == files[i - 1].name)
			throw MigError(sqlstate::kDuplicateObject, "file \"" + files[i].name + "\" appears more than once",
			               "Each file of the script folder must be uploaded once.");
}

/*
 * ReadFiles: the argument arrays as (name, bytes) pairs, sorted by file name, after the checks
 * that need no parsing.
 */
std::vector<UploadedFile>
ReadFiles(FunctionCallInfo fcinfo) {
	auto [names, contents] = PairedArrays(fcinfo, 0, "filenames", 1, BYTEAOID, "contents");
	std::vector<UploadedFile> files;
	files.reserve(names.values.size());
	for (size_t i = 0; i < names.values.size(); i++) {
		UploadedFile file;
		file.name = FileName(names, i, "filenames");
		file.bytes = BytesView(contents.values[i]);
		files.push_back(std::move(file));
	}
	SortFiles(files);
	return files;
}

/* UnchangedFile: one element of the incremental form's unchanged_files and unchanged_checksums. */
struct UnchangedFile {
	std::string name;
	std::string checksum;
};

/* ReadUnchanged: the incremental form's third and fourth arguments; none for the full form. */
std::vector<UnchangedFile>
ReadUnchanged(FunctionCallInfo fcinfo) {
	std::vector<UnchangedFile> unchanged;
	if (PG_NARGS() < 4)
		return unchanged;
	auto [names, checksums] = PairedArrays(fcinfo, 2, "unchanged_files", 3, TEXTOID, "unchanged_checksums");
	unchanged.reserve(names.values.size());
	for (size_t i = 0; i < names.values.size(); i++)
		unchanged.push_back(UnchangedFile{FileName(names, i, "unchanged_files"), ByteString(checksums.values[i])});
	return unchanged;
}

/*
 * AddUnchanged: the files named as unchanged, taken from their catalog rows (as ParseChangedFiles
 * takes a file it finds unchanged), merged into files.  Each must be stored under that name with
 * that checksum in a row that matches its stored file; else 55000, since the catalog lacks bytes
 * that were not sent.
 */
void
AddUnchanged(std::vector<UploadedFile> &files, const std::vector<UnchangedFile> &unchanged, const CatalogState &state,
             const std::map<std::string, std::vector<std::string>> &corrupted) {
	if (unchanged.empty())
		return;
	std::map<std::string_view, const CatalogRevision *> by_file;
	for (const CatalogRevision &entry : state.revisions)
		by_file.emplace(entry.file_name, &entry);
	for (const UnchangedFile &u : unchanged) {
		auto found = by_file.find(u.name);
		std::string why;
		if (found == by_file.end())
			why = "the catalog has no file of that name.";
		else if (found->second->checksum != u.checksum)
			why = "the catalog holds it with checksum " + found->second->checksum + ".";
		else if (corrupted.count(found->second->rev.id) > 0)
			why = "its catalog row differs from its stored file.";
		if (!why.empty())
			throw MigError(sqlstate::kObjectNotInPrerequisiteState, "file \"" + u.name + "\" is not stored unchanged",
			               "The file was named as unchanged with checksum " + u.checksum + ", but " + why,
			               "Send the file's bytes instead; migrate_upload(filenames, contents) sends every file.");
		UploadedFile file;
		file.name = u.name;
		file.parsed.rev = found->second->rev;
		file.parsed.checksum = found->second->checksum;
		files.push_back(std::move(file));
	}
	SortFiles(files);
}

/* ChecksumMismatch: MG001, an applied revision whose file was edited. */
MigError
ChecksumMismatch(const CatalogRevision &applied, const UploadedFile &file) {
	return MigError(sqlstate::kChecksumMismatch,
	                "checksum of applied revision \"" + applied.rev.id + "\" does not match its file",
	                "The revision was applied from file \"" + applied.file_name + "\" with checksum " +
	                    applied.checksum + "; file \"" + file.name + "\" has checksum " + file.parsed.checksum + ".",
	                "Create a new revision instead of editing an applied one.  To keep an intended edit (a "
	                "comment, a downgrade section added), accept the file with \"pgmig repair " +
	                    applied.rev.id + " --reason TEXT\" (migrate_repair in SQL).");
}

/*
 * ParseChangedFiles: parse the files the catalog does not already hold byte for byte.  A file
 * uploaded again under the same name with the same SHA-256 is the file the catalog row was
 * parsed and validated from, so its revision is taken from the row.  This keeps the upload of
 * an unchanged script folder (every `pgmig upgrade` starts with one) to hashing the files.  A
 * row that no longer matches its stored file (corrupted, FindCorruptedRows) is parsed again, so
 * the upload rewrites it.
 */
void
ParseChangedFiles(std::vector<UploadedFile> &files, const CatalogState &state,
                  const std::map<std::string, std::vector<std::string>> &corrupted) {
	std::map<std::string_view, const CatalogRevision *> by_file;
	for (const CatalogRevision &entry : state.revisions)
		by_file.emplace(entry.file_name, &entry);
	for (UploadedFile &file : files) {
		auto found = by_file.find(file.name);
		// a row that differs from its stored file is parsed again and rewritten
		if (found != by_file.end() && file.bytes.size() <= kMaxRevisionFileBytes &&
		    corrupted.count(found->second->rev.id) == 0) {
			std::string checksum = Sha256Hex(file.bytes);
			if (checksum == found->second->checksum) {
				file.parsed.rev = found->second->rev;
				file.parsed.checksum = std::move(checksum);
				continue;
			}
		}
		file.parsed = ParseRevisionFile(file.name, file.bytes);
		file.parsed.rev.source = file.name;
		// the bodies are parsed again when the file is written (WriteFiles)
		std::string().swap(file.parsed.upgrade_sql);
		file.parsed.downgrade_sql.reset();
	}
}

/*
 * kInsertBatchBytes, kInsertBatchFiles: new files are inserted by one statement for up to this
 * much text (the files and their sections) or this many files (NewRevisions), so that a large
 * upload's values are not all in memory at once.  kInsertAloneBytes: a file of this size or
 * more is written by a statement of its own, as an updated one is (its values are not copied
 * into arrays).
 */
constexpr std::size_t kInsertBatchBytes = std::size_t{4} * 1024 * 1024;
constexpr std::size_t kInsertBatchFiles = 2000;
constexpr std::size_t kInsertAloneBytes = std::size_t{1} * 1024 * 1024;

/*
 * WriteFiles: the catalog rows of these files, each parsed again for its section bodies: the
 * new ones (ids in added) inserted in batches, the others (updated) and the large ones written
 * one by one; their PostgreSQL values in memory that is freed after each statement.
 */
void
WriteFiles(const std::vector<const UploadedFile *> &files, const std::set<std::string> &added) {
	// deleted here, before SPI_finish deletes the procedure context they belong to: one for the
	// batch's values, reset after each batch; one for a file written alone, reset after it
	FileMemory batch_memory, memory;
	NewRevisions batch;
	auto write_batch = [&] { batch_memory.Run([&] { batch.Write(); }); };
	for (const UploadedFile *file : files) {
		RevisionFile full = ParseRevisionFile(file->name, file->bytes);
		full.rev.source = file->name;
		if (added.count(full.rev.id) == 0 || file->bytes.size() >= kInsertAloneBytes) {
			memory.Run([&] { UpsertRevision(full, file->name, file->bytes); });
			continue;
		}
		std::size_t bytes =
		    file->bytes.size() + full.upgrade_sql.size() + (full.downgrade_sql ? full.downgrade_sql->size() : 0);
		if (batch.Count() > 0 && (batch.Bytes() + bytes > kInsertBatchBytes || batch.Count() >= kInsertBatchFiles))
			write_batch();
		batch_memory.Keep([&] { batch.Add(full, file->name, file->bytes); });
	}
	write_batch();
}

/*
 * pg_migrate.upload_in_progress, transaction-local: while it is on, the statement trigger
 * folder_state_forget (0.7.0) does not fire; a rollback resets it.
 */
constexpr const char *kUploadInProgressOn = "SELECT pg_catalog.set_config('pg_migrate.upload_in_progress', 'on', true)";
constexpr const char *kUploadInProgressOff =
    "SELECT pg_catalog.set_config('pg_migrate.upload_in_progress', 'off', true)";

/* MigrateUpload: the body of migrate_upload. */
Datum
MigrateUpload(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_upload");
	CheckNotInMigration("migrate_upload");
	std::vector<UploadedFile> files = ReadFiles(fcinfo);
	std::vector<UnchangedFile> unchanged = ReadUnchanged(fcinfo);
	SrfWriter out(fcinfo);
	std::vector<UploadRow> rows;
	{
		SpiConnection spi;
		LockCatalog();
		CatalogState state = LoadCatalog(false);
		std::map<std::string, std::vector<std::string>> corrupted = FindCorruptedRows(false);
		ParseChangedFiles(files, state, corrupted);
		AddUnchanged(files, unchanged, state, corrupted);
		std::string caller = CallerName();
		std::vector<std::string> claimed;
		std::set<std::string> applied = BuildCatalogGraph(state).AppliedSet(state.heads);
		std::map<std::string, const CatalogRevision *> in_catalog;
		for (const CatalogRevision &entry : state.revisions)
			in_catalog.emplace(entry.rev.id, &entry);

		// Classify the uploaded files; an edited applied revision stops everything.
		std::vector<const UploadedFile *> to_write;
		std::set<std::string> added; // ids the catalog does not hold
		std::set<std::string> uploaded_ids;
		for (const UploadedFile &file : files) {
			const std::string &id = file.parsed.rev.id;
			uploaded_ids.insert(id);
			auto found = in_catalog.find(id);
			const char *action = "added";
			if (found != in_catalog.end()) {
				const CatalogRevision &old = *found->second;
				if (old.checksum != file.parsed.checksum && applied.count(id) > 0)
					throw ChecksumMismatch(old, file);
				// A renamed file with the same bytes is "updated" too: the load order may change.
				bool same =
				    old.checksum == file.parsed.checksum && old.file_name == file.name && corrupted.count(id) == 0;
				action = same ? "unchanged" : "updated";
				// the same bytes uploaded by another role: it now vouches for the pending revision
				if (same && old.uploaded_by != caller && applied.count(id) == 0)
					claimed.push_back(id);
			}
			if (action != std::string_view("unchanged"))
				to_write.push_back(&file);
			if (found == in_catalog.end())
				added.insert(id);
			rows.push_back({id, file.name, action});
		}

		// Catalog revisions the upload no longer has: kept when applied, removed otherwise.
		std::vector<Revision> final_revisions;
		std::vector<std::string> removed;
		std::vector<const CatalogRevision *> kept;
		for (const CatalogRevision &entry : state.revisions) {
			if (uploaded_ids.count(entry.rev.id) > 0)
				continue;
			if (applied.count(entry.rev.id) > 0) {
				kept.push_back(&entry);
				final_revisions.push_back(entry.rev);
			} else {
				removed.push_back(entry.rev.id);
				rows.push_back({entry.rev.id, entry.file_name, "removed"});
			}
		}

		// Validate the final graph, in load order, before writing anything.  The headers are
		// moved, not copied: what follows needs only the files' names and bytes.
		for (UploadedFile &file : files)
			final_revisions.push_back(std::move(file.parsed.rev));
		std::stable_sort(final_revisions.begin(), final_revisions.end(), [](const Revision &a, const Revision &b) {
			return std::tie(a.source, a.id) < std::tie(b.source, b.id);
		});
		RevisionGraph::Build(std::move(final_revisions));

		for (const CatalogRevision *entry : kept)
			PgCall([&] {
				ereport(NOTICE, errmsg("applied revision \"%s\" is not in the upload", entry->rev.id.c_str()),
				        errdetail("The catalog keeps it, with file \"%s\", because the database depends on it.",
				                  entry->file_name.c_str()));
			});
		// The statement trigger folder_state_forget skips these writes (one INSERT per file):
		// the state is stored again after them.
		SpiExecute(kUploadInProgressOn, {}, SPI_OK_SELECT, false);
		DeleteRevisions(removed);
		ClaimUploads(claimed);
		WriteFiles(to_write, added);
		StoreFolderState(false);
		SpiExecute(kUploadInProgressOff, {}, SPI_OK_SELECT, false);
		spi.Finish();
	}

	std::sort(rows.begin(), rows.end(), [](const UploadRow &a, const UploadRow &b) {
		return std::tie(a.file_name, a.revision) < std::tie(b.file_name, b.revision);
	});
	for (const UploadRow &row : rows) {
		Datum values[3] = {TextDatum(row.revision), TextDatum(row.file_name), TextDatum(row.action)};
		bool nulls[3] = {false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/* kSelectStoredFiles: what migrate_upload_needed compares, without the graph's columns. */
constexpr const char *kSelectStoredFiles =
    "SELECT id, file_name, checksum, uploaded_by FROM " PGM_CATALOG_SCHEMA ".revision";

/*
 * MigrateUploadNeeded: the body of migrate_upload_needed.  Under the migration lock, so that
 * the answer holds until the caller's transaction ends: the files of the list whose bytes the
 * catalog lacks ("missing": no row of that name; "changed": another checksum), the rows a full
 * upload would only claim for the caller ("unclaimed": a pending revision uploaded by another
 * role), and the catalog's files the list lacks ("absent": a full upload removes them, or keeps
 * them with a NOTICE when applied).  No row: a full upload of the folder would change nothing,
 * unless a row was edited by hand and no longer matches its stored file: that is not looked
 * for here (it means parsing every stored file); the incremental migrate_upload refuses to keep
 * such a row (55000), and the client then sends the whole folder, which rewrites it.  It reads
 * only the rows' names, checksums and uploaders; the graph is built only when a matching row
 * was uploaded by another role, to know whether it is pending.
 */
Datum
MigrateUploadNeeded(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_upload_needed");
	CheckNotInMigration("migrate_upload_needed");
	auto [names, checksums] = PairedArrays(fcinfo, 0, "filenames", 1, TEXTOID, "checksums");
	std::map<std::string, std::string> listed;
	for (size_t i = 0; i < names.values.size(); i++) {
		std::string name = FileName(names, i, "filenames");
		if (!listed.emplace(name, ByteString(checksums.values[i])).second)
			throw MigError(sqlstate::kDuplicateObject, "file \"" + name + "\" appears more than once",
			               "Each file of the script folder must be listed once.");
	}
	SrfWriter out(fcinfo);
	std::vector<std::pair<std::string, const char *>> rows;
	{
		SpiConnection spi;
		LockCatalog();
		std::vector<SpiRow> stored;
		{
			CatalogOwnerScope owner;
			stored = SpiExecute(kSelectStoredFiles, {}, SPI_OK_SELECT, false);
		}
		std::string caller = CallerName();
		std::map<std::string_view, const SpiRow *> by_file;
		for (const SpiRow &row : stored) {
			by_file.emplace(row[1].text, &row);
			if (listed.count(row[1].text) == 0)
				rows.emplace_back(row[1].text, "absent");
		}
		std::vector<std::pair<std::string, std::string>> others; // (file name, id) uploaded by another role
		for (const auto &[name, checksum] : listed) {
			auto found = by_file.find(name);
			if (found == by_file.end())
				rows.emplace_back(name, "missing");
			else if ((*found->second)[2].text != checksum)
				rows.emplace_back(name, "changed");
			else if ((*found->second)[3].text != caller)
				others.emplace_back(name, (*found->second)[0].text);
		}
		// Only then the graph, for the rare upload by another role: is the revision still pending?
		if (!others.empty()) {
			CatalogState state = LoadCatalog(false);
			std::set<std::string> applied = BuildCatalogGraph(state).AppliedSet(state.heads);
			for (const auto &[name, id] : others)
				if (applied.count(id) == 0)
					rows.emplace_back(name, "unclaimed");
		}
		// The folder is the catalog: store the folder state when it is missing (after an
		// ALTER EXTENSION UPDATE, or a write by hand), so the next run's no-op check is cheap.
		if (rows.empty())
			StoreFolderState(true);
		spi.Finish();
	}
	std::sort(rows.begin(), rows.end());
	for (const auto &[name, reason] : rows) {
		Datum values[2] = {TextDatum(name), TextDatum(reason)};
		bool nulls[2] = {false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/* kFolderStoredWith: whether pg_migrate.folder_state (0.7.0) holds the digest $1. */
constexpr const char *kFolderStoredWith =
    "SELECT EXISTS (SELECT FROM " PGM_CATALOG_SCHEMA ".folder_state WHERE digest OPERATOR(pg_catalog.=) $1)";

/* kUploaders: every role that uploaded a stored revision. */
constexpr const char *kUploaders = "SELECT DISTINCT uploaded_by FROM " PGM_CATALOG_SCHEMA ".revision";

/*
 * MigrateFolderStored: the body of migrate_folder_stored (0.8.0).  Under the migration lock, as
 * migrate_upload_needed: true when the stored folder state holds this digest (the folder is
 * stored byte for byte: the state is forgotten by any other write of pg_migrate.revision) and
 * the caller uploaded every stored revision (so no pending one is unclaimed).  Then
 * migrate_upload_needed would return no row, and the run skips it and the upload: one row read
 * instead of every file's name and checksum sent, compared and answered.  False otherwise.
 */
Datum
MigrateFolderStored(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_folder_stored");
	CheckNotInMigration("migrate_folder_stored");
	std::string digest = TextArg(fcinfo, 0);
	bool stored = false;
	{
		SpiConnection spi;
		LockCatalog();
		std::string caller = CallerName();
		{
			CatalogOwnerScope owner;
			std::vector<SpiRow> found =
			    SpiExecute(kFolderStoredWith, {{TEXTOID, TextDatum(digest), false}}, SPI_OK_SELECT, false);
			stored = !found.empty() && found[0][0].boolean;
			if (stored)
				for (const SpiRow &row : SpiExecute(kUploaders, {}, SPI_OK_SELECT, false))
					if (row[0].is_null || row[0].text != caller)
						stored = false;
		}
		spi.Finish();
	}
	return BoolGetDatum(stored);
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_folder_stored);
Datum
migrate_folder_stored(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateFolderStored, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_upload_needed);
Datum
migrate_upload_needed(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateUploadNeeded, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_upload);
Datum
migrate_upload(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateUpload, fcinfo);
}

} // extern "C"
