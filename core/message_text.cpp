/*
 * message_text.cpp: safe quoting of user text in messages (message_text.hpp).
 */
#include "core/message_text.hpp"

namespace pgm {

/*
 * The lead byte fixes the length and the allowed range of the second byte (Unicode table 3-7);
 * that range is what rules out overlong forms, surrogates and code points above U+10FFFF.
 */
std::size_t
Utf8SequenceLength(std::string_view s, std::size_t i) {
	auto byte = [&](std::size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
	unsigned b0 = byte(i);
	if (b0 < 0x80) {
		return 1;
	}
	std::size_t len;
	unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		len = 2;
	} else if (b0 == 0xE0) {
		len = 3;
		lo = 0xA0;
	} else if (b0 >= 0xE1 && b0 <= 0xEC) {
		len = 3;
	} else if (b0 == 0xED) {
		len = 3;
		hi = 0x9F;
	} else if (b0 >= 0xEE && b0 <= 0xEF) {
		len = 3;
	} else if (b0 == 0xF0) {
		len = 4;
		lo = 0x90;
	} else if (b0 >= 0xF1 && b0 <= 0xF3) {
		len = 4;
	} else if (b0 == 0xF4) {
		len = 4;
		hi = 0x8F;
	} else {
		return 0;
	}
	if (i + len > s.size()) {
		return 0;
	}
	unsigned b1 = byte(i + 1);
	if (b1 < lo || b1 > hi) {
		return 0;
	}
	for (std::size_t k = 2; k < len; k++) {
		unsigned b = byte(i + k);
		if (b < 0x80 || b > 0xBF) {
			return 0;
		}
	}
	return len;
}

/* One pass: copy each well-formed sequence, put '?' for anything else, count characters, stop at max_chars. */
std::string
MessageText(std::string_view s, std::size_t max_chars) {
	std::string out;
	out.reserve(s.size() < max_chars ? s.size() : max_chars);
	std::size_t chars = 0;
	std::size_t i = 0;
	while (i < s.size()) {
		if (chars == max_chars) {
			out += "...";
			break;
		}
		std::size_t len = Utf8SequenceLength(s, i);
		if (len == 0 || s[i] == '\0') {
			out.push_back('?');
			i++;
		} else {
			out.append(s, i, len);
			i += len;
		}
		chars++;
	}
	return out;
}

std::string
QuoteText(std::string_view s, std::size_t max_chars) {
	return "\"" + MessageText(s, max_chars) + "\"";
}

std::string
QuoteName(std::string_view s) {
	return QuoteText(s, kMaxQuotedNameChars);
}

bool
IsBlank(std::string_view s) {
	return s.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
}

std::string
JoinComma(const std::vector<std::string> &items) {
	std::string out;
	for (std::size_t i = 0; i < items.size(); i++) {
		if (i > 0) {
			out += ", ";
		}
		out += items[i];
	}
	return out;
}

std::string
CandidateList(const std::vector<std::string> &ids) {
	std::string listed;
	for (std::size_t k = 0; k < ids.size() && k < 3; k++) {
		listed += (k > 0 ? ", '" : "'") + ids[k] + "'";
	}
	if (ids.size() > 3) {
		listed += "...";
	}
	return listed;
}

std::string_view
PyStrip(std::string_view s) {
	auto space = [](char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		       (c >= '\x1c' && c <= '\x1f');
	};
	while (!s.empty() && space(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && space(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

void
AppendUtf8(std::string &out, char32_t cp) {
	if (cp < 0x80) {
		out.push_back(static_cast<char>(cp));
	} else if (cp < 0x800) {
		out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	} else {
		out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
}

} // namespace pgm
