/*
 * core_binary_array_test.cpp: PostgreSQL's binary array format (core/binary_array.hpp), byte for
 * byte as array_recv reads it; the e2e upload tests send it to a real server.
 */
#include "core/binary_array.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::string_literals;

TEST(BinaryArrayTest, EmptyArrayHasNoDimension) {
	// ndim 0, flags 0, element type 17 (bytea), and nothing else
	EXPECT_EQ(pgm::EncodeBinaryArray(pgm::kByteaOid, {}), "\0\0\0\0\0\0\0\0\0\0\0\x11"s);
}

TEST(BinaryArrayTest, ElementsWithLengthsInNetworkOrder) {
	std::vector<std::string_view> elements{"ab", ""};
	std::string expected = "\0\0\0\x01"s // ndim
	                       "\0\0\0\0"s   // flags: no NULL
	                       "\0\0\0\x11"s // bytea
	                       "\0\0\0\x02"s // two elements
	                       "\0\0\0\x01"s // lower bound 1
	                       "\0\0\0\x02"  // length 2
	                       "ab"          //
	                       "\0\0\0\0"s;  // an empty element: length 0
	EXPECT_EQ(pgm::EncodeBinaryArray(pgm::kByteaOid, elements), expected);
}

TEST(BinaryArrayTest, BytesAreCopiedExactly) {
	std::string bytes = "a\0b\xff\xfe\n"s;
	std::string encoded = pgm::EncodeBinaryArray(pgm::kByteaOid, {bytes});
	ASSERT_EQ(encoded.size(), 20u + 4u + bytes.size());
	EXPECT_EQ(encoded.substr(20, 4), "\0\0\0\x06"s);
	EXPECT_EQ(encoded.substr(24), bytes);
}

TEST(BinaryArrayTest, LargeLengthsUseAllFourBytes) {
	std::string big(0x012345, 'x');
	std::string encoded = pgm::EncodeBinaryArray(1009, {big});
	EXPECT_EQ(encoded.substr(8, 4), "\0\0\x03\xf1"s); // the element type as given (1009)
	EXPECT_EQ(encoded.substr(12, 4), "\0\0\0\x01"s);
	EXPECT_EQ(encoded.substr(20, 4), "\0\x01\x23\x45"s);
	EXPECT_EQ(encoded.size(), 24u + big.size());
}

TEST(BinaryArrayTest, ManyElementsCountInNetworkOrder) {
	std::vector<std::string_view> elements(70000, "z");
	std::string encoded = pgm::EncodeBinaryArray(pgm::kByteaOid, elements);
	EXPECT_EQ(encoded.substr(12, 4), "\0\x01\x11\x70"s); // 70000 = 0x00011170
	EXPECT_EQ(encoded.size(), 20u + 70000u * 5u);
}

} // namespace
