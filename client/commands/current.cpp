/*
 * current.cpp: pgmig current [-v]: the database's current revisions, one Alembic "current"
 * line each (e.g. "c527ba0bc760 (head)"); nothing for an empty database.  With -v, Alembic's
 * "Current revision(s) for <url>:" header (password shown as ***) and the full entry of each.
 * With --format json, an array of {revision, is_head, is_branchpoint, is_mergepoint, message}.
 */
#include "client/commands/commands.hpp"

#include <iostream>

namespace pgmig {

namespace {

bool
StartsWith(const std::string &s, const char *prefix) {
	return s.rfind(prefix, 0) == 0;
}

/* MaskParameter: every "password=<value>" in a key=value string or URL query with *** as value. */
std::string
MaskParameter(const std::string &text, bool url) {
	std::string out;
	std::size_t i = 0;
	while (i < text.size()) {
		std::size_t at = text.find("password", i);
		if (at == std::string::npos) {
			out += text.substr(i);
			break;
		}
		bool word_start = at == 0 || text[at - 1] == ' ' || text[at - 1] == '\t' ||
		                  (url && (text[at - 1] == '?' || text[at - 1] == '&'));
		std::size_t eq = at + 8;
		while (!url && eq < text.size() && (text[eq] == ' ' || text[eq] == '\t'))
			eq++;
		if (!word_start || eq >= text.size() || text[eq] != '=') {
			out += text.substr(i, at + 8 - i);
			i = at + 8;
			continue;
		}
		std::size_t v = eq + 1;
		while (!url && v < text.size() && (text[v] == ' ' || text[v] == '\t'))
			v++;
		out += text.substr(i, v - i) + "***";
		if (url) {
			while (v < text.size() && text[v] != '&' && text[v] != '#')
				v++;
		} else if (v < text.size() && text[v] == '\'') {
			for (v++; v < text.size() && text[v] != '\''; v++)
				if (text[v] == '\\')
					v++;
			v++;
		} else {
			while (v < text.size() && text[v] != ' ' && text[v] != '\t')
				v++;
		}
		i = std::min(v, text.size());
	}
	return out;
}

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

void
RunCurrent(Context &ctx, bool verbose, const std::string &format) {
	if (format == "json" && verbose)
		throw CLI::ExcludesError("--format json", "--verbose");
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
		ResultPtr res = conn.Exec("SELECT line FROM " + schema + ".migrate_current()");
		for (int i = 0; i < PQntuples(res.get()); i++)
			std::cout << PQgetvalue(res.get(), i, 0) << "\n";
		std::cout.flush();
		return;
	}
	ResultPtr res = conn.Exec("SELECT entry FROM " + schema + ".migrate_show('current')");
	std::cout << "Current revision(s) for " << (conninfo.empty() ? DisplayUrl(conn) : ObfuscatePassword(conninfo))
	          << ":\n";
	for (int i = 0; i < PQntuples(res.get()); i++)
		std::cout << WithBlankLine(PQgetvalue(res.get(), i, 0));
	std::cout.flush();
}

} // namespace

/*
 * ObfuscatePassword: URLs (postgresql://user:secret@host/db?password=x) and key=value strings
 * (host=h password='x y') both; anything else is returned as it is.
 */
std::string
ObfuscatePassword(const std::string &conninfo) {
	if (!StartsWith(conninfo, "postgresql://") && !StartsWith(conninfo, "postgres://"))
		return MaskParameter(conninfo, false);
	std::size_t scheme_end = conninfo.find("://") + 3;
	std::size_t authority_end = conninfo.find_first_of("/?#", scheme_end);
	std::string authority = conninfo.substr(
	    scheme_end, authority_end == std::string::npos ? std::string::npos : authority_end - scheme_end);
	std::string rest = authority_end == std::string::npos ? "" : conninfo.substr(authority_end);
	std::size_t at = authority.rfind('@');
	if (at != std::string::npos) {
		std::size_t colon = authority.find(':');
		if (colon != std::string::npos && colon < at)
			authority = authority.substr(0, colon + 1) + "***" + authority.substr(at);
	}
	return conninfo.substr(0, scheme_end) + authority + MaskParameter(rest, true);
}

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
