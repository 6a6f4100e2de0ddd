/*
 * step_context.hpp: where in a revision file an error happened, as one CONTEXT line.
 *
 * Every error raised while a step's SQL is parsed or run carries one line of this form in its
 * CONTEXT (the extension writes it, pgmig reads it back to print the file, the line and the
 * statement):
 *
 *   applying revision "1975ea83b712" (file "2_add_avatar.sql", line 12)
 *   reverting revision "1975ea83b712" (file "2_add_avatar.sql", line 40)
 *
 * The file name is quoted as an SQL identifier is (a double quote inside is doubled), so any
 * name reads back exactly.  The line is 1-based and counts in the whole file, not in the
 * section.  Also here: the pieces of statement text arithmetic both sides share (the file
 * line of a byte offset in a section, the first token of a statement).
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pgm {

/* StepLocation: the revision a step runs, in which direction, and where in its file. */
struct StepLocation {
	std::string revision;
	bool downgrade = false;
	std::string file_name;
	std::size_t line = 0; // 1-based line in the file
};

/* FormatStepContext: the CONTEXT line of location (see the file comment). */
std::string FormatStepContext(const StepLocation &location);

/*
 * ParseStepContext: the first line of context (an error's whole CONTEXT text, lines separated
 * by "\n") that FormatStepContext wrote, read back; nullopt when no line has that form.
 * Never throws for any input.
 */
std::optional<StepLocation> ParseStepContext(std::string_view context);

/*
 * FileLineAt: the file line of byte offset in a section whose first line is line first_line
 * of the file: first_line plus the line breaks of section before offset (offset past the end
 * counts them all).
 */
std::size_t FileLineAt(std::size_t first_line, std::string_view section, std::size_t offset);

/*
 * SkipSpaceAndComments: the offset of the first byte of sql at or after from (and before to)
 * that is neither whitespace nor inside a comment ("-- ..." to the end of the line, or
 * "/ * ... * /", nested as PostgreSQL nests them); to when there is none.
 */
std::size_t SkipSpaceAndComments(std::string_view sql, std::size_t from, std::size_t to);

} // namespace pgm
