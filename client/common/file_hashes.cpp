/*
 * file_hashes.cpp: the revision files' SHA-256 for the no-op check, through the file hash
 * cache of .pgmig-cache/ (file_hashes.hpp).
 *
 * An entry file, one per versions directory ("file-hashes-3-<16 hex of std::hash of the hex of
 * the directory's absolute path>"), holds:
 *
 *   pgmig file hash cache 3
 *   dir <hex of the versions directory's absolute path>
 *   checksum <FileHashCacheChecksum of the lines below>
 *   listing <size> <mtime ns> <ctime ns> <inode> <device> <folder digest>   (or "listing -")
 *   <hex of the file name> <size> <mtime ns> <ctime ns> <inode> <device> <SHA-256> <t|f|?>   (one per file,
 *   in increasing order of the names' bytes; an entry file out of order counts as empty)
 *
 * The last field says whether the revision is transactional (t), declares "Transactional:
 * false" (f), or did not parse (?).  Format 1 (0.7.0 and 0.8.0) had no such field: such an entry
 * file counts as empty and is written again.
 * Names are hex so that any byte of a file name (a newline, a space) keeps the format.
 *
 * The listing line (format 3, after 0.10.1) is what stat(2) said of the versions directory itself
 * when the lines below named every *.sql file in it, and the folder's digest then: while the
 * directory's change time and the rest are the same, no file was added, removed or renamed in
 * it, so the run takes the names from the lines instead of reading the directory; and when every
 * line's file has its recorded stat too, the folder's digest (core/folder_digest.hpp) is the one
 * on the line, not computed again.  "listing -" when some file was not recorded, or the
 * directory changed too recently to be told apart (kRacyNanoseconds).
 *
 * Format 2 (0.9.0 to 0.10.1) lived in "file-hashes-<16 hex of the SHA-256 of the same hex>": a
 * pgmig of either kind keeps its own entry file, neither reads nor rewrites the other's.  The
 * name is no longer a SHA-256 so that the entry file is found before libcrypto is initialized
 * (which libpq does at the same time on the connecting thread, a few milliseconds); the "dir"
 * line inside is what identifies the directory, a name that collides or changes (another
 * standard library's std::hash) only costs a cache miss.
 *
 * The checksum (format 3) is std::hash of the body, not its SHA-256 (format 2): it guards
 * against a torn or damaged file, not against an adversary (whoever can write the cache can
 * write the revision files), and it costs 0.3 ms for a 10,000-revision folder's 2 MB where the
 * SHA-256 cost 1 ms and, first, libcrypto's initialization, 3 ms of CPU (loading its
 * configuration and providers).  So when nothing changed the folder's check does not touch
 * libcrypto at all: the digest comes from the listing line.  A standard library whose std::hash
 * differs only makes the entry file count as empty once.
 */
#include "client/common/file_hashes.hpp"
#include "client/common/unique_fd.hpp"

#include "core/error.hpp"
#include "core/folder_digest.hpp"
#include "core/hex.hpp"
#include "core/revision_file.hpp"
#include "core/sha256.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <random>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

constexpr const char *kFormat = "pgmig file hash cache 3";

/* kMaxCacheSize: an entry file larger than this is not read (about 200 bytes a revision). */
constexpr long long kMaxCacheSize = 256LL * 1024 * 1024;

