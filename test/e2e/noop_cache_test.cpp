/*
 * noop_cache_test.cpp: end-to-end tests of what makes the no-op check cheap (0.7.0): the file
 * hash cache of .pgmig-cache/ (client/common/file_hashes.hpp), which must never hide a change of
 * a file, and the fast path, which must never hide a change of the database made behind the
 * folder's back (a stamp, a downgrade by another client, a catalog row edited by hand).  Whether
 * a run took the fast path is seen as NoopTest sees it: the fast path takes no migration lock,
 * so with the lock held by another session it succeeds, and the full path fails.
 */
#include "test/e2e/harness.hpp"

#include "client/common/file_hashes.hpp"

#include "core/catalog_names.hpp"

#include <chrono>
#include <thread>

namespace e2e {
namespace {

/* ASSERT_CONTAINS: EXPECT_CONTAINS that ends the test. */
#define ASSERT_CONTAINS(haystack, needle) ASSERT_TRUE(::e2e::Contains((haystack), (needle)))

class NoopCacheTest : public DbTest {
protected:
	std::unique_ptr<pgmig::Connection>
	HoldMigrationLock() {
		auto holder = std::make_unique<pgmig::Connection>(url_);
		holder->Exec("SELECT pg_catalog.pg_advisory_lock(" + std::to_string(pgm::kMigrationLockKey) + ")");
		return holder;
	}
	const Env kShortLockWait{{"PGOPTIONS", "-c deadlock_timeout=50ms -c pg_migrate.migration_lock_timeout=400ms"}};

	fs::path
	CacheDir() const {
		return dir_ / ".pgmig-cache";
	}
	/* CacheFile: the file hash cache's entry file (there is one script folder); empty when none. */
	fs::path
	CacheFile() const {
		std::error_code ec;
		for (fs::directory_iterator it(CacheDir(), ec), end; !ec && it != end; it.increment(ec))
			if (it->path().filename().string().rfind("file-hashes-", 0) == 0)
				return it->path();
		return {};
	}
	/* FileOf: the path of revision id's file. */
	fs::path
	FileOf(const std::string &id) const {
		for (const auto &entry : fs::directory_iterator(Versions()))
			if (entry.path().filename().string().rfind(id, 0) == 0)
				return entry.path();
		return {};
	}
	/*
	 * kShortWindow: the runs of pgmig that record hashes with the racy window shortened to 100 ms
	 * (PGMIG_TEST_FILE_HASH_WINDOW_MS, a test-only setting): WriteCachedEntries(target,
	 * kShortWindow) waits 150 ms instead of 2.1 s.  CacheIsUsedOnlyWhenIntact keeps the real window.
	 */
	const Env kShortWindow{{"PGMIG_TEST_FILE_HASH_WINDOW_MS", "100"}};
	/*
	 * WriteCachedEntries: wait until the files are older than the cache's racy window (2 s, or
	 * 100 ms with kShortWindow), then let a no-op run record their hashes; the cache file must
	 * exist afterwards.
	 */
	void
	WriteCachedEntries(const std::string &target, const Env &env = {}) {
		std::this_thread::sleep_for(std::chrono::milliseconds(env.empty() ? 2100 : 150));
		RunResult r = Run({"upgrade", target}, env);
		ASSERT_EQ(r.exit_code, 0) << r.err;
		ASSERT_CONTAINS(r.err, "Nothing to do.");
		ASSERT_FALSE(CacheFile().empty()) << "no file hash cache was written";
	}
	/*
	 * Forge: the cache file text with its first file's hash and the folder's digest on the listing
	 * line (what a run takes while nothing changed) replaced, its checksum made valid or kept
	 * (lines: format, dir, checksum, listing, then one per file).
	 */
	std::string
	Forge(const std::string &text, bool valid_checksum) {
		std::vector<std::string> lines = Lines(text);
		EXPECT_GE(lines.size(), 5u);
		EXPECT_NE(lines[3], "listing -") << "the directory is recorded";
		if (lines[3].size() > 64)
			lines[3].replace(lines[3].size() - 64, 64, std::string(64, '0'));
		std::string &last = lines[4];
		// "... <sha256> <t|f|?>": the hash is the field before the transactional flag
		std::size_t flag = last.rfind(' ');
		EXPECT_GE(flag, 64u);
		last.replace(flag - 64, 64, std::string(64, '0'));
		std::string body;
		for (std::size_t i = 3; i < lines.size(); i++)
			body += lines[i] + "\n";
		std::string sum = valid_checksum ? pgmig::FileHashCacheChecksum(body) : lines[2].substr(9);
		return lines[0] + "\n" + lines[1] + "\nchecksum " + sum + "\n" + body;
	}
};

/*
 * The cache is used (a forged hash with a valid checksum makes the digest differ: the full path
 * runs and waits for the lock), and a corrupt one or one behind a symbolic link is not (the fast
 * path answers with the lock held).
 */
TEST_F(NoopCacheTest, CacheIsUsedOnlyWhenIntact) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	// The real racy window: files written less than 2 s ago are not recorded.
	RunResult fresh = Run({"upgrade", "head"});
	ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
	EXPECT_TRUE(CacheFile().empty()) << "files changed just now were recorded: " << ReadFile(CacheFile());
	WriteCachedEntries("head");
	std::string good = ReadFile(CacheFile());
	fs::path cache = CacheFile();
	auto holder = HoldMigrationLock();

