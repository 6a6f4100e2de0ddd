/*
 * client_test_helpers.hpp: what the client's unit tests share: an environment lookup over a
 * fixed map (the resolution functions take the environment as a function) and a script
 * folder with a chain of three revisions.  Catching a MigError is pgm::test::CatchMigError
 * (core_test_helpers.hpp).
 */
#pragma once

#include "client/common/context.hpp"

#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include <unistd.h>

namespace pgmig::test {

/* Env: an EnvLookup that knows exactly vars. */
inline EnvLookup
Env(std::map<std::string, std::string> vars) {
	return [vars](const std::string &name) -> std::optional<std::string> {
		auto it = vars.find(name);
		if (it == vars.end())
			return std::nullopt;
		return it->second;
	};
}

/* RevisionFileText: a revision file with one upgrade and one downgrade section. */
inline std::string
RevisionFileText(const std::string &id, const std::string &parents, const std::string &message, const std::string &up,
                 const std::string &down) {
	return "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + parents + "\n\n-- migrate:upgrade\n" +
	       up + "\n\n-- migrate:downgrade\n" + down + "\n";
}

/*
 * ChainFolderTest: a fixture with a script folder holding a chain aaaa1111 <- bbbb2222 <-
 * cccc3333 in a temporary directory.
 */
class ChainFolderTest : public ::testing::Test {
protected:
	void
	SetUp() override {
		// one directory per process: ctest runs the tests of this fixture at the same time
		dir_ = std::filesystem::path(::testing::TempDir()) /
		       ("pgmig_chain_folder_test_" + std::to_string(static_cast<long>(getpid())));
		std::filesystem::remove_all(dir_);
		std::filesystem::create_directories(dir_ / "versions");
		Write("aaaa1111_a.sql", RevisionFileText("aaaa1111", "", "create account", "CREATE TABLE account (id int);",
		                                         "DROP TABLE account;"));
		Write("bbbb2222_b.sql",
		      RevisionFileText("bbbb2222", "aaaa1111", "add name", "ALTER TABLE account ADD COLUMN name text;",
		                       "ALTER TABLE account DROP COLUMN name;"));
		Write("cccc3333_c.sql", RevisionFileText("cccc3333", "bbbb2222", "ledger", "CREATE TABLE ledger (id int);",
		                                         "DROP TABLE ledger;"));
		folder_ = pgmig::LoadScriptFolder(dir_);
	}
	void
	TearDown() override {
		std::filesystem::remove_all(dir_);
	}
	void
	Write(const std::string &name, const std::string &text) {
		std::ofstream(dir_ / "versions" / name, std::ios::binary) << text;
	}
	std::string
	Sum(std::size_t i) const {
		return pgm::Sha256Hex(folder_.files[i].bytes);
	}

	std::filesystem::path dir_;
	pgmig::ScriptFolder folder_;
};

} // namespace pgmig::test
