/*
 * script_upload.cpp: the script folder sent to migrate_upload, and the summary of its rows.
 */
#include "client/common/script_upload.hpp"
#include "core/folder_digest.hpp"

#include "core/binary_array.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace pgmig {

namespace {

/* kNotUnchanged: the end of migrate_upload's refusal of a file named as unchanged. */
constexpr std::string_view kNotUnchanged = "\" is not stored unchanged";

bool
EndsWith(const std::string &text, std::string_view suffix) {
	return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/* kTextArrayOid: text[]. */
constexpr unsigned kTextArrayOid = 1009;

/*
 * ByteaArrayParam: files' bytes as a bytea[] parameter in binary format: the exact bytes (NUL
 * bytes and invalid UTF-8 included, reported by the server with their line), not hex.
 */
TypedParam
ByteaArrayParam(const std::vector<std::string_view> &contents) {
	return TypedParam{pgm::EncodeBinaryArray(pgm::kByteaOid, contents), pgm::kByteaArrayOid, true};
}

TypedParam
TextArrayParam(const std::vector<std::string> &values) {
	return TypedParam{TextArrayLiteral(values), kTextArrayOid, false};
}

std::vector<UploadRow>
Rows(const PGresult *res) {
	std::vector<UploadRow> rows;
	rows.reserve(static_cast<std::size_t>(PQntuples(res)));
	for (int i = 0; i < PQntuples(res); i++)
		rows.push_back(UploadRow{PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2)});
	return rows;
}

} // namespace

/*
 * Upload: the files go as parallel arrays, names as text[] and contents as bytea[] in binary
 * format.  Incrementally, migrate_upload_needed says which files the catalog lacks ("missing",
 * "changed"); only those are sent, the others are named with their checksum.
 */
FolderStoredAnswer
AskFolderStored(Connection &conn, const std::string &schema, const std::string &digest, UploadMode mode) {
	if (mode != UploadMode::kAsk) {
		ResultPtr res = conn.Exec("SELECT " + schema + ".migrate_folder_stored($1)", {digest});
		return FolderStoredAnswer{std::string(PQgetvalue(res.get(), 0, 0)) == "t", mode};
	}
	ResultPtr res = conn.Exec("SELECT " + schema + ".migrate_folder_stored($1), " PGMIG_INCREMENTAL_UPLOAD_SQL("$2"),
	                          {digest, std::string("pg_migrate")});
	return FolderStoredAnswer{std::string(PQgetvalue(res.get(), 0, 0)) == "t",
	                          std::string(PQgetvalue(res.get(), 0, 1)) == "t" ? UploadMode::kChangesOrNothing
	                                                                          : UploadMode::kFull};
}

