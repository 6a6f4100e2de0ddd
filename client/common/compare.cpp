/*
 * compare.cpp: the comparison behind "revision --autogenerate" and "check": the database
 * (which must be up to date) or the migrations on one side, the models on the other, each
 * described by migrate_snapshot() and diffed by autogen/ (diff.hpp).
 */
#include "client/common/compare.hpp"

#include "client/common/current_revisions.hpp"
#include "client/common/exclusions.hpp"
#include "client/common/heap.hpp"
#include "client/common/models_cache.hpp"
#include "client/common/models_command.hpp"
#include "client/common/output.hpp"
#include "client/common/shadow.hpp"

#include "autogen/model_spelling.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>

namespace pgmig {

namespace {

constexpr const char *kUndefinedFunction = "42883";

} // namespace

std::string
TakeSnapshot(Connection &conn, const std::string &what) {
	SendSnapshot(conn, ReadExtension(conn));
	return CollectSnapshot(conn, what);
}

/*
 * SendSnapshot: migrate_snapshot_text() builds the document as text (an extension older than
 * 0.8.0 has no such function, and a role granted EXECUTE on migrate_snapshot() only, as the
 * guide's grants before 0.8.0 did, may not call it): migrate_snapshot()::text otherwise.
 */
void
SendSnapshot(Connection &conn, const ExtensionInfo &ext) {
	conn.Send("SELECT " + ext.schema +
	          (ext.snapshot_text ? ".migrate_snapshot_text()" : ".migrate_snapshot()::pg_catalog.text"));
}

std::string
CollectSnapshot(Connection &conn, const std::string &what) {
	try {
		ResultPtr res = conn.Wait();
		return PQgetvalue(res.get(), 0, 0);
	} catch (const DbError &e) {
		if (e.Sqlstate() != kUndefinedFunction)
			throw;
		throw DbError(e.Sqlstate(), "function migrate_snapshot() does not exist in " + what,
		              "The installed version of the extension pg_migrate is older than pgmig.",
		              "Update it with ALTER EXTENSION pg_migrate UPDATE; (and install the new package on the "
		              "server first).");
	}
}

/*
 * CheckUpToDate: autogenerate compares the models with what the database holds, so the
 * database must hold every revision there is: otherwise the new revision would repeat what
 * a pending one already does.  A head is applied when migrate_current lists it (nothing
 * applied can descend from a head).
 */
void
CheckUpToDate(Connection &conn, const std::string &schema, const ScriptFolder &folder) {
	std::vector<std::string> current = CurrentRevisions(conn, schema);
	std::vector<std::string> heads = folder.graph.Heads();
	std::vector<std::string> missing;
	for (const std::string &head : heads)
		if (std::find(current.begin(), current.end(), head) == current.end())
			missing.push_back(head);
	if (missing.empty())
		return;
	std::string detail = (missing.size() == 1 ? "Head revision " : "Head revisions ") + pgm::JoinComma(missing) +
	                     (missing.size() == 1 ? " is" : " are") + " not applied in database \"" + conn.Database() +
	                     "\"; ";
	if (current.empty())
		detail += "it has no revision applied.";
	else
		detail += std::string(current.size() == 1 ? "its current revision is " : "its current revisions are ") +
		          pgm::JoinComma(current) + ".";
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState, "target database is not up to date", detail,
	                    heads.size() == 1 ? "Run \"pgmig upgrade head\" first." : "Run \"pgmig upgrade heads\" first.");
}

