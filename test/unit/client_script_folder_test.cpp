/*
 * client_script_folder_test.cpp: unit tests of reading the script folder's revision files
 * (the .sql files of versions/): which files, in which order, their exact bytes, and a
 * missing folder.
 */
#include "client/common/context.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

TEST(ClientScripts, ReadsSqlFilesSortedByName) {
	namespace fs = std::filesystem;
	fs::path dir = fs::path(::testing::TempDir()) / "pgmig_scripts_test";
	fs::remove_all(dir);
	fs::create_directories(dir / "versions" / "sub.sql");
	std::ofstream(dir / "versions" / "b_two.sql") << "B";
	std::ofstream(dir / "versions" / "a_one.sql", std::ios::binary) << std::string("A\0\xff", 3);
	std::ofstream(dir / "versions" / ".hidden.sql") << "H";
	std::ofstream(dir / "versions" / "notes.txt") << "N";
	std::ofstream(dir / "versions" / "empty.sql");
	std::vector<pgmig::ScriptFile> files = pgmig::ReadScriptFiles(dir);
	ASSERT_EQ(files.size(), 3u);
	EXPECT_EQ(files[0].name, "a_one.sql");
	EXPECT_EQ(files[0].bytes, std::string("A\0\xff", 3));
	EXPECT_EQ(files[0].path, pgmig::DisplayPath(dir / "versions" / "a_one.sql"));
	EXPECT_EQ(files[1].name, "b_two.sql");
	EXPECT_EQ(files[2].name, "empty.sql");
	EXPECT_EQ(files[2].bytes, "");
	fs::remove_all(dir);
}

TEST(ClientScripts, MissingFolderIsAnError) {
	try {
		pgmig::ReadScriptFiles("/nonexistent/migrations");
		FAIL();
	} catch (const pgm::MigError &e) {
		EXPECT_EQ(e.Message(), "script folder \"/nonexistent/migrations\" does not exist");
		EXPECT_FALSE(e.Hint().empty());
	}
}

} // namespace
