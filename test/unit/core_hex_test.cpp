/*
 * core_hex_test.cpp: lowercase hex (core/hex.hpp): every byte value encoded and decoded back,
 * each byte classified, and what is not lowercase hex refused.
 */
#include "core/hex.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace pgm {
namespace {

TEST(CoreHex, EveryByteRoundTrips) {
	std::string bytes;
	for (int c = 0; c < 256; c++)
		bytes += static_cast<char>(c);
	std::string hex(2 * bytes.size(), '?');
	std::string_view written = LowerHexInto(bytes, hex.data());
	EXPECT_EQ(written.size(), 512u);
	EXPECT_EQ(hex.substr(0, 8), "00010203");
	EXPECT_EQ(hex.substr(2 * 0x7f, 4), "7f80");
	EXPECT_EQ(hex.substr(508), "feff");
	EXPECT_TRUE(IsLowerHex(hex));
	std::string back(bytes.size(), '\0');
	EXPECT_EQ(DecodeLowerHexInto(hex, back.data()), bytes.size());
	EXPECT_EQ(back, bytes);
}

TEST(CoreHex, ValueOfEachByte) {
	for (int c = 0; c < 256; c++) {
		int expected = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		EXPECT_EQ(LowerHexValue(static_cast<char>(c)), expected) << "byte " << c;
	}
}

TEST(CoreHex, RefusesWhatIsNotLowercaseHex) {
	EXPECT_TRUE(IsLowerHex(""));
	EXPECT_TRUE(IsLowerHex("0123456789abcdef"));
	EXPECT_FALSE(IsLowerHex("ABCDEF"));
	EXPECT_FALSE(IsLowerHex("0g"));
	EXPECT_FALSE(IsLowerHex("12 4"));
	EXPECT_FALSE(IsLowerHex(std::string_view("ab\0cd", 5)));
	EXPECT_FALSE(IsLowerHex("\xff"
	                        "a"));
	// one bad byte anywhere, also after many good ones
	std::string long_hex(4096, 'a');
	EXPECT_TRUE(IsLowerHex(long_hex));
	long_hex[4000] = 'G';
	EXPECT_FALSE(IsLowerHex(long_hex));
}

TEST(CoreHex, UsableAtCompileTime) {
	static_assert(LowerHexValue('f') == 15 && LowerHexValue('F') == -1, "constexpr value");
	static_assert(IsLowerHex("00ff") && !IsLowerHex("00FF"), "constexpr check");
}

} // namespace
} // namespace pgm
