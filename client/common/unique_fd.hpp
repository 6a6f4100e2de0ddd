/*
 * unique_fd.hpp: a file descriptor owned by a scope, and a write that finishes, for the client's
 * own files and pipes (the caches in .pgmig-cache/, the models command's pipes).
 */
#pragma once

#include <cerrno>
#include <cstddef>
#include <string_view>
#include <unistd.h>

namespace pgmig {

/* UniqueFd: a file descriptor, closed when it goes (or by Close). */
class UniqueFd {
public:
	UniqueFd() = default;
	explicit UniqueFd(int fd) : fd_(fd) {}
	UniqueFd(const UniqueFd &) = delete;
	UniqueFd &operator=(const UniqueFd &) = delete;
	~UniqueFd() {
		if (fd_ >= 0)
			close(fd_);
	}
	int
	Get() const {
		return fd_;
	}
	/* Close: close now; false when close failed (a write not done).  Closing twice is fine. */
	bool
	Close() {
		int fd = fd_;
		fd_ = -1;
		return fd < 0 || close(fd) == 0;
	}

private:
	int fd_ = -1;
};

/* WriteAll: write all of text to fd, going on after short writes and EINTR; false on an error. */
inline bool
WriteAll(int fd, std::string_view text) {
	std::size_t done = 0;
	while (done < text.size()) {
		ssize_t n = write(fd, text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += static_cast<std::size_t>(n);
	}
	return true;
}

} // namespace pgmig
