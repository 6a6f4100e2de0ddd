/*
 * client_text_format_test.cpp: unit tests of the small text formats of pgmig's output: the
 * blank line after a verbose entry and the durations of the migration log.
 */
#include "client/common/text_format.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ClientWithBlankLine, EndsInExactlyOneBlankLine) {
	EXPECT_EQ(pgmig::WithBlankLine("Rev: a\n"), "Rev: a\n\n");
	EXPECT_EQ(pgmig::WithBlankLine("Rev: a"), "Rev: a\n\n");
	EXPECT_EQ(pgmig::WithBlankLine("Rev: a\n\n\n"), "Rev: a\n\n");
}

TEST(ClientFormatDuration, Intervals) {
	EXPECT_EQ(pgmig::FormatDuration("00:00:00.003215"), "3.2 ms");
	EXPECT_EQ(pgmig::FormatDuration("00:00:00"), "0.0 ms");
	EXPECT_EQ(pgmig::FormatDuration("00:00:01.25"), "1.25 s");
	EXPECT_EQ(pgmig::FormatDuration("01:02:03"), "3723.00 s");
	EXPECT_EQ(pgmig::FormatDuration("1 day 02:00:00"), "1 day 02:00:00");
}

} // namespace
