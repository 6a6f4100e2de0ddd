/*
 * core_progress_notice_test.cpp: the DETAIL of the MG101 progress NOTICE, formatted and parsed
 * back, and texts that are not one.
 */
#include "core/progress_notice.hpp"

#include <gtest/gtest.h>

namespace pgm {
namespace {

ProgressStep
Step(long long k, long long n, std::string direction, std::vector<std::string> revisions) {
	ProgressStep s;
	s.step = k;
	s.steps = n;
	s.direction = std::move(direction);
	s.revisions = std::move(revisions);
	return s;
}

void
ExpectRoundTrip(const ProgressStep &step, const std::string &text) {
	EXPECT_EQ(FormatProgressDetail(step), text);
	std::optional<ProgressStep> back = ParseProgressDetail(text);
	ASSERT_TRUE(back.has_value()) << text;
	EXPECT_EQ(back->step, step.step);
	EXPECT_EQ(back->steps, step.steps);
	EXPECT_EQ(back->direction, step.direction);
	EXPECT_EQ(back->revisions, step.revisions);
}

TEST(CoreProgressNotice, FormatsAndParsesEveryDirection) {
	ExpectRoundTrip(Step(2, 4, "upgrade", {"1975ea83b712"}), "Step 2 of 4: upgrade of revision 1975ea83b712.");
	ExpectRoundTrip(Step(1, 2, "downgrade", {"c527ba0bc760"}), "Step 1 of 2: downgrade of revision c527ba0bc760.");
	ExpectRoundTrip(Step(1, 1, "stamp", {"aaaa1111", "bbbb2222"}),
	                "Step 1 of 1: stamp of revisions aaaa1111, bbbb2222.");
	ExpectRoundTrip(Step(1, 1, "repair", {"a_b_9"}), "Step 1 of 1: repair of revision a_b_9.");
	ExpectRoundTrip(Step(3, 3, "stamp", {}), "Step 3 of 3: stamp of no revision.");
	ExpectRoundTrip(Step(1000, 100000, "upgrade", {std::string(64, 'x')}),
	                "Step 1000 of 100000: upgrade of revision " + std::string(64, 'x') + ".");
}

TEST(CoreProgressNotice, RefusesOtherTexts) {
	for (const char *text :
	     {"", "Step 1 of 2", "Step 1 of 2: upgrade of revision a", "Step 0 of 2: upgrade of revision a.",
	      "Step 3 of 2: upgrade of revision a.", "Step 1 of 2: upsert of revision a.",
	      "Step 1 of 2: upgrade of revision .", "Step 1 of 2: upgrade of revision a b.",
	      "Step 1 of 2: upgrade of revision a,b.", "Step 1 of 2: upgrade of revision a, .",
	      "Step -1 of 2: upgrade of revision a.", "step 1 of 2: upgrade of revision a.",
	      "Step 1 of 2: upgrade of revision a.\n", "Step 01x of 2: upgrade of revision a.",
	      "Step 1234567890123456789 of 2: upgrade of revision a.", "Process 12 holds it.",
	      "Step 1 of 2: upgrade of revision \"a\"."}) {
		EXPECT_FALSE(ParseProgressDetail(text).has_value()) << text;
	}
}

} // namespace
} // namespace pgm
