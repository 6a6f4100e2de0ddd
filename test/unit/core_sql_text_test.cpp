/*
 * core_sql_text_test.cpp: SQL string literals (SqlLiteral): quotes doubled, everything else
 * kept byte for byte, as standard_conforming_strings reads it.
 */
#include "core/sql_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pgm {
namespace {

TEST(CoreSqlText, Literal) {
	EXPECT_EQ(SqlLiteral(""), "''");
	EXPECT_EQ(SqlLiteral("aaaa1111"), "'aaaa1111'");
	EXPECT_EQ(SqlLiteral("it's"), "'it''s'");
	EXPECT_EQ(SqlLiteral("''"), "''''''");
	/* A backslash is an ordinary character with standard_conforming_strings. */
	EXPECT_EQ(SqlLiteral("a\\'b"), "'a\\''b'");
	EXPECT_EQ(SqlLiteral(std::string("a\0b", 3)), std::string("'a\0b'", 5));
}

} // namespace
} // namespace pgm
