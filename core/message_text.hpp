/*
 * message_text.hpp: quoting user-supplied text (file content, file names, targets) in error
 * messages.  A message must be valid UTF-8 without NUL bytes whatever the bytes it quotes,
 * and must stay short when the quoted text is long.  Also the small text helpers that
 * messages and Alembic's line formats share: joining ids, listing candidates, Python's strip.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* Quoted file content (header keys and values, markers, identifiers) is cut at this many characters. */
inline constexpr std::size_t kMaxQuotedChars = 64;

/* Quoted names (file names, targets) are cut at this many characters. */
inline constexpr std::size_t kMaxQuotedNameChars = 256;

/*
 * Utf8SequenceLength: the length of the well-formed UTF-8 sequence at s[i] (Unicode table
 * 3-7), or 0 when it is not well formed: stray continuation bytes, overlong forms,
 * surrogates, code points above U+10FFFF and truncated sequences are all rejected.
 */
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);

/* AppendUtf8: the Unicode scalar value cp (not a surrogate, at most U+10FFFF) encoded as UTF-8. */
void AppendUtf8(std::string &out, char32_t cp);

/*
 * MessageText: s made fit for a message: valid UTF-8 without NUL, each NUL byte and each byte
 * that does not start a well-formed sequence replaced by '?', cut at a character boundary to
 * at most max_chars characters, with "..." appended when cut.
 */
std::string MessageText(std::string_view s, std::size_t max_chars = kMaxQuotedChars);

/* QuoteText: MessageText(s, max_chars) in double quotes. */
std::string QuoteText(std::string_view s, std::size_t max_chars = kMaxQuotedChars);

/*
 * QuoteName: a name in a message (revision id, branch label, file name, target): QuoteText cut
 * at kMaxQuotedNameChars, so a long name stays whole where a quoted piece of content would not.
 */
std::string QuoteName(std::string_view s);

/* IsBlank: s holds nothing but ASCII white space (also when empty). */
bool IsBlank(std::string_view s);

/* JoinComma: items joined with ", " (ids and labels in messages and in Alembic's line formats). */
std::string JoinComma(const std::vector<std::string> &items);

/*
 * CandidateList: Alembic's list of the revisions an ambiguous prefix matches: the first three
 * ids, each in single quotes, joined with ", ", then "..." when there are more.
 */
std::string CandidateList(const std::vector<std::string> &ids);

/*
 * PyStrip: s without the leading and trailing characters Python's str.strip() removes in the
 * ASCII range (blank, \t, \n, \r, \v, \f and \x1c-\x1f), as Alembic strips history ranges and
 * docstrings.
 */
std::string_view PyStrip(std::string_view s);

} // namespace pgm
