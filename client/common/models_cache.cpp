/*
 * models_cache.cpp: the models' snapshot cache (models_cache.hpp): its key, and its entries,
 * files of .pgmig-cache/ written atomically and checked before use.
 */
#include "client/common/models_cache.hpp"
#include "client/common/unique_fd.hpp"

#include "client/version.hpp"

#include "core/sha256.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

/*
 * kFormat: the first line of every entry and part of every key.  Raise the number whenever what
 * an entry holds, or what a snapshot document means to the differ, changes.
 */
constexpr const char *kFormat = "pgmig models snapshot cache 3";

/*
 * kServerFactsQuery: see ShadowServerFacts.  pg_available_extensions lists what CREATE EXTENSION
 * would install without VERSION (a models file that names a VERSION has it in its own bytes);
 * template0's row minus what does not shape a new database's objects gives the encoding, the
 * locale provider, the locales and the collation version of the shadow (CREATE DATABASE ...
 * TEMPLATE template0 copies them); to_jsonb keeps it independent of the server version's
 * column names.  The roles: the snapshot's ACLs leave out the owner's own grants, and models may
 * SET ROLE or ALTER DEFAULT PRIVILEGES.  The settings: every one a session may change
 * (context user or superuser) and shared_preload_libraries, but those that cannot change what
 * DDL stores (kIrrelevantSettings); the second column is true when one of them comes from
 * ALTER DATABASE ... SET (source database or database user), which a new shadow database
 * would not have.
 */
constexpr const char *kServerFactsQuery = R"SQL(
WITH s AS (
    SELECT s.name, s.setting, s.source
    FROM pg_catalog.pg_settings s
    WHERE (s.context OPERATOR(pg_catalog.=) ANY (ARRAY['user', 'superuser'])
           OR s.name OPERATOR(pg_catalog.=) 'shared_preload_libraries')
      AND NOT s.name OPERATOR(pg_catalog.=) ANY (ARRAY['application_name', 'client_min_messages',
                                                      'statement_timeout', 'lock_timeout',
                                                      'idle_in_transaction_session_timeout',
                                                      'idle_session_timeout'])
      AND NOT pg_catalog.starts_with(s.name, 'log_')
      AND NOT pg_catalog.starts_with(s.name, 'pg_migrate.')
)
SELECT pg_catalog.current_setting('server_version_num')
    || ' ' || coalesce((SELECT pg_catalog.string_agg(e.name || '=' || coalesce(e.default_version, ''), ','
                                                     ORDER BY e.name)
                        FROM pg_catalog.pg_available_extensions e), '')
    || ' ' || coalesce((SELECT (pg_catalog.to_jsonb(d) - ARRAY['oid', 'datname', 'datdba', 'datistemplate',
                                                                'datallowconn', 'datconnlimit', 'datfrozenxid',
                                                                'datminmxid', 'dattablespace', 'datacl',
                                                                'datlastsysoid'])::pg_catalog.text
                        FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) 'template0'), '')
    || ' ' || pg_catalog.to_jsonb(ARRAY[CURRENT_USER, SESSION_USER])::pg_catalog.text
    || ' ' || coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(s.name, s.setting) ORDER BY s.name)
                        FROM s)::pg_catalog.text, ''),
    coalesce((SELECT pg_catalog.bool_or(s.source OPERATOR(pg_catalog.=) ANY (ARRAY['database', 'database user']))
              FROM s), false)
)SQL";

/* AppendField: name and bytes, each preceded by its length, so that no two inputs collide. */
void
AppendField(std::string &out, const std::string &bytes) {
	out += std::to_string(bytes.size());
	out += ':';
	out += bytes;
	out += '\n';
}

