/*
 * heap.cpp: UseHugePagesForHeap (heap.hpp).
 */
#include "client/common/heap.hpp"

#include <cstdint>
#include <cstdlib>
#include <mutex>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace pgmig {

namespace {

constexpr std::uintptr_t kHugePage = 2u << 20;
/* kReserve: what the heap grows by at once; a 1,000-table autogenerate peaks at about 80 MB. */
constexpr int kReserve = 256 << 20;
/* kFromHeapBelow: the largest block served from the heap (glibc's limit for M_MMAP_THRESHOLD). */
constexpr int kFromHeapBelow = 32 << 20;

} // namespace

void
UseHugePagesForHeap() {
	static std::once_flag once;
	std::call_once(once, [] {
		mallopt(M_ARENA_MAX, 1);
		mallopt(M_MMAP_THRESHOLD, kFromHeapBelow);
		mallopt(M_TRIM_THRESHOLD, 2 * kReserve);
		// The next block that does not fit the heap's free top grows it by the reserve.
		mallopt(M_TOP_PAD, kReserve);
		void *volatile block = std::malloc(kFromHeapBelow / 2); // volatile: kept, not folded away with the free
		if (block == nullptr)
			return;
		auto from = (reinterpret_cast<std::uintptr_t>(block) + kHugePage - 1) & ~(kHugePage - 1);
		std::free(block);
		auto to = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
		// Later growth, beyond the reserve, in steps of the usual size.
		mallopt(M_TOP_PAD, 128 * 1024);
		if (to > from)
			(void)madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE);
	});
}

} // namespace pgmig
