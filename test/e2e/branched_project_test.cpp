/*
 * branched_project_test.cpp: end-to-end tests of the commands that read the script folder only:
 * heads, branches, show, history -r/-v and merge, on a project with a branch point, a merge
 * point, a labelled second root and a depends_on (the graph of Alembic's own samples).
 */
#include "test/e2e/harness.hpp"

#include "core/revision_file.hpp"

namespace e2e {
namespace {

class BranchedProjectTest : public ProjectTest {
protected:
	void
	SetUp() override {
		ProjectTest::SetUp();
		Add("aaaa1111", "", "create account table");
		Add("bbbb2222", "aaaa1111", "add column");
		Add("cccc3333", "bbbb2222", "third");
		Add("dddd4444", "bbbb2222", "side");
		Add("eeee5555", "cccc3333, dddd4444", "merge c and d");
		Add("ffff6666", "", "feat base", "feat");
		Add("99990000", "ffff6666", "feat two", "", "cccc3333");
	}

	/* Add: a revision file like AddRevision's, with branch labels. */
	void
	Add(const std::string &id, const std::string &parents, const std::string &message, const std::string &labels = "",
	    const std::string &depends_on = "") {
		std::string text = RevisionText(id, parents, message, "SELECT 1;", "SELECT 1;", depends_on);
		if (!labels.empty())
			text.replace(text.find("-- Branch Labels:"), 17, "-- Branch Labels: " + labels);
		WriteFile(Versions() / (id + "_" + pgm::Slugify(message) + ".sql"), text);
	}

	static std::string
	Entry(const std::string &rev_line, const std::string &body, const std::string &file, const std::string &message,
	      const std::string &id, const std::string &revises) {
		return "Rev: " + rev_line + "\n" + body + "Path: migrations/versions/" + file + "\n\n    " + message +
		       "\n    \n    Revision ID: " + id + "\n    Revises: " + revises +
		       "\n    Create Date: 2026-11-23 10:02:03.120000+00:00\n\n";
	}
};

TEST_F(BranchedProjectTest, HistoryHeadsBranches) {
	EXPECT_EQ(Out({"history"}), "ffff6666 (cccc3333) -> 99990000 (feat) (head), feat two\n"
	                            "<base> -> ffff6666 (feat), feat base\n"
	                            "cccc3333, dddd4444 -> eeee5555 (head) (mergepoint), merge c and d\n"
	                            "bbbb2222 -> dddd4444, side\n"
	                            "bbbb2222 -> cccc3333, third\n"
	                            "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                            "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"heads"}), "99990000 (feat) (head)\neeee5555 (head)\n");
	EXPECT_EQ(Out({"branches"}), "bbbb2222 (branchpoint)\n"
	                             "         -> cccc3333\n"
	                             "         -> dddd4444\n"
	                             "\n");
}

