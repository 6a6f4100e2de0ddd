/*
 * current.cpp: pgmig current [-v]: the database's current revisions, one Alembic "current"
 * line each (e.g. "c527ba0bc760 (head)"); nothing for an empty database.  With -v, Alembic's
 * "Current revision(s) for <url>:" header (password shown as ***) and the full entry of each.
 * With --format json, an array of {revision, is_head, is_branchpoint, is_mergepoint, message}.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/password_mask.hpp"
#include "client/common/text_format.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

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
 * PrintStoredCurrentLines: 0.7.0's migrate_current_lines(), the lines of migrate_current() read
 * from the stored folder state when the version table holds exactly the folder's heads (the
 * usual state after a run): in SQL, without loading the server library or reading the revision
 * table.  False, having printed nothing, when it cannot tell (NULL), or the server has no such
 * function or the role may not call it: migrate_current() then answers.
 */
bool
PrintStoredCurrentLines(Connection &conn, const std::string &schema) {
	ResultPtr res;
	try {
		res = conn.Exec("SELECT s.l IS NULL, x.line FROM (SELECT " + schema +
		                ".migrate_current_lines() AS l) s LEFT JOIN LATERAL pg_catalog.unnest(s.l) WITH ORDINALITY AS "
		                "x(line, n) ON true ORDER BY x.n");
	} catch (const DbError &e) {
		if (e.Sqlstate() == "42883" || e.Sqlstate() == "42501")
			return false;
		throw;
	}
	if (PQntuples(res.get()) == 0 || std::string(PQgetvalue(res.get(), 0, 0)) == "t")
		return false;
	for (int i = 0; i < PQntuples(res.get()); i++)
		if (!PQgetisnull(res.get(), i, 1))
			std::cout << pgm::TerminalText(PQgetvalue(res.get(), i, 1)) << "\n";
	std::cout.flush();
	return true;
}

void
RunCurrent(Context &ctx, bool verbose, const std::string &format) {
	CheckJsonExcludesVerbose(format, verbose);
	std::string conninfo = ctx.Conninfo();
	Connection conn(conninfo);
	std::string schema = ExtensionSchema(conn);
	if (format == "json") {
		ResultPtr res = conn.Exec("SELECT revision, is_head, is_branchpoint, is_mergepoint, message FROM " + schema +
		                          ".migrate_current()");
		nlohmann::ordered_json out = nlohmann::ordered_json::array();
		auto flag = [&res](int row, int col) { return std::string(PQgetvalue(res.get(), row, col)) == "t"; };
		for (int i = 0; i < PQntuples(res.get()); i++)
			out.push_back({{"revision", PQgetvalue(res.get(), i, 0)},
			               {"is_head", flag(i, 1)},
			               {"is_branchpoint", flag(i, 2)},
			               {"is_mergepoint", flag(i, 3)},
			               {"message", PQgetvalue(res.get(), i, 4)}});
		PrintJson(out);
		return;
	}
	if (!verbose) {
		if (PrintStoredCurrentLines(conn, schema))
			return;
		ResultPtr res = conn.Exec("SELECT line FROM " + schema + ".migrate_current()");
		for (int i = 0; i < PQntuples(res.get()); i++)
			std::cout << pgm::TerminalText(PQgetvalue(res.get(), i, 0)) << "\n";
		std::cout.flush();
		return;
	}
	ResultPtr res = conn.Exec("SELECT entry FROM " + schema + ".migrate_show('current')");
	std::cout << "Current revision(s) for " << (conninfo.empty() ? DisplayUrl(conn) : ObfuscatePassword(conninfo))
	          << ":\n";
	for (int i = 0; i < PQntuples(res.get()); i++)
		std::cout << pgm::TerminalText(WithBlankLine(PQgetvalue(res.get(), i, 0)));
	std::cout.flush();
}

} // namespace

void
set_current_command(CLI::App &app, Context &ctx) {
	auto verbose = std::make_shared<bool>(false);
	auto format = std::make_shared<std::string>("text");
	CLI::App *sub = app.add_subcommand("current", "Show the database's current revision(s)");
	sub->add_flag("-v,--verbose", *verbose,
	              "Print \"Current revision(s) for <url>:\" (password shown as ***) and the full entry of each "
	              "(text format only)");
	AddFormatOption(sub, *format);
	sub->callback([&ctx, verbose, format]() { RunCurrent(ctx, *verbose, *format); });
}

} // namespace pgmig
