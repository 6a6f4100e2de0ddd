/*
 * drift.cpp: pgmig drift [--clear] [--format json]: the schema changes made outside migrations.
 * Lists the DDL the extension's event triggers recorded in pg_migrate.drift (when, who, command,
 * object) and compares the live schema (migrate_snapshot()) with the snapshot the last migration
 * run stored in pg_migrate.schema_snapshot, with the differ of autogen/ (diff.hpp).  Exit 0 when
 * nothing drifted, 1 when something did.  --clear acknowledges what it listed
 * (migrate_drift_clear): the records are deleted and the live schema becomes the snapshot.
 */
#include "client/commands/commands.hpp"
#include "client/common/compare.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/migration.hpp"

#include "autogen/diff.hpp"
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/terminal_text.hpp"

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

/* StoredSnapshot: the row of pg_migrate.schema_snapshot. */
struct StoredSnapshot {
	std::vector<std::string> heads;
	std::string taken_at;
	std::string json;
};

constexpr const char *kSelectRecords =
    "SELECT id, at, role, session_role, application_name, client_addr, command_tag, object_type, object_identity,"
    " schema FROM " PGM_CATALOG_SCHEMA ".drift ORDER BY id";

constexpr const char *kSelectSnapshot =
    "SELECT pg_catalog.array_to_json(heads)::pg_catalog.text, taken_at, snapshot::pg_catalog.text"
    " FROM " PGM_CATALOG_SCHEMA ".schema_snapshot ORDER BY taken_at DESC LIMIT 1";

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
	ResultPtr res = conn.Exec(kSelectSnapshot);
	if (PQntuples(res.get()) == 0)
		return std::nullopt;
	StoredSnapshot stored;
	stored.heads = nlohmann::json::parse(PQgetvalue(res.get(), 0, 0)).get<std::vector<std::string>>();
	stored.taken_at = PQgetvalue(res.get(), 0, 1);
	stored.json = PQgetvalue(res.get(), 0, 2);
	return stored;
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
          const pgm::schema::DiffResult &diff) {
	if (!records.empty()) {
		std::cout << "Schema changes made outside migrations (" << records.size() << "):\n";
		for (const DriftRecord &r : records)
			std::cout << "  " << r.at << "  " << pgm::TerminalText(What(r)) << "  by " << pgm::TerminalText(Who(r))
			          << "\n";
	}
	if (!stored) {
		std::cout << "No schema snapshot to compare with: no migration has applied a step since pg_migrate 0.3.0 "
		             "was installed.\n";
	} else if (!diff.Empty()) {
		std::cout << "The schema differs from the snapshot taken after the last migration (" << stored->taken_at << ", "
		          << HeadsText(stored->heads) << "):\n";
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
	if (records.empty() && (!stored || diff.Empty())) {
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
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	CheckDriftCatalog(conn);
	// One snapshot of the database for the records, the stored snapshot and the live schema.
	conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	std::vector<DriftRecord> records;
	std::optional<StoredSnapshot> stored;
	std::string live_json;
	try {
		records = LoadRecords(conn);
		stored = LoadStoredSnapshot(conn);
		live_json = TakeSnapshot(conn, "database \"" + conn.Database() + "\"");
		conn.Exec("COMMIT");
	} catch (const pgm::MigError &) {
		RollbackAfterError(conn);
		throw;
	}
	pgm::schema::DiffResult diff;
	if (stored) {
		pgm::schema::Snapshot from = pgm::schema::ParseSnapshot(stored->json, "the stored snapshot");
		pgm::schema::Snapshot to = pgm::schema::ParseSnapshot(live_json, "database \"" + conn.Database() + "\"");
		diff = pgm::schema::Diff(from, to);
	}
	bool drifted = !records.empty() || !diff.Empty();

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
		out["snapshot"] = stored ? nlohmann::ordered_json{{"heads", stored->heads}, {"taken_at", stored->taken_at}}
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
	PrintText(records, stored, diff);
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
	if (!diff.Empty())
		detail += std::to_string(diff.changes.size()) +
		          (diff.changes.size() == 1 ? " difference was" : " differences were") +
		          " found between the schema and the snapshot taken after the last migration. ";
	detail.pop_back();
	throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
	                    "the schema of database \"" + conn.Database() + "\" has drifted from its migrations", detail,
	                    "Put the changes in a revision (\"pgmig revision --autogenerate\") or undo them, then "
	                    "acknowledge them with \"pgmig drift --clear\".");
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
