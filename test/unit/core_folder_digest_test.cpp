/*
 * core_folder_digest_test.cpp: the digest of a script folder (core/folder_digest.hpp), the one
 * pgmig and migrate_folder_digest() compare.
 */
#include "core/folder_digest.hpp"
#include "core/sha256.hpp"

#include <gtest/gtest.h>

namespace {

using pgm::FolderDigest;
using pgm::FolderDigestText;
using pgm::FolderEntry;
using pgm::Sha256Hex;

TEST(FolderDigestTest, EmptyFolderIsTheHashOfNothing) {
	EXPECT_EQ(FolderDigestText({}), "");
	EXPECT_EQ(FolderDigest({}), Sha256Hex(""));
}

/* The text is sorted by name, each name prefixed with its length in bytes. */
TEST(FolderDigestTest, TextIsSortedAndLengthPrefixed) {
	std::string a = Sha256Hex("a"), empty = Sha256Hex("");
	std::vector<FolderEntry> entries{{"b c", empty}, {"001_a.sql", a}};
	EXPECT_EQ(FolderDigestText(entries), "9:001_a.sql " + a + "\n3:b c " + empty + "\n");
	// A fixed vector, computed once with Python's hashlib over the same text.
	EXPECT_EQ(FolderDigest(entries), "8805ea83cd97c9f0585cdaeb5069668bfebbdb9a921c0e63654a96b47dc9191c");
	std::vector<FolderEntry> reversed{entries[1], entries[0]};
	EXPECT_EQ(FolderDigest(reversed), FolderDigest(entries));
}

/* The length in bytes keeps names that hold the separators apart, and UTF-8 counts in bytes. */
TEST(FolderDigestTest, NamesCannotBeConfused) {
	std::string c = Sha256Hex("c");
	EXPECT_NE(FolderDigest({{"a b", c}}), FolderDigest({{"a", c}, {"b", c}}));
	EXPECT_NE(FolderDigest({{"x\n1:y", c}}), FolderDigest({{"x", c}, {"y", c}}));
	EXPECT_EQ(FolderDigestText({{"\xc3\xa9.sql", c}}), "6:\xc3\xa9.sql " + c + "\n");
}

/* Any change of a name or a checksum changes the digest; a removed file too. */
TEST(FolderDigestTest, EveryChangeChangesTheDigest) {
	std::string a = Sha256Hex("a"), b = Sha256Hex("b");
	std::string base = FolderDigest({{"1.sql", a}, {"2.sql", b}});
	EXPECT_NE(FolderDigest({{"1.sql", a}, {"2.sql", a}}), base);
	EXPECT_NE(FolderDigest({{"1.sql", a}, {"3.sql", b}}), base);
	EXPECT_NE(FolderDigest({{"1.sql", a}}), base);
	EXPECT_NE(FolderDigest({{"1.sql", a}, {"2.sql", b}, {"3.sql", b}}), base);
}

/* Fed entry by entry, in name order, the digester gives FolderDigest: over a folder whose text
   spans several of its feeds, and over none. */
TEST(FolderDigestTest, DigesterGivesTheSameDigest) {
	std::vector<FolderEntry> entries;
	for (int i = 0; i < 2000; i++)
		entries.push_back({std::to_string(100000 + i) + "_r.sql", Sha256Hex(std::to_string(i))});
	pgm::FolderDigester digester;
	for (const FolderEntry &e : entries)
		digester.Add(e.name, e.checksum);
	EXPECT_EQ(digester.Finish(), FolderDigest(entries));
	EXPECT_EQ(FolderDigest(entries), Sha256Hex(FolderDigestText(entries)));
	pgm::FolderDigester empty;
	EXPECT_EQ(empty.Finish(), Sha256Hex(""));
}

} // namespace
