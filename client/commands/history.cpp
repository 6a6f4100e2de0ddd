/*
 * history.cpp: pgmig history [-r RANGE] [-v] [-i]: the script folder's revisions, newest
 * first, one Alembic "history" line (or verbose entry) each.  Like Alembic it reads the local
 * files only; the database is read only for "current" in RANGE and for -i.  history --applied
 * prints the database's migration log instead.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/current_revisions.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/log_entries.hpp"

#include "core/catalog_names.hpp"
#include "core/history_format.hpp"
#include "core/history_range.hpp"
#include "core/terminal_text.hpp"

#include <iostream>
#include <set>

namespace pgmig {

namespace {

struct HistoryOptions {
	std::string range;
	bool verbose = false;
	bool indicate_current = false;
	bool applied = false;
	std::string format = "text";
};

/*
 * RunAppliedHistory: the rows of pg_migrate.log, oldest first.  integrity: with pg_migrate 0.3.0
 * each row of a migrate_upgrade or migrate_downgrade call names its run (pg_migrate.run), and
 * a line before the run's first row shows where to recover to: its WAL position, restore point
 * and backup file.
 */
void
RunAppliedHistory(Context &ctx, const HistoryOptions &opts) {
	Connection conn(ctx.Conninfo());
	ExtensionSchema(conn); // the "not installed" error rather than a missing table
	const std::string schema = pgm::kCatalogSchema;
	ResultPtr has_runs = conn.Exec("SELECT pg_catalog.to_regclass($1) IS NOT NULL", {schema + ".run"});
	bool runs = std::string(PQgetvalue(has_runs.get(), 0, 0)) == "t";
	std::string run_columns = runs ? ", r.id, r.wal_lsn, r.restore_point, r.backup_file" : "";
	std::string run_join = runs ? " LEFT JOIN " + schema + ".run AS r ON r.id OPERATOR(pg_catalog.=) l.run_id" : "";
	ResultPtr res = conn.Exec("SELECT l.id, l.revision, l.direction, l.started_at, l.duration, l.role, l.session_role, "
	                          "l.application_name, l.client_addr, l.checksum, l.outcome, l.reason" +
	                          run_columns + " FROM " + schema + ".log AS l" + run_join + " ORDER BY l.id");
	const PGresult *r = res.get();
	nlohmann::ordered_json out = nlohmann::ordered_json::array();
	std::string last_run;
	for (int i = 0; i < PQntuples(r); i++) {
		AppliedLogRow row{PQgetvalue(r, i, 0),    PQgetvalue(r, i, 1),    PQgetvalue(r, i, 2),
		                  PQgetvalue(r, i, 3),    PQgetvalue(r, i, 4),    PQgetvalue(r, i, 5),
		                  PQgetvalue(r, i, 6),    OptionalValue(r, i, 7), OptionalValue(r, i, 8),
		                  OptionalValue(r, i, 9), PQgetvalue(r, i, 10),   OptionalValue(r, i, 11)};
		std::optional<std::string> run, lsn, restore_point, backup_file;
		if (runs) {
			run = OptionalValue(r, i, 12);
			lsn = OptionalValue(r, i, 13);
			restore_point = OptionalValue(r, i, 14);
			backup_file = OptionalValue(r, i, 15);
		}
		if (opts.format == "json") {
			nlohmann::ordered_json j{{"id", std::stoll(row.id)},
			                         {"revision", row.revision},
			                         {"direction", row.direction},
			                         {"started_at", row.started_at},
			                         {"duration", row.duration},
			                         {"role", row.role},
			                         {"session_role", row.session_role},
			                         {"application_name", JsonOrNull(row.application_name)},
			                         {"client_addr", JsonOrNull(row.client_addr)},
			                         {"checksum", JsonOrNull(row.checksum)},
			                         {"outcome", row.outcome},
			                         {"reason", JsonOrNull(row.reason)}};
			if (run)
				j["run"] = {{"id", std::stoll(*run)},
				            {"wal_lsn", JsonOrNull(lsn)},
				            {"restore_point", JsonOrNull(restore_point)},
				            {"backup_file", JsonOrNull(backup_file)}};
			else
				j["run"] = nullptr;
			out.push_back(std::move(j));
		} else {
			if (run && *run != last_run)
				std::cout << "run " << *run << ": WAL " << lsn.value_or("-") << ", restore point "
				          << restore_point.value_or("(none)") << ", backup " << backup_file.value_or("(none)") << "\n";
			std::cout << pgm::TerminalText(FormatLogRow(row)) << "\n";
		}
		last_run = run.value_or("");
	}
	if (opts.format == "json")
		PrintJson(out);
	std::cout.flush();
}