TEST_F(BranchedProjectTest, VerboseEntries) {
	std::string feat_two = Entry("99990000 (head)", "Parent: ffff6666\nAlso depends on: cccc3333\nBranch names: feat\n",
	                             "99990000_feat_two.sql", "feat two", "99990000", "ffff6666");
	std::string merge = Entry("eeee5555 (head) (mergepoint)", "Merges: cccc3333, dddd4444\n",
	                          "eeee5555_merge_c_and_d.sql", "merge c and d", "eeee5555", "cccc3333, dddd4444");
	std::string branch = Entry("bbbb2222 (branchpoint)", "Parent: aaaa1111\nBranches into: cccc3333, dddd4444\n",
	                           "bbbb2222_add_column.sql", "add column", "bbbb2222", "aaaa1111");
	EXPECT_EQ(Out({"heads", "-v"}), feat_two + merge);
	EXPECT_EQ(Out({"show", "heads"}), feat_two + merge);
	EXPECT_EQ(Out({"show", "bbbb"}), branch);
	EXPECT_EQ(Out({"show", "feat@head"}), feat_two);
	EXPECT_EQ(Out({"show", "base"}), "");
	EXPECT_EQ(Out({"branches", "--verbose"}), branch + "         -> cccc3333, third\n"
	                                                   "         -> dddd4444, side\n"
	                                                   "\n");
	EXPECT_EQ(Out({"history", "-v", "-r", "ffff6666:"}),
	          feat_two + Entry("ffff6666", "Parent: <base>\nBranch names: feat\n", "ffff6666_feat_base.sql",
	                           "feat base", "ffff6666", ""));

	RunResult r = Run({"show", "head"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: multiple head revisions are present for given argument 'head'\n");
	r = Run({"show"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "pgmig: error: REV is required\n");
}

TEST_F(BranchedProjectTest, HistoryRanges) {
	EXPECT_EQ(Out({"history", "-r", ":bbbb"}), "aaaa1111 -> bbbb2222 (branchpoint), add column\n"
	                                           "<base> -> aaaa1111, create account table\n");
	EXPECT_EQ(Out({"history", "--rev-range", "feat@head-1:"}),
	          "ffff6666 (cccc3333) -> 99990000 (feat) (head), feat two\n<base> -> ffff6666 (feat), feat base\n");
	// A range starting with '-' (-N counts down from the end): separate, glued, with "=", or the
	// long option with "=".
	for (const std::vector<std::string> &args : {std::vector<std::string>{"history", "-r", "-1:cccc3333"},
	                                             {"history", "-r-1:cccc3333"},
	                                             {"history", "-r=-1:cccc3333"},
	                                             {"history", "--rev-range=-1:cccc3333"},
	                                             {"history", "-r", "cccc-1:cccc"}})
		EXPECT_EQ(Out(args), "bbbb2222 -> cccc3333, third\n"
		                     "aaaa1111 -> bbbb2222 (branchpoint), add column\n")
		    << args[1];
	RunResult r = Run({"history", "-r", "-1:"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: ambiguous walk\n");
	r = Run({"history", "-r", "bbbb"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: history range requires [start]:[end], [start]:, or :[end]\n");
	r = Run({"history", "-r", "base:head"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: multiple head revisions are present for given argument 'head'\n");
}

TEST_F(BranchedProjectTest, MergeJoinsTheHeads) {
	RunResult r = Run({"merge", "-m", "merge all", "--rev-id", "12345abc", "heads"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "Generating migrations/versions/12345abc_merge_all.sql ...  done\n");
	std::string text = ReadFile(Versions() / "12345abc_merge_all.sql");
	EXPECT_CONTAINS(text, "-- merge all\n--\n-- Revision ID: 12345abc\n-- Revises: 99990000, eeee5555\n");
	EXPECT_CONTAINS(text, "-- Branch Labels:\n-- Depends On:\n\n-- migrate:upgrade\n\n\n-- migrate:downgrade\n\n");
	EXPECT_EQ(Out({"heads"}), "12345abc (feat) (head)\n");
	std::vector<std::string> lines = Lines(Out({"history", "-r", "base:head"}));
	ASSERT_EQ(lines.size(), 8u);
	EXPECT_EQ(lines[0], "99990000, eeee5555 -> 12345abc (feat) (head) (mergepoint), merge all");
	EXPECT_EQ(Out({"history", "-r", "eeee5555:"}),
	          "99990000, eeee5555 -> 12345abc (feat) (head) (mergepoint), merge all\n"
	          "cccc3333, dddd4444 -> eeee5555 (mergepoint), merge c and d\n");
}

TEST_F(BranchedProjectTest, MergeErrors) {
	RunResult r = Run({"merge", "-m", "x", "eeee"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: a merge needs at least two revisions\n"
	                 "pgmig: detail: The revisions given resolve to eeee5555 only.\n"
	                 "pgmig: hint: Name two or more heads, or \"heads\" when there are several.\n");
	r = Run({"merge", "-m", "x", "eeee", "heads"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: duplicate head revisions specified\n");
	r = Run({"merge", "-m", "x", "eeee", "bbbb"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: revision bbbb2222 is not a head revision\n");
	r = Run({"merge", "-m", "x", "--rev-id", "aaaa1111", "heads"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: revision \"aaaa1111\" already exists\n");
	r = Run({"merge", "heads"});
	EXPECT_EQ(r.exit_code, 2);
	EXPECT_CONTAINS(r.err, "--message is required");
	// --splice allows a non-head parent: a new merge beside the existing head.
	r = Run({"merge", "-m", "side merge", "--splice", "--rev-id", "abcd0001", "cccc", "dddd"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Out({"heads"}), "99990000 (feat) (head)\nabcd0001 (head)\neeee5555 (head)\n");
	EXPECT_CONTAINS(ReadFile(Versions() / "abcd0001_side_merge.sql"), "-- Revises: cccc3333, dddd4444\n");
}

} // namespace
} // namespace e2e
