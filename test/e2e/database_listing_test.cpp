/*
 * database_listing_test.cpp: end-to-end tests of the listing commands that read the database:
 * history -i, history -r with current, current -v, show current, and the options history
 * --applied excludes.
 */
#include "test/e2e/harness.hpp"

#include "client/common/password_mask.hpp"

namespace e2e {
namespace {

class DatabaseListingTest : public DbTest {};

TEST_F(DatabaseListingTest, HistoryIndicatesCurrent) {
	AddGraph();
	ASSERT_EQ(Run({"upgrade", "cccc3333"}).exit_code, 0);
	EXPECT_EQ(Out({"history", "-i"}), "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d\n"
	                                  "bbbb2222 -> cccc3333 (current), third\n"
	                                  "bbbb2222 -> dddd4444, side\n"
	                                  "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                                  "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"history", "-r", ":current"}), "bbbb2222 -> cccc3333, third\n"
	                                              "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                                              "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"history", "-r", "current:", "-i"}),
	          "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d\n"
	          "bbbb2222 -> cccc3333 (current), third\n");
	std::string verbose = Out({"history", "-v", "-i", "-r", "bbbb2222:cccc3333"});
	EXPECT_CONTAINS(verbose, "Rev: cccc3333 (current)\nParent: bbbb2222\n");
	EXPECT_CONTAINS(verbose, "\n\nRev: bbbb2222 (branchpoint)\n");
}

TEST_F(DatabaseListingTest, CurrentVerboseAndShowCurrent) {
	AddGraph();
	ASSERT_EQ(Run({"upgrade", "heads"}).exit_code, 0);
	std::string entry = "Rev: eeee5555 (head) (mergepoint)\n"
	                    "Merges: cccc3333, dddd4444\n"
	                    "Path: migrations/versions/eeee5555_merge_c_and_d.sql\n"
	                    "\n"
	                    "    merge c and d\n"
	                    "    \n"
	                    "    Revision ID: eeee5555\n"
	                    "    Revises: cccc3333, dddd4444\n"
	                    "    Create Date: 2026-11-23 10:02:03.120000+00:00\n"
	                    "\n";
	EXPECT_EQ(Out({"show", "current"}), entry);

	std::string out = Out({"current", "-v"});
	std::string header = "Current revision(s) for " + pgmig::ObfuscatePassword(url_) + ":\n";
	EXPECT_EQ(out.substr(0, header.size()), header);
	if (url_.find("password=") != std::string::npos) {
		EXPECT_CONTAINS(header, "password=***");
	}
	// The entry is the server's (migrate_show('current')), with the file name it was uploaded as.
	EXPECT_CONTAINS(out, ":\nRev: eeee5555 (head) (mergepoint)");
	EXPECT_CONTAINS(out, "\nMerges: cccc3333, dddd4444\n");
	EXPECT_CONTAINS(out, "    Create Date: 2026-11-23 10:02:03.120000+00:00\n\n");

	// An empty database: the header only; show current prints nothing.
	ASSERT_EQ(Run({"downgrade", "base"}).exit_code, 0);
	RunResult r = Run({"current", "-v"});
	EXPECT_EQ(r.out, header);
	EXPECT_EQ(r.err, "pgmig: warning: the database is behind the local heads (5 revisions to apply)\n"
	                 "pgmig: hint: Run \"pgmig upgrade head\".\n");
	EXPECT_EQ(Out({"show", "current"}), "");
}

TEST_F(DatabaseListingTest, HistoryAppliedExcludesListingOptions) {
	RunResult r = Run({"history", "--applied", "-v"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: ");
	r = Run({"history", "--applied", "-r", "base:heads"});
	EXPECT_EQ(r.exit_code, 2);
	r = Run({"history", "--applied"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace e2e