/* MentionsCurrent: a side of range is "current" (or current+N, current-N, label@current...). */
bool
MentionsCurrent(const std::string &range) {
	std::size_t colon = range.find(':');
	for (std::string side : {range.substr(0, colon), colon == std::string::npos ? "" : range.substr(colon + 1)}) {
		std::size_t at = side.find('@');
		if (at != std::string::npos)
			side.erase(0, at + 1);
		if (side.rfind("current", 0) == 0 && (side.size() == 7 || side[7] == '+' || side[7] == '-'))
			return true;
	}
	return false;
}

/* HistoryJson: the JSON object of one revision of "history --format json". */
nlohmann::ordered_json
HistoryJson(const ScriptFolder &folder, const std::string &id, const std::set<std::string> &current_set,
            bool indicate_current) {
	std::size_t i = 0;
	while (i + 1 < folder.revisions.size() && folder.revisions[i].rev.id != id)
		i++;
	const pgm::RevisionFile &file = folder.revisions[i];
	nlohmann::ordered_json j{{"revision", id},
	                         {"parents", file.rev.parents},
	                         {"branch_labels", file.rev.branch_labels},
	                         {"depends_on", file.rev.depends_on},
	                         {"message", file.rev.message},
	                         {"create_date", file.create_date},
	                         {"path", folder.files[i].path},
	                         {"is_head", folder.graph.IsRealHead(id)},
	                         {"is_branchpoint", folder.graph.IsBranchPoint(id)},
	                         {"is_mergepoint", folder.graph.IsMergePoint(id)}};
	if (indicate_current)
		j["is_current"] = current_set.count(id) > 0;
	return j;
}

void
RunHistory(Context &ctx, const HistoryOptions &opts) {
	CheckJsonExcludesVerbose(opts.format, opts.verbose);
	if (opts.applied) {
		RunAppliedHistory(ctx, opts);
		return;
	}
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	// -r=-3:current: CLI11 keeps the "=" of a short option's value (no id starts with "=").
	std::string range = opts.range.rfind('=', 0) == 0 ? opts.range.substr(1) : opts.range;
	std::vector<std::string> current;
	if (opts.indicate_current || MentionsCurrent(range))
		current = DatabaseHeads(ctx);
	std::vector<std::string> ids =
	    range.empty() ? pgm::HistoryOrder(folder.graph) : pgm::ResolveHistoryRange(folder.graph, current, range);
	std::set<std::string> current_set(current.begin(), current.end());
	if (opts.format == "json") {
		nlohmann::ordered_json out = nlohmann::ordered_json::array();
		for (const std::string &id : ids)
			out.push_back(HistoryJson(folder, id, current_set, opts.indicate_current));
		PrintJson(out);
		return;
	}
	for (const std::string &id : ids) {
		if (opts.verbose)
			std::cout << pgm::TerminalText(LogEntry(folder, id, current_set, opts.indicate_current));
		else
			std::cout << pgm::TerminalText(pgm::FormatHistoryLine(folder.graph, id, current_set, opts.indicate_current))
			          << "\n";
	}
	std::cout.flush();
}

} // namespace

void
set_history_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<HistoryOptions>();
	CLI::App *sub = app.add_subcommand(
	    "history", "List the script folder's revisions, newest first (local files; the database is read only for "
	               "\"current\" in RANGE and for -i)");
	CLI::Option *range =
	    sub->add_option(
	           "-r,--rev-range", opts->range,
	           "Only the revisions in [start]:[end] (either side may be empty, \"current\", base, heads, an id, "
	           "label@head, rev-N, ...); write a range starting with '-' as -r -3:current, -r-3:current, -r=-3:current "
	           "or "
	           "--rev-range=-3:current")
	        ->type_name("RANGE");
	CLI::Option *verbose = sub->add_flag("-v,--verbose", opts->verbose, "Print the full entry of each revision");
	CLI::Option *indicate = sub->add_flag(
	    "-i,--indicate-current", opts->indicate_current,
	    "Mark the database's current revisions with (current) (connects to the database; json: is_current)");
	sub->add_flag("--applied", opts->applied,
	              "Print the database's migration log (pg_migrate.log) instead, oldest first: when, direction, "
	              "revision, duration, role, application, outcome (applied, stamped, repaired or failed) and the "
	              "reason of a repair or a failure; before the steps of each upgrade or downgrade call, a \"run N:\" "
	              "line with the WAL position, restore point and backup file taken before it")
	    ->excludes(range)
	    ->excludes(verbose)
	    ->excludes(indicate);
	AddFormatOption(sub, opts->format);
	sub->callback([&ctx, opts]() { RunHistory(ctx, *opts); });
}

} // namespace pgmig
