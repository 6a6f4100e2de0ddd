/*
 * current.cpp: pgmig current [-v]: the database's current revisions, one Alembic "current"
 * line each (e.g. "c527ba0bc760 (head)"); nothing for an empty database.  With -v, Alembic's
 * "Current revision(s) for <url>:" header (password shown as ***) and the full entry of each.
 * With --format json, an array of {revision, is_head, is_branchpoint, is_mergepoint, message,
 * in_local_folder, revisions_to_apply}.
 *
 * The flags, "(head)" first, are those of the local script folder, where the user's next
 * revision goes: after a "git pull" that brought a newer revision, the database's revision is no
 * longer marked (head).  Warnings on stderr (the exit status stays 0) say when the database is
 * behind the local heads or holds revisions the folder lacks; when the folder cannot be read,
 * the database's own flags are shown and a warning says so.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/file_hashes.hpp"
#include "client/common/json_output.hpp"
#include "client/common/log_entries.hpp"
#include "client/common/output.hpp"
#include "client/common/password_mask.hpp"
#include "client/common/text_format.hpp"
#include "core/history_format.hpp"
#include "core/planner.hpp"
#include "core/terminal_text.hpp"

#include <chrono>
#include <future>
#include <iostream>
#include <optional>

namespace pgmig {

namespace {

/* DisplayUrl: the connection as a URL when pgmig was given none (libpq's defaults). */
std::string
DisplayUrl(const Connection &conn) {
	std::string host = PQhost(conn.Get()) ? PQhost(conn.Get()) : "";
	std::string port = PQport(conn.Get()) ? PQport(conn.Get()) : "";
	std::string user = PQuser(conn.Get()) ? PQuser(conn.Get()) : "";
	std::string url = "postgresql://" + user + (user.empty() ? "" : "@");
	if (!host.empty() && host[0] == '/')
		return url + "/" + conn.Database() + "?host=" + host + (port.empty() ? "" : "&port=" + port);
	return url + host + (port.empty() ? "" : ":" + port) + "/" + conn.Database();
}

/*
 * PrintLines: print the lines of the plain listing, each with its control characters escaped.
 */
void
PrintLines(const std::vector<std::string> &lines) {
	for (const std::string &line : lines)
		std::cout << pgm::TerminalText(line) << "\n";
	std::cout.flush();
}

/*
 * PrintStoredCurrentLines: the fast path of the plain listing before 0.10.0 (0.7.0, 0.9.0):
 * when the local folder (digest, from the file hash cache: no file is read again while unchanged)
 * is the one the database stored, and the database is at its heads, migrate_nothing_to_do says
 * so and migrate_current_lines() gives the lines, in SQL, without loading the server library or
 * reading the revision table.  Those lines are then exactly the local folder's (same graph) and
 * there is nothing to warn about (not behind, no revision the folder lacks).  False, having
 * printed nothing, in every other case (another digest, a database behind or ahead, a server
 * without those functions or a role that may not call them): the full path answers and warns.
 * From 0.9.0 (version) one function, migrate_current_stored, answers both; from 0.10.0
 * pg_migrate.stored_state answers before the extension is looked up (RunCurrent).
 */
bool
PrintStoredCurrentLines(const std::string &digest, Connection &conn, const std::string &schema,
                        const std::string &version) {
	// 0.9.0: one function, compiled once on the new session (what costs on a cold backend)
	if (!OlderVersion(version, "0.9.0")) {
		try {
			ResultPtr one = conn.Exec("SELECT " + schema + ".migrate_current_stored($1)", {digest});
			if (PQgetisnull(one.get(), 0, 0))
				return false;
			PrintLines(ParseTextArray(PQgetvalue(one.get(), 0, 0)));
			return true;
		} catch (const DbError &e) {
			if (e.Sqlstate() != "42883" && e.Sqlstate() != "42501")
				throw;
			// a role granted only 0.8.0's functions: ask as 0.7.0 did
		}
	}
	ResultPtr res;
	try {
		res = conn.Exec("SELECT s.known, x.line FROM (SELECT " + schema +
		                    ".migrate_nothing_to_do($1, 'upgrade', 'heads') IS TRUE AND l IS NOT NULL AS known, l FROM "
		                    "(SELECT " +
		                    schema +
		                    ".migrate_current_lines() AS l) c) s LEFT JOIN LATERAL pg_catalog.unnest(CASE WHEN s.known "
		                    "THEN s.l END) WITH ORDINALITY AS x(line, n) ON true ORDER BY x.n",
		                {digest});
	} catch (const DbError &e) {
		if (e.Sqlstate() == "42883" || e.Sqlstate() == "42501")
			return false;
		throw;
	}
	if (PQntuples(res.get()) == 0 || std::string(PQgetvalue(res.get(), 0, 0)) != "t")
		return false;
	for (int i = 0; i < PQntuples(res.get()); i++)
		if (!PQgetisnull(res.get(), i, 1))
			std::cout << pgm::TerminalText(PQgetvalue(res.get(), i, 1)) << "\n";
	std::cout.flush();
	return true;
}

