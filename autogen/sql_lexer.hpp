/*
 * sql_lexer.hpp: a small lexer of PostgreSQL SQL text for the client: tokens (words, quoted
 * identifiers, strings of every quoting style, dollar quotes, numbers, punctuation) with their
 * byte ranges, comments and blanks skipped, and the split of a script into its statements
 * (semicolons outside quotes, comments and BEGIN ATOMIC bodies).  It reads what psql reads; it
 * does not parse: callers look at the first words of a statement and treat anything they do not
 * recognise as unknown.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgm::sql {

enum class TokenKind {
	kWord,         // identifier or keyword, unquoted
	kQuotedIdent,  // "..."
	kString,       // '...', E'...', B'...', X'...', N'...', U&'...'
	kDollarString, // $tag$...$tag$
	kNumber,
	kPunct, // one character: ( ) , ; . [ ] or an operator character; "::" as one token
};

struct Token {
	TokenKind kind;
	std::size_t begin = 0; // byte offsets into the text
	std::size_t end = 0;
	std::string upper; // kWord: the word in upper case; kPunct: the punctuation; else ""
};

/* Tokenize: the tokens of text.  An unterminated quote or comment ends at the end of the text. */
std::vector<Token> Tokenize(std::string_view text);

/* Statement: one statement of a script: its tokens [first, last) and byte range, ";" included. */
struct Statement {
	std::size_t first = 0, last = 0; // token indexes
	std::size_t begin = 0, end = 0;  // bytes: from the first token to the end of its ";" (or last token)
};

/*
 * SplitStatements: the statements of a script, as psql sends them: a ";" ends a statement
 * unless it is inside the BEGIN ATOMIC ... END body of CREATE FUNCTION or PROCEDURE.  Empty
 * statements (a lone ";") are left out.
 */
std::vector<Statement> SplitStatements(const std::vector<Token> &tokens);

/*
 * NeedsOwnTransaction: the statement cannot run inside a transaction block, or must commit
 * before the statements after it may use what it made: CREATE INDEX CONCURRENTLY, DROP INDEX
 * CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH PARTITION ... CONCURRENTLY, VACUUM, CREATE and
 * DROP DATABASE and TABLESPACE, ALTER SYSTEM, subscriptions, and ALTER TYPE ... ADD VALUE (a new
 * enum value cannot be used in the transaction that added it).
 */
bool NeedsOwnTransaction(const std::vector<Token> &tokens, const Statement &statement);

/* IdentifierText: the name a kWord or kQuotedIdent token stands for (folded to lower case, or unquoted). */
std::string IdentifierText(std::string_view text, const Token &token);

/* StringText: the value of a kString or kDollarString token (escapes of E'' strings not decoded). */
std::string StringText(std::string_view text, const Token &token);

} // namespace pgm::sql
