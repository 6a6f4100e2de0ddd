/*
 * password_mask.cpp: the password of a URL or key=value connection string masked.
 */
#include "client/common/password_mask.hpp"

#include <algorithm>

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

} // namespace pgmig
