/*
 * file_hashes.cpp: the revision files' SHA-256 for the no-op check, through the file hash
 * cache of .pgmig-cache/ (file_hashes.hpp).
 *
 * An entry file, one per versions directory ("file-hashes-<16 hex of the directory's absolute
 * path's SHA-256>"), holds:
 *
 *   pgmig file hash cache 2
 *   dir <hex of the versions directory's absolute path>
 *   sha256 <SHA-256 of the lines below>
 *   <hex of the file name> <size> <mtime ns> <ctime ns> <inode> <device> <SHA-256> <t|f|?>   (one per file,
 *   in increasing order of the names' bytes; an entry file out of order counts as empty)
 *
 * The last field says whether the revision is transactional (t), declares "Transactional:
 * false" (f), or did not parse (?).  Format 1 (0.7.0 and 0.8.0) had no such field: such an entry
 * file counts as empty and is written again.
 * Names are hex so that any byte of a file name (a newline, a space) keeps the format.
 */
#include "client/common/file_hashes.hpp"
#include "client/common/unique_fd.hpp"

#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/sha256.hpp"

#include <cerrno>
#include <string_view>
#include <cstring>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

constexpr const char *kFormat = "pgmig file hash cache 2";

/* kMaxCacheSize: an entry file larger than this is not read (about 200 bytes a revision). */
constexpr long long kMaxCacheSize = 256LL * 1024 * 1024;

std::string
Hex(const std::string &bytes) {
	static const char *digits = "0123456789abcdef";
	std::string out;
	out.reserve(bytes.size() * 2);
	for (unsigned char c : bytes) {
		out += digits[c >> 4];
		out += digits[c & 15];
	}
	return out;
}

FileStat
StatOf(const struct stat &st) {
	FileStat s;
	s.size = static_cast<long long>(st.st_size);
	s.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
	s.ctime_ns = static_cast<long long>(st.st_ctim.tv_sec) * 1'000'000'000LL + st.st_ctim.tv_nsec;
	s.inode = static_cast<unsigned long long>(st.st_ino);
	s.device = static_cast<unsigned long long>(st.st_dev);
	return s;
}

/* Cached: a recorded hash and the stat it was recorded with. */
struct Cached {
	FileStat stat;
	std::string sha256;
	char transactional = '?'; // t, f, or ? (the file did not parse)

	bool
	operator==(const Cached &o) const {
		return stat == o.stat && sha256 == o.sha256 && transactional == o.transactional;
	}
	bool
	operator!=(const Cached &o) const {
		return !(*this == o);
	}
};

