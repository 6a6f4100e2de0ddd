/*
 * client_log_entries_test.cpp: unit tests of the lines of "history --applied", one per row of
 * the migration log.
 */
#include "client/common/log_entries.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ClientFormatLogRow, Lines) {
	pgmig::AppliedLogRow row{"1",
	                         "c527ba0bc760",
	                         "upgrade",
	                         "2026-11-24 05:33:14.282454+00",
	                         "00:00:00.0032",
	                         "postgres",
	                         "postgres",
	                         std::string("pgmig"),
	                         std::nullopt,
	                         std::string("abc"),
	                         "applied",
	                         std::nullopt};
	EXPECT_EQ(pgmig::FormatLogRow(row),
	          "2026-11-24 05:33:14.282454+00  upgrade    c527ba0bc760  3.2 ms  postgres  pgmig  applied");
	row.direction = "repair";
	row.session_role = "alice";
	row.application_name = std::nullopt;
	row.outcome = "repaired";
	row.reason = "typo in a comment";
	EXPECT_EQ(pgmig::FormatLogRow(row), "2026-11-24 05:33:14.282454+00  repair     c527ba0bc760  3.2 ms  postgres "
	                                    "(session alice)  -  repaired  reason: typo in a comment");
}

} // namespace
