/*
 * revision_file.cpp: parser and validator of the revision file format (revision_file.hpp),
 * plus the small helpers that name revisions: id validation, new ids and file-name slugs.
 *
 * The parser works on lines, read one at a time from the bytes in place (LineReader), so its
 * memory does not grow with the number of lines.  The header is the leading run of "--"
 * lines; its first paragraph is the message, the rest are "Key: value" lines.  After the
 * header only blank lines and comments may come until "-- migrate:upgrade"; the sections run
 * from one marker to the next and are copied once, as the bytes between the markers.  Every
 * error names the file and the line; text quoted from the file is made safe (message_text.hpp).
 */
#include "core/revision_file.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"
#include "core/sha256.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace pgm {

namespace {

constexpr std::size_t kMaxRevisionIdLength = 64;

/* How often the parser calls CheckInterrupts(): every this many lines, or bytes in the UTF-8 check. */
constexpr std::size_t kLinesPerInterruptCheck = 4096; // a power of two
constexpr std::size_t kBytesPerInterruptCheck = 64 * 1024;

constexpr const char *kUpgradeMarker = "-- migrate:upgrade";
constexpr const char *kDowngradeMarker = "-- migrate:downgrade";

constexpr std::array<const char *, 6> kHeaderKeys = {"Revision ID",   "Revises",    "Create Date",
                                                     "Branch Labels", "Depends On", "Transactional"};

constexpr const char *kHeaderKeysHint = "Valid header keys are \"Revision ID\", \"Revises\", \"Create Date\", "
                                        "\"Branch Labels\", \"Depends On\" and \"Transactional\".";

bool
IsSpace(char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view
Trim(std::string_view s) {
	while (!s.empty() && IsSpace(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && IsSpace(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

std::string_view
TrimRight(std::string_view s) {
	while (!s.empty() && IsSpace(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

bool
StartsWith(std::string_view s, std::string_view prefix) {
	return s.substr(0, prefix.size()) == prefix;
}

bool
IsComment(std::string_view line) {
	return StartsWith(line, "--");
}

/* A comment whose text starts with "migrate:" is meant as a section marker, well formed or not. */
bool
IsMarkerCandidate(std::string_view line) {
	if (!IsComment(line)) {
		return false;
	}
	std::string_view rest = line.substr(2);
	while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) {
		rest.remove_prefix(1);
	}
	return StartsWith(rest, "migrate:");
}

bool
IsKnownKey(std::string_view key) {
	for (const char *known : kHeaderKeys) {
		if (key == known) {
			return true;
		}
	}
	return false;
}

/* The text of a header line: without the leading "--", trimmed. */
std::string_view
CommentText(std::string_view line) {
	return Trim(line.substr(2));
}

/* A "Key: value" line with a known key; key and value are trimmed. */
bool
SplitKnownKeyLine(std::string_view text, std::string_view &key, std::string_view &value) {
	std::size_t colon = text.find(':');
	if (colon == std::string_view::npos) {
		return false;
	}
	key = Trim(text.substr(0, colon));
	value = Trim(text.substr(colon + 1));
	return IsKnownKey(key);
}

std::string
PrimaryMessage(std::string_view file_name) {
	return "invalid revision file " + QuoteName(file_name);
}

[[noreturn]] void
ThrowFileError(std::string_view file_name, std::size_t line, const std::string &sentence, std::string hint = {},
               const char *state = sqlstate::kInvalidRevisionFile) {
	throw MigError(state, PrimaryMessage(file_name), "Line " + std::to_string(line) + ": " + sentence + ".",
	               std::move(hint));
}

/* Length of the multibyte sequence announced by a lead byte, as PostgreSQL's pg_utf_mblen. */
std::size_t
AnnouncedLength(unsigned char lead) {
	if (lead < 0x80) {
		return 1;
	}
	if ((lead & 0xE0) == 0xC0) {
		return 2;
	}
	if ((lead & 0xF0) == 0xE0) {
		return 3;
	}
	if ((lead & 0xF8) == 0xF0) {
		return 4;
	}
	return 1;
}

/* Reject NUL bytes and invalid UTF-8 with the line number and PostgreSQL's wording. */
void
CheckEncoding(std::string_view file_name, std::string_view bytes) {
	std::size_t line = 1;
	std::size_t i = 0;
	std::size_t next_check = kBytesPerInterruptCheck;
	while (i < bytes.size()) {
		if (i >= next_check) {
			CheckInterrupts();
			next_check = i + kBytesPerInterruptCheck;
		}
		unsigned char c = static_cast<unsigned char>(bytes[i]);
		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if (c == 0) {
			ThrowFileError(file_name, line, "the file contains a NUL byte (0x00)",
			               "Revision files are UTF-8 text; remove the NUL byte.", sqlstate::kCharacterNotInRepertoire);
		}
		std::size_t len = Utf8SequenceLength(bytes, i);
		if (len == 0) {
			std::size_t shown = AnnouncedLength(c);
			if (i + shown > bytes.size()) {
				shown = bytes.size() - i;
			}
			static const char kHex[] = "0123456789abcdef";
			std::string hex;
			for (std::size_t k = 0; k < shown; k++) {
				unsigned char b = static_cast<unsigned char>(bytes[i + k]);
				if (k > 0) {
					hex.push_back(' ');
				}
				hex += "0x";
				hex.push_back(kHex[b >> 4]);
				hex.push_back(kHex[b & 0xF]);
			}
			ThrowFileError(file_name, line, "invalid byte sequence for encoding \"UTF8\": " + hex,
			               "Save the revision file as UTF-8.", sqlstate::kCharacterNotInRepertoire);
		}
		i += len;
	}
}

struct Line {
	std::size_t number = 0; // 1-based
	std::string_view text;  // without the line terminator ("\n" or "\r\n")
	std::size_t begin = 0;  // offset of the line's first byte in the text read
	std::size_t next = 0;   // offset just past the line's terminator
};

/*
 * LineReader: the lines of a text, one at a time, as views into it; nothing is stored per
 * line.  A final line without "\n" counts; a "\n" at the very end starts no new line.
 */
class LineReader {
public:
	explicit LineReader(std::string_view text) : text_(text) {}

	/* Next: the next line into line; false (line unchanged) at the end of the text. */
	bool
	Next(Line &line) {
		if (pos_ >= text_.size()) {
			return false;
		}
		std::size_t end = text_.find('\n', pos_);
		if (end == std::string_view::npos) {
			end = text_.size();
		}
		line.number = ++count_;
		line.text = text_.substr(pos_, end - pos_);
		if (!line.text.empty() && line.text.back() == '\r') {
			line.text.remove_suffix(1);
		}
		line.begin = pos_;
		pos_ = end == text_.size() ? end : end + 1;
		line.next = pos_;
		if ((count_ & (kLinesPerInterruptCheck - 1)) == 0) {
			CheckInterrupts();
		}
		return true;
	}

	/* Count: the number of lines read so far (at the end: the number of lines of the text). */
	std::size_t
	Count() const {
		return count_;
	}

private:
	std::string_view text_;
	std::size_t pos_ = 0;
	std::size_t count_ = 0;
};

/*
 * Section body: the lines of region (the bytes between two markers) without leading and
 * trailing blank lines, joined with "\n".  Two passes over region; one copy of the body.
 * skipped gets the number of leading blank lines left out (all of them for an empty body).
 */
std::string
JoinBody(std::string_view region, std::size_t &skipped) {
	LineReader reader(region);
	Line line;
	std::size_t first = std::string_view::npos, last_next = 0;
	skipped = 0;
	while (reader.Next(line)) {
		if (!IsBlank(line.text)) {
			if (first == std::string_view::npos) {
				first = line.begin;
				skipped = line.number - 1;
			}
			last_next = line.next;
		}
	}
	if (first == std::string_view::npos) {
		return {};
	}
	/* The kept lines, terminators included, so they split exactly as they did above. */
	std::string_view kept = region.substr(first, last_next - first);
	std::string body;
	body.reserve(kept.size());
	LineReader again(kept);
	bool first_line = true;
	while (again.Next(line)) {
		if (!first_line) {
			body.push_back('\n');
		}
		body.append(line.text);
		first_line = false;
	}
	return body;
}

/* Rethrow an identifier error with the file and line in DETAIL. */
[[noreturn]] void
RethrowWithLocation(const MigError &e, std::string_view file_name, std::size_t line, std::string_view key) {
	std::string detail = "The " + QuoteText(key) + " header on line " + std::to_string(line) + " of revision file " +
	                     QuoteName(file_name) + " holds this identifier.";
	if (!e.Detail().empty()) {
		detail += " " + e.Detail();
	}
	throw MigError(e.Sqlstate(), e.Message(), detail, e.Hint());
}

void
CheckBranchLabel(std::string_view label) {
	if (!IsValidRevisionId(label)) {
		throw MigError(sqlstate::kInvalidParameterValue, "invalid branch label " + QuoteText(label),
		               "Branch labels consist of letters, digits and underscores, at most 64 characters.");
	}
}

/*
 * A comma-separated list of identifiers ("Revises", "Branch Labels", "Depends On").  An empty
 * value is an empty list; each entry is trimmed and validated, empty and repeated entries are
 * refused.
 */
std::vector<std::string>
ParseIdList(std::string_view file_name, std::size_t line, std::string_view key, std::string_view value, bool labels) {
	std::vector<std::string> out;
	if (value.empty()) {
		return out;
	}
	std::size_t start = 0;
	while (true) {
		std::size_t comma = value.find(',', start);
		std::string_view item =
		    Trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
		if (item.empty()) {
			ThrowFileError(file_name, line, "header " + QuoteText(key) + " has an empty entry",
			               "Separate the entries with single commas, e.g. \"a1b2c3d4e5f6, 0f9e8d7c6b5a\".");
		}
		try {
			if (labels) {
				CheckBranchLabel(item);
			} else {
				CheckRevisionId(item);
			}
		} catch (const MigError &e) {
			RethrowWithLocation(e, file_name, line, key);
		}
		for (const std::string &seen : out) {
			if (seen == item) {
				ThrowFileError(file_name, line,
				               "header " + QuoteText(key) + " lists " + QuoteText(item) + " more than once");
			}
		}
		out.emplace_back(item);
		if (comma == std::string_view::npos) {
			break;
		}
		start = comma + 1;
	}
	return out;
}

/* The outcome of reading the header lines. */
struct HeaderKey {
	std::string key;
	std::size_t line;
	std::string value;
};

struct Header {
	std::string message;
	std::vector<HeaderKey> keys; // in file order, each key once

	const HeaderKey *
	Find(std::string_view key) const {
		for (const HeaderKey &entry : keys) {
			if (entry.key == key) {
				return &entry;
			}
		}
		return nullptr;
	}
};

/* A header line: a comment that is not a section marker. */
bool
IsHeaderLine(std::string_view line) {
	return IsComment(line) && !IsMarkerCandidate(line);
}

/*
 * ParseHeader: read the header, the run of header lines starting at line; on return line is
 * the first line after it (have is false when the file ends with the header).
 */
Header
ParseHeader(std::string_view file_name, LineReader &reader, Line &line, bool &have) {
	Header header;

	/* The message: the first paragraph, unless the header starts with a key line. */
	std::string_view key, value;
	bool first = true;
	for (; have && IsHeaderLine(line.text); have = reader.Next(line)) {
		std::string_view text = CommentText(line.text);
		if (text.empty() || SplitKnownKeyLine(text, key, value)) {
			break;
		}
		if (!first) {
			header.message.push_back('\n');
		}
		header.message.append(text);
		first = false;
	}

	/* The keys: "Key: value" lines; bare "--" lines are allowed between them. */
	for (; have && IsHeaderLine(line.text); have = reader.Next(line)) {
		std::string_view text = CommentText(line.text);
		if (text.empty()) {
			continue;
		}
		std::size_t colon = text.find(':');
		if (colon == std::string_view::npos) {
			ThrowFileError(file_name, line.number,
			               "header line " + QuoteText(text) + " is not of the form \"Key: value\"",
			               "Only the first paragraph of the header is the message; the lines after it must be "
			               "\"Key: value\" lines.");
		}
		key = Trim(text.substr(0, colon));
		value = Trim(text.substr(colon + 1));
		if (!IsKnownKey(key)) {
			ThrowFileError(file_name, line.number, "header key " + QuoteText(key) + " is not recognized",
			               kHeaderKeysHint);
		}
		if (const HeaderKey *found = header.Find(key)) {
			ThrowFileError(file_name, line.number,
			               "header key " + QuoteText(key) + " is repeated (first on line " +
			                   std::to_string(found->line) + ")",
			               "Keep one \"" + std::string(key) + "\" line.");
		}
		header.keys.push_back({std::string(key), line.number, std::string(value)});
	}
	return header;
}

/* Unicode helpers for Slugify. */

/*
 * DecodeUtf8Lenient: the code points of s; a byte that does not start a well-formed sequence
 * reads as U+FFFD, a non-word character, so it separates words in a slug.
 */
std::vector<char32_t>
DecodeUtf8Lenient(std::string_view s) {
	std::vector<char32_t> out;
	std::size_t i = 0;
	while (i < s.size()) {
		std::size_t len = Utf8SequenceLength(s, i);
		if (len == 0) {
			out.push_back(0xFFFD);
			i++;
			continue;
		}
		auto b = [&](std::size_t k) -> char32_t { return static_cast<unsigned char>(s[i + k]); };
		char32_t cp;
		if (len == 1) {
			cp = b(0);
		} else if (len == 2) {
			cp = ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
		} else if (len == 3) {
			cp = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
		} else {
			cp = ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
		}
		out.push_back(cp);
		i += len;
	}
	return out;
}

/*
 * Python's \w on str: letters, digits and "_".  ASCII is exact; beyond ASCII, punctuation,
 * symbols and spaces of the common blocks are non-word and everything else (letters of all
 * scripts, CJK ideographs) is a word character.
 */
bool
IsWordChar(char32_t c) {
	if (c < 0x80) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	}
	if (c <= 0xBF) {
		return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA || (c >= 0xBC && c <= 0xBE);
	}
	if (c == 0xD7 || c == 0xF7) {
		return false;
	}
	if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2190 && c <= 0x23FF) ||
	    (c >= 0x2500 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) || c == 0x3030 ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	    (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF) || c == 0xFFFD) {
		return false;
	}
	return true;
}

/* Lower case of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals. */
char32_t
ToLower(char32_t c) {
	if (c >= 'A' && c <= 'Z') {
		return c + 32;
	}
	if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
	    (c >= 0x410 && c <= 0x42F)) {
		return c + 32;
	}
	if (c >= 0x400 && c <= 0x40F) {
		return c + 80;
	}
	if (c == 0x178) {
		return 0xFF;
	}
	if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F) {
		bool even_is_upper = (c < 0x138) || (c > 0x148 && c < 0x179);
		if (even_is_upper) {
			return (c % 2 == 0) ? c + 1 : c;
		}
		return (c % 2 == 1) ? c + 1 : c;
	}
	return c;
}

} // namespace

bool
IsValidRevisionId(std::string_view id) {
	if (id.empty() || id.size() > kMaxRevisionIdLength) {
		return false;
	}
	for (char c : id) {
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (!ok) {
			return false;
		}
	}
	return true;
}

void
CheckRevisionId(std::string_view id) {
	if (IsValidRevisionId(id)) {
		return;
	}
	std::string detail = "Revision identifiers consist of letters, digits and underscores, at most " +
	                     std::to_string(kMaxRevisionIdLength) + " characters.";
	/* Alembic's check: the characters of its grammar, sorted, in its wording. */
	std::string illegal;
	for (char c : std::string_view("+-:@")) {
		if (id.find(c) != std::string_view::npos) {
			if (!illegal.empty()) {
				illegal += ", ";
			}
			illegal.push_back(c);
		}
	}
	if (!illegal.empty()) {
		throw MigError(sqlstate::kInvalidParameterValue,
		               "character(s) '" + illegal + "' not allowed in revision identifier '" + MessageText(id) + "'",
		               detail);
	}
	if (id.size() > kMaxRevisionIdLength) {
		detail += " This one has " + std::to_string(id.size()) + " characters.";
	}
	throw MigError(sqlstate::kInvalidParameterValue, "invalid revision identifier " + QuoteText(id), detail);
}

/*
 * In order: the size limit before anything is read, the checksum of the bytes as they are (byte
 * order mark included), the encoding, then the header and its keys, the lines between the
 * header and the first section, and the sections.
 */
RevisionFile
ParseRevisionFile(std::string_view file_name, std::string_view bytes) {
	CheckInterrupts();
	if (bytes.size() > kMaxRevisionFileBytes) {
		throw MigError(sqlstate::kProgramLimitExceeded, "revision file " + QuoteName(file_name) + " is too large",
		               "The file has " + std::to_string(bytes.size()) + " bytes; the limit is " +
		                   std::to_string(kMaxRevisionFileBytes) + " bytes (64 MiB).",
		               "Split the migration into several revisions.");
	}

	RevisionFile file;
	file.checksum = Sha256Hex(bytes);
	file.rev.source = std::string(file_name);

	CheckEncoding(file_name, bytes);
	std::string_view text = bytes;
	if (StartsWith(text, "\xEF\xBB\xBF")) {
		text.remove_prefix(3);
	}
	LineReader reader(text);
	Line line;
	bool have = reader.Next(line);

	while (have && IsBlank(line.text)) {
		have = reader.Next(line);
	}
	if (!have) {
		ThrowFileError(file_name, reader.Count() == 0 ? 1 : reader.Count(), "the file is empty",
		               "A revision file starts with a header (\"-- <message>\", \"--\", \"-- Revision ID: <id>\", "
		               "...) followed by \"-- migrate:upgrade\" and the SQL.");
	}
	if (!IsHeaderLine(line.text)) {
		ThrowFileError(file_name, line.number, "the file does not start with a header comment",
		               "A revision file starts with a header (\"-- <message>\", \"--\", \"-- Revision ID: <id>\", "
		               "...) followed by \"-- migrate:upgrade\" and the SQL.");
	}

	/* The header: the leading run of "--" lines, up to a blank line, SQL or a section marker. */
	const std::size_t header_first_line = line.number;
	Header header = ParseHeader(file_name, reader, line, have);
	file.rev.message = std::move(header.message);

	const HeaderKey *id_entry = header.Find("Revision ID");
	if (id_entry == nullptr) {
		ThrowFileError(file_name, header_first_line, "the header has no \"Revision ID\" key",
		               "Add a line \"-- Revision ID: <id>\" to the header.");
	}
	if (id_entry->value.empty()) {
		ThrowFileError(file_name, id_entry->line, "header \"Revision ID\" is empty",
		               "Write the revision identifier after \"Revision ID:\".");
	}
	try {
		CheckRevisionId(id_entry->value);
	} catch (const MigError &e) {
		RethrowWithLocation(e, file_name, id_entry->line, "Revision ID");
	}
	file.rev.id = id_entry->value;

	for (const HeaderKey &entry : header.keys) {
		const std::string &key = entry.key;
		const std::size_t key_line = entry.line;
		const std::string &value = entry.value;
		if (key == "Revises") {
			file.rev.parents = ParseIdList(file_name, key_line, key, value, false);
		} else if (key == "Branch Labels") {
			file.rev.branch_labels = ParseIdList(file_name, key_line, key, value, true);
		} else if (key == "Depends On") {
			file.rev.depends_on = ParseIdList(file_name, key_line, key, value, false);
		} else if (key == "Create Date") {
			file.create_date = value;
		} else if (key == "Transactional") {
			std::string lower;
			for (char c : value) {
				lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
			}
			if (lower == "true") {
				file.rev.transactional = true;
			} else if (lower == "false") {
				file.rev.transactional = false;
			} else {
				ThrowFileError(file_name, key_line,
				               "header \"Transactional\" must be \"true\" or \"false\", not " + QuoteText(value));
			}
		}
	}

	/* Between the header and the first section: blank lines and comments only. */
	const std::size_t header_end_line = have ? line.number : 0;
	for (; have && !IsMarkerCandidate(line.text); have = reader.Next(line)) {
		if (IsBlank(line.text)) {
			continue;
		}
		if (IsComment(line.text)) {
			std::string_view key, value;
			if (SplitKnownKeyLine(CommentText(line.text), key, value)) {
				ThrowFileError(file_name, line.number,
				               "header key " + QuoteText(key) + " comes after the end of the header on line " +
				                   std::to_string(header_end_line),
				               "The header ends at the first line that does not start with \"--\"; remove the "
				               "blank line inside the header.");
			}
			continue;
		}
		ThrowFileError(file_name, line.number, "SQL outside a section",
		               "Put SQL after \"-- migrate:upgrade\" or \"-- migrate:downgrade\".");
	}

	/* The sections: a body is the bytes from after its marker line to the next marker line. */
	enum class Section { kNone, kUpgrade, kDowngrade };
	Section current = Section::kNone;
	std::size_t body_begin = 0; // offset in text
	std::size_t upgrade_line = 0, downgrade_line = 0;
	auto close_section = [&](std::size_t body_end) {
		std::size_t skipped = 0;
		if (current == Section::kUpgrade) {
			file.upgrade_sql = JoinBody(text.substr(body_begin, body_end - body_begin), skipped);
			file.upgrade_line = upgrade_line + 1 + skipped;
		} else if (current == Section::kDowngrade) {
			file.downgrade_sql = JoinBody(text.substr(body_begin, body_end - body_begin), skipped);
			file.downgrade_line = downgrade_line + 1 + skipped;
		}
	};
	for (; have; have = reader.Next(line)) {
		if (!IsMarkerCandidate(line.text)) {
			continue;
		}
		std::string_view marker = TrimRight(line.text);
		if (marker == kUpgradeMarker) {
			if (upgrade_line != 0) {
				ThrowFileError(file_name, line.number,
				               "section \"-- migrate:upgrade\" appears a second time (first on line " +
				                   std::to_string(upgrade_line) + ")",
				               "Each section may appear once; merge the two upgrade sections.");
			}
			if (downgrade_line != 0) {
				ThrowFileError(file_name, line.number,
				               "section \"-- migrate:upgrade\" comes after \"-- migrate:downgrade\" (line " +
				                   std::to_string(downgrade_line) + ")",
				               "Put the upgrade section first.");
			}
			close_section(line.begin);
			current = Section::kUpgrade;
			upgrade_line = line.number;
		} else if (marker == kDowngradeMarker) {
			if (downgrade_line != 0) {
				ThrowFileError(file_name, line.number,
				               "section \"-- migrate:downgrade\" appears a second time (first on line " +
				                   std::to_string(downgrade_line) + ")",
				               "Each section may appear once; merge the two downgrade sections.");
			}
			if (upgrade_line == 0) {
				ThrowFileError(file_name, line.number,
				               "section \"-- migrate:downgrade\" comes before \"-- migrate:upgrade\"",
				               "Put the upgrade section first.");
			}
			close_section(line.begin);
			current = Section::kDowngrade;
			downgrade_line = line.number;
		} else if (StartsWith(marker, "-- migrate:")) {
			ThrowFileError(file_name, line.number, "section marker " + QuoteText(marker) + " is not recognized",
			               "The sections are \"-- migrate:upgrade\" and \"-- migrate:downgrade\".");
		} else {
			ThrowFileError(file_name, line.number, QuoteText(marker) + " is not a valid section marker",
			               "Write section markers exactly as \"-- migrate:upgrade\" and \"-- migrate:downgrade\".");
		}
		body_begin = line.next;
	}
	close_section(text.size());

	if (upgrade_line == 0) {
		ThrowFileError(file_name, reader.Count(), "the file ends without a \"-- migrate:upgrade\" section",
		               "Add a line \"-- migrate:upgrade\" followed by the upgrade SQL.");
	}
	file.rev.reversible = file.downgrade_sql.has_value();
	return file;
}

std::string
NewRevisionId() {
	std::random_device device;
	std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ static_cast<std::uint64_t>(device());
	static const char kHex[] = "0123456789abcdef";
	std::string id(12, '0');
	for (std::size_t k = 0; k < 12; k++) {
		id[11 - k] = kHex[(bits >> (4 * k)) & 0xF];
	}
	return id;
}

std::string
Slugify(std::string_view message, std::size_t max_len) {
	/* "_".join(re.findall(r"\w+", message)).lower(), counted in characters as in Python. */
	std::vector<char32_t> slug;
	bool in_word = false;
	for (char32_t c : DecodeUtf8Lenient(message)) {
		if (IsWordChar(c)) {
			if (!in_word && !slug.empty()) {
				slug.push_back('_');
			}
			slug.push_back(ToLower(c));
			in_word = true;
		} else {
			in_word = false;
		}
	}
	/*
	 * Alembic: slug[:max].rsplit("_", 1)[0] + "_" -- cut at the last word boundary and keep
	 * the underscore.  When the first word alone is too long, it is cut to max_len.
	 */
	if (slug.size() > max_len) {
		std::size_t cut = max_len;
		while (cut > 0 && slug[cut - 1] != '_') {
			cut--;
		}
		slug.resize(cut == 0 ? max_len : cut);
	}
	std::string out;
	for (char32_t c : slug) {
		AppendUtf8(out, c);
	}
	return out;
}

} // namespace pgm
