/*
 * terminal_text.hpp: text from revision files and the database (messages, branch labels, file
 * names, ids, server errors) made safe to print on a terminal.  A revision message holding
 * "\x1b[2J" must not clear the screen of whoever runs `pgmig history`, a file name holding "\r"
 * must not overwrite the line it is printed on.  Every text pgmig prints from a file or from
 * the server goes through TerminalText (docs/robustness.md, "Hostile input").
 */
#pragma once

#include <string>
#include <string_view>

namespace pgm {

/* TerminalLines: whether TerminalText keeps line feeds (multi-line text) or escapes them too. */
enum class TerminalLines { kKeep, kEscape };

/*
 * TerminalText: s with everything a terminal would interpret escaped, the rest unchanged:
 *   - C0 controls except tab (and line feed with TerminalLines::kKeep), DEL: "\r", "\n", "\t"
 *     never, others as "\x1b" (two lowercase hex digits);
 *   - C1 controls U+0080..U+009F (e.g. U+009B, a one-character CSI) and the bidirectional
 *     overrides and isolates U+202A..U+202E, U+2066..U+2069 (which reorder what is shown):
 *     "\u009b" (four lowercase hex digits);
 *   - each byte that does not start a well-formed UTF-8 sequence: "\xff".
 * A backslash is not escaped: text without controls prints exactly as it is, so a message that
 * contains the four characters "\x1b" looks the same as an escaped ESC (the escape is for the
 * terminal's safety, not a reversible encoding).  JSON output does not use it: the encoder
 * escapes C0 controls by JSON's rules and PrintJson (json_output.cpp) the rest as \u escapes.
 */
std::string TerminalText(std::string_view s, TerminalLines lines = TerminalLines::kKeep);

/* NeedsTerminalEscape: whether TerminalText would change s (fast path for the common case). */
bool NeedsTerminalEscape(std::string_view s, TerminalLines lines = TerminalLines::kKeep);

} // namespace pgm