/* ReadAll: the bytes of the regular file open on fd whose size is size; nullopt when it differs. */
std::optional<std::string>
ReadAll(int fd, long long size) {
	std::string text(static_cast<std::size_t>(size), '\0');
	std::size_t done = 0;
	while (done < text.size()) {
		ssize_t n = read(fd, text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return std::nullopt;
		done += static_cast<std::size_t>(n);
	}
	char extra;
	if (read(fd, &extra, 1) != 0)
		return std::nullopt;
	return text;
}

/*
 * LoadedCache: the recorded hashes of an entry file as read, sorted by name (StoreCache writes
 * them in that order): the lines point into the file's text and one string of decoded names,
 * so reading 10,000 lines makes no allocation per line.  Find walks forward, for names asked in
 * sorted order.
 */
struct LoadedCache {
	struct Line {
		std::size_t name = 0; // in names
		std::size_t name_len = 0;
		std::size_t sha256 = 0; // in text, 64 hex digits
		FileStat stat;
		char transactional = '?';
	};
	std::string text;
	std::string names;
	std::vector<Line> lines;
	std::size_t next = 0; // Find's position

	std::string_view
	Name(const Line &line) const {
		return std::string_view(names).substr(line.name, line.name_len);
	}
	Cached
	At(const Line &line) const {
		return Cached{line.stat, text.substr(line.sha256, 64), line.transactional};
	}
	/* Find: the line of name, or nullptr; names must be asked in increasing order. */
	const Line *
	Find(std::string_view name) {
		while (next < lines.size() && Name(lines[next]) < name)
			next++;
		return next < lines.size() && Name(lines[next]) == name ? &lines[next] : nullptr;
	}
	/* AsMap: every line, as StoreCache takes them. */
	std::map<std::string, Cached>
	AsMap() const {
		std::map<std::string, Cached> map;
		for (const Line &line : lines)
			map.emplace_hint(map.end(), std::string(Name(line)), At(line));
		return map;
	}
};

/*
 * LoadCache: the recorded hashes of the entry file at path for the directory dir_hex; empty
 * when the file is absent, not a regular file, of another format or directory, or corrupt
 * (which includes lines out of order).
 */
LoadedCache
LoadCache(const fs::path &path, const std::string &dir_hex) {
	LoadedCache cache;
	UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
	if (fd.Get() < 0)
		return cache;
	struct stat st;
	if (fstat(fd.Get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 || st.st_size > kMaxCacheSize)
		return cache;
	std::optional<std::string> read = ReadAll(fd.Get(), st.st_size);
	if (!read)
		return cache;
	const std::string &text = *read;
	std::string header = std::string(kFormat) + "\ndir " + dir_hex + "\nsha256 ";
	if (text.compare(0, header.size(), header) != 0 || text.size() < header.size() + 65 ||
	    text[header.size() + 64] != '\n')
		return cache;
	std::size_t body_at = header.size() + 65;
	std::string_view body = std::string_view(text).substr(body_at);
	if (pgm::Sha256Hex(body) != std::string_view(text).substr(header.size(), 64))
		return cache;
	// One line per file: "name_hex size mtime ctime inode device sha256 flag", single spaces (as
	// StoreCache writes it), names increasing; anything else makes the whole cache empty.
	LoadedCache parsed;
	const char *const begin = text.data();
	const char *p = begin + body_at;
	const char *const end = begin + text.size();
	auto field = [&](const char *&at, char stop) -> std::string_view {
		const char *next = static_cast<const char *>(std::memchr(at, stop, static_cast<std::size_t>(end - at)));
		if (next == nullptr)
			return {};
		std::string_view f(at, static_cast<std::size_t>(next - at));
		at = next + 1;
		return f;
	};
	auto number = [](std::string_view f, auto &value) {
		auto [ptr, err] = std::from_chars(f.data(), f.data() + f.size(), value);
		return !f.empty() && err == std::errc() && ptr == f.data() + f.size();
	};
	auto nibble = [](char c) -> int {
		if (c >= '0' && c <= '9')
			return c - '0';
		if (c >= 'a' && c <= 'f')
			return c - 'a' + 10;
		return -1;
	};
	parsed.names.reserve(body.size() / 4);
	while (p < end) {
		std::string_view name_hex = field(p, ' ');
		LoadedCache::Line line;
		std::string_view size = field(p, ' '), mtime = field(p, ' '), ctime = field(p, ' '), inode = field(p, ' '),
		                 device = field(p, ' '), sha = field(p, ' '), flag = field(p, '\n');
		if (name_hex.empty() || name_hex.size() % 2 != 0 || !number(size, line.stat.size) ||
		    !number(mtime, line.stat.mtime_ns) || !number(ctime, line.stat.ctime_ns) ||
		    !number(inode, line.stat.inode) || !number(device, line.stat.device) || sha.size() != 64 ||
		    flag.size() != 1 || (flag[0] != 't' && flag[0] != 'f' && flag[0] != '?'))
			return cache;
		line.transactional = flag[0];
		line.sha256 = static_cast<std::size_t>(sha.data() - begin);
		line.name = parsed.names.size();
		line.name_len = name_hex.size() / 2;
		for (std::size_t i = 0; i < name_hex.size(); i += 2) {
			int hi = nibble(name_hex[i]), lo = nibble(name_hex[i + 1]);
			if (hi < 0 || lo < 0)
				return cache;
			parsed.names += static_cast<char>(hi * 16 + lo);
		}
		if (!parsed.lines.empty() && !(parsed.Name(parsed.lines.back()) < parsed.Name(line)))
			return cache;
		parsed.lines.push_back(line);
	}
	parsed.text = std::move(*read);
	return parsed;
}

/* StoreCache: write the entry file at path atomically; errors are ignored. */
void
StoreCache(const fs::path &dir, const fs::path &path, const std::string &dir_hex,
           const std::map<std::string, Cached> &entries) {
	fs::path tmp;
	try {
		std::error_code ec;
		fs::create_directories(dir, ec);
		if (ec || !fs::is_directory(fs::symlink_status(dir, ec)) || ec)
			return;
		{
			fs::path ignore = dir / ".gitignore";
			UniqueFd out(open(ignore.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
			if (out.Get() >= 0 && !WriteAll(out.Get(), "# pgmig's caches (docs/models.md, docs/benchmarks.md); safe to "
			                                           "delete.\n*\n"))
				return;
		}
		std::string body;
		for (const auto &[name, c] : entries)
			body += Hex(name) + " " + std::to_string(c.stat.size) + " " + std::to_string(c.stat.mtime_ns) + " " +
			        std::to_string(c.stat.ctime_ns) + " " + std::to_string(c.stat.inode) + " " +
			        std::to_string(c.stat.device) + " " + c.sha256 + " " + c.transactional + "\n";
		std::string text = std::string(kFormat) + "\ndir " + dir_hex + "\nsha256 " + pgm::Sha256Hex(body) + "\n" + body;
		char suffix[48];
		std::snprintf(suffix, sizeof(suffix), ".hashes-tmp-%ld-%08x", static_cast<long>(getpid()),
		              static_cast<unsigned>(std::random_device{}()));
		fs::path name = dir / suffix;
		UniqueFd out(open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
		if (out.Get() < 0)
			return;
		tmp = name;
		if (!WriteAll(out.Get(), text) || !out.Close()) {
			fs::remove(tmp, ec);
			return;
		}
		fs::rename(tmp, path, ec);
		if (ec)
			fs::remove(tmp, ec);
	} catch (...) {
		if (!tmp.empty()) {
			std::error_code ec;
			fs::remove(tmp, ec);
		}
	}
}

/* TransactionalFlag: t or f as file's revision declares, ? when it does not parse. */
char
TransactionalFlag(const ScriptFile &file) {
	try {
		return pgm::ParseRevisionFile(file.path, file.bytes).rev.transactional ? 't' : 'f';
	} catch (const pgm::MigError &) {
		return '?';
	}
}

/*
 * RacyWindowNs: kRacyNanoseconds, or, for the tests only, PGMIG_TEST_FILE_HASH_WINDOW_MS
 * milliseconds (0 to 2000; anything else is ignored): the end-to-end tests that need cached
 * entries wait out a short window instead of two seconds, and one of them keeps the real window.
 */
long long
RacyWindowNs() {
	const char *text = std::getenv("PGMIG_TEST_FILE_HASH_WINDOW_MS");
	if (text == nullptr || *text == '\0')
		return kRacyNanoseconds;
	char *end = nullptr;
	long ms = std::strtol(text, &end, 10);
	if (*end != '\0' || ms < 0 || ms > kRacyNanoseconds / 1'000'000)
		return kRacyNanoseconds;
	return ms * 1'000'000LL;
}

long long
NowNs() {
	return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
	    .count();
}

} // namespace

fs::path
FileHashCacheDir(const Context &ctx) {
	fs::path dir = fs::path(ctx.options.config_file).parent_path();
	return (dir.empty() ? fs::path(".") : dir) / ".pgmig-cache";
}

FolderHashes
HashScriptFolder(const fs::path &location, const fs::path &cache_dir) {
	fs::path versions = ScriptVersionsDir(location);
	std::error_code ec;
	fs::path absolute = fs::absolute(versions, ec);
	std::string dir_hex = Hex((ec ? versions : absolute).lexically_normal().string());
	fs::path entry = cache_dir / ("file-hashes-" + pgm::Sha256Hex(dir_hex).substr(0, 16));
	LoadedCache cache = LoadCache(entry, dir_hex);

	FolderHashes out;
	std::vector<ScriptFile> files;
	// What the next entry file holds, made only when it may differ from this one: for each file,
	// its cache line (a hit) or what was computed (nullopt: not recorded, no stat).
	std::vector<const LoadedCache::Line *> hits;
	std::vector<std::pair<std::size_t, std::optional<Cached>>> computed;
	// stat relative to the directory: no walk of the folder's path for each file
	UniqueFd dir_fd(open(versions.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	std::vector<std::string> names = SqlFileNames(versions);
	out.entries.reserve(names.size());
	hits.reserve(names.size());
	for (std::size_t i = 0; i < names.size(); i++) {
		const std::string &name = names[i];
		struct stat st;
		int rc = dir_fd.Get() >= 0 ? fstatat(dir_fd.Get(), name.c_str(), &st, 0) : stat((versions / name).c_str(), &st);
		const LoadedCache::Line *hit = cache.Find(name); // names come sorted
		if (rc == 0 && S_ISREG(st.st_mode) && hit != nullptr && hit->stat == StatOf(st)) {
			out.entries.push_back(pgm::FolderEntry{name, cache.text.substr(hit->sha256, 64)});
			out.all_transactional = out.all_transactional && hit->transactional == 't';
			hits.push_back(hit);
			out.from_cache++;
			continue;
		}
		hits.push_back(nullptr);
		// Read it: stat first, so a change made while it is read shows in the next run's stat.
		fs::path file = versions / name;
		std::string path = DisplayPath(file);
		bool have_stat = stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode);
		ScriptFile read{name, path, ReadFileBytes(file, path)};
		std::string sha = pgm::Sha256Hex(read.bytes);
		out.entries.push_back(pgm::FolderEntry{name, sha});
		char transactional = TransactionalFlag(read);
		out.all_transactional = out.all_transactional && transactional == 't';
		computed.emplace_back(i,
		                      have_stat ? std::optional<Cached>(Cached{StatOf(st), sha, transactional}) : std::nullopt);
		files.push_back(std::move(read));
	}
	if (out.from_cache == 0)
		out.files = std::move(files);
	if (!computed.empty() || out.from_cache != cache.lines.size()) {
		std::map<std::string, Cached> next;
		auto fresh = computed.begin();
		for (std::size_t i = 0; i < names.size(); i++) {
			if (hits[i] != nullptr) {
				next.emplace_hint(next.end(), names[i], cache.At(*hits[i]));
			} else {
				if (fresh->second)
					next.emplace_hint(next.end(), names[i], std::move(*fresh->second));
				++fresh;
			}
		}
		// Not recorded: what changed within kRacyNanoseconds of now (see kRacyNanoseconds).
		long long now = NowNs();
		long long window = RacyWindowNs();
		for (auto it = next.begin(); it != next.end();) {
			if (now - it->second.stat.mtime_ns < window || now - it->second.stat.ctime_ns < window)
				it = next.erase(it);
			else
				++it;
		}
		if (next != cache.AsMap())
			StoreCache(cache_dir, entry, dir_hex, next);
	}
	return out;
}

std::future<FolderHashes>
HashScriptFolderAlongside(fs::path location, fs::path cache_dir) {
	return std::async(std::launch::async, [location = std::move(location), cache_dir = std::move(cache_dir)] {
		return HashScriptFolder(location, cache_dir);
	});
}

FolderLoader::FolderLoader(fs::path location, fs::path cache_dir)
    : go_future_(go_.get_future()), location_(location), hashes_(hashes_promise_.get_future().share()),
      folder_(folder_promise_.get_future().share()) {
	thread_ = std::thread(&FolderLoader::Run, this, std::move(location), std::move(cache_dir));
}

FolderLoader::~FolderLoader() {
	Cancel();
	if (thread_.joinable())
		thread_.join();
}

void
FolderLoader::Go(bool parse) {
	std::call_once(go_once_, [&] { go_.set_value(parse); });
}

void
FolderLoader::StartParse() {
	Go(true);
}

void
FolderLoader::Cancel() {
	cancelled_.store(true, std::memory_order_relaxed);
	Go(false);
}

const FolderHashes &
FolderLoader::Hashes() {
	return hashes_.get();
}

const ScriptFolder &
FolderLoader::Folder() {
	StartParse();
	if (cancelled_.load(std::memory_order_relaxed)) {
		// the thread stopped or will stop: load it here
		if (!loaded_here_) {
			if (thread_.joinable())
				thread_.join();
			loaded_here_.emplace(LoadScriptFolder(location_));
		}
		return *loaded_here_;
	}
	return folder_.get();
}

void
FolderLoader::Run(fs::path location, fs::path cache_dir) {
	std::optional<std::vector<ScriptFile>> files;
	try {
		FolderHashes hashes = HashScriptFolder(location, cache_dir);
		files = std::move(hashes.files);
		hashes.files.reset();
		hashes_promise_.set_value(std::move(hashes));
	} catch (...) {
		// the folder's error, for both: the full path reports it
		hashes_promise_.set_exception(std::current_exception());
		folder_promise_.set_exception(std::current_exception());
		return;
	}
	try {
		if (!go_future_.get() || cancelled_.load(std::memory_order_relaxed))
			throw pgm::MigError(pgm::sqlstate::kInternalError, "loading the script folder was cancelled");
		if (!files) {
			fs::path versions = ScriptVersionsDir(location);
			std::vector<std::string> names = SqlFileNames(versions);
			files.emplace();
			files->reserve(names.size());
			for (const std::string &name : names) {
				if (cancelled_.load(std::memory_order_relaxed))
					break;
				std::string path = DisplayPath(versions / name);
				files->push_back(ScriptFile{name, path, ReadFileBytes(versions / name, path)});
			}
		}
		if (cancelled_.load(std::memory_order_relaxed))
			throw pgm::MigError(pgm::sqlstate::kInternalError, "loading the script folder was cancelled");
		folder_promise_.set_value(ParseScriptFolder(location, std::move(*files), &cancelled_));
	} catch (...) {
		folder_promise_.set_exception(std::current_exception());
	}
}

} // namespace pgmig
