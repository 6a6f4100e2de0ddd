/*
 * core_sha256_test.cpp: SHA-256 against the FIPS 180-4 / NIST example vectors.
 */
#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace pgm {
namespace {

TEST(CoreSha256, EmptyString) {
	EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CoreSha256, Abc) {
	EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CoreSha256, FourHundredFortyEightBits) {
	EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
	          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CoreSha256, EightHundredNinetySixBits) {
	EXPECT_EQ(
	    Sha256Hex(
	        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopq"
	        "rstnopqrstu"),
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(CoreSha256, OneMillionA) {
	EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CoreSha256, PaddingBoundaries) {
	/* 55 bytes fit the length in one block, 56 need a second; 64 is exactly one block. */
	EXPECT_EQ(Sha256Hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	EXPECT_EQ(Sha256Hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	EXPECT_EQ(Sha256Hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(CoreSha256, BinaryBytes) {
	/* NUL and high bytes are hashed as bytes (value checked with Python's hashlib). */
	EXPECT_EQ(Sha256Hex(std::string("\x00\xff\x80", 3)),
	          "f742b965f156c10374bc23aea96e3a8aff8facd6fc079defeaa30219ad86f211");
}

/* Fed in pieces of every size around a block and the 64 KiB slice, the same digest as at once. */
TEST(CoreSha256, PiecesGiveTheDigestOfTheWhole) {
	std::string bytes;
	for (int i = 0; i < 300000; i++)
		bytes.push_back(static_cast<char>(i * 31 % 251));
	const std::string whole = Sha256Hex(bytes);
	for (std::size_t piece : {1u, 55u, 63u, 64u, 65u, 4097u, 65535u, 65536u, 65537u, 299999u}) {
		Sha256 sha;
		for (std::size_t at = 0; at < bytes.size(); at += piece)
			sha.Update(std::string_view(bytes).substr(at, piece));
		EXPECT_EQ(sha.HexFinal(), whole) << "pieces of " << piece;
	}
	Sha256 none;
	EXPECT_EQ(none.HexFinal(), Sha256Hex(""));
	Sha256 empties;
	empties.Update("");
	empties.Update("abc");
	empties.Update("");
	EXPECT_EQ(empties.HexFinal(), Sha256Hex("abc"));
}

} // namespace
} // namespace pgm
