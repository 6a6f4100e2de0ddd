/*
 * core_huge_pages_test.cpp: the huge-page arrays (core/huge_pages.hpp): small arrays come from
 * operator new, arrays of 2 MB and more start on a 2 MB boundary, and every array holds what is
 * written to it, through growth, copies and moves, without overlapping another.
 */
#include "core/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using HugeVector = std::vector<std::uint64_t, pgm::HugePageAllocator<std::uint64_t>>;

bool
OnHugePageBoundary(const void *p) {
	return reinterpret_cast<std::uintptr_t>(p) % pgm::kHugePageBytes == 0;
}

std::uint64_t
Pattern(std::size_t i) {
	return static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL + 1;
}

TEST(CoreHugePages, LargeArraysStartOnAHugePageBoundary) {
	for (std::size_t bytes :
	     {pgm::kHugePageBytes, pgm::kHugePageBytes + 8, 3 * pgm::kHugePageBytes - 8, 5 * pgm::kHugePageBytes}) {
		HugeVector v(bytes / sizeof(std::uint64_t), 0);
		EXPECT_TRUE(OnHugePageBoundary(v.data())) << bytes << " bytes";
	}
}

TEST(CoreHugePages, ArraysHoldWhatIsWrittenThroughGrowthCopiesAndMoves) {
	HugeVector grown;
	for (std::size_t i = 0; i < 3 * pgm::kHugePageBytes / sizeof(std::uint64_t); i++) {
		grown.push_back(Pattern(i)); // crosses the threshold while it grows
	}
	HugeVector small(1000);
	for (std::size_t i = 0; i < small.size(); i++) {
		small[i] = Pattern(i) ^ 0xFF;
	}
	HugeVector copy = grown;
	HugeVector moved = std::move(grown);
	ASSERT_EQ(copy.size(), moved.size());
	for (std::size_t i = 0; i < copy.size(); i++) {
		ASSERT_EQ(copy[i], Pattern(i)) << i;
		ASSERT_EQ(moved[i], Pattern(i)) << i;
	}
	for (std::size_t i = 0; i < small.size(); i++) {
		ASSERT_EQ(small[i], Pattern(i) ^ 0xFF) << i;
	}
	EXPECT_NE(copy.data(), moved.data());
	moved.assign(10, 7); // reallocation keeps or frees the large block; the values are new
	EXPECT_EQ(moved, HugeVector(10, 7));
	moved.shrink_to_fit();
	EXPECT_EQ(moved, HugeVector(10, 7));
}

TEST(CoreHugePages, RawArraysAreWritableToTheirLastByte) {
	for (std::size_t bytes :
	     {std::size_t{1}, pgm::kHugePageBytes - 1, pgm::kHugePageBytes, 2 * pgm::kHugePageBytes + 1}) {
		auto *p = static_cast<unsigned char *>(pgm::AllocateHugeArray(bytes));
		ASSERT_NE(p, nullptr);
		p[0] = 1;
		p[bytes - 1] = 2;
		EXPECT_EQ(p[0] + p[bytes - 1], bytes == 1 ? 4 : 3);
		pgm::FreeHugeArray(p, bytes);
	}
	EXPECT_THROW(pgm::HugePageAllocator<std::uint64_t>().allocate(static_cast<std::size_t>(-1) / 4), std::bad_alloc);
}

} // namespace
