/*
 * core_section_lines_test.cpp: LocateSections, the file lines where the section bodies that
 * ParseRevisionFile returns start (lint and error reports turn a line of a body into a line
 * of the file with it).
 */
#include "core/revision_file.hpp"

#include <gtest/gtest.h>

#include <string>

using pgm::LocateSections;
using pgm::ParseRevisionFile;
using pgm::RevisionFile;
using pgm::SectionLines;

namespace {

/* LineOf: the 1-based file line holding the first occurrence of needle. */
std::size_t
LineOf(const std::string &text, const std::string &needle) {
	std::size_t at = text.find(needle);
	std::size_t line = 1;
	for (std::size_t i = 0; i < at; i++)
		line += text[i] == '\n' ? 1 : 0;
	return line;
}

} // namespace

TEST(CoreSectionLines, BodiesStartAfterTheBlankLines) {
	const std::string text = "-- add t\n--\n-- Revision ID: abc\n-- Revises:\n\n"
	                         "-- migrate:upgrade   \n\n  \n-- a comment\nCREATE TABLE t (\n    id int\n);\n\n"
	                         "CREATE INDEX ON t (id);\n\n-- migrate:downgrade\t\n\nDROP TABLE t;\n";
	SectionLines lines = LocateSections(text);
	EXPECT_EQ(lines.upgrade, LineOf(text, "-- a comment"));
	EXPECT_EQ(lines.downgrade, LineOf(text, "DROP TABLE"));
	// Line k of a body is line upgrade + k of the file.
	RevisionFile f = ParseRevisionFile("x.sql", text);
	std::size_t k = LineOf(f.upgrade_sql, "CREATE INDEX") - 1;
	EXPECT_EQ(lines.upgrade + k, LineOf(text, "CREATE INDEX"));
}

TEST(CoreSectionLines, CrlfAndByteOrderMark) {
	const std::string text = "\xEF\xBB\xBF-- m\r\n-- Revision ID: abc\r\n\r\n-- migrate:upgrade\r\n\r\nSELECT 1;\r\n";
	SectionLines lines = LocateSections(text);
	EXPECT_EQ(lines.upgrade, 6u);
	EXPECT_EQ(lines.downgrade, 0u);
}

TEST(CoreSectionLines, EmptyOrAbsentSections) {
	SectionLines lines = LocateSections("-- m\n-- Revision ID: abc\n\n-- migrate:upgrade\n\n-- migrate:downgrade\n");
	EXPECT_EQ(lines.upgrade, 0u);
	EXPECT_EQ(lines.downgrade, 0u);
	EXPECT_EQ(LocateSections("").upgrade, 0u);
}