namespace {

/* ModelsText: the models as one text, for ScanColumnSpellings (each file ends its last statement). */
std::string
ModelsText(const std::vector<ModelFile> &models) {
	std::string text;
	for (const ModelFile &model : models)
		text += model.text + "\n;\n";
	return text;
}

/*
 * ShadowFacts: the shadow server's part of the models' cache key (ShadowServerFacts), read on
 * conn, a session on that server.  When a keyed setting of that session comes from its
 * database (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET), which a brand-new
 * shadow database would not have, they are read again in a session on template1 of the same
 * server (conninfo, other database): a session in a new shadow database is set up as one there,
 * but for template1's own settings.  nullopt when template1 has such settings too, or cannot be
 * reached (the cache is then not used by this run).
 */
std::optional<std::string>
ShadowFacts(Connection &conn, const std::string &conninfo) {
	if (std::optional<std::string> facts = ShadowServerFacts(conn))
		return facts;
	try {
		Connection template1(conninfo, "template1");
		CancelOnInterrupt cancel(template1);
		return ShadowServerFacts(template1);
	} catch (const pgm::MigError &) {
		if (InterruptReceived())
			throw;
		return std::nullopt; // no session on template1 (pg_hba.conf, CONNECT): build the models
	}
}

/* ModelsCacheDir: .pgmig-cache next to the configuration file (which need not exist). */
std::filesystem::path
ModelsCacheDir(const Context &ctx) {
	std::filesystem::path dir = std::filesystem::path(ctx.options.config_file).parent_path();
	return (dir.empty() ? std::filesystem::path(".") : dir) / kModelsCacheDir;
}

/*
 * ParseLater: parse a snapshot document on another thread, so that the client parses one
 * side while the server still works on the other.
 */
std::future<pgm::schema::Snapshot>
ParseLater(std::string json, std::string what) {
	return std::async(std::launch::async, [json = std::move(json), what = std::move(what)]() {
		return pgm::schema::ParseSnapshot(json, what);
	});
}

/*
 * LiveSnapshot: the live database's snapshot, sent on its connection and then collected and
 * parsed on a thread of its own, so that the server's result is read as soon as it is ready
 * (a 4 MB document does not fit the socket's buffer: unread, it would hold the server until
 * pgmig reads it) and parsed while the shadow database is still being built.  store, when set,
 * is given the document's text first (the database's cache entry).  The destructor cancels a
 * query that is still running (an error elsewhere ended the comparison) and waits for the thread.
 */
class LiveSnapshot {
public:
	LiveSnapshot() = default;
	LiveSnapshot(const LiveSnapshot &) = delete;
	LiveSnapshot &operator=(const LiveSnapshot &) = delete;
	~LiveSnapshot() {
		if (task_.valid()) {
			if (task_.wait_for(std::chrono::seconds(0)) != std::future_status::ready && cancel_ != nullptr) {
				char error[256];
				(void)PQcancel(cancel_, error, sizeof(error));
			}
			task_.wait();
		}
		if (cancel_ != nullptr)
			PQfreeCancel(cancel_);
	}

	/* Start: send the snapshot of ext on conn (which this now owns) and collect it on a thread. */
	void
	Start(std::unique_ptr<Connection> conn, const ExtensionInfo &ext, std::string what, std::string name,
	      std::function<void(const std::string &)> store) {
		conn_ = std::move(conn);
		cancel_guard_ = std::make_unique<CancelOnInterrupt>(*conn_, CancelOnInterrupt::Alongside{});
		cancel_ = PQgetCancel(conn_->Get());
		SendSnapshot(*conn_, ext);
		task_ = std::async(std::launch::async,
		                   [this, what = std::move(what), name = std::move(name), store = std::move(store)]() {
			                   std::string json = CollectSnapshot(*conn_, what);
			                   if (store)
				                   store(json);
			                   return pgm::schema::ParseSnapshot(json, name);
		                   });
	}

	/* Started: Start was called and Get not yet. */
	bool
	Started() const {
		return task_.valid();
	}

	/* Ready: the thread is done (Get will not block). */
	bool
	Ready() const {
		return task_.valid() && task_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
	}

	/* Get: the parsed snapshot (or the error of the snapshot or the parse); closes the connection. */
	pgm::schema::Snapshot
	Get() {
		pgm::schema::Snapshot snapshot = task_.get();
		cancel_guard_.reset();
		conn_.reset();
		return snapshot;
	}

private:
	std::unique_ptr<Connection> conn_;
	std::unique_ptr<CancelOnInterrupt> cancel_guard_;
	PGcancel *cancel_ = nullptr;
	std::future<pgm::schema::Snapshot> task_;
};

} // namespace

/*
 * CompareWithModels: the local inputs are read first, so their errors come before any
 * connection, and the database is checked to be up to date before any shadow database is
 * created.  Independent work overlaps: the live database computes its snapshot (sent, not
 * waited for) while the models' side is read from the cache or built in a shadow database on
 * another backend; the client scans the models' column spellings while the server applies
 * them, and reads and parses the live snapshot on a thread as soon as the server sends it
 * (LiveSnapshot);
 * each shadow database's DROP DATABASE runs while pgmig goes on (the next shadow, the diff)
 * and is waited for before this returns.  The models' snapshot is cached (models_cache.hpp)
 * under a key that includes the shadow server's facts, read from the live connection when the
 * shadow databases live on the same server, else from a short connection to shadow_url; when a
 * setting in them comes from ALTER DATABASE ... SET, from a session on template1 instead, and
 * when template1 has such a setting too, the cache is not used by this run (ShadowFacts).  A
 * database's own snapshot is cached too, keyed by its fingerprint (DatabaseSnapshotFacts): a
 * second comparison with no DDL in between reads it back instead of computing it.  A
 * signal cancels every running query (CancelOnInterrupt, the live snapshot's Alongside) or is
 * noticed between two steps; the error then leaves as Interrupted, after the shadow databases
 * were dropped.
 */
