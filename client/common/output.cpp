/*
 * output.cpp: error and message printing on stderr.
 */
#include "client/common/output.hpp"

#include "client/common/db.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

std::string
StripTrailingNewline(std::string s) {
	if (!s.empty() && s.back() == '\n')
		s.pop_back();
	return s;
}

std::string
FormatDiagnostic(const Diagnostic &d) {
	std::string out;
	auto line = [&out](const char *label, const std::string &text) {
		if (!text.empty())
			out += std::string("pgmig: ") + label + ": " + pgm::TerminalText(StripTrailingNewline(text)) + "\n";
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
	std::cerr << FormatDiagnostic(d) << pgm::TerminalText(location) << std::flush;
}

} // namespace pgmig
