/*
 * client_db_test.cpp: unit tests of the array literals pgmig sends its query parameters in.
 */
#include "client/common/db.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ClientDb, ArrayLiterals) {
	EXPECT_EQ(pgmig::TextArrayLiteral({}), "{}");
	EXPECT_EQ(pgmig::TextArrayLiteral({"a.sql", "q\"b\\.sql", ""}), "{\"a.sql\",\"q\\\"b\\\\.sql\",\"\"}");
	EXPECT_EQ(pgmig::ByteaArrayLiteral({}), "{}");
	EXPECT_EQ(pgmig::ByteaArrayLiteral({std::string("A\0\xff", 3), ""}), "{\"\\\\x4100ff\",\"\\\\x\"}");
}

} // namespace

namespace {

/* The version comparison behind the "older extension" warning: number by number. */
TEST(ClientDb, OlderVersion) {
	EXPECT_TRUE(pgmig::OlderVersion("0.5.0", "0.6.0"));
	EXPECT_FALSE(pgmig::OlderVersion("0.6.0", "0.6.0"));
	EXPECT_FALSE(pgmig::OlderVersion("0.7.0", "0.6.0"));
	EXPECT_TRUE(pgmig::OlderVersion("0.9.1", "0.10.0")); // not text order
	EXPECT_FALSE(pgmig::OlderVersion("1.0", "0.99.99"));
	EXPECT_TRUE(pgmig::OlderVersion("0.6", "0.6.1"));
	EXPECT_FALSE(pgmig::OlderVersion("0.6", "0.6.0"));
	EXPECT_TRUE(pgmig::OlderVersion("0.6.0devel", "0.6.1")); // not a number: 0
}

} // namespace
