/*
 * error_location.cpp: the file, line and caret of a failed step's error (error_location.hpp).
 */
#include "client/common/error_location.hpp"

#include "core/step_context.hpp"

#include <cstdlib>

namespace pgmig {

namespace {

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
	std::optional<pgm::StepLocation> step = pgm::ParseStepContext(context);
	if (!step)
		return std::nullopt;
	if (remaining != nullptr) {
		// The other lines, without the step's (the first that reads back as one).
		std::string step_line = pgm::FormatStepContext(*step);
		remaining->clear();
		bool dropped = false;
		while (!context.empty()) {
			std::size_t nl = context.find('\n');
			std::string_view line = context.substr(0, nl);
			context = nl == std::string_view::npos ? std::string_view() : context.substr(nl + 1);
			if (!dropped && line == step_line) {
				dropped = true;
				continue;
			}
			if (!line.empty())
				*remaining += (remaining->empty() ? "" : "\n") + std::string(line);
		}
	}
	return StepContextLine{step->downgrade ? "reverting" : "applying", step->revision, step->file_name,
	                       static_cast<int>(step->line)};
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
	// loc.line is the line of the statement's first token: count from the statement's start.
	std::size_t first_token = pgm::SkipSpaceAndComments(s, 0, s.size());
	int line = loc.line - static_cast<int>(pgm::FileLineAt(0, s, first_token));
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
		// No position: the line of the statement's first token.
		line = loc.line;
		std::size_t nl = s.rfind('\n', first_token == 0 ? 0 : first_token - 1);
		line_start = first_token == 0 || nl == std::string::npos ? 0 : nl + 1;
	}
	if (loc.position_line > 0)
		line = loc.position_line; // the server's count, from the same file
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
