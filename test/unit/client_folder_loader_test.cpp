/*
 * client_folder_loader_test.cpp: unit tests of reading revision files (ReadFileBytes: exact
 * bytes of any size, its errors) and of FolderLoader (file_hashes.hpp), which hashes and then
 * parses the script folder on another thread: the same hashes as HashScriptFolder, the same
 * folder as LoadScriptFolder (or the same error), whether the file hash cache is cold or warm,
 * and a cancelled loader ends without waiting for the parse.
 */
#include "client/common/file_hashes.hpp"

#include "client_test_helpers.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <cstdlib>

namespace {

namespace fs = std::filesystem;
using pgmig::test::ChainFolderTest;

/* ExpectSameFolder: a and b hold the same files, revisions and graph heads. */
void
ExpectSameFolder(const pgmig::ScriptFolder &a, const pgmig::ScriptFolder &b) {
	ASSERT_EQ(a.files.size(), b.files.size());
	for (std::size_t i = 0; i < a.files.size(); i++) {
		EXPECT_EQ(a.files[i].name, b.files[i].name);
		EXPECT_EQ(a.files[i].path, b.files[i].path);
		EXPECT_EQ(a.files[i].bytes, b.files[i].bytes);
		EXPECT_EQ(a.revisions[i].rev.id, b.revisions[i].rev.id);
		EXPECT_EQ(a.revisions[i].checksum, b.revisions[i].checksum);
	}
	EXPECT_EQ(a.graph.Heads(), b.graph.Heads());
}

TEST(ClientReadFileBytes, ExactBytesOfAnySize) {
	fs::path file = fs::path(::testing::TempDir()) / ("pgmig_read_bytes_" + std::to_string(getpid()) + ".sql");
	std::string bytes;
	for (int i = 0; i < 300000; i++)
		bytes.push_back(static_cast<char>(i * 7 % 256)); // NUL bytes and invalid UTF-8 among them
	std::ofstream(file, std::ios::binary) << bytes;
	EXPECT_EQ(pgmig::ReadFileBytes(file, "x"), bytes);
	std::ofstream(file, std::ios::binary | std::ios::trunc).flush();
	EXPECT_EQ(pgmig::ReadFileBytes(file, "x"), "");
	fs::remove(file);
}

TEST(ClientReadFileBytes, MissingFileAndDirectoryAreErrors) {
	pgm::MigError missing = pgm::test::CatchMigError([] { pgmig::ReadFileBytes("/nonexistent/a.sql", "a.sql"); });
	EXPECT_EQ(missing.Sqlstate(), "58P01");
	EXPECT_EQ(missing.Message(), "could not open file \"a.sql\": No such file or directory");
	pgm::MigError directory = pgm::test::CatchMigError([] { pgmig::ReadFileBytes("/", "root"); });
	EXPECT_EQ(directory.Sqlstate(), "58030");
	EXPECT_EQ(directory.Message(), "could not read file \"root\": Is a directory");
}

class FolderLoaderTest : public ChainFolderTest {};

TEST_F(FolderLoaderTest, SameHashesAndFolderWithColdAndWarmCache) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1); // the files were just written: record them
	for (std::size_t round = 0; round < 2; round++) { // the first fills the cache, the second reads it
		pgmig::FolderLoader loader(dir_, cache);
		pgmig::FolderHashes expected = pgmig::HashScriptFolder(dir_, dir_ / "other-cache");
		const pgmig::FolderHashes &hashes = loader.Hashes();
		ASSERT_EQ(hashes.entries.size(), 3u);
		for (std::size_t i = 0; i < 3; i++) {
			EXPECT_EQ(hashes.entries[i].name, expected.entries[i].name);
			EXPECT_EQ(hashes.entries[i].checksum, expected.entries[i].checksum);
			EXPECT_EQ(hashes.entries[i].checksum, Sum(i));
		}
		EXPECT_EQ(hashes.from_cache, round * 3);
		EXPECT_FALSE(hashes.files) << "the files go to the parse, not to the caller";
		ExpectSameFolder(loader.Folder(), folder_);
	}
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

TEST_F(FolderLoaderTest, CacheRecordsWhetherEveryRevisionIsTransactional) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	pgmig::FolderHashes cold = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(cold.from_cache, 0u);
	EXPECT_TRUE(cold.all_transactional);
	pgmig::FolderHashes warm = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(warm.from_cache, 3u);
	EXPECT_TRUE(warm.all_transactional);

	// a revision declaring "Transactional: false": known when hashed, and from the cache after
	Write("dddd4444_d.sql", "-- concurrent index\n--\n-- Revision ID: dddd4444\n-- Revises: cccc3333\n"
	                        "-- Transactional: false\n\n-- migrate:upgrade\nCREATE INDEX CONCURRENTLY i ON ledger "
	                        "(id);\n\n-- migrate:downgrade\nDROP INDEX CONCURRENTLY i;\n");
	pgmig::FolderHashes added = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(added.from_cache, 3u);
	EXPECT_FALSE(added.all_transactional);
	pgmig::FolderHashes cached = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(cached.from_cache, 4u);
	EXPECT_FALSE(cached.all_transactional);

	// a file that does not parse is not known to be transactional either
	fs::remove(dir_ / "versions" / "dddd4444_d.sql");
	Write("eeee5555_e.sql", "not a revision file\n");
	EXPECT_FALSE(pgmig::HashScriptFolder(dir_, cache).all_transactional);
	EXPECT_FALSE(pgmig::HashScriptFolder(dir_, cache).all_transactional);
	fs::remove(dir_ / "versions" / "eeee5555_e.sql");
	pgmig::FolderHashes back = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(back.from_cache, 3u);
	EXPECT_TRUE(back.all_transactional);
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

