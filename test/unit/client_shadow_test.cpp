/*
 * client_shadow_test.cpp: unit tests of the pure parts of autogenerate and check: the
 * models and shadow_url configuration keys, reading the model files, the line of a
 * statement position and the shadow database names (no database needed).
 */
#include "client/common/context.hpp"
#include "client/common/models.hpp"
#include "client/common/shadow.hpp"
#include "test/unit/client_test_helpers.hpp"
#include "test/unit/core_test_helpers.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <unistd.h>

namespace {

using pgm::test::CatchMigError;
using pgmig::test::Env;

namespace fs = std::filesystem;

void
Write(const fs::path &p, const std::string &text) {
	std::ofstream out(p, std::ios::binary);
	out << text;
}

/* TempDir: a fresh directory for one test, removed at the end. */
class TempDir {
public:
	explicit TempDir(const std::string &name)
	    : path_(fs::path(::testing::TempDir()) / ("pgmig_shadow_" + name + "_" + std::to_string(getpid()))) {
		fs::remove_all(path_);
		fs::create_directories(path_);
	}
	~TempDir() {
		std::error_code ec;
		fs::remove_all(path_, ec);
	}
	const fs::path &
	Path() const {
		return path_;
	}

private:
	fs::path path_;
};

TEST(ClientShadow, ConfigKeys) {
	pgmig::Config c =
	    pgmig::ParseConfig("models = \"schema\"\nshadow_url = \"postgresql://${U:-me}@h/postgres\"\n", "p/pgmig.toml");
	EXPECT_EQ(c.models, "schema");
	EXPECT_EQ(pgmig::ResolveShadowUrl(c, Env({})), "postgresql://me@h/postgres");
	EXPECT_EQ(pgmig::ResolveShadowUrl(c, Env({{"U", "x"}})), "postgresql://x@h/postgres");
	EXPECT_EQ(pgmig::ResolveShadowUrl(pgmig::Config{}, Env({})), "");

	pgm::MigError e = CatchMigError([] { pgmig::ParseConfig("models = \"\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "configuration key \"models\" in \"pgmig.toml\" must not be empty");
	e = CatchMigError([] { pgmig::ParseConfig("modles = \"x\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Hint(), "Did you mean \"models\"?");
	e = CatchMigError([] { pgmig::ParseConfig("shadow_uri = \"x\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Hint(), "Did you mean \"shadow_url\"?");
}

TEST(ClientShadow, ModelsPath) {
	pgmig::Config none;
	EXPECT_EQ(pgmig::ResolveModelsPath("", none, "pgmig.toml"), fs::path("models"));
	EXPECT_EQ(pgmig::ResolveModelsPath("", none, "proj/pgmig.toml"), fs::path("proj/models"));
	pgmig::Config c;
	c.models = "db/schema.sql";
	EXPECT_EQ(pgmig::ResolveModelsPath("", c, "proj/pgmig.toml"), fs::path("proj/db/schema.sql"));
	c.models = "/abs/models";
	EXPECT_EQ(pgmig::ResolveModelsPath("", c, "proj/pgmig.toml"), fs::path("/abs/models"));
	// --models is relative to the current directory.
	EXPECT_EQ(pgmig::ResolveModelsPath("other", c, "proj/pgmig.toml"), fs::path("other"));
}

TEST(ClientShadow, ReadsModelFilesInByteOrder) {
	TempDir dir("read");
	fs::path models = dir.Path() / "models";
	fs::create_directories(models / "sub.sql");
	Write(models / "b_orders.sql", "CREATE TABLE orders ();\n");
	Write(models / "B_upper.sql", "-- upper case sorts first\n");
	Write(models / "a_users.sql", "CREATE TABLE users ();\n");
	Write(models / ".hidden.sql", "garbage");
	Write(models / "notes.txt", "garbage");
	Write(models / "sub.sql" / "nested.sql", "garbage");
	std::vector<pgmig::ModelFile> files = pgmig::ReadModelFiles(models);
	ASSERT_EQ(files.size(), 3u);
	EXPECT_EQ(fs::path(files[0].path).filename(), "B_upper.sql");
	EXPECT_EQ(fs::path(files[1].path).filename(), "a_users.sql");
	EXPECT_EQ(files[1].text, "CREATE TABLE users ();\n");
	EXPECT_EQ(fs::path(files[2].path).filename(), "b_orders.sql");

	// One file.
	files = pgmig::ReadModelFiles(models / "notes.txt");
	ASSERT_EQ(files.size(), 1u);
	EXPECT_EQ(files[0].text, "garbage");
}

TEST(ClientShadow, MissingOrEmptyModelsAreErrors) {
	TempDir dir("missing");
	pgm::MigError e = CatchMigError([&] { pgmig::ReadModelFiles(dir.Path() / "models"); });
	EXPECT_EQ(e.Sqlstate(), "58P01");
	EXPECT_NE(e.Message().find("models directory \""), std::string::npos) << e.Message();
	EXPECT_NE(e.Message().find("/models\" does not exist"), std::string::npos) << e.Message();
	EXPECT_NE(e.Hint().find("--models"), std::string::npos);
	e = CatchMigError([&] { pgmig::ReadModelFiles(dir.Path() / "schema.sql"); });
	EXPECT_NE(e.Message().find("model file \""), std::string::npos) << e.Message();

	fs::create_directories(dir.Path() / "models");
	Write(dir.Path() / "models" / "README", "no sql here");
	e = CatchMigError([&] { pgmig::ReadModelFiles(dir.Path() / "models"); });
	EXPECT_EQ(e.Sqlstate(), "58P01");
	EXPECT_NE(e.Message().find("/models\" has no .sql files"), std::string::npos) << e.Message();
}

TEST(ClientShadow, LineAtPositionCountsCharacters) {
	std::string text = "CREATE TABLE a ();\n-- \xc3\xa9t\xc3\xa9\nCREATE TABL b ();\n";
	EXPECT_EQ(pgmig::LineAtPosition(text, 1), 1);
	EXPECT_EQ(pgmig::LineAtPosition(text, 18), 1); // the ";"
	EXPECT_EQ(pgmig::LineAtPosition(text, 19), 1); // its newline
	EXPECT_EQ(pgmig::LineAtPosition(text, 20), 2);
	// Line 2 is "-- été": 6 characters (8 bytes) and a newline, so line 3 starts at 27.
	EXPECT_EQ(pgmig::LineAtPosition(text, 26), 2);
	EXPECT_EQ(pgmig::LineAtPosition(text, 27), 3);
	EXPECT_EQ(pgmig::LineAtPosition(text, 34), 3); // "TABL"
	EXPECT_EQ(pgmig::LineAtPosition(text, 1000), 3);
	EXPECT_EQ(pgmig::LineAtPosition("", 5), 1);
	EXPECT_EQ(pgmig::LineAtPosition("a\nb", 1000), 2);
}

TEST(ClientShadow, ShadowDatabaseNamesAreUnique) {
	std::string a = pgmig::ShadowDatabaseName();
	std::string b = pgmig::ShadowDatabaseName();
	EXPECT_TRUE(std::regex_match(a, std::regex("pgmig_shadow_" + std::to_string(getpid()) + "_[0-9a-f]{8}"))) << a;
	EXPECT_NE(a, b);
	EXPECT_LE(a.size(), 63u); // NAMEDATALEN - 1
}

TEST(ClientShadow, BlanksPgDumpRestrictLines) {
	// pg_dump 15.14+ frames a dump with psql meta-commands the server cannot run; the lines stay
	// (empty) so error line numbers still point into the file.
	EXPECT_EQ(pgmig::BlankDumpRestrictLines("\\restrict abc\nCREATE TABLE t ();\n\\unrestrict abc\n"),
	          "\nCREATE TABLE t ();\n\n");
	EXPECT_EQ(pgmig::BlankDumpRestrictLines("SELECT '\\restrict x';\n\\unrestrict k"), "SELECT '\\restrict x';\n");
	EXPECT_EQ(pgmig::BlankDumpRestrictLines("CREATE TABLE t ();"), "CREATE TABLE t ();");
}

} // namespace
