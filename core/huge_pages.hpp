/*
 * huge_pages.hpp: large arrays backed by transparent huge pages where Linux leaves that to
 * madvise (the default, "madvise", of Debian's kernels).  A planning call is often the first
 * thing a session does, so every 4 kB page of a large array it builds is a page fault, and a
 * page fault costs several microseconds in a virtual machine; a 2 MB page is one fault.  Only
 * advice: where huge pages are refused or unknown, the arrays are ordinary memory.
 */
#pragma once
#include <cstddef>
#include <new>

namespace pgm {

/* kHugePageBytes: the size of a transparent huge page on x86-64 and arm64 (4 kB base pages). */
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

/* AdviseHugePages: ask for huge pages over the 2 MB-aligned part of [data, data + bytes). */
void AdviseHugePages(void *data, std::size_t bytes);

/*
 * AllocateHugeArray / FreeHugeArray: bytes of memory; from kHugePageBytes on, mapped on their
 * own, 2 MB-aligned and advised for huge pages (rounded up to whole huge pages), below that
 * from operator new.  FreeHugeArray takes the same bytes.  AllocateHugeArray throws
 * std::bad_alloc when there is no memory.
 */
void *AllocateHugeArray(std::size_t bytes);
void FreeHugeArray(void *data, std::size_t bytes) noexcept;

/* HugePageAllocator: a std::vector allocator that uses AllocateHugeArray. */
template <class T> struct HugePageAllocator {
	using value_type = T;
	HugePageAllocator() = default;
	template <class U> explicit HugePageAllocator(const HugePageAllocator<U> &) noexcept {}
	T *
	allocate(std::size_t n) {
		if (n > static_cast<std::size_t>(-1) / sizeof(T)) {
			throw std::bad_alloc();
		}
		return static_cast<T *>(AllocateHugeArray(n * sizeof(T)));
	}
	void
	deallocate(T *data, std::size_t n) noexcept {
		FreeHugeArray(data, n * sizeof(T));
	}
	friend bool
	operator==(const HugePageAllocator &, const HugePageAllocator &) {
		return true;
	}
	friend bool
	operator!=(const HugePageAllocator &, const HugePageAllocator &) {
		return false;
	}
};

} // namespace pgm
