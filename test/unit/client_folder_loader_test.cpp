/*
 * client_folder_loader_test.cpp: unit tests of reading revision files (ReadFileBytes: exact
 * bytes of any size, its errors) and of FolderLoader (file_hashes.hpp), which hashes and then
 * parses the script folder on another thread: the same hashes as HashScriptFolder, the same
 * folder as LoadScriptFolder (or the same error), whether the file hash cache is cold or warm,
 * and a cancelled loader ends without waiting for the parse.
 */
#include "client/common/file_hashes.hpp"
#include "client/common/unique_fd.hpp"

#include "client_test_helpers.hpp"
#include "core/error.hpp"
#include "core/folder_digest.hpp"
#include "core/sha256.hpp"
#include "core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

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

/* A temporary directory, removed at the end of the test. */
class TempDirTest : public ::testing::Test {
protected:
	void
	SetUp() override {
		dir_ = fs::path(::testing::TempDir()) / ("pgmig_list_" + std::to_string(getpid()) + "_" +
		                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
		fs::remove_all(dir_);
		fs::create_directories(dir_);
	}
	void
	TearDown() override {
		fs::remove_all(dir_);
	}
	void
	Put(const fs::path &file, const std::string &text) {
		std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
	}
	fs::path dir_;
};

using ClientListSqlFiles = TempDirTest;

// The *.sql regular files (or links to one), hidden ones left out, in byte order: upper case
// before lower, UTF-8 after ASCII, any byte (a newline) kept.
TEST_F(ClientListSqlFiles, RegularSqlFilesInByteOrder) {
	for (const char *name :
	     {"b.sql", "a.sql", "\xc3\xa9.sql", "Z.sql", ".hidden.sql", "notes.txt", "x.SQL", "new\nline.sql", "sql"})
		Put(dir_ / name, "x");
	fs::create_directory(dir_ / "d.sql");
	fs::create_symlink("a.sql", dir_ / "l.sql");
	fs::create_symlink("nowhere.sql", dir_ / "broken.sql");
	fs::create_directory_symlink("d.sql", dir_ / "dl.sql");
	const std::vector<std::string> expected{"Z.sql", "a.sql", "b.sql", "l.sql", "new\nline.sql", "\xc3\xa9.sql"};
	EXPECT_EQ(pgmig::SqlFileNames(dir_), expected);
	pgmig::UniqueFd fd(open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	ASSERT_GE(fd.Get(), 0);
	for (int pass = 0; pass < 2; pass++) { // the descriptor is read from its start each time
		pgmig::SqlFileList list = pgmig::ListSqlFiles(dir_, pass == 0 ? -1 : fd.Get());
		ASSERT_EQ(list.size(), expected.size());
		for (std::size_t i = 0; i < expected.size(); i++) {
			EXPECT_EQ(list[i], expected[i]);
			EXPECT_EQ(std::string(list.CStr(i)), expected[i]);
		}
	}
	EXPECT_EQ(pgmig::ListSqlFiles(dir_, fd.Get()).size(), expected.size());
	fs::path missing = dir_ / "missing";
	pgm::MigError error = pgm::test::CatchMigError([&] { pgmig::ListSqlFiles(missing); });
	EXPECT_EQ(error.Sqlstate(), "58030");
	EXPECT_EQ(error.Message(),
	          "could not read directory \"" + pgmig::DisplayPath(missing) + "\": No such file or directory");
}

using FolderHashesManyFiles = TempDirTest;

// 2,600 files: the stat(2)s are shared among threads where there are CPUs.  A file changed in
// the second half, one removed and one added in the first are read again, and only they; the
// digest is the folder's as it is now.
TEST_F(FolderHashesManyFiles, OnlyChangedFilesAreReadAgain) {
	fs::path versions = dir_ / "versions";
	fs::create_directory(versions);
	std::map<std::string, std::string> files;
	for (int i = 0; i < 2600; i++) {
		char name[32];
		std::snprintf(name, sizeof(name), "r%05d.sql", i);
		files[name] = "-- revision " + std::to_string(i) + "\n";
		Put(versions / name, files[name]);
	}
	auto expected = [&] {
		std::vector<pgm::FolderEntry> entries;
		for (const auto &[name, text] : files)
			entries.push_back({name, pgm::Sha256Hex(text)});
		return pgm::FolderDigest(entries);
	};
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	pgmig::FolderHashes cold = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(cold.count, 2600u);
	EXPECT_EQ(cold.from_cache, 0u);
	EXPECT_EQ(cold.digest, expected());
	pgmig::FolderHashes warm = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(warm.from_cache, 2600u);
	EXPECT_EQ(warm.digest, cold.digest);
	EXPECT_FALSE(warm.files);

	files["r02000.sql"] = "-- revision 2000, edited\n";
	Put(versions / "r02000.sql", files["r02000.sql"]);
	files.erase("r01500.sql");
	fs::remove(versions / "r01500.sql");
	files["r01500a.sql"] = "-- added\n";
	Put(versions / "r01500a.sql", files["r01500a.sql"]);
	pgmig::FolderHashes changed = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(changed.count, 2600u);
	EXPECT_EQ(changed.from_cache, 2598u);
	EXPECT_EQ(changed.digest, expected());
	EXPECT_NE(changed.digest, warm.digest);
	pgmig::FolderHashes again = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(again.from_cache, 2600u);
	EXPECT_EQ(again.digest, changed.digest);

	// edited in place: the directory does not change, the file's stat does
	files["r00100.sql"] = "-- revision 100, edited in place\n";
	{
		std::ofstream out(versions / "r00100.sql", std::ios::binary | std::ios::in | std::ios::out);
		out << files["r00100.sql"];
	}
	pgmig::FolderHashes edited = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(edited.from_cache, 2599u);
	EXPECT_EQ(edited.digest, expected());
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

// The entry file of a large folder is read in pieces by several threads: a line out of order
// across two pieces, a malformed line in a later piece, or a body that does not match its
// checksum each make the whole entry file count as empty, and the next run writes it again.
TEST_F(FolderHashesManyFiles, EntryFileReadInPiecesIsCheckedWhole) {
	fs::path versions = dir_ / "versions";
	fs::create_directory(versions);
	for (int i = 0; i < 3000; i++) {
		char name[32];
		std::snprintf(name, sizeof(name), "r%05d.sql", i);
		Put(versions / name, "-- revision " + std::to_string(i) + "\n");
	}
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	const std::string digest = pgmig::HashScriptFolder(dir_, cache).digest;
	ASSERT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3000u);
	fs::path file;
	for (const auto &entry : fs::directory_iterator(cache))
		if (entry.path().filename().string().rfind("file-hashes-3-", 0) == 0)
			file = entry.path();
	ASSERT_FALSE(file.empty());
	const std::string good = pgmig::ReadFileBytes(file, "entry");
	ASSERT_GT(good.size(), 3u * 64 * 1024) << "several pieces";
	std::size_t sum = good.find("\nchecksum ") + 10;
	auto with_body = [&](std::string body) {
		return good.substr(0, sum) + pgmig::FileHashCacheChecksum(body) + "\n" + body;
	};
	const std::size_t body_at = sum + 17;
	std::string body = good.substr(body_at);
	// the last line of the first piece (64 kB of lines) and the first of the second, swapped: each
	// piece is in order by itself, only the check across pieces sees it
	std::size_t lines_at = good.find('\n', body_at) + 1; // past the listing line
	std::size_t s1 = good.find('\n', lines_at + 64 * 1024 - 1) + 1;
	std::size_t s0 = good.rfind('\n', s1 - 2) + 1, e1 = good.find('\n', s1) + 1;
	ASSERT_EQ(e1 - s1, s1 - s0) << "lines of one length: the swap keeps the boundary";
	std::string swapped =
	    good.substr(body_at, s0 - body_at) + good.substr(s1, e1 - s1) + good.substr(s0, s1 - s0) + good.substr(e1);
	std::size_t late = good.find('\n', s1 + 3 * 64 * 1024) + 1 - body_at; // a line of a later piece
	std::string malformed = body;
	malformed.replace(late, 4, "zz00"); // not hex
	// a newline inside a line's SHA-256 (64 characters still): no field may hold one, or a line
	// would read differently from a piece's start than from the file's
	std::string sha_with_newline = body;
	std::size_t other = body.find('\n', late) + 1, other_end = body.find('\n', other);
	sha_with_newline[other_end - 10] = '\n';
	std::string unsummed = good;
	unsummed[unsummed.size() - 4] = unsummed[unsummed.size() - 4] == '0' ? '1' : '0'; // a SHA-256 digit
	for (const std::string &bad : {with_body(swapped), with_body(malformed), with_body(sha_with_newline), unsummed}) {
		std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
		pgmig::FolderHashes reread = pgmig::HashScriptFolder(dir_, cache);
		EXPECT_EQ(reread.from_cache, 0u);
		EXPECT_EQ(reread.digest, digest);
		EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3000u) << "written again";
		EXPECT_EQ(pgmig::ReadFileBytes(file, "entry"), good);
	}
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

class FolderLoaderTest : public ChainFolderTest {
protected:
	/* FolderDigestOfFiles: the digest of the fixture's files, from their names and bytes. */
	std::string
	FolderDigestOfFiles() const {
		std::vector<pgm::FolderEntry> entries;
		for (std::size_t i = 0; i < folder_.files.size(); i++)
			entries.push_back({folder_.files[i].name, Sum(i)});
		return pgm::FolderDigest(entries);
	}
};

TEST_F(FolderLoaderTest, SameHashesAndFolderWithColdAndWarmCache) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1); // the files were just written: record them
	for (std::size_t round = 0; round < 2; round++) { // the first fills the cache, the second reads it
		pgmig::FolderLoader loader(dir_, cache);
		pgmig::FolderHashes expected = pgmig::HashScriptFolder(dir_, dir_ / "other-cache");
		const pgmig::FolderHashes &hashes = loader.Hashes();
		EXPECT_EQ(hashes.count, 3u);
		EXPECT_EQ(hashes.digest, expected.digest);
		EXPECT_EQ(hashes.digest, FolderDigestOfFiles());
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
		text.replace(text.find("cache 3"), 7, "cache 1");
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
		std::size_t sum = text.find("\nchecksum ") + 10;
		std::size_t body = sum + 17;
		std::size_t second = text.find('\n', body) + 1;
		std::size_t third = text.find('\n', second) + 1;
		std::string swapped =
		    text.substr(second, third - second) + text.substr(body, second - body) + text.substr(third);
		text = text.substr(0, sum) + pgmig::FileHashCacheChecksum(swapped) + "\n" + swapped;
		std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << text;
	}
	pgmig::FolderHashes reread = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(reread.from_cache, 0u) << "lines out of order are not trusted";
	pgmig::FolderHashes again = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(again.from_cache, 3u) << "and the entry file is written again";
	EXPECT_EQ(reread.digest, FolderDigestOfFiles());
	EXPECT_EQ(again.digest, FolderDigestOfFiles());
	EXPECT_EQ(warm.digest, FolderDigestOfFiles());
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

/* EntryFile: the path of the one entry file in cache. */
fs::path
EntryFile(const fs::path &cache) {
	for (const auto &entry : fs::directory_iterator(cache))
		if (entry.path().filename().string().rfind("file-hashes-3-", 0) == 0)
			return entry.path();
	return {};
}

/* Rewrite: the entry file with its body (what follows the checksum line) replaced, checksum kept right. */
void
RewriteBody(const fs::path &file, const std::string &format, const std::function<std::string(std::string)> &edit) {
	std::string text = pgmig::ReadFileBytes(file, "entry");
	std::size_t sum = text.find("\nchecksum ") + 10;
	std::string body = edit(text.substr(sum + 17));
	std::string head = text.substr(0, sum);
	head.replace(0, head.find('\n'), format);
	std::ofstream(file, std::ios::binary | std::ios::trunc) << head + pgmig::FileHashCacheChecksum(body) + "\n" + body;
}

// Format 3 has an entry file of its own name: 0.10.1's (format 2, named by a SHA-256) is neither
// read nor rewritten, and an entry file of another format under the new name counts as empty.
TEST_F(FolderLoaderTest, CacheOfFormatThreeHasItsOwnEntryFile) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	fs::path file = EntryFile(cache);
	ASSERT_EQ(file.filename().string().rfind("file-hashes-3-", 0), 0u) << file;
	const std::string old_text = "pgmig file hash cache 2\ndir 00\nsha256 " + pgm::Sha256Hex("") + "\n";
	std::ofstream(cache / "file-hashes-0123456789abcdef", std::ios::binary) << old_text;
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3u);
	EXPECT_EQ(pgmig::ReadFileBytes(cache / "file-hashes-0123456789abcdef", "old"), old_text);
	RewriteBody(file, "pgmig file hash cache 2", [](std::string body) { return body.substr(body.find('\n') + 1); });
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 0u) << "format 2 under the new name";
	EXPECT_EQ(pgmig::ReadFileBytes(file, "entry").rfind("pgmig file hash cache 3\n", 0), 0u) << "written again";
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 3u);
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