/* LocalDigest: the folder's digest from the hashing thread; nullopt when the folder cannot be read. */
std::optional<std::string>
LocalDigest(std::future<FolderHashes> &hashing) {
	try {
		return hashing.get().digest;
	} catch (const pgm::MigError &) {
		if (InterruptReceived())
			throw;
		return std::nullopt; // the full path says why the folder cannot be read
	}
}

/* CurrentRow: one row of migrate_current(), the database's view. */
struct CurrentRow {
	std::string revision;
	std::string line; // the server's Alembic line, flagged by the uploaded revisions
	bool is_head = false, is_branchpoint = false, is_mergepoint = false;
	std::string message;
};

std::vector<CurrentRow>
ReadCurrentRows(Connection &conn, const std::string &schema) {
	ResultPtr res = conn.Exec("SELECT revision, line, is_head, is_branchpoint, is_mergepoint, message FROM " + schema +
	                          ".migrate_current()");
	auto flag = [&res](int row, int col) { return std::string(PQgetvalue(res.get(), row, col)) == "t"; };
	std::vector<CurrentRow> rows;
	for (int i = 0; i < PQntuples(res.get()); i++)
		rows.push_back(CurrentRow{PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1), flag(i, 2), flag(i, 3),
		                          flag(i, 4), PQgetvalue(res.get(), i, 5)});
	return rows;
}

/*
 * LocalComparison: the database's revisions seen from the local folder: which the folder has,
 * and how many revisions an upgrade to the local heads would apply (nullopt when that cannot be
 * planned: the folder is unreadable or lacks one of the revisions).
 */
struct LocalComparison {
	std::optional<ScriptFolder> folder; // nullopt: unreadable (why says why)
	std::string why;
	std::vector<std::string> missing; // the database's revisions the folder lacks, in order
	std::optional<std::size_t> to_apply;
	bool single_head = true; // the folder has one head: "upgrade head" works (else "upgrade heads")
};

LocalComparison
CompareWithFolder(Context &ctx, const std::vector<CurrentRow> &rows) {
	LocalComparison cmp;
	try {
		cmp.folder.emplace(LoadScriptFolder(ctx.ScriptLocation()));
	} catch (const pgm::MigError &e) {
		cmp.why = e.Message();
		return cmp;
	}
	std::vector<std::string> heads;
	for (const CurrentRow &row : rows) {
		heads.push_back(row.revision);
		if (cmp.folder->graph.Find(row.revision) == nullptr)
			cmp.missing.push_back(row.revision);
	}
	cmp.single_head = cmp.folder->graph.RealHeads().size() <= 1;
	if (!cmp.missing.empty())
		return cmp;
	try {
		cmp.to_apply = pgm::PlanUpgrade(cmp.folder->graph, heads, "heads").steps.size();
	} catch (const pgm::MigError &) {
		// Not plannable from here (validate and upgrade say why): no count.
	}
	return cmp;
}

/* WarnAboutFolder: what the database and the local folder disagree on, as warnings on stderr. */
void
WarnAboutFolder(const LocalComparison &cmp) {
	if (!cmp.folder) {
		PrintDiagnostic(Diagnostic{"warning",
		                           "could not read the script folder: " + cmp.why,
		                           "The revisions are flagged (head) by the database's uploaded revisions, not by "
		                           "the local files.",
		                           {},
		                           {}});
		return;
	}
	std::string versions = DisplayPath(cmp.folder->location / "versions");
	for (const std::string &id : cmp.missing)
		PrintDiagnostic(Diagnostic{
		    "warning",
		    "the database has revision " + id + " that is not in " + versions,
		    "Its flags are the database's.",
		    "Fetch its file (e.g. git pull, or check out the branch that has it) before upgrading or downgrading.",
		    {}});
	if (cmp.to_apply && *cmp.to_apply > 0)
		PrintDiagnostic(Diagnostic{"warning",
		                           "the database is behind the local heads (" + std::to_string(*cmp.to_apply) +
		                               (*cmp.to_apply == 1 ? " revision" : " revisions") + " to apply)",
		                           {},
		                           std::string("Run \"pgmig upgrade ") + (cmp.single_head ? "head" : "heads") + "\".",
		                           {}});
}

