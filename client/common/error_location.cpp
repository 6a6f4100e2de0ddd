/*
 * error_location.cpp: the file, line and caret of a failed step's error (error_location.hpp).
 */
#include "client/common/error_location.hpp"

#include <cstdlib>

namespace pgmig {

namespace {

/* ParseStepLine: `applying revision "X" (file "F", line N)` (or reverting), else nullopt. */
std::optional<StepContextLine>
ParseStepLine(std::string_view line) {
	StepContextLine out;
	std::string_view rest;
	for (const char *action : {"applying", "reverting"}) {
		std::string prefix = std::string(action) + " revision \"";
		if (line.substr(0, prefix.size()) == prefix) {
			out.action = action;
			rest = line.substr(prefix.size());
		}
	}
	if (out.action.empty())
		return std::nullopt;
	std::size_t quote = rest.find('"');
	if (quote == std::string_view::npos)
		return std::nullopt;
	out.revision = std::string(rest.substr(0, quote));
	rest = rest.substr(quote + 1);
	const std::string_view file_prefix = " (file \"";
	if (rest.substr(0, file_prefix.size()) != file_prefix)
		return out; // a step without a file line: the revision is still known
	rest = rest.substr(file_prefix.size());
	std::size_t end = rest.rfind("\", line ");
	if (end == std::string_view::npos)
		return out;
	out.file = std::string(rest.substr(0, end));
	out.line = std::atoi(std::string(rest.substr(end + 8)).c_str());
	return out;
}

/* Utf8Length: the byte length of the UTF-8 character starting with byte c (1 for invalid bytes). */
std::size_t
Utf8Length(unsigned char c) {
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/*
 * DisplayWidth: the terminal columns of the UTF-8 character at s[i] (2 for East Asian wide and
 * full-width characters, as psql's pg_dsplen; 1 otherwise).
 */
int
DisplayWidth(const std::string &s, std::size_t i) {
	std::size_t n = Utf8Length(static_cast<unsigned char>(s[i]));
	if (n == 1 || i + n > s.size())
		return 1;
	unsigned cp = static_cast<unsigned char>(s[i]) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
	for (std::size_t k = 1; k < n; k++)
		cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
	bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
	            (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	            (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	            (cp >= 0x20000 && cp <= 0x3FFFD);
	return wide ? 2 : 1;
}

} // namespace

std::optional<StepContextLine>
FindStepContext(std::string_view context, std::string *remaining) {
	std::optional<StepContextLine> found;
	std::string others;
	while (!context.empty()) {
		std::size_t nl = context.find('\n');
		std::string_view line = context.substr(0, nl);
		context = nl == std::string_view::npos ? std::string_view() : context.substr(nl + 1);
		std::optional<StepContextLine> step = found ? std::nullopt : ParseStepLine(line);
		if (step)
			found = std::move(step);
		else if (!line.empty())
			others += (others.empty() ? "" : "\n") + std::string(line);
	}
	if (remaining != nullptr)
		*remaining = others;
	return found;
}

/*
 * FormatErrorLocation: as psql's reportErrorPosition, without its cutting of long lines: the
 * statement's line that holds the position, its number in the file, and the caret.
 */
std::string
FormatErrorLocation(const ErrorLocation &loc) {
	const std::string &s = loc.statement;
	// The byte offset of the error position, and the start of its line.
	std::size_t error_byte = 0, line_start = 0;
	int line = loc.line;
	if (loc.position > 0) {
		int chars = 0;
		std::size_t i = 0;
		while (i < s.size() && chars < loc.position - 1) {
			if (s[i] == '\n') {
				line++;
				line_start = i + 1;
			}
			i += Utf8Length(static_cast<unsigned char>(s[i]));
			chars++;
		}
		error_byte = std::min(i, s.size());
	} else {
		// No position: the statement's first line that is not blank.
		while (line_start < s.size()) {
			std::size_t nl = s.find('\n', line_start);
			std::string_view text = std::string_view(s).substr(line_start, nl - line_start);
			if (text.find_first_not_of(" \t\r") != std::string_view::npos || nl == std::string::npos)
				break;
			line_start = nl + 1;
			line++;
		}
	}
	std::size_t line_end = s.find('\n', line_start);
	std::string text = s.substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
	if (!text.empty() && text.back() == '\r')
		text.pop_back();
	for (char &c : text)
		if (c == '\t')
			c = ' ';

	std::string out = "pgmig: context: " + loc.file + ", line " + std::to_string(line) + ", while " + loc.action +
	                  " revision \"" + loc.revision + "\"\n";
	std::string prefix = "LINE " + std::to_string(line) + ": ";
	out += prefix + text + "\n";
	if (loc.position > 0) {
		std::size_t columns = prefix.size(); // "LINE n: " is ASCII
		for (std::size_t i = line_start; i < error_byte && i < s.size();
		     i += Utf8Length(static_cast<unsigned char>(s[i])))
			columns += DisplayWidth(s, i);
		out += std::string(columns, ' ') + "^\n";
	}
	return out;
}

} // namespace pgmig