std::vector<UploadRow>
Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder, UploadMode mode, bool ask_folder_stored,
       const FolderStoredAnswer *answered) {
	// 0.8.0: the stored folder state's digest answers in one row (and takes the migration lock,
	// as migrate_upload_needed does)
	bool stored = false;
	if (answered != nullptr) {
		stored = answered->stored;
		mode = answered->mode;
	} else if ((mode == UploadMode::kChangesOrNothing || mode == UploadMode::kAsk) && ask_folder_stored) {
		std::vector<pgm::FolderEntry> entries;
		entries.reserve(folder.files.size());
		for (std::size_t i = 0; i < folder.files.size(); i++)
			entries.push_back(pgm::FolderEntry{folder.files[i].name, folder.revisions[i].checksum});
		FolderStoredAnswer answer = AskFolderStored(conn, schema, pgm::FolderDigest(std::move(entries)), mode);
		stored = answer.stored;
		mode = answer.mode;
	}
	if (!stored && mode == UploadMode::kAsk)
		mode = IncrementalUploadAvailable(conn) ? UploadMode::kChangesOrNothing : UploadMode::kFull;
	if (!stored && mode == UploadMode::kFull) {
		std::vector<std::string> names;
		std::vector<std::string_view> contents;
		for (const ScriptFile &f : folder.files) {
			names.push_back(f.name);
			contents.push_back(f.bytes);
		}
		ResultPtr res = conn.ExecTyped("SELECT revision, file_name, action FROM " + schema +
		                                   ".migrate_upload($1::pg_catalog.text[], $2::pg_catalog.bytea[])",
		                               {TextArrayParam(names), ByteaArrayParam(contents)});
		return Rows(res.get());
	}
	ResultPtr needed;
	if (!stored) {
		std::vector<std::string> names, checksums;
		for (std::size_t i = 0; i < folder.files.size(); i++) {
			names.push_back(folder.files[i].name);
			checksums.push_back(folder.revisions[i].checksum);
		}
		needed = conn.ExecTyped("SELECT file_name, reason FROM " + schema +
		                            ".migrate_upload_needed($1::pg_catalog.text[], $2::pg_catalog.text[])",
		                        {TextArrayParam(names), TextArrayParam(checksums)});
	}
	if (stored || (mode == UploadMode::kChangesOrNothing && PQntuples(needed.get()) == 0)) {
		std::vector<UploadRow> rows;
		for (std::size_t i = 0; i < folder.files.size(); i++)
			rows.push_back(UploadRow{folder.revisions[i].rev.id, folder.files[i].name, "unchanged"});
		std::sort(rows.begin(), rows.end(), [](const UploadRow &a, const UploadRow &b) {
			return std::tie(a.file_name, a.revision) < std::tie(b.file_name, b.revision);
		});
		return rows;
	}
	std::set<std::string> send;
	for (int i = 0; i < PQntuples(needed.get()); i++) {
		std::string reason = PQgetvalue(needed.get(), i, 1);
		if (reason == "missing" || reason == "changed")
			send.insert(PQgetvalue(needed.get(), i, 0));
	}
	std::vector<std::string> sent_names, kept_names, kept_checksums;
	std::vector<std::string_view> contents;
	for (std::size_t i = 0; i < folder.files.size(); i++) {
		if (send.count(folder.files[i].name) > 0) {
			sent_names.push_back(folder.files[i].name);
			contents.push_back(folder.files[i].bytes);
		} else {
			kept_names.push_back(folder.files[i].name);
			kept_checksums.push_back(folder.revisions[i].checksum);
		}
	}
	// only a file named as unchanged can be refused, so the savepoint only then
	const bool savepoint = !kept_names.empty();
	if (savepoint)
		conn.Exec("SAVEPOINT pgmig_upload");
	try {
		ResultPtr res = conn.ExecTyped("SELECT revision, file_name, action FROM " + schema +
		                                   ".migrate_upload($1::pg_catalog.text[], $2::pg_catalog.bytea[], "
		                                   "$3::pg_catalog.text[], $4::pg_catalog.text[])",
		                               {TextArrayParam(sent_names), ByteaArrayParam(contents),
		                                TextArrayParam(kept_names), TextArrayParam(kept_checksums)});
		if (savepoint)
			conn.Exec("RELEASE SAVEPOINT pgmig_upload");
		return Rows(res.get());
	} catch (const DbError &e) {
		// a row that no longer matches its stored file: the full upload rewrites it
		if (!savepoint || e.Sqlstate() != pgm::sqlstate::kObjectNotInPrerequisiteState ||
		    !EndsWith(e.Message(), kNotUnchanged))
			throw;
	}
	conn.Exec("ROLLBACK TO SAVEPOINT pgmig_upload");
	std::vector<UploadRow> rows = Upload(conn, schema, folder, UploadMode::kFull);
	conn.Exec("RELEASE SAVEPOINT pgmig_upload");
	return rows;
}

bool
IncrementalUploadAvailable(Connection &conn) {
	ResultPtr res = conn.Exec("SELECT " PGMIG_INCREMENTAL_UPLOAD_SQL("$1"), {std::string("pg_migrate")});
	return std::string(PQgetvalue(res.get(), 0, 0)) == "t";
}

std::string
UploadSummary(const std::vector<UploadRow> &rows) {
	std::map<std::string, int> count;
	for (const UploadRow &r : rows)
		count[r.action]++;
	std::size_t total = rows.size() - static_cast<std::size_t>(count["removed"]);
	return std::to_string(total) + (total == 1 ? " revision" : " revisions") + ": " + std::to_string(count["added"]) +
	       " added, " + std::to_string(count["updated"]) + " updated, " + std::to_string(count["removed"]) +
	       " removed, " + std::to_string(count["unchanged"]) + " unchanged";
}

} // namespace pgmig