void
RunCurrent(Context &ctx, bool verbose, const std::string &format) {
	CheckJsonExcludesVerbose(format, verbose);
	std::string conninfo = ctx.Conninfo();
	// The plain listing's fast path hashes the folder while this thread connects.
	const bool fast_path = !verbose && format != "json";
	std::future<FolderHashes> hashing;
	if (fast_path)
		hashing = HashScriptFolderAlongside(ctx.ScriptLocation(), FileHashCacheDir(ctx));
	Connection conn(conninfo);
	std::optional<std::string> digest;
	bool stored_state_answered = false;
	if (fast_path) {
		// a large folder is still being hashed: the session's first statement meanwhile
		std::optional<StoredStateWarmUp> warm_up;
		if (hashing.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
			warm_up.emplace(conn, "upgrade", "heads");
		digest = LocalDigest(hashing);
		if (warm_up)
			warm_up->Finish();
	}
	if (digest) {
		// 0.10.0: one statement, one table, nothing looked up first
		if (std::optional<StoredState> state = AskStoredState(conn, *digest, "upgrade", "heads")) {
			if (state->current_lines) {
				PrintLines(*state->current_lines);
				return;
			}
			stored_state_answered = true; // the older functions would not tell either
		}
	}
	std::string version;
	std::string schema = ExtensionSchema(conn, &version);
	if (digest && !stored_state_answered && PrintStoredCurrentLines(*digest, conn, schema, version))
		return;
	std::vector<CurrentRow> rows = ReadCurrentRows(conn, schema);
	LocalComparison cmp = CompareWithFolder(ctx, rows);
	auto local = [&cmp](const std::string &id) { return cmp.folder && cmp.folder->graph.Find(id) != nullptr; };
	WarnAboutFolder(cmp);
	if (format == "json") {
		nlohmann::ordered_json out = nlohmann::ordered_json::array();
		for (const CurrentRow &row : rows) {
			bool here = local(row.revision);
			const pgm::RevisionGraph *graph = here ? &cmp.folder->graph : nullptr;
			out.push_back({{"revision", row.revision},
			               {"is_head", graph ? graph->IsRealHead(row.revision) : row.is_head},
			               {"is_branchpoint", graph ? graph->IsBranchPoint(row.revision) : row.is_branchpoint},
			               {"is_mergepoint", graph ? graph->IsMergePoint(row.revision) : row.is_mergepoint},
			               {"message", row.message},
			               {"in_local_folder", cmp.folder ? nlohmann::ordered_json(here) : nlohmann::ordered_json()},
			               {"revisions_to_apply",
			                cmp.to_apply ? nlohmann::ordered_json(*cmp.to_apply) : nlohmann::ordered_json()}});
		}
		PrintJson(out);
		return;
	}
	if (!verbose) {
		for (const CurrentRow &row : rows)
			std::cout << pgm::TerminalText(local(row.revision) ? pgm::FormatCurrentLine(cmp.folder->graph, row.revision)
			                                                   : row.line)
			          << "\n";
		std::cout.flush();
		return;
	}
	std::cout << "Current revision(s) for " << (conninfo.empty() ? DisplayUrl(conn) : ObfuscatePassword(conninfo))
	          << ":\n";
	// The local entries when the folder has every revision; otherwise the server's, all alike.
	bool all_local = cmp.folder && cmp.missing.empty();
	if (all_local) {
		for (const CurrentRow &row : rows)
			std::cout << pgm::TerminalText(LogEntry(*cmp.folder, row.revision));
	} else {
		ResultPtr res = conn.Exec("SELECT entry FROM " + schema + ".migrate_show('current')");
		for (int i = 0; i < PQntuples(res.get()); i++)
			std::cout << pgm::TerminalText(WithBlankLine(PQgetvalue(res.get(), i, 0)));
	}
	std::cout.flush();
}

} // namespace

void
set_current_command(CLI::App &app, Context &ctx) {
	auto verbose = std::make_shared<bool>(false);
	auto format = std::make_shared<std::string>("text");
	CLI::App *sub = app.add_subcommand(
	    "current", "Show the database's current revision(s), flagged (head) by the local script folder; warns (on "
	               "stderr, exit status 0) when the database is behind the local heads or has revisions the folder "
	               "lacks");
	sub->add_flag("-v,--verbose", *verbose,
	              "Print \"Current revision(s) for <url>:\" (password shown as ***) and the full entry of each "
	              "(text format only)");
	AddFormatOption(sub, *format);
	sub->callback([&ctx, verbose, format]() { RunCurrent(ctx, *verbose, *format); });
}

} // namespace pgmig