nlohmann::json
OptionalJson(const std::optional<std::string> &value) {
	return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::optional<std::string>
OptionalString(const nlohmann::json &value) {
	if (value.is_null())
		return std::nullopt;
	return value.get<std::string>();
}

/* SpellingsJson, SpellingsFromJson: the checked spellings of an entry (throw when malformed). */
nlohmann::json
SpellingsJson(const std::vector<pgm::schema::ColumnSpelling> &spellings) {
	nlohmann::json list = nlohmann::json::array();
	for (const pgm::schema::ColumnSpelling &s : spellings)
		list.push_back(nlohmann::json::array({s.schema, s.table, s.column, s.type, OptionalJson(s.default_expr),
		                                      OptionalJson(s.deparsed_type), OptionalJson(s.deparsed_default)}));
	return list;
}

std::vector<pgm::schema::ColumnSpelling>
SpellingsFromJson(const nlohmann::json &list) {
	if (!list.is_array())
		throw std::runtime_error("malformed spellings");
	std::vector<pgm::schema::ColumnSpelling> spellings;
	for (const nlohmann::json &item : list) {
		if (!item.is_array() || item.size() != 7)
			throw std::runtime_error("malformed spelling");
		pgm::schema::ColumnSpelling s;
		s.schema = item.at(0).get<std::string>();
		s.table = item.at(1).get<std::string>();
		s.column = item.at(2).get<std::string>();
		s.type = item.at(3).get<std::string>();
		s.default_expr = OptionalString(item.at(4));
		s.deparsed_type = OptionalString(item.at(5));
		s.deparsed_default = OptionalString(item.at(6));
		spellings.push_back(std::move(s));
	}
	return spellings;
}

/*
 * ExtrasJson, ExtrasFromJson: the first part of an entry's payload, {"spellings": [...],
 * "warnings": [[message, detail, hint], ...]} (throw when malformed).
 */
std::string
ExtrasJson(const std::vector<pgm::schema::ColumnSpelling> &spellings, const std::vector<Diagnostic> &warnings) {
	nlohmann::json list = nlohmann::json::array();
	for (const Diagnostic &w : warnings)
		list.push_back(nlohmann::json::array({w.message, w.detail, w.hint}));
	return nlohmann::json::object({{"spellings", SpellingsJson(spellings)}, {"warnings", std::move(list)}}).dump();
}

void
ExtrasFromJson(const std::string &text, std::vector<pgm::schema::ColumnSpelling> &spellings,
               std::vector<Diagnostic> &warnings) {
	nlohmann::json extras = nlohmann::json::parse(text);
	if (!extras.is_object() || extras.size() != 2)
		throw std::runtime_error("malformed entry");
	spellings = SpellingsFromJson(extras.at("spellings"));
	const nlohmann::json &list = extras.at("warnings");
	if (!list.is_array())
		throw std::runtime_error("malformed warnings");
	for (const nlohmann::json &item : list) {
		if (!item.is_array() || item.size() != 3)
			throw std::runtime_error("malformed warning");
		warnings.push_back(Diagnostic{"warning",
		                              item.at(0).get<std::string>(),
		                              item.at(1).get<std::string>(),
		                              item.at(2).get<std::string>(),
		                              {}});
	}
}

/* ReadLine: the line of text at pos (without its newline), pos moved past it; false at the end. */
bool
ReadLine(const std::string &text, std::size_t &pos, std::string &line) {
	std::size_t end = text.find('\n', pos);
	if (end == std::string::npos)
		return false;
	line = text.substr(pos, end - pos);
	pos = end + 1;
	return true;
}

/* SizeAfter: the number after prefix on line, or -1. */
long long
SizeAfter(const std::string &line, const std::string &prefix) {
	if (line.compare(0, prefix.size(), prefix) != 0 || line.size() == prefix.size() || line.size() > prefix.size() + 18)
		return -1;
	long long n = 0;
	for (std::size_t i = prefix.size(); i < line.size(); i++) {
		if (line[i] < '0' || line[i] > '9')
			return -1;
		n = n * 10 + (line[i] - '0');
	}
	return n;
}

/* EntryPrefix, EntrySuffix: how the entries of a kind are named: <prefix><64 hex><suffix>. */
std::string
EntryPrefix(ModelsCache::Kind kind) {
	return kind == ModelsCache::Kind::kModels ? "models-" : "database-";
}

std::string
EntrySuffix(ModelsCache::Kind kind) {
	return kind == ModelsCache::Kind::kModels ? ".snapshot" : ".live";
}

bool
IsEntryName(const std::string &name, ModelsCache::Kind kind) {
	const std::string prefix = EntryPrefix(kind), suffix = EntrySuffix(kind);
	return name.size() == prefix.size() + 64 + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
	       name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/* AllOf: whether every character of text[from, to) is one of chars. */
bool
AllOf(const std::string &text, std::size_t from, std::size_t to, const char *chars) {
	if (from >= to || to > text.size())
		return false;
	for (std::size_t i = from; i < to; i++)
		if (std::strchr(chars, text[i]) == nullptr || text[i] == '\0')
			return false;
	return true;
}

/* IsTempName: the exact name Store gives its temporary files: .tmp-<16 hex>-<pid>-<8 hex>. */
bool
IsTempName(const std::string &name) {
	static const char *hex = "0123456789abcdef";
	if (name.size() < 5 + 16 + 1 + 1 + 1 + 8 || name.compare(0, 5, ".tmp-") != 0 || !AllOf(name, 5, 21, hex) ||
	    name[21] != '-' || name[name.size() - 9] != '-' || !AllOf(name, name.size() - 8, name.size(), hex))
		return false;
	return AllOf(name, 22, name.size() - 9, "0123456789");
}

/*
 * Prune: remove the entries beyond keep, least recently used first, and temporary files left by
 * a run killed while writing (errors are ignored).  Only regular files with exactly the names
 * the cache gives its files are ever removed.
 */
void
Prune(const fs::path &dir, std::size_t keep, ModelsCache::Kind kind) {
	std::error_code ec;
	std::vector<std::pair<fs::file_time_type, fs::path>> entries;
	auto now = fs::file_time_type::clock::now();
	for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
		std::string name = it->path().filename().string();
		bool entry = IsEntryName(name, kind);
		if (!entry && !IsTempName(name))
			continue;
		std::error_code time_ec;
		if (!fs::is_regular_file(fs::symlink_status(it->path(), time_ec)) || time_ec)
			continue;
		fs::file_time_type time = fs::last_write_time(it->path(), time_ec);
		if (time_ec)
			continue;
		if (entry)
			entries.emplace_back(time, it->path());
		else if (now - time > std::chrono::hours(1))
			fs::remove(it->path(), time_ec); // left by a run that was killed while writing
	}
	if (entries.size() <= keep)
		return;
	std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
	for (std::size_t i = keep; i < entries.size(); i++)
		fs::remove(entries[i].second, ec);
}

/* IsRealDirectory: dir is a directory, not a symbolic link to one. */
bool
IsRealDirectory(const fs::path &dir) {
	std::error_code ec;
	return fs::is_directory(fs::symlink_status(dir, ec)) && !ec;
}

/*
 * ReadEntry: the bytes of the entry at path, when it is a regular file (not a symbolic link)
 * of at most kMaxEntrySize bytes; its modification time is set to now (recently used: kept by
 * Prune) once it was read.
 */
std::optional<std::string>
ReadEntry(const fs::path &path) {
	UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
	if (fd.Get() < 0)
		return std::nullopt;
	struct stat st;
	if (fstat(fd.Get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    static_cast<unsigned long long>(st.st_size) > ModelsCache::kMaxEntrySize)
		return std::nullopt;
	std::string text;
	text.resize(static_cast<std::size_t>(st.st_size));
	std::size_t done = 0;
	while (done < text.size()) {
		ssize_t n = read(fd.Get(), text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return std::nullopt; // shorter than it was: being replaced, or an error
		done += static_cast<std::size_t>(n);
	}
	char extra;
	if (read(fd.Get(), &extra, 1) != 0)
		return std::nullopt; // grew while read
	return text;
}

/* Touch: set the entry's modification time to now (errors are ignored). */
void
Touch(const fs::path &path) {
	UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
	if (fd.Get() >= 0)
		(void)futimens(fd.Get(), nullptr);
}

} // namespace

std::optional<std::string>
ShadowServerFacts(Connection &conn) {
	ResultPtr res = conn.Exec(kServerFactsQuery);
	if (std::string(PQgetvalue(res.get(), 0, 1)) == "t")
		return std::nullopt;
	return std::string(PQgetvalue(res.get(), 0, 0));
}

std::optional<std::string>
DatabaseSnapshotFacts(Connection &conn, const std::string &schema) {
	const std::string fingerprint = schema + ".migrate_schema_fingerprint()";
	ResultPtr can = conn.Exec("SELECT coalesce(pg_catalog.has_function_privilege("
	                          "pg_catalog.to_regprocedure($1), 'EXECUTE'), false)",
	                          {fingerprint});
	if (std::string(PQgetvalue(can.get(), 0, 0)) != "t")
		return std::nullopt;
	ResultPtr res = conn.Exec(
	    "SELECT " + fingerprint +
	    "\n"
	    "    || ' ' || d.oid::pg_catalog.text || ' ' || pg_catalog.current_setting('server_version_num')\n"
	    "    || ' ' || pg_catalog.to_jsonb(CURRENT_USER)::pg_catalog.text\n"
	    "    || ' ' || coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(r.oid, r.rolname)\n"
	    "                                                  ORDER BY r.oid)\n"
	    "                        FROM pg_catalog.pg_roles r)::pg_catalog.text, '')\n"
	    "    || ' ' || coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(\n"
	    "                                   x.extname, x.extversion,\n"
	    "                                   (SELECT pg_catalog.jsonb_agg(u.target ORDER BY u.target COLLATE \"C\")\n"
	    "                                    FROM pg_catalog.pg_extension_update_paths(x.extname) AS u\n"
	    "                                    WHERE u.source OPERATOR(pg_catalog.=) x.extversion\n"
	    "                                      AND u.path IS NOT NULL))\n"
	    "                               ORDER BY x.extname)\n"
	    "                        FROM pg_catalog.pg_extension x)::pg_catalog.text, '')\n"
	    "FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()");
	return std::string(PQgetvalue(res.get(), 0, 0));
}

std::string
DatabaseSnapshotKey(const std::string &facts) {
	std::string input;
	AppendField(input, kFormat);
	AppendField(input, PGMIG_VERSION);
	AppendField(input, "database");
	AppendField(input, facts);
	return pgm::Sha256Hex(input);
}

std::string
ModelsCacheKey(const std::vector<ModelFile> &models, const std::string &server_facts) {
	std::string input;
	AppendField(input, kFormat);
	AppendField(input, PGMIG_VERSION);
	AppendField(input, server_facts);
	AppendField(input, std::to_string(models.size()));
	for (const ModelFile &model : models) {
		AppendField(input, model.what.empty() ? model.path : model.what);
		AppendField(input, model.text);
	}
	return pgm::Sha256Hex(input);
}

fs::path
ModelsCache::EntryPath(const std::string &key) const {
	return dir_ / (EntryPrefix(kind_) + key + EntrySuffix(kind_));
}

/*
 * Load: an entry is a header of five lines (the format, the key, the SHA-256 of the payload,
 * the sizes of its two parts) and the payload: the spellings and warnings (ExtrasJson), then
 * the snapshot.  Anything that does not match exactly makes the entry absent.
 */
std::optional<ModelsCache::Entry>
ModelsCache::Load(const std::string &key) const {
	try {
		if (!IsRealDirectory(dir_))
			return std::nullopt;
		fs::path path = EntryPath(key);
		std::optional<std::string> read = ReadEntry(path);
		if (!read)
			return std::nullopt;
		std::string text = std::move(*read);
		std::size_t pos = 0;
		std::string format, key_line, sum_line, spellings_line, snapshot_line;
		if (!ReadLine(text, pos, format) || format != kFormat || !ReadLine(text, pos, key_line) ||
		    key_line != "key " + key || !ReadLine(text, pos, sum_line) || sum_line.compare(0, 7, "sha256 ") != 0 ||
		    !ReadLine(text, pos, spellings_line) || !ReadLine(text, pos, snapshot_line))
			return std::nullopt;
		long long spellings_size = SizeAfter(spellings_line, "spellings ");
		long long snapshot_size = SizeAfter(snapshot_line, "snapshot ");
		if (spellings_size < 0 || snapshot_size < 0 ||
		    static_cast<unsigned long long>(spellings_size) + static_cast<unsigned long long>(snapshot_size) !=
		        text.size() - pos)
			return std::nullopt;
		std::string_view payload(text.data() + pos, text.size() - pos);
		if (sum_line.substr(7) != pgm::Sha256Hex(payload))
			return std::nullopt;
		std::vector<pgm::schema::ColumnSpelling> spellings;
		Entry entry;
		ExtrasFromJson(std::string(payload.substr(0, static_cast<std::size_t>(spellings_size))), spellings,
		               entry.warnings);
		entry.snapshot = pgm::schema::ParseSnapshot(payload.substr(static_cast<std::size_t>(spellings_size)),
		                                            kind_ == Kind::kModels ? "the models" : "the database");
		pgm::schema::ApplySpellings(entry.snapshot, spellings);
		Touch(path); // recently used: kept by Prune
		return entry;
	} catch (...) {
		// Unreadable, malformed or of an unknown snapshot format: rebuilt.
		return std::nullopt;
	}
}

void
ModelsCache::Store(const std::string &key, const std::string &snapshot_json,
                   const std::vector<pgm::schema::ColumnSpelling> &spellings,
                   const std::vector<Diagnostic> &warnings) const {
	fs::path tmp;
	try {
		std::error_code ec;
		fs::create_directories(dir_, ec);
		if (ec || !IsRealDirectory(dir_))
			return;
		// The directory ignores itself in git (as .pytest_cache does): nothing to add to the project's
		// .gitignore.  Written only when there is none (O_EXCL: not through a symbolic link either).
		{
			fs::path ignore = dir_ / ".gitignore";
			UniqueFd out(open(ignore.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
			if (out.Get() >= 0 &&
			    !WriteAll(out.Get(), "# pgmig's cache of the models' snapshots (docs/models.md); safe to delete.\n*\n"))
				return;
		}
		std::string spellings_json = ExtrasJson(spellings, warnings);
		std::string header = std::string(kFormat) + "\nkey " + key + "\nsha256 " +
		                     pgm::Sha256Hex(spellings_json + snapshot_json) + "\nspellings " +
		                     std::to_string(spellings_json.size()) + "\nsnapshot " +
		                     std::to_string(snapshot_json.size()) + "\n";
		if (header.size() + spellings_json.size() + snapshot_json.size() > kMaxEntrySize)
			return; // Load would not read it
		char suffix[32];
		std::snprintf(suffix, sizeof(suffix), "%ld-%08x", static_cast<long>(getpid()),
		              static_cast<unsigned>(std::random_device{}()));
		fs::path name = dir_ / (".tmp-" + key.substr(0, 16) + "-" + suffix);
		UniqueFd out(open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
		if (out.Get() < 0)
			return;
		tmp = name; // ours: removed on failure
		if (!WriteAll(out.Get(), header) || !WriteAll(out.Get(), spellings_json) ||
		    !WriteAll(out.Get(), snapshot_json) || !out.Close()) {
			fs::remove(tmp, ec);
			return;
		}
		fs::rename(tmp, EntryPath(key), ec);
		if (ec) {
			fs::remove(tmp, ec);
			return;
		}
		Prune(dir_, kKeep, kind_);
	} catch (...) {
		// A cache that cannot be written is no error: the next run builds the models again.
		if (!tmp.empty()) {
			std::error_code ec;
			fs::remove(tmp, ec);
		}
	}
}

} // namespace pgmig