	RunResult r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");

	WriteFile(cache, Forge(good, true));
	r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 1) << "a forged cache entry was not used: " << r.err;
	EXPECT_CONTAINS(r.err, "could not obtain the migration lock");

	WriteFile(cache, Forge(good, false));
	r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << "a corrupt cache entry was used: " << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");

	fs::path forged = dir_ / "forged";
	WriteFile(forged, Forge(good, true));
	fs::remove(cache);
	fs::create_symlink(forged, cache);
	r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << "a cache entry behind a symbolic link was used: " << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_EQ(ReadFile(forged), Forge(good, true)) << "the link's target was written";

	fs::remove(cache);
	WriteFile(cache, "garbage\n");
	r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
}

/*
 * A pending file edited after its hash was cached, with the same size and its modification time
 * set back: its change time differs, so it is hashed again and uploaded.  Then a file replaced by
 * another one (another inode) with the same size and times set back, and one that grew.
 */
TEST_F(NoopCacheTest, ChangedFileIsHashedAgain) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	WriteCachedEntries("bbbb2222", kShortWindow);
	fs::path third = FileOf("cccc3333");
	std::string text = ReadFile(third);
	auto mtime = fs::last_write_time(third);

	std::string edited = text;
	std::size_t at = edited.find("ledger");
	ASSERT_NE(at, std::string::npos);
	edited.replace(at, 6, "LEDGER");
	WriteFile(third, edited);
	fs::last_write_time(third, mtime);
	RunResult r = Run({"upgrade", "bbbb2222"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	EXPECT_EQ(Scalar("SELECT position('LEDGER' IN script) > 0 FROM pg_migrate.revision WHERE id = 'cccc3333'"), "t");

	// Replaced by a new file (another inode) of the same size, with the old times.
	WriteCachedEntries("bbbb2222", kShortWindow);
	fs::path replacement = dir_ / "replacement.sql";
	WriteFile(replacement, text);
	fs::last_write_time(replacement, mtime);
	fs::rename(replacement, third);
	r = Run({"upgrade", "bbbb2222"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	EXPECT_EQ(Scalar("SELECT position('LEDGER' IN script) = 0 FROM pg_migrate.revision WHERE id = 'cccc3333'"), "t");

	// Grown (another size).
	WriteCachedEntries("bbbb2222", kShortWindow);
	WriteFile(third, text + "\n");
	fs::last_write_time(third, mtime);
	r = Run({"upgrade", "bbbb2222"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 1 revision upgraded.");
}

/* The database changed behind the folder's back: a stamp or a downgrade by another client. */
TEST_F(NoopCacheTest, StampOrDowngradeByAnotherClientIsSeen) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	// a hand-made revert of cccc3333, then a stamp
	db_->Exec("DROP TABLE ledger");
	db_->Exec("SELECT count(*) FROM migrate_stamp(ARRAY['bbbb2222'])");
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 1 revision upgraded.");

	pgmig::Connection other(url_);
	other.SetNoticeHandler([](const PGresult *) {});
	other.Exec("SELECT count(*) FROM migrate_downgrade('aaaa1111')");
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 2 revisions upgraded.");
	r = Run({"downgrade", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 2 revisions downgraded.");
	other.Exec("SELECT count(*) FROM migrate_upgrade('head')");
	r = Run({"downgrade", "aaaa1111"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Done: 2 revisions downgraded.");
	EXPECT_EQ(Run({"current"}).out, "aaaa1111\n");
}

/*
 * A catalog row edited by hand (its checksum, by a superuser) no longer matches the folder: the
 * run does not take the fast path and uploads the file again.
 */
TEST_F(NoopCacheTest, HandEditedCatalogRowIsSeen) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	std::string before = Scalar("SELECT checksum FROM pg_migrate.revision WHERE id = 'cccc3333'");
	db_->Exec("UPDATE pg_migrate.revision SET checksum = repeat('0', 64) WHERE id = 'cccc3333'");
	auto holder = HoldMigrationLock();
	RunResult r = Run({"upgrade", "bbbb2222"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 1) << "the fast path hid a row edited by hand: " << r.err;
	holder.reset();
	r = Run({"upgrade", "bbbb2222"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Uploaded 3 revisions: 0 added, 1 updated, 0 removed, 2 unchanged.");
	EXPECT_EQ(Scalar("SELECT checksum FROM pg_migrate.revision WHERE id = 'cccc3333'"), before);
}

/*
 * No stored folder state (an extension just updated from 0.6.0, or the row deleted): the no-op
 * check cannot tell, so the run takes the full path once, which stores the state; the next run
 * takes the fast path.  pgmig current prints the same lines with and without the state.
 */
TEST_F(NoopCacheTest, MissingStateIsStoredByTheNextRun) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.folder_state"), "1");
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");
	db_->Exec("DELETE FROM pg_migrate.folder_state");
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");
	{
		auto holder = HoldMigrationLock();
		RunResult r = Run({"upgrade", "head"}, kShortLockWait);
		EXPECT_EQ(r.exit_code, 1) << "the fast path answered without a stored state: " << r.err;
	}
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_migrate.folder_state"), "1");
	auto holder = HoldMigrationLock();
	r = Run({"upgrade", "head"}, kShortLockWait);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, "Nothing to do.");
	EXPECT_EQ(Run({"current"}).out, "cccc3333 (head)\n");
}

} // namespace
} // namespace e2e
