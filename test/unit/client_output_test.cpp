/*
 * client_output_test.cpp: unit tests of how pgmig formats errors and server messages, as
 * PostgreSQL's own clients do.
 */
#include "client/common/output.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ClientOutput, FormatsLikePostgresClients) {
	EXPECT_EQ(pgmig::FormatDiagnostic({"error", "relation \"x\" does not exist", "", "", ""}),
	          "pgmig: error: relation \"x\" does not exist\n");
	EXPECT_EQ(pgmig::FormatDiagnostic({"error", "m\n", "D.", "H.", "applying revision \"a\""}),
	          "pgmig: error: m\npgmig: detail: D.\npgmig: hint: H.\npgmig: context: applying revision \"a\"\n");
	EXPECT_EQ(pgmig::StripTrailingNewline("a\n\n"), "a\n");
}

} // namespace
