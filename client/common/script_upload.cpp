/*
 * script_upload.cpp: the script folder sent to migrate_upload, and the summary of its rows.
 */
#include "client/common/script_upload.hpp"

#include <map>

namespace pgmig {

/*
 * Upload: the files go as two parallel arrays, names as text[] and contents as bytea[] in
 * hex, so the server checksums the exact bytes (NUL bytes and invalid UTF-8 included and
 * reported by the server with their line).
 */
std::vector<UploadRow>
Upload(Connection &conn, const std::string &schema, const ScriptFolder &folder) {
	std::vector<std::string> names, contents;
	for (const ScriptFile &f : folder.files) {
		names.push_back(f.name);
		contents.push_back(f.bytes);
	}
	ResultPtr res = conn.Exec("SELECT revision, file_name, action FROM " + schema +
	                              ".migrate_upload($1::pg_catalog.text[], $2::pg_catalog.bytea[])",
	                          {TextArrayLiteral(names), ByteaArrayLiteral(contents)});
	std::vector<UploadRow> rows;
	for (int i = 0; i < PQntuples(res.get()); i++)
		rows.push_back(
		    UploadRow{PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1), PQgetvalue(res.get(), i, 2)});
	return rows;
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
