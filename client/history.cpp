/*
 * history.cpp: pgmig history [-r RANGE] [-v] [-i]: the script folder's revisions, newest
 * first, one Alembic "history" line (or verbose entry) each.  Like Alembic it reads the local
 * files only; the database is read only for "current" in RANGE and for -i.  Also the helpers
 * the other listing commands share (database heads, verbose entries).
 */
#include "commands.hpp"

#include "history.hpp"

#include <algorithm>
#include <iostream>

namespace pgmig {

std::vector<std::string>
DatabaseHeads(Context &ctx) {
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	ResultPtr res = conn.Exec("SELECT revision FROM " + schema + ".migrate_current()");
	std::vector<std::string> heads;
	for (int i = 0; i < PQntuples(res.get()); i++)
		heads.emplace_back(PQgetvalue(res.get(), i, 0));
	return heads;
}

std::string
WithBlankLine(std::string text) {
	while (!text.empty() && text.back() == '\n')
		text.pop_back();
	return text + "\n\n";
}

std::string
LogEntry(const ScriptFolder &folder, const std::string &id, const std::set<std::string> &current_heads,
         bool indicate_current) {
	std::string path, create_date;
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (folder.revisions[i].rev.id == id) {
			path = folder.files[i].path;
			create_date = folder.revisions[i].create_date;
			break;
		}
	return WithBlankLine(pgm::FormatLogEntry(folder.graph, id, current_heads, indicate_current, path, create_date));
}

namespace {

struct HistoryOptions {
	std::string range;
	bool verbose = false;
	bool indicate_current = false;
};

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

void
RunHistory(Context &ctx, const HistoryOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	// -r=-3:current: CLI11 keeps the "=" of a short option's value (no id starts with "=").
	std::string range = opts.range.rfind('=', 0) == 0 ? opts.range.substr(1) : opts.range;
	std::vector<std::string> current;
	if (opts.indicate_current || MentionsCurrent(range))
		current = DatabaseHeads(ctx);
	std::vector<std::string> ids =
	    range.empty() ? pgm::HistoryOrder(folder.graph) : pgm::ResolveHistoryRange(folder.graph, current, range);
	std::set<std::string> current_set(current.begin(), current.end());
	for (const std::string &id : ids) {
		if (opts.verbose)
			std::cout << LogEntry(folder, id, current_set, opts.indicate_current);
		else
			std::cout << pgm::FormatHistoryLine(folder.graph, id, current_set, opts.indicate_current) << "\n";
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
	sub->add_option(
	       "-r,--rev-range", opts->range,
	       "Only the revisions in [start]:[end] (either side may be empty, \"current\", base, heads, an id, "
	       "label@head, rev-N, ...); write a range starting with '-' as -r -3:current, -r-3:current, -r=-3:current or "
	       "--rev-range=-3:current")
	    ->type_name("RANGE");
	sub->add_flag("-v,--verbose", opts->verbose, "Print the full entry of each revision");
	sub->add_flag("-i,--indicate-current", opts->indicate_current,
	              "Mark the database's current revisions with (current) (connects to the database)");
	sub->callback([&ctx, opts]() { RunHistory(ctx, *opts); });
}

} // namespace pgmig