Comparison
CompareWithModels(Context &ctx, const CompareOptions &opts) {
	UseHugePagesForHeap(); // two snapshots of the whole schema are parsed (heap.hpp)
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::vector<std::string> exclude = ExcludePatterns(ctx, opts.exclude);
	bool use_cache = !opts.no_cache && ctx.GetConfig().models_cache.value_or(true);
	const bool cache_database = use_cache; // the database's own snapshot, keyed by its fingerprint
	CancelOnInterrupt catch_signals;
	try {
		std::vector<ModelFile> models = ReadModels(ctx, opts.models, opts.models_command);
		std::string shadow_conninfo = ctx.ShadowConninfo();
		std::string from_json, from_name;
		std::future<pgm::schema::Snapshot> from_parsed;
		std::unique_ptr<ShadowDatabase> from_shadow; // --from-migrations: dropped in the background
		std::optional<std::string> server_facts;     // the shadow server's part of the cache key, once read
		ModelsCache database_cache(ModelsCacheDir(ctx), ModelsCache::Kind::kDatabase);
		LiveSnapshot live_snapshot; // the database's snapshot, collected on a thread (may store into database_cache)
		if (opts.from_migrations) {
			from_shadow = std::make_unique<ShadowDatabase>(shadow_conninfo);
			from_shadow->ApplyMigrations(folder);
			from_json = from_shadow->Snapshot();
			from_shadow->StartDrop();
			from_name = "the migrations";
			from_parsed = ParseLater(std::move(from_json), from_name);
		} else {
			auto live = std::make_unique<Connection>(ctx.Conninfo());
			ExtensionInfo ext = ReadExtension(*live);
			const std::string &schema = ext.schema;
			try {
				CheckUpToDate(*live, schema, folder);
			} catch (const pgm::MigError &e) {
				// check compares whatever the database holds (drift is drift); it only warns.
				if (opts.require_head || e.Sqlstate() != pgm::sqlstate::kObjectNotInPrerequisiteState)
					throw;
				PrintDiagnostic(Diagnostic{
				    "warning", e.Message(), e.Detail(), "The comparison is with the schema the database has now.", {}});
			}
			for (std::string &pattern : AdoptedVersionTables(*live))
				exclude.push_back(std::move(pattern));
			if (use_cache && shadow_conninfo == ctx.Conninfo()) {
				server_facts = ShadowFacts(*live, shadow_conninfo);
				use_cache = server_facts.has_value();
			}
			std::string live_name = "database \"" + live->Database() + "\"";
			from_name = "the database";
			// While its fingerprint and the rest of what its snapshot depends on are unchanged, the
			// database's snapshot is read back from the cache instead of computed again.
			std::string database_key; // set when the database's snapshot is to be cached
			if (cache_database)
				if (std::optional<std::string> facts = DatabaseSnapshotFacts(*live, schema)) {
					database_key = DatabaseSnapshotKey(*facts);
					if (std::optional<ModelsCache::Entry> entry = database_cache.Load(database_key)) {
						std::promise<pgm::schema::Snapshot> cached;
						cached.set_value(std::move(entry->snapshot));
						from_parsed = cached.get_future();
						database_key.clear();
						live.reset();
					}
				}
			if (live) {
				// Keyed by the facts read before it: a change in between gives the database another
				// fingerprint, so this entry is never read for the changed schema.
				std::function<void(const std::string &)> store;
				if (!database_key.empty())
					store = [&database_cache, database_key](const std::string &json) {
						database_cache.Store(database_key, json, {}, {});
					};
				live_snapshot.Start(std::move(live), ext, live_name, from_name, std::move(store));
			}
		}
		// collect_live: the live snapshot, once its thread is done (or when it must be).
		auto collect_live = [&](bool wait) {
			if (!live_snapshot.Started() || (!wait && !live_snapshot.Ready()))
				return;
			std::promise<pgm::schema::Snapshot> parsed;
			parsed.set_value(live_snapshot.Get());
			from_parsed = parsed.get_future();
		};

		ModelsCache cache(ModelsCacheDir(ctx));
		std::string cache_key;
		std::optional<pgm::schema::Snapshot> to;
		if (use_cache && !server_facts) {
			Connection facts(shadow_conninfo);
			CancelOnInterrupt cancel(facts);
			server_facts = ShadowFacts(facts, shadow_conninfo);
			use_cache = server_facts.has_value();
		}
		if (use_cache) {
			cache_key = ModelsCacheKey(models, *server_facts);
			if (std::optional<ModelsCache::Entry> entry = cache.Load(cache_key)) {
				// What building the models said is said again: the run reads as if it built them.
				for (const Diagnostic &warning : entry->warnings)
					PrintDiagnostic(warning);
				to = std::move(entry->snapshot);
			}
		}
		std::unique_ptr<ShadowDatabase> shadow;
		if (!to) {
			// The client reads the models' spellings while the server applies them.
			std::future<std::vector<pgm::schema::ColumnSpelling>> scanned = std::async(
			    std::launch::async, [text = ModelsText(models)]() { return pgm::schema::ScanColumnSpellings(text); });
			shadow = std::make_unique<ShadowDatabase>(shadow_conninfo);
			// A snapshot that already failed (an extension too old for migrate_snapshot) fails
			// before the models are built.
			collect_live(false);
			shadow->ApplyModels(models);
			collect_live(false);
			std::string models_json = shadow->Snapshot();
			to = pgm::schema::ParseSnapshot(models_json, "the models");
			// The models' own spelling of column types and defaults, checked by the shadow database.
			std::vector<pgm::schema::ColumnSpelling> spellings = pgm::schema::SpellingsToCheck(*to, scanned.get());
			bool checked = shadow->CheckSpellings(spellings);
			pgm::schema::ApplySpellings(*to, spellings);
			shadow->StartDrop();
			// A result whose spellings could not be checked is used once, never cached.
			if (use_cache && checked)
				cache.Store(cache_key, models_json, spellings, shadow->Warnings());
		}
		collect_live(true);
		if (from_shadow)
			from_shadow->Drop();
		ThrowIfInterrupted();

		pgm::schema::Snapshot from = from_parsed.get();
		ApplyExclusions(from, *to, exclude);
		pgm::schema::DiffOptions diff_options;
		diff_options.compare_privileges = opts.compare_privileges || ctx.GetConfig().compare_privileges.value_or(false);
		Comparison result;
		// Without compare_privileges, what is rebuilt keeps the database's grants.
		diff_options.keep_privileges = pgm::schema::DiffOptions::Keep::kFrom;
		result.upgrade = pgm::schema::Diff(from, *to, diff_options);
		diff_options.keep_privileges = pgm::schema::DiffOptions::Keep::kTo;
		if (opts.need_downgrade && !result.upgrade.Empty())
			result.downgrade = pgm::schema::Diff(*to, from, diff_options);
		if (shadow)
			shadow->Drop();
		ThrowIfInterrupted();
		return result;
	} catch (const Interrupted &) {
		throw;
	} catch (const pgm::MigError &e) {
		if (InterruptReceived())
			throw Interrupted(e);
		throw;
	}
}

