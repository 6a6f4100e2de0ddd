/*
 * client_script_template_test.cpp: unit tests of the revision file template (script.sql.tmpl):
 * rendering, the generated SQL in its sections, and create dates.
 */
#include "client/common/script_template.hpp"

#include "core/revision_file.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

std::map<std::string, std::string>
Values(const std::string &message, const std::string &parents) {
	return {{"message", message},       {"revision", "1975ea83b712"},
	        {"down_revision", parents}, {"create_date", "2026-11-23 10:02:03.120000+00:00"},
	        {"branch_labels", ""},      {"depends_on", ""}};
}

TEST(ClientTemplate, RendersTheDefaultTemplate) {
	std::string text =
	    pgmig::RenderRevisionTemplate(pgmig::DefaultTemplate(), Values("add avatar field", "c527ba0bc760"), "", "");
	EXPECT_EQ(text, "-- add avatar field\n"
	                "--\n"
	                "-- Revision ID: 1975ea83b712\n"
	                "-- Revises: c527ba0bc760\n"
	                "-- Create Date: 2026-11-23 10:02:03.120000+00:00\n"
	                "-- Branch Labels:\n"
	                "-- Depends On:\n"
	                "\n"
	                "-- migrate:upgrade\n"
	                "\n"
	                "\n"
	                "-- migrate:downgrade\n"
	                "\n");
}

TEST(ClientTemplate, RenderedDefaultTemplateParses) {
	std::string text =
	    pgmig::RenderRevisionTemplate(pgmig::DefaultTemplate(), Values("add avatar field", "a1, b2"), "", "");
	pgm::RevisionFile f = pgm::ParseRevisionFile("x.sql", text);
	EXPECT_EQ(f.rev.id, "1975ea83b712");
	EXPECT_EQ(f.rev.parents, (std::vector<std::string>{"a1", "b2"}));
	EXPECT_EQ(f.rev.message, "add avatar field");
	EXPECT_TRUE(f.rev.reversible);
	EXPECT_EQ(f.create_date, "2026-11-23 10:02:03.120000+00:00");

	text = pgmig::RenderRevisionTemplate(pgmig::DefaultTemplate(), Values("initial", ""), "", "");
	f = pgm::ParseRevisionFile("x.sql", text);
	EXPECT_TRUE(f.rev.parents.empty());
}

TEST(ClientTemplate, PutsGeneratedSqlIntoTheSections) {
	std::string text =
	    pgmig::RenderRevisionTemplate(pgmig::DefaultTemplate(), Values("add avatar", "c527ba0bc760"),
	                                  "ALTER TABLE public.users ADD COLUMN avatar text;\n",
	                                  "-- WARNING: drops data  \nALTER TABLE public.users DROP COLUMN avatar;\n");
	EXPECT_EQ(text, "-- add avatar\n"
	                "--\n"
	                "-- Revision ID: 1975ea83b712\n"
	                "-- Revises: c527ba0bc760\n"
	                "-- Create Date: 2026-11-23 10:02:03.120000+00:00\n"
	                "-- Branch Labels:\n"
	                "-- Depends On:\n"
	                "\n"
	                "-- migrate:upgrade\n"
	                "ALTER TABLE public.users ADD COLUMN avatar text;\n"
	                "\n"
	                "-- migrate:downgrade\n"
	                "-- WARNING: drops data  \n" // the SQL is written as given, not trimmed
	                "ALTER TABLE public.users DROP COLUMN avatar;\n");
	pgm::RevisionFile f = pgm::ParseRevisionFile("x.sql", text);
	EXPECT_EQ(f.upgrade_sql, "ALTER TABLE public.users ADD COLUMN avatar text;");
	ASSERT_TRUE(f.downgrade_sql.has_value());
	EXPECT_NE(f.downgrade_sql->find("DROP COLUMN avatar;"), std::string::npos);
}

TEST(ClientTemplate, TemplateWithoutSectionVariablesGetsSqlAfterTheMarkers) {
	std::string tmpl = "-- ${message}\n--\n-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n\n"
	                   "-- migrate:upgrade\nSET lock_timeout = '1s';\n\n-- migrate:downgrade  \n";
	std::string text = pgmig::RenderRevisionTemplate(tmpl, Values("m", ""), "CREATE TABLE t ();\n", "DROP TABLE t;\n");
	EXPECT_EQ(text, "-- m\n--\n-- Revision ID: 1975ea83b712\n-- Revises:\n\n"
	                "-- migrate:upgrade\nCREATE TABLE t ();\nSET lock_timeout = '1s';\n\n-- migrate:downgrade\n"
	                "DROP TABLE t;\n");
	// No downgrade marker at all: a section is added at the end.
	text = pgmig::RenderRevisionTemplate("-- Revision ID: ${revision}\n\n-- migrate:upgrade", Values("m", ""),
	                                     "CREATE TABLE t ();\n", "DROP TABLE t;\n");
	EXPECT_EQ(text, "-- Revision ID: 1975ea83b712\n\n-- migrate:upgrade\nCREATE TABLE t ();\n\n"
	                "-- migrate:downgrade\nDROP TABLE t;\n");
	// Empty SQL leaves such a template as it is.
	EXPECT_EQ(pgmig::RenderRevisionTemplate(tmpl, Values("m", ""), "", ""),
	          pgmig::RenderTemplate(tmpl, Values("m", "")));
}

TEST(ClientTemplate, TrimsBlanksOfEmptyHeaderFieldsOnly) {
	std::string text = pgmig::RenderTemplate("-- Depends On: ${depends_on}\nSELECT 1;  \n", Values("m", ""));
	EXPECT_EQ(text, "-- Depends On:\nSELECT 1;  \n");
}

TEST(ClientTemplate, MultiLineMessageStaysInTheComment) {
	std::string text = pgmig::RenderTemplate("-- ${message}\n--\n", Values("first\nsecond", ""));
	EXPECT_EQ(text, "-- first\n-- second\n--\n");
}

TEST(ClientTemplate, UnknownPlaceholdersAreKept) {
	EXPECT_EQ(pgmig::RenderTemplate("${revision} ${other} ${unclosed", Values("", "")),
	          "1975ea83b712 ${other} ${unclosed");
	// Values are not rendered again.
	EXPECT_EQ(pgmig::RenderTemplate("${message}", Values("${revision}", "")), "${revision}");
}

TEST(ClientTemplate, CreateDate) {
	std::tm t{};
	t.tm_year = 2026 - 1900;
	t.tm_mon = 10;
	t.tm_mday = 23;
	t.tm_hour = 10;
	t.tm_min = 2;
	t.tm_sec = 3;
	EXPECT_EQ(pgmig::FormatCreateDate(t, 120000, 0), "2026-11-23 10:02:03.120000+00:00");
	EXPECT_EQ(pgmig::FormatCreateDate(t, 5, 5 * 3600 + 1800), "2026-11-23 10:02:03.000005+05:30");
	EXPECT_EQ(pgmig::FormatCreateDate(t, 999999, -8 * 3600), "2026-11-23 10:02:03.999999-08:00");
	std::string now = pgmig::NowCreateDate();
	ASSERT_EQ(now.size(), 32u) << now;
	EXPECT_EQ(now[10], ' ');
	EXPECT_EQ(now[19], '.');
	EXPECT_TRUE(now[26] == '+' || now[26] == '-');
}

} // namespace
