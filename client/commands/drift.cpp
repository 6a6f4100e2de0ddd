/*
 * drift.cpp: pgmig drift [--clear] [--format json]: the schema changes made outside migrations.
 * Lists the DDL the extension's event triggers recorded in pg_migrate.drift (when, who, command,
 * object) and compares the live schema (migrate_snapshot()) with the snapshot the last migration
 * run stored in pg_migrate.schema_snapshot, with the differ of autogen/ (diff.hpp).  Exit 0 when
 * nothing drifted, 1 when something did.  --clear acknowledges what it listed
 * (migrate_drift_clear): the records are deleted and the live schema becomes the snapshot.
 *
 * Since 0.6.0 the stored row may be pending (no snapshot, only the catalog fingerprint the run
 * left): the event triggers store the snapshot before the first DDL outside a migration, so a
 * pending row whose fingerprint still matches means the schema is the one the run left, and no
 * snapshot is computed at all.  A pending row whose fingerprint differs means a change the
 * triggers did not see (disabled, session_replication_role = replica, or DDL that raced a run):
 * that is drift, compared when possible with the schema the script folder's migrations build in
 * a shadow database (as "pgmig check --from-migrations" does), else reported without a diff.
 */
#include "client/commands/commands.hpp"
#include "client/common/compare.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/heap.hpp"
#include "client/common/json_output.hpp"
#include "client/common/migration.hpp"
#include "client/common/shadow.hpp"

