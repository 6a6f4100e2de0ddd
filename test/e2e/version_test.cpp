/*
 * version_test.cpp: end-to-end test of what pgmig says when the database's pg_migrate is older
 * than pgmig: a warning naming ALTER EXTENSION pg_migrate UPDATE, once per run, on every
 * connected command; none once it is updated.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

class VersionTest : public DbTest {};

TEST_F(VersionTest, OlderExtensionIsNamedWithTheUpdate) {
	Query("DROP EXTENSION pg_migrate");
	Query("CREATE EXTENSION pg_migrate VERSION '0.5.0'");
	AddChain();
	const std::string warning = "pgmig: warning: extension \"pg_migrate\" in database \"" + db_name_ +
	                            "\" is version 0.5.0, older than pgmig " PGM_PROJECT_VERSION "\n"
	                            "pgmig: hint: Run ALTER EXTENSION pg_migrate UPDATE; in that database, as the "
	                            "extension's owner or a superuser, to get what pgmig " PGM_PROJECT_VERSION
	                            " expects.\n";
	// The upgrade works (the full upload of 0.5.0) and says it once.
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.err, warning);
	EXPECT_EQ(r.err.find(warning), r.err.rfind(warning)) << r.err;
	EXPECT_EQ(Scalar("SELECT string_agg(revision, ',') FROM pg_migrate.version"), "cccc3333");
	// The no-op path and the read-only commands say it too; stdout is unchanged.
	for (const std::vector<std::string> &args :
	     std::vector<std::vector<std::string>>{{"upgrade", "head"}, {"current"}, {"validate"}, {"history", "-i"}}) {
		r = Run(args);
		EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
		EXPECT_CONTAINS(r.err, warning);
	}
	std::string current = Run({"current"}).out;
	EXPECT_EQ(current, "cccc3333 (head)\n");

	Query("ALTER EXTENSION pg_migrate UPDATE");
	r = Run({"current"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	EXPECT_EQ(r.out, current);
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

} // namespace
} // namespace e2e
