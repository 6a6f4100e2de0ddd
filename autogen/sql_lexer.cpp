/*
 * sql_lexer.cpp: the lexer and statement splitter of sql_lexer.hpp.
 */
#include "autogen/sql_lexer.hpp"

#include <cctype>

namespace pgm::sql {

namespace {

bool
IsIdentStart(unsigned char c) {
	return std::isalpha(c) || c == '_' || c >= 0x80;
}

bool
IsIdentChar(unsigned char c) {
	return IsIdentStart(c) || std::isdigit(c) || c == '$';
}

/* QuotedEnd: the end of a quoted run starting at text[i] == quote; doubled quotes stay inside. */
std::size_t
QuotedEnd(std::string_view text, std::size_t i, char quote, bool backslash) {
	std::size_t n = text.size();
	for (++i; i < n; ++i) {
		if (backslash && text[i] == '\\') {
			++i;
			continue;
		}
		if (text[i] == quote) {
			if (i + 1 < n && text[i + 1] == quote) {
				++i;
				continue;
			}
			return i + 1;
		}
	}
	return n;
}

/* DollarTag: the "$tag$" at text[i], or "" when text[i] does not start one. */
std::string_view
DollarTag(std::string_view text, std::size_t i) {
	std::size_t j = i + 1;
	if (j < text.size() && text[j] == '$') {
		return text.substr(i, 2);
	}
	if (j >= text.size() || !IsIdentStart(static_cast<unsigned char>(text[j]))) {
		return {};
	}
	while (j < text.size() && IsIdentChar(static_cast<unsigned char>(text[j])) && text[j] != '$') {
		++j;
	}
	if (j < text.size() && text[j] == '$') {
		return text.substr(i, j - i + 1);
	}
	return {};
}

} // namespace

std::vector<Token>
Tokenize(std::string_view text) {
	std::vector<Token> out;
	std::size_t n = text.size();
	std::size_t i = 0;
	while (i < n) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (std::isspace(c)) {
			++i;
			continue;
		}
		if (c == '-' && i + 1 < n && text[i + 1] == '-') {
			while (i < n && text[i] != '\n') {
				++i;
			}
			continue;
		}
		if (c == '/' && i + 1 < n && text[i + 1] == '*') {
			int depth = 1;
			i += 2;
			while (i < n && depth > 0) {
				if (text[i] == '/' && i + 1 < n && text[i + 1] == '*') {
					++depth;
					i += 2;
				} else if (text[i] == '*' && i + 1 < n && text[i + 1] == '/') {
					--depth;
					i += 2;
				} else {
					++i;
				}
			}
			continue;
		}
		Token t{TokenKind::kPunct, i, i + 1, ""};
		if (IsIdentStart(c)) {
			std::size_t j = i;
			while (j < n && IsIdentChar(static_cast<unsigned char>(text[j]))) {
				++j;
			}
			std::string_view word = text.substr(i, j - i);
			bool prefix = word.size() == 1 && std::string_view("eEbBxXnN").find(word[0]) != std::string_view::npos;
			if (prefix && j < n && text[j] == '\'') {
				bool escape = word[0] == 'e' || word[0] == 'E';
				t.kind = TokenKind::kString;
				t.end = QuotedEnd(text, j, '\'', escape);
			} else if ((word == "u" || word == "U") && j + 1 < n && text[j] == '&' &&
			           (text[j + 1] == '\'' || text[j + 1] == '"')) {
				t.kind = text[j + 1] == '\'' ? TokenKind::kString : TokenKind::kQuotedIdent;
				t.end = QuotedEnd(text, j + 1, text[j + 1], false);
			} else {
				t.kind = TokenKind::kWord;
				t.end = j;
				for (char ch : word) {
					t.upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
				}
			}
		} else if (c == '\'') {
			t.kind = TokenKind::kString;
			t.end = QuotedEnd(text, i, '\'', false);
		} else if (c == '"') {
			t.kind = TokenKind::kQuotedIdent;
			t.end = QuotedEnd(text, i, '"', false);
		} else if (c == '$' && !DollarTag(text, i).empty()) {
			std::string_view tag = DollarTag(text, i);
			std::size_t close = text.find(tag, i + tag.size());
			t.kind = TokenKind::kDollarString;
			t.end = close == std::string_view::npos ? n : close + tag.size();
		} else if (std::isdigit(c) ||
		           (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
			std::size_t j = i;
			while (j < n && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.' || text[j] == '_')) {
				if ((text[j] == 'e' || text[j] == 'E') && j + 1 < n && (text[j + 1] == '+' || text[j + 1] == '-')) {
					++j;
				}
				if (text[j] == '.' && j + 1 < n && text[j + 1] == '.') {
					break;
				}
				++j;
			}
			t.kind = TokenKind::kNumber;
			t.end = j;
		} else if (c == ':' && i + 1 < n && text[i + 1] == ':') {
			t.end = i + 2;
			t.upper = "::";
		} else {
			t.upper = std::string(1, static_cast<char>(c));
		}
		out.push_back(std::move(t));
		i = out.back().end;
	}
	return out;
}

std::vector<Statement>
SplitStatements(const std::vector<Token> &tokens) {
	std::vector<Statement> out;
	std::size_t start = 0;
	int atomic = 0; // depth of BEGIN ATOMIC (and CASE) blocks inside a routine body
	bool routine = false;
	auto word = [&tokens](std::size_t i) -> const std::string & {
		static const std::string kNone;
		return i < tokens.size() && tokens[i].kind == TokenKind::kWord ? tokens[i].upper : kNone;
	};
	for (std::size_t i = 0; i < tokens.size(); ++i) {
		if (i == start) {
			std::size_t k = i;
			routine = false;
			if (word(k) == "CREATE") {
				++k;
				if (word(k) == "OR" && word(k + 1) == "REPLACE") {
					k += 2;
				}
				routine = word(k) == "FUNCTION" || word(k) == "PROCEDURE";
			}
			atomic = 0;
		}
		const Token &t = tokens[i];
		if (routine && t.kind == TokenKind::kWord) {
			if (t.upper == "BEGIN" && word(i + 1) == "ATOMIC") {
				++atomic;
			} else if (atomic > 0 && t.upper == "CASE") {
				++atomic;
			} else if (atomic > 0 && t.upper == "END") {
				--atomic;
			}
		}
		if (t.kind == TokenKind::kPunct && t.upper == ";" && atomic == 0) {
			if (i > start) {
				out.push_back(Statement{start, i + 1, tokens[start].begin, t.end});
			}
			start = i + 1;
		}
	}
	if (start < tokens.size()) {
		out.push_back(Statement{start, tokens.size(), tokens[start].begin, tokens.back().end});
	}
	return out;
}

bool
NeedsOwnTransaction(const std::vector<Token> &tokens, const Statement &s) {
	auto word = [&](std::size_t k) -> std::string {
		std::size_t i = s.first + k;
		return i < s.last && tokens[i].kind == TokenKind::kWord ? tokens[i].upper : std::string();
	};
	auto has_word = [&](const char *w) {
		for (std::size_t i = s.first; i < s.last; ++i) {
			if (tokens[i].kind == TokenKind::kWord && tokens[i].upper == w) {
				return true;
			}
		}
		return false;
	};
	std::string w0 = word(0), w1 = word(1), w2 = word(2);
	if (w0 == "CREATE") {
		if (w1 == "INDEX" || (w1 == "UNIQUE" && w2 == "INDEX")) {
			return word(w1 == "UNIQUE" ? 3 : 2) == "CONCURRENTLY";
		}
		return w1 == "DATABASE" || w1 == "TABLESPACE" || w1 == "SUBSCRIPTION";
	}
	if (w0 == "DROP") {
		return (w1 == "INDEX" && w2 == "CONCURRENTLY") || w1 == "DATABASE" || w1 == "TABLESPACE" ||
		       w1 == "SUBSCRIPTION";
	}
	if (w0 == "REINDEX") {
		return has_word("CONCURRENTLY");
	}
	if (w0 == "VACUUM") {
		return true;
	}
	if (w0 == "ALTER") {
		if (w1 == "SYSTEM" || w1 == "SUBSCRIPTION") {
			return true;
		}
		if (w1 == "TABLE") {
			return has_word("DETACH") && has_word("CONCURRENTLY");
		}
		if (w1 == "TYPE") {
			for (std::size_t i = s.first; i + 1 < s.last; ++i) {
				if (tokens[i].kind == TokenKind::kWord && tokens[i].upper == "ADD" &&
				    tokens[i + 1].kind == TokenKind::kWord && tokens[i + 1].upper == "VALUE") {
					return true;
				}
			}
		}
	}
	return false;
}

std::string
IdentifierText(std::string_view text, const Token &token) {
	std::string_view raw = text.substr(token.begin, token.end - token.begin);
	if (token.kind == TokenKind::kQuotedIdent) {
		if (raw.size() >= 2 && raw.front() == '"') {
			raw = raw.substr(1, raw.size() - 2);
		}
		std::string out;
		for (std::size_t i = 0; i < raw.size(); ++i) {
			out += raw[i];
			if (raw[i] == '"' && i + 1 < raw.size() && raw[i + 1] == '"') {
				++i;
			}
		}
		return out;
	}
	std::string out(raw);
	for (char &c : out) {
		if (c >= 'A' && c <= 'Z') {
			c = static_cast<char>(c - 'A' + 'a');
		}
	}
	return out;
}

std::string
StringText(std::string_view text, const Token &token) {
	std::string_view raw = text.substr(token.begin, token.end - token.begin);
	if (token.kind == TokenKind::kDollarString) {
		std::size_t tag = raw.find('$', 1);
		if (tag == std::string_view::npos || raw.size() < 2 * (tag + 1)) {
			return std::string(raw);
		}
		return std::string(raw.substr(tag + 1, raw.size() - 2 * (tag + 1)));
	}
	std::size_t open = raw.find('\'');
	if (open == std::string_view::npos || raw.size() < open + 2) {
		return std::string(raw);
	}
	raw = raw.substr(open + 1, raw.size() - open - 2);
	std::string out;
	for (std::size_t i = 0; i < raw.size(); ++i) {
		out += raw[i];
		if (raw[i] == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') {
			++i;
		}
	}
	return out;
}

} // namespace pgm::sql
