/*
 * client_validate_report_test.cpp: unit tests of what validate reports: the local files of a
 * script folder compared with migrate_verify rows (no database).
 */
#include "client/common/validate_report.hpp"
#include "test/unit/client_test_helpers.hpp"

#include <gtest/gtest.h>

namespace {

using Strings = std::vector<std::string>;

class ClientValidateReport : public pgmig::test::ChainFolderTest {};

TEST_F(ClientValidateReport, CompareAllMatch) {
	std::vector<pgmig::VerifyRow> rows{{"aaaa1111", "aaaa1111_a.sql", Sum(0), true, Sum(0), "ok"},
	                                   {"bbbb2222", "bbbb2222_b.sql", Sum(1), true, Sum(1), "ok"},
	                                   {"cccc3333", "cccc3333_c.sql", Sum(2), false, std::nullopt, "pending"}};
	pgmig::ValidateReport r = pgmig::CompareWithDatabase(folder_, rows, "migrations");
	EXPECT_EQ(r.lines, Strings{});
	EXPECT_EQ(r.revisions, 3);
	EXPECT_EQ(r.applied, 2);
}

TEST_F(ClientValidateReport, CompareReportsEveryKind) {
	std::string other(64, 'f');
	std::string old(64, 'e');
	std::vector<pgmig::VerifyRow> rows{{"aaaa1111", "aaaa1111_a.sql", other, true, old, "edited"},
	                                   {"bbbb2222", "bbbb2222_b.sql", other, false, std::nullopt, "pending"},
	                                   {"dddd4444", "dddd4444_d.sql", other, true, other, "ok"}};
	pgmig::ValidateReport r = pgmig::CompareWithDatabase(folder_, rows, "migrations");
	EXPECT_EQ(r.lines,
	          (Strings{"edited in database: aaaa1111: the uploaded script differs from the one applied (migrate_verify "
	                   "status edited)",
	                   "edited: aaaa1111 (" + folder_.files[0].path +
	                       "): the local file differs from the applied revision (checksum " + Sum(0).substr(0, 12) +
	                       "... vs eeeeeeeeeeee...)",
	                   "edited: bbbb2222 (" + folder_.files[1].path +
	                       "): the local file differs from the uploaded, not yet applied revision (checksum " +
	                       Sum(1).substr(0, 12) + "... vs ffffffffffff...)",
	                   "missing: dddd4444 (dddd4444_d.sql) is in the database but not in migrations",
	                   "new: cccc3333 (" + folder_.files[2].path + ") is not uploaded"}));
	EXPECT_TRUE(r.needs_upload);
	EXPECT_TRUE(r.needs_repair);
	EXPECT_TRUE(r.missing);
	EXPECT_EQ(r.applied, 2);
	// The same differences for --format json: kind, revision, file, fix, and the line itself.
	ASSERT_EQ(r.differences.size(), r.lines.size());
	Strings kinds, revisions, files, fixes;
	for (std::size_t i = 0; i < r.differences.size(); i++) {
		EXPECT_EQ(r.differences[i].description, r.lines[i]);
		kinds.push_back(r.differences[i].kind);
		revisions.push_back(r.differences[i].revision);
		files.push_back(r.differences[i].file);
		fixes.push_back(r.differences[i].fix);
	}
	EXPECT_EQ(kinds, (Strings{"edited_in_database", "edited_applied", "edited_pending", "missing", "new"}));
	EXPECT_EQ(revisions, (Strings{"aaaa1111", "aaaa1111", "bbbb2222", "dddd4444", "cccc3333"}));
	EXPECT_EQ(files, (Strings{"aaaa1111_a.sql", folder_.files[0].path, folder_.files[1].path, "dddd4444_d.sql",
	                          folder_.files[2].path}));
	EXPECT_EQ(fixes, (Strings{"repair", "repair", "upload", "restore", "upload"}));
}

TEST_F(ClientValidateReport, CorruptedRowIsFixedByAnUpload) {
	std::vector<pgmig::VerifyRow> rows{{"aaaa1111", "aaaa1111_a.sql", Sum(0), true, Sum(0), "corrupted"},
	                                   {"bbbb2222", "bbbb2222_b.sql", Sum(1), true, Sum(1), "ok"},
	                                   {"cccc3333", "cccc3333_c.sql", Sum(2), true, Sum(2), "ok"}};
	pgmig::ValidateReport r = pgmig::CompareWithDatabase(folder_, rows, "migrations");
	ASSERT_EQ(r.differences.size(), 1u);
	EXPECT_EQ(r.differences[0].kind, "corrupted_in_database");
	EXPECT_EQ(r.differences[0].revision, "aaaa1111");
	EXPECT_EQ(r.differences[0].file, "aaaa1111_a.sql");
	EXPECT_EQ(r.differences[0].fix, "upload");
	EXPECT_TRUE(r.needs_upload);
	EXPECT_FALSE(r.needs_repair);
}

TEST_F(ClientValidateReport, CompareAppliedWithoutLoggedChecksumUsesTheCatalogs) {
	std::vector<pgmig::VerifyRow> rows{{"aaaa1111", "aaaa1111_a.sql", Sum(0), true, std::nullopt, "ok"}};
	pgmig::ValidateReport r = pgmig::CompareWithDatabase(folder_, rows, "m");
	ASSERT_EQ(r.lines.size(), 2u);
	EXPECT_EQ(r.lines[0].rfind("new: bbbb2222 ", 0), 0u);
	EXPECT_FALSE(r.needs_repair);
}

} // namespace
