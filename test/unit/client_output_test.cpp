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

/* Every line carries the prefix: libpq's second line, a DETAIL of several lines. */
TEST(ClientOutput, EveryLineIsPrefixed) {
	EXPECT_EQ(pgmig::FormatDiagnostic({"error",
	                                   "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
	                                   "\tIs the server running on that host and accepting TCP/IP connections?\n",
	                                   "", "", ""}),
	          "pgmig: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
	          "pgmig: error: \tIs the server running on that host and accepting TCP/IP connections?\n");
	EXPECT_EQ(pgmig::FormatDiagnostic({"warning", "w", "first\n\nthird", "h1\nh2", "c1\nc2"}),
	          "pgmig: warning: w\npgmig: detail: first\npgmig: detail:\npgmig: detail: third\n"
	          "pgmig: hint: h1\npgmig: hint: h2\npgmig: context: c1\npgmig: context: c2\n");
	// A control character is still escaped, on whichever line it is.
	EXPECT_EQ(pgmig::FormatDiagnostic({"error", "a\nb\x1b[2J", "", "", ""}),
	          "pgmig: error: a\npgmig: error: b\\x1b[2J\n");
}

} // namespace
