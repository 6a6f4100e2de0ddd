/*
 * core_message_text_test.cpp: user text quoted in messages is valid UTF-8 without NUL and cut
 * at a character boundary: the helpers themselves, and the graph, planner and history
 * messages that quote ids, labels, file names and targets.
 */
#include "core/history_format.hpp"
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::CatchMigError;
using test::ExpectCleanMessage;
using test::IsCleanUtf8;
using test::R;
using test::WithLabels;

std::string
Bytes(const char *s, std::size_t n) {
	return std::string(s, n);
}

TEST(CoreMessageText, ValidTextIsKept) {
	EXPECT_EQ(MessageText(""), "");
	EXPECT_EQ(MessageText("abc"), "abc");
	EXPECT_EQ(MessageText("Gr\xC3\xBC\xC3\x9F"
	                      "e \xF0\x9F\x91\x8B \xE6\x96\xB0"),
	          "Gr\xC3\xBC\xC3\x9F"
	          "e \xF0\x9F\x91\x8B \xE6\x96\xB0");
	EXPECT_EQ(QuoteText("a b"), "\"a b\"");
	EXPECT_EQ(MessageText(std::string(64, 'x')), std::string(64, 'x'));
}

TEST(CoreMessageText, InvalidBytesAndNulBecomeQuestionMarks) {
	EXPECT_EQ(MessageText(Bytes("a\0b", 3)), "a?b");
	EXPECT_EQ(MessageText("\xFF\xFE"), "\?\?");
	EXPECT_EQ(MessageText("\x80x"), "?x");                                // stray continuation byte
	EXPECT_EQ(MessageText("\xC0\xAF"), "\?\?");                           // overlong "/"
	EXPECT_EQ(MessageText("\xED\xA0\x80"), "\?\?\?");                     // surrogate U+D800
	EXPECT_EQ(MessageText("\xF4\x90\x80\x80"), "\?\?\?\?");               // above U+10FFFF
	EXPECT_EQ(MessageText("ab\xE2\x82"), "ab\?\?");                       // truncated at the end
	EXPECT_EQ(MessageText("\xE2\x82x\xE2\x82\xAC"), "\?\?x\xE2\x82\xAC"); // truncated, then a whole euro sign
}

TEST(CoreMessageText, CutAtACharacterBoundary) {
	EXPECT_EQ(MessageText(std::string(65, 'x')), std::string(64, 'x') + "...");
	std::string euros;
	for (int i = 0; i < 70; i++) {
		euros += "\xE2\x82\xAC";
	}
	std::string cut = MessageText(euros);
	EXPECT_EQ(cut, euros.substr(0, 64 * 3) + "...");
	EXPECT_TRUE(IsCleanUtf8(cut));
	EXPECT_EQ(MessageText("a\xF0\x9F\x91\x8B"
	                      "bc",
	                      2),
	          "a\xF0\x9F\x91\x8B...");
	EXPECT_EQ(MessageText("abc", 0), "...");
	EXPECT_EQ(MessageText("abc", 3), "abc");
	/* An invalid byte counts as one character. */
	EXPECT_EQ(MessageText("\xFF\xFF\xFF", 2), "\?\?...");
	EXPECT_EQ(QuoteText(std::string(300, 'n'), kMaxQuotedNameChars), "\"" + std::string(256, 'n') + "...\"");
}

TEST(CoreMessageText, Utf8SequenceLength) {
	EXPECT_EQ(Utf8SequenceLength("a", 0), 1U);
	EXPECT_EQ(Utf8SequenceLength("\xC3\xA9", 0), 2U);
	EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC", 0), 3U);
	EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x91\x8B", 0), 4U);
	EXPECT_EQ(Utf8SequenceLength("\xC3", 0), 0U);
	EXPECT_EQ(Utf8SequenceLength("\xE0\x80\x80", 0), 0U);
	EXPECT_EQ(Utf8SequenceLength("x\xA9", 1), 0U);
}

TEST(CoreMessageText, GraphMessagesQuoteBadBytesSafely) {
	const std::string bad_label = Bytes("l\xFF\0l", 4);
	MigError e = CatchMigError([&] { RevisionGraph::Build({WithLabels(R("a"), {bad_label})}); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid branch label \"l\?\?l\"");
	ExpectCleanMessage(e);

	Revision rev = R("ab-cd");
	rev.source = Bytes("f\xC3\0.sql", 7);
	e = CatchMigError([&] { RevisionGraph::Build({rev}); });
	EXPECT_EQ(e.Detail().rfind("File \"f\?\?.sql\" has this identifier", 0), 0U) << e.Detail();
	ExpectCleanMessage(e);

	rev = R("a", {Bytes("\xE2\x82", 2)});
	e = CatchMigError([&] { RevisionGraph::Build({rev}); });
	EXPECT_EQ(e.Message(), "invalid revision identifier \"\?\?\"");
	ExpectCleanMessage(e);

	RevisionGraph g = test::AlembicExample();
	e = CatchMigError([&] { g.AppliedSet({Bytes("zz\xFF\0", 4)}); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'zz\?\?'");
	ExpectCleanMessage(e);
	e = CatchMigError([&] { g.ResolveDependency(Bytes("\xF0\x9F\0", 3)); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by '\?\?\?'");
	ExpectCleanMessage(e);
	e = CatchMigError([&] { FormatHistoryLine(g, Bytes("\0\xFF", 2)); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by '\?\?'");
	e = CatchMigError([&] { DescribeStep(g, {Bytes("\xFF", 1), Direction::kUpgrade}); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by '?'");
}

TEST(CoreMessageText, PlannerTargetsWithBadBytes) {
	RevisionGraph g = test::AlembicExample();
	/* Invalid bytes never resolve (ids and labels are ASCII); the messages quote them as '?'. */
	MigError e = CatchMigError([&] { PlanUpgrade(g, {}, Bytes("aaaa\xFF\0", 6)); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'aaaa\?\?'");
	ExpectCleanMessage(e);

	e = CatchMigError([&] { PlanDowngrade(g, {"eeee5555"}, Bytes("b\xC3@-1", 5)); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'b?'");
	ExpectCleanMessage(e);

	e = CatchMigError([&] { PlanUpgrade(g, {}, Bytes("feat@\xED\xA0\x80", 8)); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by '\?\?\?'");
	ExpectCleanMessage(e);

	e = CatchMigError([&] { PlanUpgrade(g, {}, Bytes("a:\xFF", 3)); });
	EXPECT_EQ(e.Message(), "range revision not allowed");
	EXPECT_EQ(e.Detail(), "The target \"a:?\" is a range \"start:end\".");

	e = CatchMigError([&] { ResolveRevision(g, Bytes("\xFF\xFF\xFF\xFF", 4)); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by '\?\?\?\?'");
	ExpectCleanMessage(e);

	/* Valid non-ASCII text is kept as it is. */
	e = CatchMigError([&] { ResolveRevision(g, "caf\xC3\xA9"); });
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'caf\xC3\xA9'");
}

} // namespace
} // namespace pgm
