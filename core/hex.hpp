/*
 * hex.hpp: lowercase hexadecimal, as Sha256Hex writes checksums and the file hash cache writes
 * its lines: bytes to hex, and hex checked and decoded through a table (a 10,000-revision entry
 * file holds 1.5 MB of hex, checked on every run).  Header only, no allocation: the client's
 * stat threads and the extension use it alike.
 */
#pragma once

#include <cstddef>
#include <string_view>

namespace pgm {

/* kLowerHexDigits: the digits, by value. */
inline constexpr char kLowerHexDigits[] = "0123456789abcdef";

/* LowerHexTable: each byte's value as a lowercase hex digit, 16 for any other byte. */
struct LowerHexTable {
	unsigned char value[256];
	constexpr LowerHexTable() : value() {
		for (int c = 0; c < 256; c++)
			value[c] = c >= '0' && c <= '9'   ? static_cast<unsigned char>(c - '0')
			           : c >= 'a' && c <= 'f' ? static_cast<unsigned char>(c - 'a' + 10)
			                                  : 16;
	}
};
inline constexpr LowerHexTable kLowerHexValue{};

/* LowerHexValue: c's value as a lowercase hex digit, -1 for any other byte. */
constexpr int
LowerHexValue(char c) {
	unsigned char v = kLowerHexValue.value[static_cast<unsigned char>(c)];
	return v == 16 ? -1 : v;
}

/* IsLowerHex: every character of text is a lowercase hex digit (true for ""). */
constexpr bool
IsLowerHex(std::string_view text) {
	unsigned bad = 0;
	for (char c : text) // no early exit: branch-free, as the text is nearly always right
		bad |= kLowerHexValue.value[static_cast<unsigned char>(c)];
	return (bad & 16) == 0;
}

/* LowerHexInto: bytes in lowercase hex, written to out (2 * bytes.size() characters); the view of it. */
inline std::string_view
LowerHexInto(std::string_view bytes, char *out) {
	for (std::size_t i = 0; i < bytes.size(); i++) {
		auto c = static_cast<unsigned char>(bytes[i]);
		out[2 * i] = kLowerHexDigits[c >> 4];
		out[2 * i + 1] = kLowerHexDigits[c & 15];
	}
	return std::string_view(out, 2 * bytes.size());
}

/*
 * DecodeLowerHexInto: the bytes of hex, written to out (hex.size() / 2 of them); their count.
 * hex must be lowercase hex of even length (IsLowerHex): other bytes decode to garbage.
 */
inline std::size_t
DecodeLowerHexInto(std::string_view hex, char *out) {
	const auto *in = reinterpret_cast<const unsigned char *>(hex.data());
	for (std::size_t k = 0; k < hex.size() / 2; k++)
		out[k] = static_cast<char>(kLowerHexValue.value[in[2 * k]] << 4 | kLowerHexValue.value[in[2 * k + 1]]);
	return hex.size() / 2;
}

} // namespace pgm
