/*
 * error_location.hpp: where in a revision file a failed step's error is, shown in psql's
 * style after the error's own lines:
 *
 *   pgmig: context: migrations/versions/2_b.sql, line 12, while applying revision "b"
 *   LINE 12: ALTER TABLE t ADD COLUMN x int REFERENCES u;
 *                                                      ^
 *
 * The server names the step in the error's CONTEXT (core/step_context.hpp) and gives the failing statement as the
 * internal query with the position in it; pgmig runs the statements of a non-transactional revision itself and knows
 * both.  The file shown is the local one, which the user edits.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pgmig {

/* StepContextLine: the step named by one line of a server error's CONTEXT. */
struct StepContextLine {
	std::string action;   // "applying" or "reverting"
	std::string revision; // the revision id
	std::string file;     // the file name the server knows
	int line = 0;         // the file line of the error position (of the statement when none)
};

/*
 * FindStepContext: the step a CONTEXT field names (pgm::ParseStepContext), or nullopt when
 * none of its lines does; remaining (may be null) gets its other lines.
 */
std::optional<StepContextLine> FindStepContext(std::string_view context, std::string *remaining = nullptr);

/* ErrorLocation: a failing statement of a revision file. */
struct ErrorLocation {
	std::string file;      // the local path, as the user writes it
	int line = 0;          // the file's line of the statement's first token (1-based)
	std::string action;    // "applying" or "reverting"
	std::string revision;  // the revision id
	std::string statement; // the failing statement's text
	int position = 0;      // 1-based character position of the error in statement; 0: none
	int position_line = 0; // the file line of the position when the server gave it (0: count from line)
};

/*
 * FormatErrorLocation: the context line, the "LINE n:" line of the statement's line that holds
 * the error position (its first line without a position) and, with a position, a caret under
 * it; each line ends in a newline.  Positions count characters (UTF-8), as the server's do; a
 * tab is shown as one space, as psql does, so the caret lines up.
 */
std::string FormatErrorLocation(const ErrorLocation &loc);

} // namespace pgmig
