/*
 * init_test.cpp: end-to-end test of pgmig init: the project it creates, and the existing
 * projects it refuses to overwrite.
 */
#include "test/e2e/harness.hpp"

namespace e2e {
namespace {

TEST(InitTest, CreatesProjectAndRefusesToOverwrite) {
	fs::path dir = fs::path(::testing::TempDir()) / ("pgmig_init_" + std::to_string(getpid()));
	fs::remove_all(dir);
	fs::create_directories(dir);
	RunResult r = Pgmig({"init", "proj"}, dir);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::vector<std::string> lines = Lines(r.out);
	ASSERT_GE(lines.size(), 5u) << r.out;
	EXPECT_EQ(lines[0], "Creating directory proj ...  done");
	EXPECT_EQ(lines[1], "Creating directory proj/migrations ...  done");
	EXPECT_EQ(lines[2], "Creating directory proj/migrations/versions ...  done");
	EXPECT_EQ(lines[3], "Generating proj/migrations/script.sql.tmpl ...  done");
	ASSERT_GE(lines.size(), 7u) << r.out;
	EXPECT_EQ(lines[4], "Creating directory proj/models ...  done");
	EXPECT_EQ(lines[5], "Generating proj/models/schema.sql ...  done");
	EXPECT_EQ(lines[6], "Generating proj/pgmig.toml ...  done");
	// The models folder holds one file of comments: autogenerate and check have something to read.
	std::string model = ReadFile(dir / "proj" / "models" / "schema.sql");
	EXPECT_CONTAINS(model, "pgmig revision --autogenerate");
	for (const std::string &line : Lines(model))
		EXPECT_EQ(line.rfind("--", 0), 0u) << line;
	EXPECT_TRUE(fs::is_directory(dir / "proj" / "migrations" / "versions"));
	std::string toml = ReadFile(dir / "proj" / "pgmig.toml");
	EXPECT_CONTAINS(toml, "script_location = \"migrations\"\n");
	EXPECT_CONTAINS(toml, "# database_url = ");
	EXPECT_CONTAINS(ReadFile(dir / "proj" / "migrations" / "script.sql.tmpl"),
	                "-- Revision ID: ${revision}\n-- Revises: ${down_revision}\n");

	// Again: the configuration file exists.
	r = Pgmig({"init", "proj"}, dir);
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.err, "pgmig: error: configuration file \"proj/pgmig.toml\" already exists\n"
	                 "pgmig: hint: Choose another directory, or edit the existing project.\n");

	// A non-empty migrations directory is refused too (Alembic's wording), and nothing is written.
	fs::remove(dir / "proj" / "pgmig.toml");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: directory \"migrations\" already exists and is not empty\n");
	EXPECT_FALSE(fs::exists(dir / "proj" / "pgmig.toml"));

	// An empty migrations directory is fine.
	fs::remove_all(dir / "proj" / "migrations");
	fs::create_directories(dir / "proj" / "migrations");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Lines(r.out)[0], "Creating directory migrations/versions ...  done");
	// The models folder of the first run, still empty of anything but schema.sql, is kept.
	EXPECT_EQ(r.out.find("models/schema.sql"), std::string::npos) << r.out;

	// Models of one's own are left alone; an empty models folder gets the first file.
	fs::remove(dir / "proj" / "pgmig.toml");
	fs::remove_all(dir / "proj" / "migrations");
	fs::remove(dir / "proj" / "models" / "schema.sql");
	WriteFile(dir / "proj" / "models" / "app.sql", "CREATE TABLE mine (id int);\n");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out.find("models"), std::string::npos) << r.out;
	EXPECT_FALSE(fs::exists(dir / "proj" / "models" / "schema.sql"));
	EXPECT_EQ(ReadFile(dir / "proj" / "models" / "app.sql"), "CREATE TABLE mine (id int);\n");
	fs::remove(dir / "proj" / "pgmig.toml");
	fs::remove_all(dir / "proj" / "migrations");
	fs::remove(dir / "proj" / "models" / "app.sql");
	r = Pgmig({"init"}, dir / "proj");
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Generating models/schema.sql ...  done\n");
	fs::remove_all(dir);
}

} // namespace
} // namespace e2e