// While the versions directory's stat is the one recorded, the names come from the entry file:
// shown here by an entry file stripped of a line by hand (pgmig never writes one so), which
// makes the run miss that file until the directory changes.  A file added is seen at once.
TEST_F(FolderLoaderTest, ListingLineStandsForTheDirectoryUntilItChanges) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	fs::path file = EntryFile(cache);
	std::string text = pgmig::ReadFileBytes(file, "entry");
	std::size_t listing = text.find("\nlisting ");
	ASSERT_NE(listing, std::string::npos);
	EXPECT_NE(text.substr(listing, 11), "\nlisting -\n") << "every file recorded: the directory's stat is";
	RewriteBody(file, "pgmig file hash cache 3", [](std::string body) {
		std::size_t first = body.find('\n') + 1; // past the listing line
		return body.erase(first, body.find('\n', first) + 1 - first);
	});
	pgmig::FolderHashes stale = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(stale.count, 2u) << "the names came from the entry file";
	EXPECT_EQ(stale.from_cache, 2u);

	Write("dddd4444_d.sql", "-- d\n--\n-- Revision ID: dddd4444\n-- Revises: cccc3333\n\n-- migrate:upgrade\n");
	pgmig::FolderHashes added = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(added.count, 4u) << "a file added changes the directory: it is read";
	EXPECT_EQ(added.from_cache, 2u);
	pgmig::FolderHashes again = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(again.count, 4u);
	EXPECT_EQ(again.from_cache, 4u);
	EXPECT_EQ(again.digest, added.digest);

	// a file within the racy window is not recorded, so neither is the directory (just written)
	Write("eeee5555_e.sql", "-- e\n--\n-- Revision ID: eeee5555\n-- Revises: dddd4444\n\n-- migrate:upgrade\n");
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "2000", 1);
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 4u);
	text = pgmig::ReadFileBytes(EntryFile(cache), "entry");
	EXPECT_NE(text.find("\nlisting -\n"), std::string::npos) << text;
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).count, 5u) << "the directory is read";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	text = pgmig::ReadFileBytes(EntryFile(cache), "entry");
	EXPECT_EQ(text.find("\nlisting -\n"), std::string::npos) << "recorded once older than the window";
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).from_cache, 5u);
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