/* Hex: bytes in lowercase hex. */
std::string
Hex(const std::string &bytes) {
	std::string out(bytes.size() * 2, '\0');
	pgm::LowerHexInto(bytes, out.data());
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

/* Listing: the listing line: the directory's stat and the folder's digest then. */
struct Listing {
	FileStat dir;
	std::string digest; // 64 hex digits

	bool
	operator==(const Listing &o) const {
		return dir == o.dir && digest == o.digest;
	}
	bool
	operator!=(const Listing &o) const {
		return !(*this == o);
	}
};

/*
 * CacheText: an entry file's bytes, mapped (MAP_POPULATE: the page cache's pages, mapped in one
 * call).  A 10,000-revision folder's entry file is about 2 MB: read(2) into memory of our own
 * cost 6 ms in a virtual machine (a page fault a page, the copy), the mapping 0.01 ms.  The
 * file is only ever replaced by rename(2) (StoreCache), never written in place, so the mapped
 * file keeps its size; git maps its index file the same way.
 */
class CacheText {
public:
	CacheText() = default;
	~CacheText() {
		if (data_ != nullptr)
			munmap(data_, size_);
	}
	CacheText(CacheText &&o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
	CacheText &
	operator=(CacheText &&o) noexcept {
		std::swap(data_, o.data_);
		std::swap(size_, o.size_);
		return *this;
	}
	CacheText(const CacheText &) = delete;
	CacheText &operator=(const CacheText &) = delete;

	/* Map: the regular file open on fd, of size bytes (more than 0); nullopt when it fails. */
	static std::optional<CacheText>
	Map(int fd, std::size_t size) {
		void *map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (map == MAP_FAILED)
			return std::nullopt;
		CacheText text;
		text.data_ = static_cast<char *>(map);
		text.size_ = size;
		return text;
	}
	std::string_view
	view() const {
		return data_ == nullptr ? std::string_view() : std::string_view(data_, size_);
	}

private:
	char *data_ = nullptr;
	std::size_t size_ = 0;
};

/* CacheLine: one line of an entry file, read in place. */
struct CacheLine {
	std::string_view name_hex; // the file name in lowercase hex
	FileStat stat;
	std::string_view sha256; // 64 hex digits
	char transactional = '?';
};

/*
 * ParseCacheLine: the line at p, "name_hex size mtime ctime inode device sha256 flag" with
 * single spaces (as StoreCache writes it); p moves past its newline.  False when it is not so.
 * No field can hold a newline (hex, digits, one flag character), so a line is parsed alike
 * whether the file is read from its start or from any line's (ScanLines's pieces).
 */
bool
ParseCacheLine(const char *&p, const char *end, CacheLine &line) {
	auto field = [&](char stop) -> std::string_view {
		const char *next = static_cast<const char *>(std::memchr(p, stop, static_cast<std::size_t>(end - p)));
		if (next == nullptr)
			return {};
		std::string_view f(p, static_cast<std::size_t>(next - p));
		p = next + 1;
		return f;
	};
	auto number = [](std::string_view f, auto &value) {
		auto [ptr, err] = std::from_chars(f.data(), f.data() + f.size(), value);
		return !f.empty() && err == std::errc() && ptr == f.data() + f.size();
	};
	line.name_hex = field(' ');
	std::string_view size = field(' '), mtime = field(' '), ctime = field(' '), inode = field(' '), device = field(' ');
	line.sha256 = field(' ');
	std::string_view flag = field('\n');
	if (line.name_hex.empty() || line.name_hex.size() % 2 != 0 || !pgm::IsLowerHex(line.name_hex) ||
	    !number(size, line.stat.size) || !number(mtime, line.stat.mtime_ns) || !number(ctime, line.stat.ctime_ns) ||
	    !number(inode, line.stat.inode) || !number(device, line.stat.device) || line.sha256.size() != 64 ||
	    !pgm::IsLowerHex(line.sha256) || flag.size() != 1 || (flag[0] != 't' && flag[0] != 'f' && flag[0] != '?'))
		return false;
	line.transactional = flag[0];
	return true;
}

/*
 * LoadedCache: the recorded hashes of an entry file as read: its text and where each line
 * starts, in the names' order (StoreCache writes them so, and LoadCache checks it).  A line is
 * parsed again where it is used: 10,000 lines cost no allocation per line.  Names are compared
 * in hex, whose order is the names' byte order.
 */
struct LoadedCache {
	CacheText text;
	std::vector<std::uint32_t> lines; // offset of each line in text
	bool current_format = false;      // format 3 (not 2)
	std::optional<Listing> listing;   // the listing line, unless "listing -"

	std::size_t
	size() const {
		return lines.size();
	}
	CacheLine
	Line(std::size_t i) const {
		std::string_view all = text.view();
		const char *p = all.data() + lines[i];
		CacheLine line;
		(void)ParseCacheLine(p, all.data() + all.size(), line); // checked by LoadCache
		return line;
	}
	/* LineStat: the stat fields of line i (checked by LoadCache: parsed without checks). */
	FileStat
	LineStat(std::size_t i) const {
		std::string_view all = text.view();
		const char *p = all.data() + lines[i];
		const char *end = all.data() + all.size();
		p = static_cast<const char *>(std::memchr(p, ' ', static_cast<std::size_t>(end - p))) + 1;
		FileStat st;
		p = std::from_chars(p, end, st.size).ptr + 1;
		p = std::from_chars(p, end, st.mtime_ns).ptr + 1;
		p = std::from_chars(p, end, st.ctime_ns).ptr + 1;
		p = std::from_chars(p, end, st.inode).ptr + 1;
		std::from_chars(p, end, st.device);
		return st;
	}
	std::string_view
	LineNameHex(std::size_t i) const {
		std::string_view rest = text.view().substr(lines[i]);
		return rest.substr(0, rest.find(' '));
	}
	/* LowerBound: the first line whose name is not before name_hex's. */
	std::size_t
	LowerBound(std::string_view name_hex) const {
		std::size_t lo = 0, hi = lines.size();
		while (lo < hi) {
			std::size_t mid = lo + (hi - lo) / 2;
			if (LineNameHex(mid) < name_hex)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}
	Cached
	At(std::size_t i) const {
		CacheLine line = Line(i);
		return Cached{line.stat, std::string(line.sha256), line.transactional};
	}
	/* LineEnd: where line i ends (its newline). */
	std::size_t
	LineEnd(std::size_t i) const {
		return (i + 1 < lines.size() ? lines[i + 1] : text.view().size()) - 1;
	}
	/* LineSha256, LineFlag: the last two fields of line i ("<sha256> <flag>\n", checked by LoadCache). */
	std::string_view
	LineSha256(std::size_t i) const {
		return text.view().substr(LineEnd(i) - 66, 64);
	}
	char
	LineFlag(std::size_t i) const {
		return text.view()[LineEnd(i) - 1];
	}
	/* LineName: the name of line i, decoded into out (room for half its hex), not terminated. */
	std::size_t
	LineName(std::size_t i, char *out) const {
		return pgm::DecodeLowerHexInto(LineNameHex(i), out);
	}
	/* AsMap: every line, as StoreCache takes them (names decoded). */
	std::map<std::string, Cached>
	AsMap() const {
		std::map<std::string, Cached> map;
		for (std::size_t i = 0; i < lines.size(); i++) {
			CacheLine line = Line(i);
			std::string name(line.name_hex.size() / 2, '\0');
			pgm::DecodeLowerHexInto(line.name_hex, name.data());
			map.emplace_hint(map.end(), std::move(name),
			                 Cached{line.stat, std::string(line.sha256), line.transactional});
		}
		return map;
	}
};

/*
 * MappedCache: an entry file mapped, its header and listing line checked, its lines neither
 * parsed nor checked against the checksum yet (OpenCache).
 */
struct MappedCache {
	CacheText text;
	std::size_t sum_at = 0;   // the checksum's 16 hex digits
	std::size_t body_at = 0;  // what the checksum covers: the listing line and the lines
	std::size_t lines_at = 0; // the first line
	std::optional<Listing> listing;

	bool
	Verified() const {
		std::string_view all = text.view();
		return FileHashCacheChecksum(all.substr(body_at)) == all.substr(sum_at, 16);
	}
};

/*
 * OpenCache: the entry file at path for the directory dir_hex, mapped; nullopt when the file is
 * absent, not a regular file, of another format or directory, or its listing line is malformed.
 */
std::optional<MappedCache>
OpenCache(const fs::path &path, const std::string &dir_hex) {
	UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
	if (fd.Get() < 0)
		return std::nullopt;
	struct stat st;
	if (fstat(fd.Get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > kMaxCacheSize)
		return std::nullopt;
	std::optional<CacheText> read = CacheText::Map(fd.Get(), static_cast<std::size_t>(st.st_size));
	if (!read)
		return std::nullopt;
	std::string_view text = read->view();
	std::string header = std::string(kFormat) + "\ndir " + dir_hex + "\nchecksum ";
	if (text.substr(0, header.size()) != header || text.size() < header.size() + 17 || text[header.size() + 16] != '\n')
		return std::nullopt;
	MappedCache mapped;
	mapped.sum_at = header.size();
	mapped.body_at = header.size() + 17;
	// "listing -" or "listing <size> <mtime> <ctime> <inode> <device> <digest>"
	std::string_view body = text.substr(mapped.body_at);
	std::size_t eol = body.find('\n');
	if (eol == std::string_view::npos || body.substr(0, 8) != "listing ")
		return std::nullopt;
	std::string_view value = body.substr(8, eol - 8);
	if (value != "-") {
		FileStat dir;
		const char *p = value.data(), *end = value.data() + value.size();
		for (auto *field : {&dir.size, &dir.mtime_ns, &dir.ctime_ns}) {
			auto [ptr, err] = std::from_chars(p, end, *field);
			if (err != std::errc() || ptr == end || *ptr != ' ')
				return std::nullopt;
			p = ptr + 1;
		}
		auto [ptr, err] = std::from_chars(p, end, dir.inode);
		if (err != std::errc() || ptr == end || *ptr != ' ')
			return std::nullopt;
		auto [last, err2] = std::from_chars(ptr + 1, end, dir.device);
		std::string_view digest(last, static_cast<std::size_t>(end - last));
		if (err2 != std::errc() || digest.size() != 65 || digest[0] != ' ' || !pgm::IsLowerHex(digest.substr(1)))
			return std::nullopt;
		mapped.listing = Listing{dir, std::string(digest.substr(1))};
	}
	mapped.lines_at = mapped.body_at + eol + 1;
	mapped.text = std::move(*read);
	return mapped;
}

/*
 * LoadCache: the recorded hashes of a mapped entry file, checked against its checksum and
 * parsed; empty when either fails (which includes lines out of order).
 */
LoadedCache
LoadCache(MappedCache mapped) {
	LoadedCache cache;
	if (!mapped.Verified())
		return cache;
	// One line per file, names increasing; anything else makes the whole cache empty.
	std::string_view text = mapped.text.view();
	std::string_view body = text.substr(mapped.lines_at);
	cache.lines.reserve(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')));
	const char *const begin = text.data();
	const char *p = begin + mapped.lines_at;
	const char *const end = begin + text.size();
	std::string_view previous;
	while (p < end) {
		auto at = static_cast<std::uint32_t>(p - begin);
		CacheLine line;
		if (!ParseCacheLine(p, end, line) || (!previous.empty() && !(previous < line.name_hex))) {
			cache.lines.clear();
			return cache;
		}
		previous = line.name_hex;
		cache.lines.push_back(at);
	}
	cache.current_format = true;
	cache.listing = mapped.listing;
	cache.text = std::move(mapped.text);
	return cache;
}

/*
 * kNoLine: no cache line is trusted for the file.  kMaxNameBytes: NAME_MAX on Linux; a longer
 * name (not from readdir) is looked up the slow way.
 */
constexpr std::uint32_t kNoLine = static_cast<std::uint32_t>(-1);
constexpr std::size_t kMaxNameBytes = 255;

/*
 * MatchRange: for each name [from, to) of list, the cache line that holds its name and its stat
 * of a regular file now (fstatat relative to dir_fd), else kNoLine.  Allocates nothing, so it
 * cannot throw: it runs on helper threads.
 */
void
MatchRange(int dir_fd, const SqlFileList &list, const LoadedCache &cache, std::size_t from, std::size_t to,
           std::uint32_t *hit) noexcept {
	char hex[2 * kMaxNameBytes];
	std::size_t line = 0;
	if (from < to && list[from].size() <= kMaxNameBytes)
		line = cache.LowerBound(pgm::LowerHexInto(list[from], hex));
	for (std::size_t i = from; i < to; i++) {
		hit[i] = kNoLine;
		if (list[i].size() > kMaxNameBytes)
			continue;
		std::string_view name_hex = pgm::LowerHexInto(list[i], hex);
		while (line < cache.size() && cache.LineNameHex(line) < name_hex)
			line++;
		if (line == cache.size() || cache.LineNameHex(line) != name_hex)
			continue; // not recorded: read below
		struct stat st;
		if (fstatat(dir_fd, list.CStr(i), &st, 0) == 0 && S_ISREG(st.st_mode) && cache.LineStat(line) == StatOf(st))
			hit[i] = static_cast<std::uint32_t>(line);
	}
}

/*
 * kFilesPerStatThread, kMaxStatThreads: a stat(2) costs 2 to 3 microseconds in a virtual
 * machine, 25 ms for 10,000 files; from 2,000 files they are shared among threads, one per 1,000
 * files and CPU, at most 4 (git's preload-index does the same for its index).
 */
constexpr std::size_t kFilesPerStatThread = 1000;
constexpr std::size_t kMaxStatThreads = 4;

/* StatThreads: how many threads share the stat(2)s of files files (kFilesPerStatThread). */
std::size_t
StatThreads(std::size_t files) {
	std::size_t cpus = std::max(1u, std::thread::hardware_concurrency());
	return std::min({cpus, kMaxStatThreads, std::max<std::size_t>(1, files / kFilesPerStatThread)});
}

/*
 * MatchAll: range(from, to, hit) over [0, count), shared among threads as kFilesPerStatThread
 * says; range is MatchRange over a range of the names.
 */
template <class Range>
std::vector<std::uint32_t>
MatchAll(std::size_t count, const Range &range) {
	std::vector<std::uint32_t> hit(count, kNoLine);
	if (count == 0)
		return hit;
	std::size_t workers = StatThreads(count);
	std::size_t per = (count + workers - 1) / workers;
	std::vector<std::thread> threads;
	threads.reserve(workers);
	for (std::size_t w = 1; w < workers; w++) {
		std::size_t from = std::min(count, w * per), to = std::min(count, (w + 1) * per);
		try {
			threads.emplace_back(range, from, to, hit.data());
		} catch (const std::system_error &) {
			range(from, to, hit.data()); // no thread to be had: here
		}
	}
	range(0, std::min(count, per), hit.data());
	for (std::thread &t : threads)
		t.join();
	return hit;
}

/*
 * kScanChunkBytes: ScanLines hands out the entry file in pieces of this size (a line belongs to
 * the piece it starts in), about 300 lines each.
 */
constexpr std::size_t kScanChunkBytes = 64 * 1024;

/*
 * ScanLines: when the directory is as the entry file's listing line says, its lines are the
 * folder's names: each line is parsed, its file stat'ed and compared, by threads taking pieces
 * of the file in turn, while this thread checks the file's checksum before it takes pieces too.
 * Fills cache (the lines, in order) and hit (hit[i] == i for a line whose file has its stat,
 * kNoLine for the others); false, with both empty, when the checksum or any line is wrong or
 * the lines are out of order.  Exceptions of the check come out after the threads are joined.
 */
bool
ScanLines(int dir_fd, MappedCache mapped, LoadedCache &cache, std::vector<std::uint32_t> &hit) {
	std::string_view text = mapped.text.view();
	const std::size_t first = mapped.lines_at;
	const std::size_t chunks = (text.size() - first + kScanChunkBytes - 1) / kScanChunkBytes;
	struct Chunk {
		std::vector<std::uint32_t> lines; // offsets of the lines starting in it
		std::vector<bool> hit;
		bool ok = true;
	};
	std::vector<Chunk> parts(chunks);
	std::atomic<std::size_t> next{0};
	auto scan = [&]() noexcept {
		char name[kMaxNameBytes + 1];
		for (std::size_t c; (c = next.fetch_add(1)) < chunks;) {
			Chunk &part = parts[c];
			try {
				const char *const begin = text.data();
				const char *const end = begin + text.size();
				const char *p = begin + first + c * kScanChunkBytes;
				const char *const stop = std::min(end, p + kScanChunkBytes);
				if (c > 0) { // the first line starting in this piece
					p = static_cast<const char *>(std::memchr(p - 1, '\n', static_cast<std::size_t>(end - (p - 1))));
					p = p == nullptr ? end : p + 1;
				}
				std::string_view previous;
				while (p < stop) {
					auto at = static_cast<std::uint32_t>(p - begin);
					CacheLine line;
					if (!ParseCacheLine(p, end, line) || (!previous.empty() && !(previous < line.name_hex))) {
						part.ok = false;
						break;
					}
					previous = line.name_hex;
					bool same = false;
					if (line.name_hex.size() / 2 <= kMaxNameBytes) {
						name[pgm::DecodeLowerHexInto(line.name_hex, name)] = '\0';
						struct stat st;
						same = fstatat(dir_fd, name, &st, 0) == 0 && S_ISREG(st.st_mode) && line.stat == StatOf(st);
					}
					part.lines.push_back(at);
					part.hit.push_back(same);
				}
			} catch (...) {
				part.ok = false; // no memory: the slow path
			}
		}
	};
	std::size_t workers = StatThreads((text.size() - first) / 128); // lines, roughly
	std::vector<std::thread> threads;
	threads.reserve(workers);
	for (std::size_t w = 1; w < workers; w++) {
		try {
			threads.emplace_back(scan);
		} catch (const std::system_error &) {
			break; // fewer threads
		}
	}
	bool verified = false;
	std::exception_ptr failed;
	try {
		verified = mapped.Verified();
	} catch (...) {
		failed = std::current_exception();
	}
	if (!failed && verified)
		scan();
	else
		next.store(chunks); // the threads stop after their piece
	for (std::thread &t : threads)
		t.join();
	if (failed)
		std::rethrow_exception(failed);
	if (!verified)
		return false;
	std::size_t total = 0;
	for (const Chunk &part : parts) {
		if (!part.ok)
			return false;
		total += part.lines.size();
	}
	cache.lines.reserve(total);
	hit.reserve(total);
	for (const Chunk &part : parts) {
		// the order across pieces: each piece's first name after the last one before it
		if (!part.lines.empty() && !cache.lines.empty()) {
			std::string_view before = text.substr(cache.lines.back());
			std::string_view after = text.substr(part.lines.front());
			if (!(before.substr(0, before.find(' ')) < after.substr(0, after.find(' ')))) {
				cache.lines.clear();
				hit.clear();
				return false;
			}
		}
		for (std::size_t k = 0; k < part.lines.size(); k++) {
			hit.push_back(part.hit[k] ? static_cast<std::uint32_t>(cache.lines.size()) : kNoLine);
			cache.lines.push_back(part.lines[k]);
		}
	}
	cache.current_format = true;
	cache.listing = mapped.listing;
	cache.text = std::move(mapped.text);
	return true;
}

/*
 * FolderNames: the folder's file names, in increasing order: from the directory (list) or, while
 * the directory is as the entry file's listing line says, from the entry file's lines.
 */
struct FolderNames {
	const SqlFileList *list = nullptr; // else the cache's lines
	const LoadedCache *cache = nullptr;

	std::size_t
	size() const {
		return list != nullptr ? list->size() : cache->size();
	}
	/* Name: name i; from the cache, decoded into buf. */
	std::string_view
	Name(std::size_t i, std::string &buf) const {
		if (list != nullptr)
			return (*list)[i];
		buf.resize(cache->LineNameHex(i).size() / 2);
		cache->LineName(i, buf.data());
		return buf;
	}
};

/* StoreCache: write the entry file at path atomically; errors are ignored. */
void
StoreCache(const fs::path &dir, const fs::path &path, const std::string &dir_hex,
           const std::map<std::string, Cached> &entries, const std::optional<Listing> &listing) {
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
		std::string body = "listing ";
		if (listing)
			body += std::to_string(listing->dir.size) + " " + std::to_string(listing->dir.mtime_ns) + " " +
			        std::to_string(listing->dir.ctime_ns) + " " + std::to_string(listing->dir.inode) + " " +
			        std::to_string(listing->dir.device) + " " + listing->digest;
		else
			body += "-";
		body += "\n";
		for (const auto &[name, c] : entries)
			body += Hex(name) + " " + std::to_string(c.stat.size) + " " + std::to_string(c.stat.mtime_ns) + " " +
			        std::to_string(c.stat.ctime_ns) + " " + std::to_string(c.stat.inode) + " " +
			        std::to_string(c.stat.device) + " " + c.sha256 + " " + c.transactional + "\n";
		std::string text =
		    std::string(kFormat) + "\ndir " + dir_hex + "\nchecksum " + FileHashCacheChecksum(body) + "\n" + body;
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

std::string
FileHashCacheChecksum(std::string_view body) {
	char sum[17];
	std::snprintf(sum, sizeof(sum), "%016llx", static_cast<unsigned long long>(std::hash<std::string_view>{}(body)));
	return std::string(sum, 16);
}

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
	char key[17];
	std::snprintf(key, sizeof(key), "%016llx",
	              static_cast<unsigned long long>(std::hash<std::string_view>{}(std::string_view(dir_hex))));
	fs::path entry = cache_dir / (std::string("file-hashes-3-") + key);
	std::optional<MappedCache> mapped = OpenCache(entry, dir_hex);

	// listed and stat'ed relative to the directory: no walk of the folder's path for each file;
	// the directory's own stat first, so that a file added while it is listed shows next time
	UniqueFd dir_fd(open(versions.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	struct stat dir_st;
	std::optional<FileStat> dir_stat;
	if (dir_fd.Get() >= 0 && fstat(dir_fd.Get(), &dir_st) == 0)
		dir_stat = StatOf(dir_st);
	LoadedCache cache;
	SqlFileList listed;
	FolderNames names{nullptr, &cache};
	std::vector<std::uint32_t> hits;
	bool scanned = false;
	if (mapped && dir_stat && mapped->listing && mapped->listing->dir == *dir_stat) {
		scanned = ScanLines(dir_fd.Get(), std::move(*mapped), cache, hits);
		mapped.reset();
	} else if (mapped) {
		cache = LoadCache(std::move(*mapped));
	}
	if (!scanned) {
		listed = ListSqlFiles(versions, dir_fd.Get());
		names.list = &listed;
		if (dir_fd.Get() >= 0 && cache.size() > 0)
			hits = MatchAll(listed.size(), [&](std::size_t from, std::size_t to, std::uint32_t *hit) {
				MatchRange(dir_fd.Get(), listed, cache, from, to, hit);
			});
		else
			hits.assign(listed.size(), kNoLine);
	}

	FolderHashes out;
	out.count = names.size();
	// The directory and every file as recorded: the folder is the one the listing line's digest
	// is of.
	if (scanned && std::none_of(hits.begin(), hits.end(), [](std::uint32_t hit) { return hit == kNoLine; })) {
		out.digest = cache.listing->digest;
		out.from_cache = hits.size();
		for (std::size_t i = 0; i < cache.size(); i++)
			out.all_transactional = out.all_transactional && cache.LineFlag(i) == 't';
		return out;
	}
	pgm::FolderDigester digest;
	std::vector<ScriptFile> files;
	// What the next entry file holds, made only when it may differ from this one: for each file,
	// its cache line (a hit) or what was computed (nullopt: not recorded, no stat).
	std::vector<std::pair<std::size_t, std::optional<Cached>>> computed;
	std::string buf;
	for (std::size_t i = 0; i < names.size(); i++) {
		std::string_view name = names.Name(i, buf);
		if (hits[i] != kNoLine) {
			digest.Add(name, cache.LineSha256(hits[i]));
			out.all_transactional = out.all_transactional && cache.LineFlag(hits[i]) == 't';
			out.from_cache++;
			continue;
		}
		// Read it: stat first, so a change made while it is read shows in the next run's stat.
		fs::path file = versions / name;
		std::string path = DisplayPath(file);
		struct stat st;
		bool have_stat = stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode);
		ScriptFile read{std::string(name), path, ReadFileBytes(file, path)};
		std::string sha = pgm::Sha256Hex(read.bytes);
		digest.Add(name, sha);
		char transactional = TransactionalFlag(read);
		out.all_transactional = out.all_transactional && transactional == 't';
		computed.emplace_back(i,
		                      have_stat ? std::optional<Cached>(Cached{StatOf(st), sha, transactional}) : std::nullopt);
		files.push_back(std::move(read));
	}
	out.digest = digest.Finish();
	if (out.from_cache == 0)
		out.files = std::move(files);
	// The listing line to write: the directory's stat, when every file is recorded and the
	// directory did not change too recently.
	long long now = NowNs();
	long long window = RacyWindowNs();
	auto racy = [&](const FileStat &st) { return now - st.mtime_ns < window || now - st.ctime_ns < window; };
	auto listing_of = [&](bool complete) {
		return complete && dir_stat && !racy(*dir_stat) ? std::optional<Listing>(Listing{*dir_stat, out.digest})
		                                                : std::nullopt;
	};
	bool all_hit = computed.empty() && out.from_cache == cache.size();
	if (!all_hit || !cache.current_format || cache.listing != listing_of(true)) {
		std::map<std::string, Cached> next;
		auto fresh = computed.begin();
		for (std::size_t i = 0; i < names.size(); i++) {
			if (hits[i] != kNoLine) {
				next.emplace_hint(next.end(), std::string(names.Name(i, buf)), cache.At(hits[i]));
			} else {
				if (fresh->second)
					next.emplace_hint(next.end(), std::string(names.Name(i, buf)), std::move(*fresh->second));
				++fresh;
			}
		}
		// Not recorded: what changed within kRacyNanoseconds of now (see kRacyNanoseconds).
		for (auto it = next.begin(); it != next.end();) {
			if (racy(it->second.stat))
				it = next.erase(it);
			else
				++it;
		}
		std::optional<Listing> listing = listing_of(next.size() == names.size());
		// (nothing recorded and no entry file: none is written)
		if (next != cache.AsMap() || listing != cache.listing || (!cache.current_format && !next.empty()))
			StoreCache(cache_dir, entry, dir_hex, next, listing);
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

bool
FolderLoader::HashesReady() const {
	return hashes_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
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
			SqlFileList names = ListSqlFiles(versions);
			files.emplace();
			files->reserve(names.size());
			for (std::size_t i = 0; i < names.size(); i++) {
				if (cancelled_.load(std::memory_order_relaxed))
					break;
				fs::path file = versions / names[i];
				std::string path = DisplayPath(file);
				files->push_back(ScriptFile{std::string(names[i]), path, ReadFileBytes(file, path)});
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
