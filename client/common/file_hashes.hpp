/*
 * file_hashes.hpp: the SHA-256 of the revision files for the no-op check of upgrade and
 * downgrade (NothingPending), without reading the files that did not change since the last run.
 * A cache in .pgmig-cache/ (next to the configuration file, like the models' cache) keeps each
 * file's hash with what stat(2) said of it; a file whose size, modification time, change time,
 * inode or device differ, or that changed too recently to be told apart from a change in the
 * same clock tick, is read and hashed again.  docs/benchmarks.md ("0.7.0") has the figures.
 */
#pragma once

#include "client/common/context.hpp"

#include "core/folder_digest.hpp"

#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pgmig {

/* FileStat: what the cache compares to trust a recorded hash. */
struct FileStat {
	long long size = 0;
	long long mtime_ns = 0;
	long long ctime_ns = 0;
	unsigned long long inode = 0;
	unsigned long long device = 0;

	bool
	operator==(const FileStat &o) const {
		return size == o.size && mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns && inode == o.inode &&
		       device == o.device;
	}
	bool
	operator!=(const FileStat &o) const {
		return !(*this == o);
	}
};

/*
 * kRacyNanoseconds: a file whose modification or change time is this close to the time the
 * cache is written is not recorded: a change in the same tick of a coarse file system clock
 * would keep every stat field (git's "racily clean" entries).  The end-to-end tests shorten it
 * with PGMIG_TEST_FILE_HASH_WINDOW_MS (a test-only setting, docs/testing.md).
 */
inline constexpr long long kRacyNanoseconds = 2'000'000'000;

/*
 * FolderHashes: the digest (core/folder_digest.hpp) of <location>/versions's files, how many
 * there are and, when every file had to be read, the files themselves (for the run that
 * follows, so it need not read them again).
 */
struct FolderHashes {
	std::string digest;                           // FolderDigest of the files' names and SHA-256
	std::size_t count = 0;                        // how many files
	std::optional<std::vector<ScriptFile>> files; // set when no hash came from the cache
	std::size_t from_cache = 0;                   // how many hashes came from the cache
	// every file parses and none declares "Transactional: false" (recorded in the cache with
	// its hash, so known without reading the file again)
	bool all_transactional = true;
};

/*
 * HashScriptFolder: FolderHashes of the script folder at location, through the cache in
 * cache_dir (which need not exist).  The folder's errors are ReadScriptFiles's.  The cache never
 * makes it fail: an entry file that cannot be read, is not a regular file (a symbolic link), is
 * of another format or folder, or fails its checksum counts as empty; one that cannot be
 * written is skipped.  It is written (to a temporary file renamed into place) only when a hash
 * was computed.
 */
FolderHashes HashScriptFolder(const std::filesystem::path &location, const std::filesystem::path &cache_dir);

/*
 * HashScriptFolderAlongside: HashScriptFolder on another thread, so that the caller connects
 * meanwhile (the server forks and authenticates the session in about the time hashing 1,000
 * cached files takes).  get() returns the hashes or throws the folder's error.
 */
std::future<FolderHashes> HashScriptFolderAlongside(std::filesystem::path location, std::filesystem::path cache_dir);

/*
 * FolderLoader: what a run needs of the script folder, prepared on another thread while the
 * caller talks to the server: first HashScriptFolder (Hashes(): the no-op check needs only the
 * digest), then, once StartParse() is called and unless Cancel() came first, the folder parsed
 * (Folder(): ParseScriptFolder of the files hashing read, or of the files read now, one by one).
 * A run with work to do thus finds the folder parsed while it opened its transaction and asked
 * whether the folder is stored; a run with nothing to do never reads the files; a cancelled
 * parse stops between two files.  Folder() starts the parse if it was not started, and after
 * Cancel() loads the folder on the caller's thread (LoadScriptFolder).  Both
 * getters wait, and throw the folder's error (ReadScriptFiles's, ParseScriptFolder's) as the
 * caller's thread would have.  The destructor cancels and joins.
 */
class FolderLoader {
public:
	FolderLoader(std::filesystem::path location, std::filesystem::path cache_dir);
	FolderLoader(const FolderLoader &) = delete;
	FolderLoader &operator=(const FolderLoader &) = delete;
	~FolderLoader();

	/* Hashes: HashScriptFolder's result (files left out: the parse keeps them). */
	const FolderHashes &Hashes();
	/* HashesReady: Hashes() would not wait. */
	bool HashesReady() const;
	/* StartParse: let the thread read and parse the folder once hashing is done. */
	void StartParse();
	/* Folder: the parsed folder, kept by the loader (callable again; the same folder or error). */
	const ScriptFolder &Folder();
	/* Cancel: skip the parse if it has not begun, stop it between two files if it has. */
	void Cancel();

private:
	void Run(std::filesystem::path location, std::filesystem::path cache_dir);
	void Go(bool parse);

	std::once_flag go_once_;
	std::promise<bool> go_; // true: parse; false: cancelled
	std::future<bool> go_future_;

	std::filesystem::path location_;
	std::promise<FolderHashes> hashes_promise_;
	std::shared_future<FolderHashes> hashes_;
	std::promise<ScriptFolder> folder_promise_;
	std::shared_future<ScriptFolder> folder_;
	std::optional<ScriptFolder> loaded_here_; // after Cancel()
	std::atomic<bool> cancelled_{false};
	std::thread thread_;
};

/*
 * FileHashCacheChecksum: the checksum an entry file of the cache carries of its body (the lines
 * after its "checksum" line): 16 lowercase hex digits of std::hash (file_hashes.cpp says why not a
 * SHA-256).  Public for the tests that edit an entry file by hand.
 */
std::string FileHashCacheChecksum(std::string_view body);

/* FileHashCacheDir: .pgmig-cache next to the configuration file (which need not exist). */
std::filesystem::path FileHashCacheDir(const Context &ctx);

} // namespace pgmig