#include "autogen/diff.hpp"
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace pgmig {

namespace {

struct DriftOptions {
	bool clear = false;
	std::string format = "text";
};

/* DriftRecord: one row of pg_migrate.drift. */
struct DriftRecord {
	std::string id;
	std::string at;
	std::string role;
	std::string session_role;
	std::optional<std::string> application_name;
	std::optional<std::string> client_addr;
	std::string command_tag;
	std::optional<std::string> object_type;
	std::optional<std::string> object_identity;
	std::optional<std::string> schema;
};

/* StoredSnapshot: the row of pg_migrate.schema_snapshot that counts (the newest). */
struct StoredSnapshot {
	std::vector<std::string> heads;
	std::string taken_at;
	std::optional<std::string> json;        // nullopt: pending (the run stored only the fingerprint)
	std::optional<std::string> fingerprint; // 0.6.0 and later
};

/*
 * Unrecorded: what is known of a change the event triggers did not see (a pending row whose
 * fingerprint differs from the live one).
 */
struct Unrecorded {
	bool found = false;
	bool compared = false;    // diff holds migrations -> live
	std::string not_compared; // why not, when !compared (a full sentence)
};

constexpr const char *kSelectRecords =
    "SELECT id, at, role, session_role, application_name, client_addr, command_tag, object_type, object_identity,"
    " schema FROM " PGM_CATALOG_SCHEMA ".drift ORDER BY id";

/* The newest row, a materialised copy before the pending row it copies (ddl_guard.cpp). */
constexpr const char *kSelectSnapshot =
    "SELECT pg_catalog.array_to_json(heads)::pg_catalog.text, taken_at, snapshot::pg_catalog.text, fingerprint"
    " FROM " PGM_CATALOG_SCHEMA ".schema_snapshot ORDER BY taken_at DESC, snapshot IS NULL LIMIT 1";

/* Before 0.6.0: no fingerprint column, every row has its snapshot. */
constexpr const char *kSelectSnapshotBefore060 =
    "SELECT pg_catalog.array_to_json(heads)::pg_catalog.text, taken_at, snapshot::pg_catalog.text, NULL"
    " FROM " PGM_CATALOG_SCHEMA ".schema_snapshot ORDER BY taken_at DESC LIMIT 1";

constexpr const char *kHasFingerprint =
    "SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute WHERE attrelid OPERATOR(pg_catalog.=) '" PGM_CATALOG_SCHEMA
    ".schema_snapshot'::pg_catalog.regclass AND attname OPERATOR(pg_catalog.=) 'fingerprint' AND NOT attisdropped";

/* CheckDriftCatalog: the extension is at 0.3.0 or later (the tables exist). */
void
CheckDriftCatalog(Connection &conn) {
	ResultPtr res = conn.Exec("SELECT pg_catalog.to_regclass('" PGM_CATALOG_SCHEMA ".drift') IS NOT NULL");
	if (std::string(PQgetvalue(res.get(), 0, 0)) == "t")
		return;
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
	                    "table pg_migrate.drift does not exist in database \"" + conn.Database() + "\"",
	                    "The installed version of the extension pg_migrate is older than pgmig.",
	                    "Update it with ALTER EXTENSION pg_migrate UPDATE; (and install the new package on the server "
	                    "first).");
}

std::vector<DriftRecord>
LoadRecords(Connection &conn) {
	ResultPtr res = conn.Exec(kSelectRecords);
	std::vector<DriftRecord> records;
	const PGresult *r = res.get();
	for (int i = 0; i < PQntuples(r); i++)
		records.push_back({PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
		                   OptionalValue(r, i, 4), OptionalValue(r, i, 5), PQgetvalue(r, i, 6), OptionalValue(r, i, 7),
		                   OptionalValue(r, i, 8), OptionalValue(r, i, 9)});
	return records;
}

std::optional<StoredSnapshot>
LoadStoredSnapshot(Connection &conn) {
	bool has_fingerprint = std::string(PQgetvalue(conn.Exec(kHasFingerprint).get(), 0, 0)) != "0";
	ResultPtr res = conn.Exec(has_fingerprint ? kSelectSnapshot : kSelectSnapshotBefore060);
	if (PQntuples(res.get()) == 0)
		return std::nullopt;
	StoredSnapshot stored;
	stored.heads = nlohmann::json::parse(PQgetvalue(res.get(), 0, 0)).get<std::vector<std::string>>();
	stored.taken_at = PQgetvalue(res.get(), 0, 1);
	stored.json = OptionalValue(res.get(), 0, 2);
	stored.fingerprint = OptionalValue(res.get(), 0, 3);
	return stored;
}

/*
 * CompareWithMigrations: the fallback when the fingerprint tells an unrecorded change: build the
 * schema the script folder's migrations make in a shadow database and diff it with the live
 * one, provided the folder's heads are the heads the last run left.  Fills unrecorded.compared
 * or unrecorded.not_compared; only an interrupt propagates.
 */
pgm::schema::DiffResult
CompareWithMigrations(Context &ctx, const StoredSnapshot &stored, const std::string &live_json,
                      const std::string &live_name, Unrecorded &unrecorded) {
	try {
		ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
		std::vector<std::string> folder_heads = folder.graph.RealHeads();
		std::vector<std::string> stored_heads = stored.heads;
		std::sort(folder_heads.begin(), folder_heads.end());
		std::sort(stored_heads.begin(), stored_heads.end());
		if (folder_heads != stored_heads) {
			unrecorded.not_compared = "The heads of the script folder (" +
			                          (folder_heads.empty() ? std::string("none") : pgm::JoinComma(folder_heads)) +
			                          ") are not those the last migration left, so the schema they build cannot "
			                          "stand for it.";
			return {};
		}
		CancelOnInterrupt catch_signals;
		ShadowDatabase shadow(ctx.ShadowConninfo());
		shadow.ApplyMigrations(folder);
		std::string expected = shadow.Snapshot();
		shadow.Drop();
		pgm::schema::Snapshot from = pgm::schema::ParseSnapshot(expected, "the migrations");
		pgm::schema::Snapshot to = pgm::schema::ParseSnapshot(live_json, live_name);
		unrecorded.compared = true;
		return pgm::schema::Diff(from, to);
	} catch (const Interrupted &) {
		throw;
	} catch (const pgm::MigError &e) {
		unrecorded.not_compared =
		    "Building the schema of the migrations in a shadow database failed: " + e.Message() + ".";
		return {};
	}
}

/* Who: "role" or "role (session role x)", and the application when there is one. */
std::string
Who(const DriftRecord &record) {
	std::string who = record.role;
	if (record.session_role != record.role)
		who += " (session role " + record.session_role + ")";
	if (record.application_name && !record.application_name->empty())
		who += " via " + *record.application_name;
	if (record.client_addr)
		who += " from " + *record.client_addr;
	return who;
}

/* What: "CREATE TABLE table public.t". */
std::string
What(const DriftRecord &record) {
	std::string what = record.command_tag;
	if (record.object_type)
		what += " " + *record.object_type;
	if (record.object_identity)
		what += " " + *record.object_identity;
	return what;
}

std::string
HeadsText(const std::vector<std::string> &heads) {
	return heads.empty() ? "no revision applied" : (heads.size() == 1 ? "head " : "heads ") + pgm::JoinComma(heads);
}

nlohmann::ordered_json
RecordsJson(const std::vector<DriftRecord> &records) {
	nlohmann::ordered_json out = nlohmann::ordered_json::array();
	for (const DriftRecord &r : records)
		out.push_back({{"id", std::stoll(r.id)},
		               {"at", r.at},
		               {"role", r.role},
		               {"session_role", r.session_role},
		               {"application_name", JsonOrNull(r.application_name)},
		               {"client_addr", JsonOrNull(r.client_addr)},
		               {"command_tag", r.command_tag},
		               {"object_type", JsonOrNull(r.object_type)},
		               {"object_identity", JsonOrNull(r.object_identity)},
		               {"schema", JsonOrNull(r.schema)}});
	return out;
}

void
PrintText(const std::vector<DriftRecord> &records, const std::optional<StoredSnapshot> &stored,
          const pgm::schema::DiffResult &diff, const Unrecorded &unrecorded) {
	if (!records.empty()) {
		std::cout << "Schema changes made outside migrations (" << records.size() << "):\n";
		for (const DriftRecord &r : records)
			std::cout << "  " << r.at << "  " << pgm::TerminalText(What(r)) << "  by " << pgm::TerminalText(Who(r))
			          << "\n";
	}
	if (!stored) {
		std::cout << "No schema snapshot to compare with: no migration has applied a step since pg_migrate 0.3.0 "
		             "was installed.\n";
	} else if (unrecorded.found) {
		std::cout << "The schema changed after the last migration (" << stored->taken_at << ", "
		          << HeadsText(stored->heads)
		          << ") in a way the event triggers did not record: the catalogs' fingerprint differs from the one "
		             "stored then.\n";
		if (!unrecorded.compared)
			std::cout << "No difference can be shown: " << pgm::TerminalText(unrecorded.not_compared) << "\n";
		else if (diff.Empty())
			std::cout << "The schema matches the one the migrations build (the catalogs were rewritten, e.g. by "
			             "VACUUM FULL).\n";
		else
			std::cout << "Compared with the schema the migrations build:\n";
	} else if (!diff.Empty()) {
		std::cout << "The schema differs from the snapshot taken after the last migration (" << stored->taken_at << ", "
		          << HeadsText(stored->heads) << "):\n";
	}
	if (stored && !diff.Empty()) {
		for (const pgm::schema::Change &change : diff.changes)
			std::cout << "  - " << pgm::TerminalText(change.description) << "\n";
		std::cout << "As SQL:\n";
		for (const std::string &statement : diff.statements) {
			std::string indented = "  ";
			for (char c : statement) {
				indented += c;
				if (c == '\n')
					indented += "  ";
			}
			std::cout << pgm::TerminalText(indented) << "\n";
		}
	}
	if (records.empty() && (!stored || diff.Empty()) && (!unrecorded.found || unrecorded.compared)) {
		std::cout << "No drift: no schema change was made outside migrations";
		if (stored)
			std::cout << ", and the schema matches the snapshot taken after the last migration (" << stored->taken_at
			          << ", " << HeadsText(stored->heads) << ")";
		std::cout << ".\n";
	}
	std::cout.flush();
}

void
RunDrift(Context &ctx, const DriftOptions &opts) {
	UseHugePagesForHeap(); // snapshots of the whole schema are parsed (heap.hpp)
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	CheckDriftCatalog(conn);
	// One snapshot of the database for the records, the stored snapshot and the live schema.
	conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	std::vector<DriftRecord> records;
	std::optional<StoredSnapshot> stored;
	std::string live_json;
	Unrecorded unrecorded;
	std::string live_name = "database \"" + conn.Database() + "\"";
	try {
		records = LoadRecords(conn);
		stored = LoadStoredSnapshot(conn);
		if (stored && !stored->json) {
			// Pending: the schema is the one the run left as long as the fingerprint matches.
			ResultPtr res = conn.Exec("SELECT " + schema + ".migrate_schema_fingerprint()");
			unrecorded.found = !stored->fingerprint || *stored->fingerprint != PQgetvalue(res.get(), 0, 0);
		}
		if (!stored || stored->json || unrecorded.found)
			live_json = TakeSnapshot(conn, live_name);
		conn.Exec("COMMIT");
	} catch (const pgm::MigError &) {
		RollbackAfterError(conn);
		throw;
	}
	pgm::schema::DiffResult diff;
	if (stored && stored->json) {
		pgm::schema::Snapshot from = pgm::schema::ParseSnapshot(*stored->json, "the stored snapshot");
		pgm::schema::Snapshot to = pgm::schema::ParseSnapshot(live_json, live_name);
		diff = pgm::schema::Diff(from, to);
	} else if (unrecorded.found) {
		diff = CompareWithMigrations(ctx, *stored, live_json, live_name, unrecorded);
	}
	bool drifted = !records.empty() || !diff.Empty() || (unrecorded.found && !unrecorded.compared);

	std::optional<long long> cleared;
	if (opts.clear) {
		std::vector<Param> params{records.empty() ? Param() : Param(records.back().id)};
		ResultPtr res = conn.Exec("SELECT " + schema + ".migrate_drift_clear($1::pg_catalog.int8)", params);
		cleared = std::stoll(PQgetvalue(res.get(), 0, 0));
	}

	if (opts.format == "json") {
		nlohmann::ordered_json out;
		out["drifted"] = drifted;
		out["recorded"] = RecordsJson(records);
		out["snapshot"] = stored ? nlohmann::ordered_json{{"heads", stored->heads},
		                                                  {"taken_at", stored->taken_at},
		                                                  {"pending", !stored->json.has_value()}}
		                         : nlohmann::ordered_json(nullptr);
		// A change the event triggers did not record (the fingerprint differs): "compared" tells
		// whether differences are against the schema the migrations build.
		out["unrecorded_change"] =
		    unrecorded.found ? nlohmann::ordered_json{{"compared_with_migrations", unrecorded.compared},
		                                              {"reason", unrecorded.compared
		                                                             ? nlohmann::ordered_json(nullptr)
		                                                             : nlohmann::ordered_json(unrecorded.not_compared)}}
		                     : nlohmann::ordered_json(nullptr);
		nlohmann::ordered_json differences = nlohmann::ordered_json::array();
		for (const pgm::schema::Change &change : diff.changes)
			differences.push_back({{"description", change.description}, {"destructive", change.destructive}});
		out["differences"] = differences;
		out["statements"] = diff.statements;
		if (cleared)
			out["cleared"] = *cleared;
		PrintJson(out);
		if (drifted && !cleared)
			throw ErrorReported();
		return;
	}
	PrintText(records, stored, diff, unrecorded);
	if (cleared) {
		std::cout << "Acknowledged: " << *cleared << (*cleared == 1 ? " record" : " records")
		          << " cleared; the schema as it is now is the new snapshot.\n";
		std::cout.flush();
		return;
	}
	if (!drifted)
		return;
	std::string detail;
	if (!records.empty())
		detail += std::to_string(records.size()) +
		          (records.size() == 1 ? " schema change was" : " schema changes were") + " made outside migrations. ";
	if (unrecorded.found)
		detail += "The schema changed after the last migration in a way the event triggers did not record (they were "
		          "disabled, the session ran with session_replication_role = replica, or the change raced a "
		          "migration). ";
	if (!diff.Empty())
		detail += std::to_string(diff.changes.size()) +
		          (diff.changes.size() == 1 ? " difference was" : " differences were") +
		          (unrecorded.compared ? " found between the schema and the one the migrations build. "
		                               : " found between the schema and the snapshot taken after the last migration. ");
	else if (unrecorded.found && !unrecorded.compared)
		detail += unrecorded.not_compared + " ";
	detail.pop_back();
	std::string hint = "Put the changes in a revision (\"pgmig revision --autogenerate\") or undo them, then "
	                   "acknowledge them with \"pgmig drift --clear\".";
	if (unrecorded.found && !unrecorded.compared)
		hint = "Run \"pgmig drift\" where the script folder is at the database's heads and the role may create a "
		       "shadow database, to see the differences; then put them in a revision or undo them, and acknowledge "
		       "them with \"pgmig drift --clear\".";
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
	                    "the schema of database \"" + conn.Database() + "\" has drifted from its migrations", detail,
	                    hint);
}

} // namespace

void
set_drift_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<DriftOptions>();
	CLI::App *sub = app.add_subcommand(
	    "drift", "List the schema changes made outside migrations (recorded by the extension) and compare the "
	             "schema with the snapshot taken after the last migration; fail (exit 1) when something drifted");
	sub->add_flag("--clear", opts->clear,
	              "Acknowledge the drift listed: delete those records and take the schema as it is now as the new "
	              "snapshot (migrate_drift_clear); exit 0");
	AddFormatOption(sub, opts->format);
	sub->callback([&ctx, opts]() { RunDrift(ctx, *opts); });
}

} // namespace pgmig