// While the directory and every file are as recorded, the folder's digest is the listing line's
// (shown by one replaced by hand, with the checksum made right): nothing is computed again.  A
// file edited in place makes it computed, and the line written again.
TEST_F(FolderLoaderTest, ListingLineGivesTheDigestWhileNothingChanged) {
	fs::path cache = dir_ / ".pgmig-cache";
	setenv("PGMIG_TEST_FILE_HASH_WINDOW_MS", "0", 1);
	(void)pgmig::HashScriptFolder(dir_, cache);
	fs::path file = EntryFile(cache);
	std::string text = pgmig::ReadFileBytes(file, "entry");
	EXPECT_NE(text.find(" " + FolderDigestOfFiles() + "\n"), std::string::npos) << text;
	const std::string forged(64, 'f');
	RewriteBody(file, "pgmig file hash cache 3",
	            [&](std::string body) { return body.replace(body.find('\n') - 64, 64, forged); });
	pgmig::FolderHashes trusted = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(trusted.digest, forged);
	EXPECT_EQ(trusted.from_cache, 3u);

	std::string second = pgmig::ReadFileBytes(dir_ / "versions" / folder_.files[1].name, "file");
	{
		std::ofstream out(dir_ / "versions" / folder_.files[1].name, std::ios::binary | std::ios::in | std::ios::out);
		out << "XY";
	}
	std::string edited = "XY" + second.substr(2);
	ASSERT_NE(edited, second);
	std::vector<pgm::FolderEntry> entries;
	for (std::size_t i = 0; i < folder_.files.size(); i++)
		entries.push_back({folder_.files[i].name, i == 1 ? pgm::Sha256Hex(edited) : Sum(i)});
	pgmig::FolderHashes computed = pgmig::HashScriptFolder(dir_, cache);
	EXPECT_EQ(computed.from_cache, 2u);
	EXPECT_EQ(computed.digest, pgm::FolderDigest(entries));
	EXPECT_NE(pgmig::ReadFileBytes(file, "entry").find(" " + computed.digest + "\n"), std::string::npos);
	EXPECT_EQ(pgmig::HashScriptFolder(dir_, cache).digest, computed.digest);
	unsetenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
}

TEST_F(FolderLoaderTest, ParseErrorComesFromFolderNotFromHashes) {
	Write("dddd4444_d.sql", "-- no revision header at all\nSELECT 1;\n");
	std::string expected = pgm::test::CatchMigError([&] { pgmig::LoadScriptFolder(dir_); }).Message();
	ASSERT_FALSE(expected.empty());
	pgmig::FolderLoader loader(dir_, dir_ / ".pgmig-cache");
	EXPECT_EQ(loader.Hashes().count, 4u); // hashing reads bytes, it does not parse
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
		EXPECT_EQ(loader.Hashes().count, 3u);
		if (i % 2 == 1)
			loader.StartParse();
		loader.Cancel();
		if (i % 4 == 3) // a cancelled loader still gives the folder: read on this thread
			ExpectSameFolder(loader.Folder(), folder_);
	} // each destructor joins its thread: the test ends only if none waits forever
}

} // namespace
