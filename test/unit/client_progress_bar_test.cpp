/*
 * client_progress_bar_test.cpp: the progress bar's line (width, cutting, clock and estimate)
 * and its drawing (in place, at most ten times a second, cleared for a printed line), with a
 * fake clock.
 */
#include "client/common/progress_bar.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using pgmig::FormatClock;
using pgmig::ProgressBar;
using pgmig::ProgressFrame;
using pgmig::RenderProgressLine;

std::size_t
Columns(const std::string &s) {
	std::size_t n = 0;
	for (unsigned char c : s)
		n += (c & 0xC0) != 0x80 ? 1 : 0;
	return n;
}

TEST(ProgressBarTest, Clock) {
	EXPECT_EQ(FormatClock(0), "0:00");
	EXPECT_EQ(FormatClock(7.4), "0:07");
	EXPECT_EQ(FormatClock(59.6), "1:00");
	EXPECT_EQ(FormatClock(750), "12:30");
	EXPECT_EQ(FormatClock(3723), "1:02:03");
	EXPECT_EQ(FormatClock(-3), "0:00");
}

TEST(ProgressBarTest, LineAtEightyColumns) {
	ProgressFrame f{3, 10, "Running upgrade aaaa1111 -> bbbb2222, add column", "", 12, 28};
	std::string line = RenderProgressLine(f, 79);
	EXPECT_EQ(line, "[#####--------------] 3/10 Running upgrade aaaa111...  0:12 elapsed, ~0:28 left");
	EXPECT_EQ(line.size(), 79u) << line;
}

TEST(ProgressBarTest, CutsTheTextToTheWidth) {
	ProgressFrame f{1, 2, "Running upgrade aaaa1111 -> bbbb2222, a very long message that does not fit", "", 1, 1};
	for (int width : {79, 60, 40, 20}) {
		std::string line = RenderProgressLine(f, width);
		EXPECT_LE(Columns(line), static_cast<std::size_t>(width)) << line;
		EXPECT_EQ(line.rfind(width >= 79 ? "[" : "1/2 ", 0), 0u) << line;
	}
	std::string line = RenderProgressLine(f, 60);
	// Too narrow for the bar graphic and 20 columns of text: the graphic goes first.
	EXPECT_EQ(line, "1/2 Running upgrade aaaa1111 ->...  0:01 elapsed, ~0:01 left");
	EXPECT_EQ(line.size(), 60u) << line;
	// A multi-byte character is never cut in half; control characters are escaped.
	ProgressFrame g{0,  1, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x1b[2J",
	                "", 0, std::nullopt};
	line = RenderProgressLine(g, 30);
	EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
	EXPECT_EQ(Columns(line), 30u) << line;
	EXPECT_EQ(line, "0/1 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...  0:00 elapsed");
}

TEST(ProgressBarTest, UnknownTotalAndNoEstimate) {
	ProgressFrame f{0, 0, "stamp", "", 65, std::nullopt};
	EXPECT_EQ(RenderProgressLine(f, 79).substr(0, 28), "[-------------------] 0/? st");
	EXPECT_NE(RenderProgressLine(f, 79).find("  1:05 elapsed"), std::string::npos);
	EXPECT_EQ(RenderProgressLine(f, 79).find("left"), std::string::npos);
}

TEST(ProgressBarTest, DrawsInPlaceTenTimesASecondAtMost) {
	double now = 100;
	std::string out;
	{
		ProgressBar bar(
		    41, [&out](const std::string &s) { out += s; }, [&now]() { return now; });
		EXPECT_EQ(ProgressBar::Active(), &bar);
		bar.StepStarted(1, 4, "one", "");
		EXPECT_EQ(out, "\r0/4 one                     0:00 elapsed\x1b[K");
		out.clear();
		now += 0.05;
		bar.StepStarted(2, 4, "two", ""); // too soon: not drawn
		EXPECT_EQ(out, "");
		now += 0.1;
		bar.StepStarted(3, 4, "three", "");
		EXPECT_EQ(out, "\r2/4 three       0:00 elapsed, ~0:00 left\x1b[K");
		out.clear();
		bar.ClearLine();
		EXPECT_EQ(out, "\r\x1b[K");
		out.clear();
		now += 10;
		bar.StepStarted(4, 4, "four", ""); // cleared: drawn again at once
		EXPECT_EQ(out, "\r3/4 four        0:10 elapsed, ~0:03 left\x1b[K");
		out.clear();
		now += 2;
		bar.Finish(true);
		EXPECT_EQ(out, "\r4/4             0:12 elapsed, ~0:00 left\x1b[K\n");
	}
	EXPECT_EQ(ProgressBar::Active(), nullptr);
}

TEST(ProgressBarTest, PlannedTotalCountsTheSteps) {
	double now = 0;
	std::string out;
	ProgressBar bar(
	    41, [&out](const std::string &s) { out += s; }, [&now]() { return now; });
	bar.Plan(3);
	bar.StepStarted(1, 1, "a", "");
	now = 1;
	bar.StepStarted(1, 1, "b", "");
	EXPECT_EQ(out.substr(out.rfind('\r')), "\r1/3 b           0:01 elapsed, ~0:02 left\x1b[K");
	out.clear();
	bar.Finish(false); // interrupted: the last state stays
	EXPECT_EQ(out, "\r1/3 b           0:01 elapsed, ~0:02 left\x1b[K\n");
}

} // namespace
