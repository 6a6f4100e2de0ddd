/*
 * output.cpp: error and message printing on stderr.
 */
#include "client/common/output.hpp"

#include "client/common/db.hpp"
#include "client/common/progress_bar.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

std::string
StripTrailingNewline(std::string s) {
	if (!s.empty() && s.back() == '\n')
		s.pop_back();
	return s;
}

/*
 * Prefixed: each line of text (escaped by TerminalText) after prefix, so that every line pgmig
 * writes on stderr starts with "pgmig:" (a libpq message's second line, a multi-line DETAIL);
 * an empty line gets the prefix without its trailing blank.
 */
std::string
Prefixed(const std::string &prefix, const std::string &text) {
	std::string escaped = pgm::TerminalText(StripTrailingNewline(text));
	std::string out;
	std::size_t start = 0;
	while (start <= escaped.size()) {
		std::size_t end = escaped.find('\n', start);
		if (end == std::string::npos)
			end = escaped.size();
		if (end == start && !prefix.empty() && prefix.back() == ' ')
			out += prefix.substr(0, prefix.size() - 1);
		else
			out += prefix + escaped.substr(start, end - start);
		out += '\n';
		start = end + 1;
	}
	return out;
}

std::string
FormatDiagnostic(const Diagnostic &d) {
	std::string out;
	auto line = [&out](const char *label, const std::string &text) {
		if (!text.empty())
			out += Prefixed(std::string("pgmig: ") + label + ": ", text);
	};
	line(d.level.c_str(), d.message);
	line("detail", d.detail);
	line("hint", d.hint);
	line("context", d.context);
	return out;
}

void
PrintDiagnostic(const Diagnostic &d) {
	std::cout.flush();
	if (ProgressBar *bar = ProgressBar::Active())
		bar->ClearLine();
	std::cerr << FormatDiagnostic(d) << std::flush;
}

void
PrintError(const pgm::MigError &e) {
	Diagnostic d{"error", e.Message(), e.Detail(), e.Hint(), {}};
	std::string location;
	if (const auto *db = dynamic_cast<const DbError *>(&e)) {
		d.context = db->Context();
		location = db->Location();
	}
	if (d.message.empty())
		d.message = "unknown error";
	std::cout.flush();
	if (ProgressBar *bar = ProgressBar::Active())
		bar->ClearLine();
	// The location's lines (error_location.hpp): its context line carries the prefix already.
	std::string located;
	std::size_t start = 0;
	while (start < location.size()) {
		std::size_t end = location.find('\n', start);
		std::string line = location.substr(start, end == std::string::npos ? std::string::npos : end - start);
		located += line.rfind("pgmig: ", 0) == 0 ? pgm::TerminalText(line) + "\n" : Prefixed("pgmig: ", line);
		if (end == std::string::npos)
			break;
		start = end + 1;
	}
	std::cerr << FormatDiagnostic(d) << located << std::flush;
}

} // namespace pgmig