CLI::Option *
AddNoCacheOption(CLI::App *sub, bool &no_cache) {
	return sub->add_flag("--no-cache", no_cache,
	                     "Build the models in a shadow database even when their snapshot is cached in .pgmig-cache/ "
	                     "(default: models_cache in pgmig.toml, else the cache is used)");
}

CLI::Option *
AddComparePrivilegesOption(CLI::App *sub, bool &compare_privileges) {
	return sub->add_flag("--compare-privileges", compare_privileges,
	                     "Also compare privileges (GRANT and REVOKE on schemas, tables, columns, sequences and "
	                     "functions) with the models' (default: compare_privileges in pgmig.toml, else off)");
}

CLI::Option *
AddModelsOption(CLI::App *sub, std::string &models) {
	return sub
	    ->add_option("--models", models,
	                 "The model files: a directory whose *.sql files are applied in file name order, or one .sql file "
	                 "(default: models_command, else models in pgmig.toml, else models/ next to it)")
	    ->type_name("PATH");
}

std::vector<ModelFile>
ReadModels(Context &ctx, const std::string &cli_models, const std::string &cli_command) {
	const Config &config = ctx.GetConfig();
	std::string command = cli_command;
	if (command.empty() && cli_models.empty() && config.models_command) {
		if (config.models)
			throw pgm::MigError(
			    sqlstate::kConfigFileError,
			    "configuration keys \"models\" and \"models_command\" in \"" + config.path + "\" cannot both be set",
			    "The models come either from model files or from a command's output.", "Remove one of the two keys.");
		command = *config.models_command;
	}
	if (command.empty())
		return ReadModelFiles(ctx.ModelsPath(cli_models));
	std::filesystem::path dir = std::filesystem::path(ctx.options.config_file).parent_path();
	return {RunModelsCommand(command, dir.empty() ? std::filesystem::path(".") : dir)};
}

void
ApplyExclusions(pgm::schema::Snapshot &a, pgm::schema::Snapshot &b, const std::vector<std::string> &patterns) {
	pgm::schema::ExcludeObjects(a, patterns);
	pgm::schema::ExcludeObjects(b, patterns);
}

} // namespace pgmig