TEST_F(FolderLoaderTest, CacheOfFormatOneCountsAsEmpty) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	ASSERT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3u);
	// rewrite the entry in 0.8.0's format: no flag field, header "1"
	for (const auto &entry : fs::directory_iterator(cache)) {
		std::string name = entry.path().filename().string();
		if (name.rfind("file-hashes-", 0) != 0)
			continue;
		std::string text = pgmig::ReadFileBytes(entry.path(), name);
		text.replace(text.find("cache 2"), 7, "cache 1");
		std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << text;
	}
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 0u) << "format 1 is not read as format 2";
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3u) << "and it is written again";
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

// The entry file's lines are read in place and looked up in the folder's sorted order: lines out
// of order (a hand edit with a correct checksum) make the whole entry file count as empty, and the
// next run writes it again in order.
TEST_F(FolderLoaderTest, CacheLinesOutOfOrderCountAsEmpty) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	pgmig::FolderHashes warm = pgmig::HashScriptFolder(dir_, cache);
	ASSERT_EQ(warm.from_cache, 3u);
	for (const auto &entry : fs::directory_iterator(cache)) {
		std::string name = entry.path().filename().string();
		if (name.rfind("file-hashes-", 0) != 0)
			continue;
		std::string text = pgmig::ReadFileBytes(entry.path(), name);
		std::size_t sum = text.find("\nsha256 ") + 8;
		std::size_t body = sum + 65;
		std::size_t second = text.find('\n', body) + 1;
		std::size_t third = text.find('\n', second) + 1;
		std::string swapped =
		    text.substr(second, third - second) + text.substr(body, second - body) + text.substr(third);
		text = text.substr(0, sum) + pgm::Sha256Hex(swapped) + "\n" + swapped;
		std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << text;
	}
	pgmig::FolderHashes reread = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(reread.from_cache, 0u) << "lines out of order are not trusted";
	pgmig::FolderHashes again = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(again.from_cache, 3u) << "and the entry file is written again";
	ASSERT_EQ(again.entries.size(), warm.entries.size());
	for (std::size_t i = 0; i < warm.entries.size(); i++) {
		EXPECT_EQ(reread.entries[i].name, warm.entries[i].name);
		EXPECT_EQ(reread.entries[i].checksum, warm.entries[i].checksum);
		EXPECT_EQ(again.entries[i].checksum, warm.entries[i].checksum);
	}
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

TEST_F(FolderLoaderTest, ParseErrorComesFromFolderNotFromHashes) {
	Write("dddd4444_d.sql", "-- no revision header at all\nSELECT 1;\n");
	std::string expected = pgm::test::CatchMigError([&] { pgmig::LoadScriptFolder(dir_); }).Message();
	ASSERT_FALSE(expected.empty());
	pgmig::FolderLoader loader(dir_, dir_ / ".pgmig-cache");
	EXPECT_EQ(loader.Hashes().entries.size(), 4u); // hashing reads bytes, it does not parse
	EXPECT_EQ(pgm::test::CatchMigError([&] { loader.Folder(); }).Message(), expected);
}

TEST_F(FolderLoaderTest, MissingFolderFailsBoth) {
	pgmig::FolderLoader loader(dir_ / "nowhere", dir_ / ".pgmig-cache");
	EXPECT_EQ(pgm::test::CatchMigError([&] { loader.Hashes(); }).Sqlstate(), "58P01");
	EXPECT_EQ(pgm::test::CatchMigError([&] { loader.Folder(); }).Sqlstate(), "58P01");
}

TEST_F(FolderLoaderTest, CancelledLoaderEnds) {
	for (int i = 0; i < 20; i++) {
		pgmig::FolderLoader loader(dir_, dir_ / ".pgmig-cache");
		EXPECT_EQ(loader.Hashes().entries.size(), 3u);
		if (i % 2 == 1)
			loader.StartParse();
		loader.Cancel();
		if (i % 4 == 3) // a cancelled loader still gives the folder: read on this thread
			ExpectSameFolder(loader.Folder(), folder_);
	} // each destructor joins its thread: the test ends only if none waits forever
}

} // namespace
