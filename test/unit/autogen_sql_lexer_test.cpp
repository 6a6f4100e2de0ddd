/*
 * autogen_sql_lexer_test.cpp: the client's SQL lexer: quoting styles, comments, the split into
 * statements (BEGIN ATOMIC bodies kept whole) and the statements that need their own transaction.
 */
#include "autogen/sql_lexer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::sql {
namespace {

std::vector<std::string>
Split(const std::string &text) {
	std::vector<Token> tokens = Tokenize(text);
	std::vector<std::string> out;
	for (const Statement &s : SplitStatements(tokens)) {
		out.push_back(text.substr(s.begin, s.end - s.begin));
	}
	return out;
}

bool
Own(const std::string &text) {
	std::vector<Token> tokens = Tokenize(text);
	std::vector<Statement> s = SplitStatements(tokens);
	return !s.empty() && NeedsOwnTransaction(tokens, s[0]);
}

TEST(SqlLexer, SemicolonsInQuotesAndCommentsDoNotSplit) {
	EXPECT_EQ(Split("SELECT 'a;b'; SELECT \"x;y\" FROM t; -- c;\nSELECT $$;$$; SELECT $f$ $$; $f$;"
	                "/* a /* nested; */ ; */ SELECT E'\\';'; SELECT 1"),
	          std::vector<std::string>({"SELECT 'a;b';", "SELECT \"x;y\" FROM t;", "SELECT $$;$$;",
	                                    "SELECT $f$ $$; $f$;", "SELECT E'\\';';", "SELECT 1"}));
	EXPECT_EQ(Split(";;  ;"), std::vector<std::string>());
}

TEST(SqlLexer, BeginAtomicBodiesStayWhole) {
	std::string f =
	    "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 "
	    "THEN 1 ELSE 2 END;\n  SELECT 3;\nEND;";
	EXPECT_EQ(Split(f + "\nCREATE TABLE t (id int);"), std::vector<std::string>({f, "CREATE TABLE t (id int);"}));
	// BEGIN without ATOMIC (a transaction) is a statement of its own
	EXPECT_EQ(Split("BEGIN; CREATE TABLE t (a int); COMMIT;"),
	          std::vector<std::string>({"BEGIN;", "CREATE TABLE t (a int);", "COMMIT;"}));
}

TEST(SqlLexer, StatementsThatNeedTheirOwnTransaction) {
	EXPECT_TRUE(Own("CREATE INDEX CONCURRENTLY i ON t (a);"));
	EXPECT_TRUE(Own("create unique index concurrently if not exists i on t (a)"));
	EXPECT_TRUE(Own("DROP INDEX CONCURRENTLY i;"));
	EXPECT_TRUE(Own("REINDEX (VERBOSE) TABLE CONCURRENTLY t;"));
	EXPECT_TRUE(Own("VACUUM ANALYZE t;"));
	EXPECT_TRUE(Own("ALTER TYPE mood ADD VALUE 'meh';"));
	EXPECT_TRUE(Own("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;"));
	EXPECT_TRUE(Own("ALTER SYSTEM SET work_mem = '8MB';"));
	EXPECT_FALSE(Own("CREATE INDEX i ON t (a);"));
	EXPECT_FALSE(Own("CREATE INDEX concurrently_named ON t (a);"));
	EXPECT_FALSE(Own("COMMENT ON TABLE t IS 'CREATE INDEX CONCURRENTLY';"));
	EXPECT_FALSE(Own("ALTER TYPE mood RENAME VALUE 'a' TO 'b';"));
}

TEST(SqlLexer, NamesAndStrings) {
	std::string text = "\"My \"\"T\"\" \" Foo 'it''s' $q$x$q$";
	std::vector<Token> t = Tokenize(text);
	ASSERT_EQ(t.size(), 4u);
	EXPECT_EQ(IdentifierText(text, t[0]), "My \"T\" ");
	EXPECT_EQ(IdentifierText(text, t[1]), "foo");
	EXPECT_EQ(StringText(text, t[2]), "it's");
	EXPECT_EQ(StringText(text, t[3]), "x");
}

} // namespace
} // namespace pgm::sql
