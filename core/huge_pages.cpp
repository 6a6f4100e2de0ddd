/*
 * huge_pages.cpp: AdviseHugePages and the huge-page arrays (huge_pages.hpp).
 */
#include "core/huge_pages.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pgm {

namespace {

std::uintptr_t
RoundUp(std::uintptr_t v) {
	return (v + kHugePageBytes - 1) & ~(std::uintptr_t{kHugePageBytes} - 1);
}

} // namespace

void
AdviseHugePages(void *data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	auto first = RoundUp(reinterpret_cast<std::uintptr_t>(data));
	auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(std::uintptr_t{kHugePageBytes} - 1);
	if (last > first) {
		(void)madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
	}
#else
	(void)data;
	(void)bytes;
#endif
}

#if defined(__linux__) && defined(MADV_HUGEPAGE)

void *
AllocateHugeArray(std::size_t bytes) {
	if (bytes < kHugePageBytes) {
		return ::operator new(bytes);
	}
	if (bytes > static_cast<std::size_t>(-1) / 2 - 2 * kHugePageBytes) {
		throw std::bad_alloc();
	}
	const std::size_t length = RoundUp(bytes);
	// Map one huge page more than needed, then give back what lies before and after the
	// aligned part: mmap only promises 4 kB alignment.
	const std::size_t mapped = length + kHugePageBytes;
	void *map = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		throw std::bad_alloc();
	}
	const auto start = reinterpret_cast<std::uintptr_t>(map);
	const std::uintptr_t aligned = RoundUp(start);
	if (aligned > start) {
		(void)munmap(map, aligned - start);
	}
	const std::uintptr_t end = aligned + length;
	if (start + mapped > end) {
		(void)munmap(reinterpret_cast<void *>(end), start + mapped - end);
	}
	(void)madvise(reinterpret_cast<void *>(aligned), length, MADV_HUGEPAGE);
	return reinterpret_cast<void *>(aligned);
}

void
FreeHugeArray(void *data, std::size_t bytes) noexcept {
	if (data == nullptr) {
		return;
	}
	if (bytes < kHugePageBytes) {
		::operator delete(data);
		return;
	}
	(void)munmap(data, RoundUp(bytes));
}

#else

void *
AllocateHugeArray(std::size_t bytes) {
	return ::operator new(bytes);
}

void
FreeHugeArray(void *data, std::size_t bytes) noexcept {
	(void)bytes;
	::operator delete(data);
}

#endif

} // namespace pgm
