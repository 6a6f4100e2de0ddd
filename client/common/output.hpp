/*
 * output.hpp: how pgmig reports errors and server messages on stderr, in PostgreSQL's own
 * client format (src/common/logging.c): "pgmig: error: ...", then "pgmig: detail: ...",
 * "pgmig: hint: ..." and "pgmig: context: ..." lines when present.
 */
#pragma once

#include "core/error.hpp"

#include <ostream>
#include <string>

namespace pgmig {

/* Diagnostic: one message and its optional parts (empty = absent). */
struct Diagnostic {
	std::string level; // "error", "warning", "notice", ...
	std::string message;
	std::string detail;
	std::string hint;
	std::string context;
};

/*
 * FormatDiagnostic: the lines PrintDiagnostic writes, each ending in a newline, each starting
 * with "pgmig: <level>: " ("pgmig: detail: ", ...): a field of several lines repeats it.
 */
std::string FormatDiagnostic(const Diagnostic &d);

/* PrintDiagnostic: write d to stderr and flush. */
void PrintDiagnostic(const Diagnostic &d);

/*
 * PrintError: an error of the core, the client or the server (DbError adds its context, and the
 * place in the revision file of a located step error: error_location.hpp).
 */
void PrintError(const pgm::MigError &e);

/* StripTrailingNewline: s without one trailing newline (libpq messages end in one). */
std::string StripTrailingNewline(std::string s);

} // namespace pgmig
