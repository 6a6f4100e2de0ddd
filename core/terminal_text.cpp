/*
 * terminal_text.cpp: escaping of terminal controls in printed text (terminal_text.hpp).
 */
#include "core/terminal_text.hpp"

#include "core/message_text.hpp"

#include <cstdio>

namespace pgm {

namespace {

/* Decode: the code point of the well-formed sequence of len bytes at s[i]. */
char32_t
Decode(std::string_view s, std::size_t i, std::size_t len) {
	auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
	switch (len) {
		case 1:
			return byte(0);
		case 2:
			return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
		case 3:
			return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
		default:
			return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
	}
}

/* IsUnsafe: a code point TerminalText escapes. */
bool
IsUnsafe(char32_t cp, TerminalLines lines) {
	if (cp == '\t')
		return false;
	if (cp == '\n')
		return lines == TerminalLines::kEscape;
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

} // namespace

bool
NeedsTerminalEscape(std::string_view s, TerminalLines lines) {
	for (std::size_t i = 0; i < s.size();) {
		auto c = static_cast<unsigned char>(s[i]);
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		std::size_t len = Utf8SequenceLength(s, i);
		if (len == 0 || IsUnsafe(Decode(s, i, len), lines))
			return true;
		i += len;
	}
	return false;
}

std::string
TerminalText(std::string_view s, TerminalLines lines) {
	if (!NeedsTerminalEscape(s, lines))
		return std::string(s);
	std::string out;
	out.reserve(s.size() + 16);
	char buf[16];
	for (std::size_t i = 0; i < s.size();) {
		std::size_t len = Utf8SequenceLength(s, i);
		if (len == 0) {
			std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(s[i]));
			out += buf;
			i++;
			continue;
		}
		char32_t cp = Decode(s, i, len);
		if (!IsUnsafe(cp, lines)) {
			out.append(s, i, len);
		} else if (cp == '\r') {
			out += "\\r";
		} else if (cp == '\n') {
			out += "\\n";
		} else if (cp < 0x80) {
			std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned>(cp));
			out += buf;
		} else {
			std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(cp));
			out += buf;
		}
		i += len;
	}
	return out;
}

} // namespace pgm
