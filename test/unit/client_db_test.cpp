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
