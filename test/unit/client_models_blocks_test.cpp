/*
 * client_models_blocks_test.cpp: a model file as DO blocks (ModelsAsDoBlocks, shadow.hpp): the
 * statements in order and unchanged, per_block at a time, inside dollar quotes the text does
 * not hold; and the files that must run as they are.
 */
#include "client/common/shadow.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace pgmig {
namespace {

std::optional<std::string>
Blocks(const std::string &text, std::size_t per_block) {
	std::vector<pgm::sql::Token> tokens = pgm::sql::Tokenize(text);
	std::vector<pgm::sql::Statement> statements = pgm::sql::SplitStatements(tokens);
	return ModelsAsDoBlocks(text, tokens, statements, per_block);
}

TEST(ClientModelsBlocks, StatementsInOrderPerBlock) {
	const std::string text = "-- the models\nCREATE TABLE a (n int);\nCREATE TABLE b (n int);\n"
	                         "CREATE INDEX ON a (n);\n-- the end\n";
	std::optional<std::string> blocks = Blocks(text, 2);
	ASSERT_TRUE(blocks);
	EXPECT_EQ(*blocks, "DO $pgmig0$BEGIN EXECUTE $pgmig1$CREATE TABLE a (n int);\nCREATE TABLE b (n int);$pgmig1$; "
	                   "END $pgmig0$;\n"
	                   "DO $pgmig0$BEGIN EXECUTE $pgmig1$CREATE INDEX ON a (n);$pgmig1$; END $pgmig0$;\n");
	// One block for all, and a last statement without its semicolon is ended.
	EXPECT_EQ(*Blocks("SELECT 1;\nSELECT 2", 100),
	          "DO $pgmig0$BEGIN EXECUTE $pgmig1$SELECT 1;\nSELECT 2;$pgmig1$; END $pgmig0$;\n");
}

TEST(ClientModelsBlocks, TagsTheTextDoesNotHold) {
	// A function body quoted with $pgmig0$ and a string holding $pgmig2$: the blocks use others.
	const std::string text = "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $pgmig0$ SELECT '$pgmig2$' $pgmig0$;\n";
	std::optional<std::string> blocks = Blocks(text, 100);
	ASSERT_TRUE(blocks);
	EXPECT_EQ(*blocks,
	          "DO $pgmig1$BEGIN EXECUTE $pgmig3$" + text.substr(0, text.size() - 1) + "$pgmig3$; END $pgmig1$;\n");
}

TEST(ClientModelsBlocks, FilesThatRunAsTheyAre) {
	for (const char *text : {
	         "BEGIN;\nCREATE TABLE a (n int);\nCOMMIT;\n",
	         "CREATE TABLE a (n int);\nSTART TRANSACTION;\n",
	         "CREATE TABLE a (n int);\nSAVEPOINT s;\nROLLBACK TO s;\n",
	         "CREATE TABLE a (n int);\nEND;\n",
	         "CREATE TABLE a (n int);\nABORT;\n",
	         "CREATE TABLE a (n int);\nPREPARE TRANSACTION 'x';\n",
	         "CREATE TABLE a (n int);\nCOPY a FROM STDIN;\n",
	         "CREATE TABLE a (n int);\nCREATE INDEX CONCURRENTLY ON a (n);\n",
	         "",
	         "-- only a comment\n",
	     })
		EXPECT_FALSE(Blocks(text, 100)) << text;
	// A statement of 1 MB or more.
	std::string big = "INSERT INTO a VALUES ('" + std::string(1 << 20, 'x') + "');\n";
	EXPECT_FALSE(Blocks("CREATE TABLE a (t text);\n" + big, 100));
	EXPECT_FALSE(Blocks("CREATE TABLE a (n int);\n", 0));
	// The words only count where a statement starts.
	EXPECT_TRUE(
	    Blocks("CREATE TABLE \"begin\" (copy int, commit int);\nCOMMENT ON TABLE \"begin\" IS 'BEGIN;';\n", 100));
}

} // namespace
} // namespace pgmig
