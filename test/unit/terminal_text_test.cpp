/*
 * terminal_text_test.cpp: TerminalText, the escaping of terminal controls in what pgmig prints.
 */
#include "core/terminal_text.hpp"

#include <gtest/gtest.h>

#include <string>

using pgm::NeedsTerminalEscape;
using pgm::TerminalLines;
using pgm::TerminalText;

TEST(TerminalText, PlainTextIsUnchanged) {
	EXPECT_EQ(TerminalText("add users table"), "add users table");
	EXPECT_EQ(TerminalText("quotes ' \" ; $$ \\ backslash"), "quotes ' \" ; $$ \\ backslash");
	EXPECT_EQ(TerminalText("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"),
	          "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
	EXPECT_EQ(TerminalText("tab\there"), "tab\there");
	EXPECT_FALSE(NeedsTerminalEscape("line one\nline two"));
	EXPECT_EQ(TerminalText(""), "");
}

TEST(TerminalText, EscapesC0ControlsAndDel) {
	EXPECT_EQ(TerminalText("a\x1b[2Jb"), "a\\x1b[2Jb");
	EXPECT_EQ(TerminalText("over\rwrite"), "over\\rwrite");
	EXPECT_EQ(TerminalText("bell\a"), "bell\\x07");
	EXPECT_EQ(TerminalText("back\bspace"), "back\\x08space");
	EXPECT_EQ(TerminalText("del\x7f"), "del\\x7f");
	EXPECT_EQ(TerminalText(std::string("nul\0byte", 8)), "nul\\x00byte");
	EXPECT_EQ(TerminalText("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
}

TEST(TerminalText, LineFeedsKeptOrEscaped) {
	EXPECT_EQ(TerminalText("one\ntwo"), "one\ntwo");
	EXPECT_EQ(TerminalText("one\ntwo", TerminalLines::kEscape), "one\\ntwo");
	EXPECT_EQ(TerminalText("crlf\r\n", TerminalLines::kEscape), "crlf\\r\\n");
	EXPECT_TRUE(NeedsTerminalEscape("one\ntwo", TerminalLines::kEscape));
}

TEST(TerminalText, EscapesC1ControlsAndBidiOverrides) {
	EXPECT_EQ(TerminalText("csi\xc2\x9b"
	                       "2J"),
	          "csi\\u009b2J");
	EXPECT_EQ(TerminalText("\xc2\x85"), "\\u0085");
	EXPECT_EQ(TerminalText("abc\xe2\x80\xae"
	                       "fed"),
	          "abc\\u202efed");
	EXPECT_EQ(TerminalText("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
	// U+00A0 (no-break space) and U+2028 are printable enough: kept
	EXPECT_EQ(TerminalText("\xc2\xa0"), "\xc2\xa0");
}

TEST(TerminalText, EscapesInvalidUtf8ByteByByte) {
	EXPECT_EQ(TerminalText("bad\xff\xfe"), "bad\\xff\\xfe");
	EXPECT_EQ(TerminalText("cut\xe4\xb8"), "cut\\xe4\\xb8");
	EXPECT_EQ(TerminalText("overlong\xc0\xaf"), "overlong\\xc0\\xaf");
	EXPECT_EQ(TerminalText("surrogate\xed\xa0\x80"), "surrogate\\xed\\xa0\\x80");
}

TEST(TerminalText, LongTextIsEscapedWhole) {
	std::string text(100000, 'x');
	text[50000] = '\x1b';
	std::string out = TerminalText(text);
	EXPECT_EQ(out.size(), 100000u + 3);
	EXPECT_EQ(out.substr(50000, 4), "\\x1b");
	EXPECT_EQ(out.find('\x1b'), std::string::npos);
}
