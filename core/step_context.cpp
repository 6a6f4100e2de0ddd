/*
 * step_context.cpp: the CONTEXT line naming a revision, its file and a line (step_context.hpp).
 */
#include "core/step_context.hpp"

namespace pgm {

namespace {

constexpr std::string_view kApplying = "applying revision \"";
constexpr std::string_view kReverting = "reverting revision \"";
constexpr std::string_view kFile = "\" (file \"";
constexpr std::string_view kLine = "\", line ";

bool
IsSpace(char c) {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ParseAt: the step location written at the start of text, or nullopt. */
std::optional<StepLocation>
ParseAt(std::string_view text) {
	StepLocation location;
	if (text.substr(0, kApplying.size()) == kApplying) {
		text.remove_prefix(kApplying.size());
	} else if (text.substr(0, kReverting.size()) == kReverting) {
		text.remove_prefix(kReverting.size());
		location.downgrade = true;
	} else {
		return std::nullopt;
	}
	std::size_t quote = text.find('"');
	if (quote == std::string_view::npos || quote == 0) {
		return std::nullopt;
	}
	location.revision = std::string(text.substr(0, quote));
	if (location.revision.find('\n') != std::string::npos) {
		return std::nullopt;
	}
	text.remove_prefix(quote);
	if (text.substr(0, kFile.size()) != kFile) {
		return std::nullopt;
	}
	text.remove_prefix(kFile.size());
	/* The file name: "" is one quote; a single quote ends it. */
	std::size_t i = 0;
	for (;;) {
		if (i >= text.size()) {
			return std::nullopt;
		}
		if (text[i] == '"') {
			if (i + 1 < text.size() && text[i + 1] == '"') {
				location.file_name.push_back('"');
				i += 2;
				continue;
			}
			break;
		}
		location.file_name.push_back(text[i]);
		i++;
	}
	text.remove_prefix(i);
	if (text.substr(0, kLine.size()) != kLine) {
		return std::nullopt;
	}
	text.remove_prefix(kLine.size());
	std::size_t digits = 0;
	std::size_t line = 0;
	while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
		if (digits >= 18) {
			return std::nullopt;
		}
		line = line * 10 + static_cast<std::size_t>(text[digits] - '0');
		digits++;
	}
	if (digits == 0 || line == 0 || digits >= text.size() || text[digits] != ')') {
		return std::nullopt;
	}
	text.remove_prefix(digits + 1);
	if (!text.empty() && text[0] != '\n' && text[0] != '\r') {
		return std::nullopt;
	}
	location.line = line;
	return location;
}

} // namespace

std::string
FormatStepContext(const StepLocation &location) {
	std::string out(location.downgrade ? kReverting : kApplying);
	out += location.revision;
	out += kFile;
	for (char c : location.file_name) {
		out.push_back(c);
		if (c == '"') {
			out.push_back('"');
		}
	}
	out += kLine;
	out += std::to_string(location.line);
	out += ')';
	return out;
}

std::optional<StepLocation>
ParseStepContext(std::string_view context) {
	std::size_t start = 0;
	while (start <= context.size()) {
		std::optional<StepLocation> found = ParseAt(context.substr(start));
		if (found) {
			return found;
		}
		std::size_t next = context.find('\n', start);
		if (next == std::string_view::npos) {
			break;
		}
		start = next + 1;
	}
	return std::nullopt;
}

std::size_t
FileLineAt(std::size_t first_line, std::string_view section, std::size_t offset) {
	if (offset > section.size()) {
		offset = section.size();
	}
	std::size_t line = first_line;
	for (std::size_t i = 0; i < offset; i++) {
		if (section[i] == '\n') {
			line++;
		}
	}
	return line;
}

std::size_t
SkipSpaceAndComments(std::string_view sql, std::size_t from, std::size_t to) {
	if (to > sql.size()) {
		to = sql.size();
	}
	std::size_t i = from;
	while (i < to) {
		if (IsSpace(sql[i])) {
			i++;
		} else if (sql[i] == '-' && i + 1 < to && sql[i + 1] == '-') {
			while (i < to && sql[i] != '\n') {
				i++;
			}
		} else if (sql[i] == '/' && i + 1 < to && sql[i + 1] == '*') {
			std::size_t depth = 1;
			i += 2;
			while (i < to && depth > 0) {
				if (sql[i] == '/' && i + 1 < to && sql[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (sql[i] == '*' && i + 1 < to && sql[i + 1] == '/') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			}
		} else {
			return i;
		}
	}
	return to;
}

} // namespace pgm
