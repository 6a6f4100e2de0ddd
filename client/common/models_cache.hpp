/*
 * models_cache.hpp: the models' snapshot cache of autogenerate and check.  Building the models
 * in a shadow database is the dearest step of a comparison (seconds for a thousand tables);
 * while nothing that determines its result changed, its result (the snapshot, with the
 * models' checked column spellings) is read back from a file instead, and no shadow database
 * is created.  The entries live in .pgmig-cache/ next to the configuration file, one file per
 * key; docs/models.md describes them for users.
 */
#pragma once

#include "client/common/db.hpp"
#include "client/common/models.hpp"
#include "client/common/output.hpp"

#include "autogen/diff.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgmig {

/* kModelsCacheDir: the cache directory's name, next to the configuration file. */
inline constexpr const char *kModelsCacheDir = ".pgmig-cache";

/*
 * ShadowServerFacts: what the server a shadow database would be created on contributes to
 * the models' snapshot, as one line of text for the key: its version (server_version_num),
 * the default version of every extension it can install (pg_migrate's among them, and any
 * the models create), the encoding and locale a new database gets (template0's), the roles
 * that would build it (current_user and session_user), and every setting a session may change
 * (context user or superuser) plus shared_preload_libraries, but for a short list that cannot
 * change what DDL stores (application_name, client_min_messages, the timeouts, log_*,
 * pg_migrate.*).  One query on conn (a session like the shadow database's: shadow_url's, or
 * the database's when they are the same server).  nullopt when one of those settings comes
 * from ALTER DATABASE ... SET (a new shadow database would not have it): the cache is then not
 * used (neither read nor written) by this run.
 */
std::optional<std::string> ShadowServerFacts(Connection &conn);

/*
 * ModelsCacheKey: the key of the models' snapshot: the SHA-256 of the cache format, pgmig's
 * version, each model's name (or what names a command's output) and bytes, in order, and the
 * server facts.  Exclude patterns are applied after the cache, so they are not part of it.
 */
std::string ModelsCacheKey(const std::vector<ModelFile> &models, const std::string &server_facts);

/*
 * ModelsCache: the cache directory (dir need not exist).  Every method is safe against
 * concurrent runs (entries are written to a temporary file and renamed into place) and
 * never throws for the cache's own sake: an entry that cannot be read, is truncated, of
 * another format or key, fails its checksum or does not parse counts as absent (and is
 * rebuilt); an entry that cannot be written is skipped.
 */
class ModelsCache {
public:
	/*
	 * Kind: what the entries hold.  kModels: the models' snapshot (models-<key>.snapshot);
	 * kDatabase: a database's own snapshot, keyed by DatabaseSnapshotKey (database-<key>.live).
	 * Each kind keeps its own kKeep entries.
	 */
	enum class Kind { kModels, kDatabase };

	explicit ModelsCache(std::filesystem::path dir, Kind kind = Kind::kModels) : dir_(std::move(dir)), kind_(kind) {}

	/* Entry: what an entry gives back. */
	struct Entry {
		pgm::schema::Snapshot snapshot;   // with the stored column spellings applied
		std::vector<Diagnostic> warnings; // the WARNINGs the models' build sent, to show again
	};

	/* Load: the entry stored under key; nullopt when there is none or it is not valid. */
	std::optional<Entry> Load(const std::string &key) const;

	/*
	 * Store: keep snapshot_json (migrate_snapshot() of the shadow database), the checked
	 * spellings and the build's warnings under key, and remove the least recently used
	 * entries beyond kKeep.
	 */
	void Store(const std::string &key, const std::string &snapshot_json,
	           const std::vector<pgm::schema::ColumnSpelling> &spellings,
	           const std::vector<Diagnostic> &warnings) const;

	/* EntryPath: the file of key's entry. */
	std::filesystem::path EntryPath(const std::string &key) const;

	static constexpr std::size_t kKeep = 4; // entries kept (one per recently used models' state)
	static constexpr unsigned long long kMaxEntrySize = 256ull << 20; // larger entries are neither read nor written

private:
	std::filesystem::path dir_;
	Kind kind_;
};

/*
 * DatabaseSnapshotFacts: what a database's snapshot depends on, as one line of text, read on
 * conn (schema: pg_migrate's, quoted) in one query: migrate_schema_fingerprint() (which changes
 * with every row of the catalogs migrate_snapshot() reads, docs/snapshot-cow.md), the database's
 * oid, the server's version, the current role, the roles' oids and names (shared catalog: names
 * appear in privileges and policies) and each extension's version and the versions it can be
 * updated to (files on the server, not in a catalog).  nullopt when the extension has no
 * fingerprint function (older than 0.6.0) or the role may not call it: the database's snapshot
 * is then not cached.
 */
std::optional<std::string> DatabaseSnapshotFacts(Connection &conn, const std::string &schema);

/* DatabaseSnapshotKey: the key of a database's snapshot: the SHA-256 of the cache format, pgmig's version and the
 * facts. */
std::string DatabaseSnapshotKey(const std::string &facts);

} // namespace pgmig
