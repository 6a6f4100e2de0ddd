/*
 * client_heap_test.cpp: UseHugePagesForHeap (client/common/heap.hpp).
 */
#include "client/common/heap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

/* VmFlagsOf: the VmFlags line of the mapping of this process that holds address, "" if none. */
std::string
VmFlagsOf(std::uintptr_t address) {
	std::ifstream smaps("/proc/self/smaps");
	std::string line;
	bool inside = false;
	while (std::getline(smaps, line)) {
		unsigned long long from = 0, to = 0;
		char dash = 0;
		std::istringstream range(line);
		if (range >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
			inside = from <= address && address < to;
			continue;
		}
		if (inside && line.rfind("VmFlags:", 0) == 0)
			return line + " ";
	}
	return "";
}

} // namespace

// After it, a large block from malloc lies in a mapping the kernel backs with huge pages when it
// can (VmFlags "hg": MADV_HUGEPAGE), and a second call changes nothing.
TEST(ClientHeap, BlocksComeFromAHugePageMapping) {
	if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
		GTEST_SKIP() << "this kernel has no transparent huge pages";
	void *volatile before = std::malloc(8 << 20);
	ASSERT_NE(before, nullptr);
	std::uintptr_t before_end = reinterpret_cast<std::uintptr_t>(before) + (8 << 20) - 1;
	EXPECT_EQ(VmFlagsOf(before_end).find(" hg "), std::string::npos)
	    << "an 8 MB block before the call is mapped on its own, without the flag: " << VmFlagsOf(before_end);
	std::free(before);

	pgmig::UseHugePagesForHeap();
	pgmig::UseHugePagesForHeap();
	void *volatile block = std::malloc(8 << 20);
	ASSERT_NE(block, nullptr);
	std::uintptr_t end = reinterpret_cast<std::uintptr_t>(block) + (8 << 20) - 1;
	std::string flags = VmFlagsOf(end);
	EXPECT_NE(flags.find(" hg "), std::string::npos) << flags;
	std::free(block);
}
