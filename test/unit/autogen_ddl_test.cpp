/*
 * autogen_ddl_test.cpp: IsWideningTypeChange, the rule that tells a column type change that
 * keeps every value from one that may fail or lose data (and warns).
 */
#include "autogen/ddl.hpp"

#include <gtest/gtest.h>

namespace pgm::schema {
namespace {

TEST(AutogenDdl, WideningRules) {
	EXPECT_TRUE(IsWideningTypeChange("smallint", "integer"));
	EXPECT_TRUE(IsWideningTypeChange("integer", "bigint"));
	EXPECT_FALSE(IsWideningTypeChange("bigint", "smallint"));
	EXPECT_TRUE(IsWideningTypeChange("real", "double precision"));
	EXPECT_FALSE(IsWideningTypeChange("double precision", "real"));
	EXPECT_TRUE(IsWideningTypeChange("character varying(10)", "character varying(20)"));
	EXPECT_TRUE(IsWideningTypeChange("character varying(10)", "character varying"));
	EXPECT_FALSE(IsWideningTypeChange("character varying", "character varying(10)"));
	EXPECT_TRUE(IsWideningTypeChange("character(5)", "character varying(5)"));
	EXPECT_TRUE(IsWideningTypeChange("numeric(10,2)", "numeric(12,3)"));
	EXPECT_FALSE(IsWideningTypeChange("numeric(10,2)", "numeric(10,3)"));
	EXPECT_TRUE(IsWideningTypeChange("numeric(10,2)", "numeric"));
	EXPECT_TRUE(IsWideningTypeChange("integer", "text"));
	EXPECT_TRUE(IsWideningTypeChange("timestamp without time zone", "timestamp with time zone"));
	EXPECT_FALSE(IsWideningTypeChange("timestamp with time zone", "timestamp without time zone"));
	EXPECT_TRUE(IsWideningTypeChange("integer[]", "bigint[]"));
	EXPECT_FALSE(IsWideningTypeChange("text", "integer"));
}

TEST(AutogenDdl, IntegersIntoAWideEnoughNumericAreWidening) {
	EXPECT_TRUE(IsWideningTypeChange("integer", "numeric(12,2)"));
	EXPECT_TRUE(IsWideningTypeChange("bigint", "numeric"));
	EXPECT_FALSE(IsWideningTypeChange("integer", "numeric(10,2)")); // 8 integer digits < 10
	EXPECT_FALSE(IsWideningTypeChange("bigint", "numeric(20,2)"));
}

} // namespace
} // namespace pgm::schema
