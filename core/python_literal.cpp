/*
 * python_literal.cpp: a tokenizer of Python 3 source that is just enough to find a module's
 * docstring and top-level literal assignments, and a parser of Python literals
 * (python_literal.hpp).  The tokenizer follows Python's lexical rules (docs.python.org,
 * "Lexical analysis"): logical lines end at a NEWLINE outside brackets, a backslash joins
 * lines, comments run to the end of the line, strings take the prefixes r, u, b, f (any case,
 * r combined with b or f), single, double and triple quotes, and the escapes of the language.
 */
#include "core/python_literal.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <cstdint>

namespace pgm {

namespace {

constexpr const char *kPythonHeaderError = "MG008";
constexpr std::size_t kMaxNesting = 200;

const char kHeaderHint[] = "pgmig reads revision, down_revision, branch_labels and depends_on without running "
                           "Python: assign them string literals, None, or tuples or lists of strings.";

[[noreturn]] void
Fail(std::string_view file_name, std::size_t line, const std::string &sentence) {
	throw MigError(kPythonHeaderError, "cannot read the header of Alembic revision file " + QuoteName(file_name),
	               "Line " + std::to_string(line) + ": " + sentence + ".", kHeaderHint);
}

enum class Tok { kName, kNumber, kString, kOp, kNewline };

struct Token {
	Tok type;
	std::string text;   // kName/kNumber/kOp: the text; kString: the decoded value
	std::size_t line;   // 1-based
	std::size_t col;    // byte column of the first character
	bool bytes = false; // kString with a b prefix
	bool fstring = false;
};

/* DecodeUtf8: the code points of s; false on malformed UTF-8 (overlong, surrogate, > U+10FFFF). */
bool
DecodeUtf8(std::string_view s, std::vector<std::uint32_t> &out, std::size_t &bad_offset) {
	std::size_t i = 0;
	while (i < s.size()) {
		unsigned char c = static_cast<unsigned char>(s[i]);
		std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
		if (len == 0 || i + len > s.size()) {
			bad_offset = i;
			return false;
		}
		std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
		for (std::size_t k = 1; k < len; k++) {
			unsigned char cc = static_cast<unsigned char>(s[i + k]);
			if ((cc & 0xC0) != 0x80) {
				bad_offset = i;
				return false;
			}
			cp = (cp << 6) | (cc & 0x3F);
		}
		static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			bad_offset = i;
			return false;
		}
		out.push_back(cp);
		i += len;
	}
	return true;
}

/* IsPyWhitespace: the characters Python's str.isspace() accepts (str.strip() removes them). */
bool
IsPyWhitespace(std::uint32_t c) {
	return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool
IsNameStart(unsigned char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool
IsNameChar(unsigned char c) {
	return IsNameStart(c) || (c >= '0' && c <= '9');
}

int
HexValue(char c) {
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Lexer: the tokens of normalized source (line ends are "\n"). */
class Lexer {
public:
	Lexer(std::string_view file_name, std::string_view src) : file_(file_name), src_(src) {}

	std::vector<Token>
	Run() {
		std::vector<Token> out;
		std::vector<std::pair<char, std::size_t>> brackets; // open bracket and its line
		bool line_has_tokens = false;
		std::size_t count = 0;
		while (pos_ < src_.size()) {
			if (++count % 4096 == 0)
				CheckInterrupts();
			char c = src_[pos_];
			if (c == '\n') {
				if (brackets.empty() && line_has_tokens) {
					out.push_back(Token{Tok::kNewline, "", line_, Col()});
					line_has_tokens = false;
				}
				NewLine();
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\f') {
				pos_++;
				continue;
			}
			if (c == '#') {
				while (pos_ < src_.size() && src_[pos_] != '\n')
					pos_++;
				continue;
			}
			if (c == '\\') {
				if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') {
					pos_++;
					NewLine();
					continue;
				}
				Fail(file_, line_, "unexpected character after line continuation character");
			}
			line_has_tokens = true;
			unsigned char uc = static_cast<unsigned char>(c);
			if (IsNameStart(uc)) {
				std::size_t start = pos_;
				while (pos_ < src_.size() && IsNameChar(static_cast<unsigned char>(src_[pos_])))
					pos_++;
				std::string_view name = src_.substr(start, pos_ - start);
				if (pos_ < src_.size() && (src_[pos_] == '\'' || src_[pos_] == '"') && IsStringPrefix(name)) {
					out.push_back(ReadString(name, start));
					continue;
				}
				out.push_back(Token{Tok::kName, std::string(name), line_, start - line_start_});
				continue;
			}
			if ((c >= '0' && c <= '9') ||
			    (c == '.' && pos_ + 1 < src_.size() && src_[pos_ + 1] >= '0' && src_[pos_ + 1] <= '9')) {
				std::size_t start = pos_;
				while (pos_ < src_.size()) {
					char d = src_[pos_];
					if (IsNameChar(static_cast<unsigned char>(d)) || d == '.') {
						pos_++;
					} else if ((d == '+' || d == '-') && (src_[pos_ - 1] == 'e' || src_[pos_ - 1] == 'E') &&
					           !(src_.substr(start, 2) == "0x" || src_.substr(start, 2) == "0X")) {
						pos_++;
					} else {
						break;
					}
				}
				out.push_back(
				    Token{Tok::kNumber, std::string(src_.substr(start, pos_ - start)), line_, start - line_start_});
				continue;
			}
			if (c == '\'' || c == '"') {
				out.push_back(ReadString("", pos_));
				continue;
			}
			std::size_t start = pos_;
			std::string op = ReadOperator();
			if (op == "(" || op == "[" || op == "{") {
				if (brackets.size() >= kMaxNesting)
					Fail(file_, line_, "brackets are nested too deeply");
				brackets.emplace_back(op[0], line_);
			} else if (op == ")" || op == "]" || op == "}") {
				char open = op == ")" ? '(' : op == "]" ? '[' : '{';
				if (brackets.empty() || brackets.back().first != open)
					Fail(file_, line_, "unmatched '" + op + "'");
				brackets.pop_back();
			}
			out.push_back(Token{Tok::kOp, op, line_, start - line_start_});
		}
		if (!brackets.empty())
			Fail(file_, brackets.back().second, std::string("'") + brackets.back().first + "' was never closed");
		if (line_has_tokens)
			out.push_back(Token{Tok::kNewline, "", line_, Col()});
		return out;
	}

private:
	std::size_t
	Col() const {
		return pos_ - line_start_;
	}

	void
	NewLine() {
		pos_++;
		line_++;
		line_start_ = pos_;
	}

	static bool
	IsStringPrefix(std::string_view name) {
		if (name.size() > 2)
			return false;
		std::string lower;
		for (char ch : name)
			lower.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
		return lower == "r" || lower == "u" || lower == "b" || lower == "f" || lower == "br" || lower == "rb" ||
		       lower == "fr" || lower == "rf";
	}

	std::string
	ReadOperator() {
		static const char *const kOps3[] = {"**=", "//=", ">>=", "<<=", "..."};
		static const char *const kOps2[] = {"==", "!=", "<=", ">=", "->", ":=", "+=", "-=", "*=", "/=",
		                                    "%=", "&=", "|=", "^=", "@=", "**", "//", "<<", ">>", "<>"};
		for (const char *op : kOps3)
			if (src_.substr(pos_, 3) == op) {
				pos_ += 3;
				return op;
			}
		for (const char *op : kOps2)
			if (src_.substr(pos_, 2) == op) {
				pos_ += 2;
				return op;
			}
		char c = src_[pos_];
		if (std::string_view("+-*/%@&|^~<>()[]{},:;.=!").find(c) == std::string_view::npos) {
			if (c == '\0')
				Fail(file_, line_, "source code cannot contain null bytes");
			Fail(file_, line_, "invalid character " + QuoteText(src_.substr(pos_, 1)));
		}
		pos_++;
		return std::string(1, c);
	}

	/* ReadString: the string literal at pos_ (after its prefix, which starts at start). */
	Token
	ReadString(std::string_view prefix, std::size_t start) {
		bool raw = false, bytes = false, fstring = false;
		for (char ch : prefix) {
			raw |= ch == 'r' || ch == 'R';
			bytes |= ch == 'b' || ch == 'B';
			fstring |= ch == 'f' || ch == 'F';
		}
		std::size_t first_line = line_;
		std::size_t col = start - line_start_;
		char quote = src_[pos_];
		bool triple = src_.substr(pos_, 3) == std::string(3, quote);
		pos_ += triple ? 3 : 1;
		std::string value;
		for (;;) {
			if (pos_ >= src_.size())
				Fail(file_, first_line,
				     triple ? "unterminated triple-quoted string literal" : "unterminated string literal");
			char c = src_[pos_];
			if (c == quote) {
				if (!triple) {
					pos_++;
					break;
				}
				if (src_.substr(pos_, 3) == std::string(3, quote)) {
					pos_ += 3;
					break;
				}
				value.push_back(c);
				pos_++;
				continue;
			}
			if (c == '\n') {
				if (!triple)
					Fail(file_, first_line, "unterminated string literal");
				value.push_back('\n');
				NewLine();
				continue;
			}
			if (c == '\\') {
				if (pos_ + 1 >= src_.size())
					Fail(file_, first_line, "unterminated string literal");
				if (raw) {
					/* The backslash stays, and the next character cannot end the string. */
					value.push_back('\\');
					pos_++;
					if (src_[pos_] == '\n') {
						value.push_back('\n');
						NewLine();
					} else {
						value.push_back(src_[pos_]);
						pos_++;
					}
					continue;
				}
				ReadEscape(value, bytes, first_line);
				continue;
			}
			if (bytes && static_cast<unsigned char>(c) >= 0x80)
				Fail(file_, line_, "bytes can only contain ASCII literal characters");
			value.push_back(c);
			pos_++;
		}
		Token t{Tok::kString, std::move(value), first_line, col};
		t.bytes = bytes;
		t.fstring = fstring;
		return t;
	}

	/* ReadEscape: the escape sequence at pos_ (a backslash) of a non-raw string. */
	void
	ReadEscape(std::string &value, bool bytes, std::size_t first_line) {
		pos_++; // the backslash
		char e = src_[pos_];
		switch (e) {
			case '\n':
				NewLine();
				return;
			case '\\':
			case '\'':
			case '"':
				value.push_back(e);
				pos_++;
				return;
			case 'a':
				value.push_back('\a');
				pos_++;
				return;
			case 'b':
				value.push_back('\b');
				pos_++;
				return;
			case 'f':
				value.push_back('\f');
				pos_++;
				return;
			case 'n':
				value.push_back('\n');
				pos_++;
				return;
			case 'r':
				value.push_back('\r');
				pos_++;
				return;
			case 't':
				value.push_back('\t');
				pos_++;
				return;
			case 'v':
				value.push_back('\v');
				pos_++;
				return;
			default:
				break;
		}
		if (e >= '0' && e <= '7') {
			std::uint32_t cp = 0;
			for (int k = 0; k < 3 && pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7'; k++)
				cp = cp * 8 + static_cast<std::uint32_t>(src_[pos_++] - '0');
			if (bytes) {
				if (cp > 0xFF)
					Fail(file_, line_, "invalid octal escape in a bytes literal");
				value.push_back(static_cast<char>(cp));
			} else {
				AppendUtf8(value, cp);
			}
			return;
		}
		int digits = e == 'x' ? 2 : (!bytes && e == 'u') ? 4 : (!bytes && e == 'U') ? 8 : 0;
		if (digits > 0) {
			pos_++;
			std::uint32_t cp = 0;
			for (int k = 0; k < digits; k++) {
				int h = pos_ < src_.size() ? HexValue(src_[pos_]) : -1;
				if (h < 0)
					Fail(file_, line_, std::string("truncated \\") + e + " escape");
				cp = cp * 16 + static_cast<std::uint32_t>(h);
				pos_++;
			}
			if (bytes) {
				value.push_back(static_cast<char>(cp));
				return;
			}
			if (cp > 0x10FFFF)
				Fail(file_, line_, "illegal Unicode character in a \\U escape");
			if (cp >= 0xD800 && cp <= 0xDFFF)
				Fail(file_, line_, "a surrogate escape cannot be read as UTF-8");
			AppendUtf8(value, cp);
			return;
		}
		if (!bytes && e == 'N')
			Fail(file_, first_line, "\\N{...} escapes are not supported; write the character itself");
		/* An unrecognized escape keeps its backslash. */
		value.push_back('\\');
	}

	std::string_view file_;
	std::string_view src_;
	std::size_t pos_ = 0;
	std::size_t line_ = 1;
	std::size_t line_start_ = 0;
};

/* Normalize: source with "\r\n" and "\r" line ends made "\n", checked for UTF-8 and NUL. */
std::string
Normalize(std::string_view file_name, std::string_view source) {
	if (source.substr(0, 3) == "\xEF\xBB\xBF")
		source.remove_prefix(3);
	std::vector<std::uint32_t> cps;
	std::size_t bad = 0;
	if (!DecodeUtf8(source, cps, bad)) {
		std::size_t line = 1 + static_cast<std::size_t>(std::count(source.begin(), source.begin() + bad, '\n'));
		Fail(file_name, line, "the file is not valid UTF-8");
	}
	std::string out;
	out.reserve(source.size());
	for (std::size_t i = 0; i < source.size(); i++) {
		char c = source[i];
		if (c == '\0') {
			std::size_t line = 1 + static_cast<std::size_t>(std::count(source.begin(), source.begin() + i, '\n'));
			Fail(file_name, line, "source code cannot contain null bytes");
		}
		if (c == '\r') {
			out.push_back('\n');
			if (i + 1 < source.size() && source[i + 1] == '\n')
				i++;
			continue;
		}
		out.push_back(c);
	}
	return out;
}

/* Parser: a literal expression over tokens [pos, end). */
class Parser {
public:
	Parser(std::string_view file_name, const std::vector<Token> &tokens, std::size_t begin, std::size_t end,
	       std::string_view what)
	    : file_(file_name), t_(tokens), pos_(begin), end_(end), what_(what) {}

	PyValue
	ParseAll() {
		if (pos_ >= end_)
			Fail(file_, Line(), "the value of " + std::string(what_) + " is missing");
		PyValue v = ParseElement(0);
		if (pos_ < end_ && IsOp(",")) {
			/* A bare tuple: "a", "b" */
			PyValue tuple;
			tuple.kind = PyValue::Kind::kTuple;
			tuple.items.push_back(std::move(v));
			while (pos_ < end_ && IsOp(",")) {
				pos_++;
				if (pos_ >= end_)
					break;
				tuple.items.push_back(ParseElement(0));
			}
			v = std::move(tuple);
		}
		if (pos_ < end_)
			Unexpected();
		return v;
	}

private:
	std::size_t
	Line() const {
		if (pos_ < end_)
			return t_[pos_].line;
		return end_ > 0 ? t_[end_ - 1].line : 1;
	}

	bool
	IsOp(const char *op) const {
		return t_[pos_].type == Tok::kOp && t_[pos_].text == op;
	}

	[[noreturn]] void
	Unexpected() const {
		const Token &t = t_[pos_];
		std::string found = t.type == Tok::kString ? "a string" : QuoteText(t.text);
		Fail(file_, t.line,
		     "the value of " + std::string(what_) + " is not a Python literal (" + found +
		         " cannot follow a literal here)");
	}

	PyValue
	ParseElement(std::size_t depth) {
		if (depth > kMaxNesting)
			Fail(file_, Line(), "the value of " + std::string(what_) + " is nested too deeply");
		if (pos_ >= end_)
			Fail(file_, Line(), "the value of " + std::string(what_) + " ends too early");
		const Token &t = t_[pos_];
		PyValue v;
		switch (t.type) {
			case Tok::kString: {
				v.kind = PyValue::Kind::kString;
				while (pos_ < end_ && t_[pos_].type == Tok::kString) {
					const Token &s = t_[pos_];
					if (s.fstring)
						Fail(file_, s.line, "the value of " + std::string(what_) + " is an f-string, not a literal");
					if (s.bytes)
						Fail(file_, s.line, "the value of " + std::string(what_) + " is a bytes literal, not a string");
					v.text += s.text;
					pos_++;
				}
				return v;
			}
			case Tok::kName:
				if (t.text == "None") {
					v.kind = PyValue::Kind::kNone;
				} else if (t.text == "True" || t.text == "False") {
					v.kind = PyValue::Kind::kBool;
					v.text = t.text;
				} else {
					Fail(file_, t.line,
					     "the value of " + std::string(what_) + " is not a Python literal (it uses the name " +
					         QuoteText(t.text) + ")");
				}
				pos_++;
				return v;
			case Tok::kNumber:
				v.kind = PyValue::Kind::kInt;
				v.text = t.text;
				pos_++;
				return v;
			case Tok::kOp:
				if (t.text == "(" || t.text == "[") {
					bool list = t.text == "[";
					const char *close = list ? "]" : ")";
					pos_++;
					std::vector<PyValue> items;
					bool comma = false;
					while (pos_ < end_ && !IsOp(close)) {
						items.push_back(ParseElement(depth + 1));
						if (pos_ < end_ && IsOp(",")) {
							comma = true;
							pos_++;
						} else if (pos_ < end_ && !IsOp(close)) {
							Unexpected();
						}
					}
					if (pos_ >= end_)
						Fail(file_, Line(), "the value of " + std::string(what_) + " ends too early");
					pos_++; // the closing bracket
					if (!list && items.size() == 1 && !comma)
						return std::move(items[0]);
					v.kind = list ? PyValue::Kind::kList : PyValue::Kind::kTuple;
					v.items = std::move(items);
					return v;
				}
				break;
			case Tok::kNewline:
				break;
		}
		Fail(file_, t.line,
		     "the value of " + std::string(what_) + " is not a Python literal (it starts with " + QuoteText(t.text) +
		         ")");
	}

	std::string_view file_;
	const std::vector<Token> &t_;
	std::size_t pos_;
	std::size_t end_;
	std::string_view what_;
};

bool
IsCompoundKeyword(const std::string &name) {
	static const char *const kKeywords[] = {"if",   "elif", "else",   "for",     "while", "def",   "class",
	                                        "with", "try",  "except", "finally", "async", "match", "case"};
	for (const char *k : kKeywords)
		if (name == k)
			return true;
	return false;
}

std::string
PyQuote(const std::string &s) {
	std::string out = "'";
	for (char c : s) {
		if (c == '\\' || c == '\'')
			out.push_back('\\');
		unsigned char u = static_cast<unsigned char>(c);
		if (u < 0x20 || u == 0x7F) {
			static const char kHex[] = "0123456789abcdef";
			out += c == '\n'   ? std::string("\\n")
			       : c == '\t' ? std::string("\\t")
			       : c == '\r' ? std::string("\\r")
			                   : std::string("\\x") + kHex[u >> 4] + kHex[u & 0xF];
			continue;
		}
		out.push_back(c);
	}
	return out + "'";
}

} // namespace

std::string
PyRepr(const PyValue &value) {
	switch (value.kind) {
		case PyValue::Kind::kNone:
			return "None";
		case PyValue::Kind::kBool:
		case PyValue::Kind::kInt:
			return value.text;
		case PyValue::Kind::kString:
			return PyQuote(value.text);
		case PyValue::Kind::kTuple:
		case PyValue::Kind::kList: {
			bool list = value.kind == PyValue::Kind::kList;
			std::string out = list ? "[" : "(";
			for (std::size_t i = 0; i < value.items.size(); i++) {
				if (i > 0)
					out += ", ";
				out += PyRepr(value.items[i]);
			}
			if (!list && value.items.size() == 1)
				out += ",";
			return out + (list ? "]" : ")");
		}
	}
	return "";
}

PyModuleHeader
ReadPythonModuleHeader(std::string_view file_name, std::string_view source, const std::vector<std::string> &wanted) {
	std::string src = Normalize(file_name, source);
	std::vector<Token> tokens = Lexer(file_name, src).Run();
	PyModuleHeader header;
	bool first_statement = true;
	std::size_t i = 0;
	while (i < tokens.size()) {
		std::size_t line_end = i;
		while (line_end < tokens.size() && tokens[line_end].type != Tok::kNewline)
			line_end++;
		const Token &head = tokens[i];
		bool top_level = head.col == 0 && !(head.type == Tok::kName && IsCompoundKeyword(head.text)) &&
		                 !(head.type == Tok::kOp && head.text == "@");
		if (first_statement) {
			bool all_strings = true;
			for (std::size_t k = i; k < line_end; k++)
				all_strings &= tokens[k].type == Tok::kString && !tokens[k].bytes && !tokens[k].fstring;
			if (all_strings && head.col == 0) {
				std::string doc;
				for (std::size_t k = i; k < line_end; k++)
					doc += tokens[k].text;
				header.docstring = std::move(doc);
			}
			first_statement = false;
		}
		if (top_level) {
			/* Simple statements separated by ";" (brackets are balanced by the lexer). */
			std::size_t stmt = i;
			while (stmt < line_end) {
				std::size_t stmt_end = stmt;
				int depth = 0;
				while (stmt_end < line_end) {
					const Token &t = tokens[stmt_end];
					if (t.type == Tok::kOp) {
						if (t.text == "(" || t.text == "[" || t.text == "{")
							depth++;
						else if (t.text == ")" || t.text == "]" || t.text == "}")
							depth--;
						else if (t.text == ";" && depth == 0)
							break;
					}
					stmt_end++;
				}
				const Token &name = tokens[stmt];
				if (name.type == Tok::kName && stmt + 1 < stmt_end &&
				    std::find(wanted.begin(), wanted.end(), name.text) != wanted.end()) {
					const Token &next = tokens[stmt + 1];
					std::size_t value_begin = 0;
					if (next.type == Tok::kOp && next.text == "=") {
						value_begin = stmt + 2;
					} else if (next.type == Tok::kOp && next.text == ":") {
						/* An annotation: the value follows the first "=" outside brackets. */
						int d = 0;
						for (std::size_t k = stmt + 2; k < stmt_end; k++) {
							const Token &t = tokens[k];
							if (t.type != Tok::kOp)
								continue;
							if (t.text == "(" || t.text == "[" || t.text == "{")
								d++;
							else if (t.text == ")" || t.text == "]" || t.text == "}")
								d--;
							else if (t.text == "=" && d == 0) {
								value_begin = k + 1;
								break;
							}
						}
					}
					if (value_begin > 0) {
						for (std::size_t k = value_begin; k < stmt_end; k++)
							if (tokens[k].type == Tok::kOp && tokens[k].text == "=")
								Fail(file_name, tokens[k].line,
								     "the value of " + name.text + " is a chained assignment, not a literal");
						Parser parser(file_name, tokens, value_begin, stmt_end, name.text);
						header.values[name.text] = parser.ParseAll();
						header.lines[name.text] = name.line;
					} else if (next.type == Tok::kOp && next.text.size() == 2 && next.text[1] == '=' &&
					           next.text != "==" && next.text != "!=" && next.text != "<=" && next.text != ">=") {
						Fail(file_name, name.line, "the value of " + name.text + " is changed by " + next.text);
					}
				}
				stmt = stmt_end < line_end ? stmt_end + 1 : stmt_end;
			}
		}
		i = line_end + 1;
	}
	return header;
}

PyValue
ParsePythonLiteral(std::string_view text) {
	std::string src = Normalize("<literal>", text);
	std::vector<Token> tokens = Lexer("<literal>", src).Run();
	std::size_t end = tokens.size();
	while (end > 0 && tokens[end - 1].type == Tok::kNewline)
		end--;
	for (std::size_t k = 0; k < end; k++)
		if (tokens[k].type == Tok::kNewline)
			Fail("<literal>", tokens[k].line, "the literal spans several statements");
	return Parser("<literal>", tokens, 0, end, "the literal").ParseAll();
}

std::string
AlembicDoc(std::string_view docstring) {
	std::vector<std::uint32_t> cps;
	std::size_t bad = 0;
	if (!DecodeUtf8(docstring, cps, bad))
		return std::string(PyStrip(docstring));
	std::size_t b = 0, e = cps.size();
	while (b < e && IsPyWhitespace(cps[b]))
		b++;
	while (e > b && IsPyWhitespace(cps[e - 1]))
		e--;
	std::string stripped;
	for (std::size_t k = b; k < e; k++)
		AppendUtf8(stripped, cps[k]);
	std::size_t para = stripped.find("\n\n");
	return para == std::string::npos ? stripped : stripped.substr(0, para);
}

namespace {

/* StringList: Alembic's util.to_tuple of a header value: None, a string, or a tuple or list of strings. */
std::vector<std::string>
StringList(std::string_view file_name, const PyModuleHeader &header, const std::string &name) {
	auto it = header.values.find(name);
	if (it == header.values.end())
		return {};
	const PyValue &v = it->second;
	std::size_t line = header.lines.at(name);
	if (v.kind == PyValue::Kind::kNone)
		return {};
	if (v.kind == PyValue::Kind::kString)
		return {v.text};
	if (v.kind == PyValue::Kind::kTuple || v.kind == PyValue::Kind::kList) {
		std::vector<std::string> out;
		for (const PyValue &item : v.items) {
			if (item.kind != PyValue::Kind::kString)
				Fail(file_name, line,
				     name + " = " + MessageText(PyRepr(v)) + " holds " + MessageText(PyRepr(item)) +
				         ", which is not a string");
			out.push_back(item.text);
		}
		return out;
	}
	Fail(file_name, line, name + " = " + MessageText(PyRepr(v)) + " is neither None, a string, nor a tuple of strings");
}

} // namespace

AlembicRevisionHeader
ReadAlembicRevisionHeader(std::string_view file_name, std::string_view source) {
	PyModuleHeader header =
	    ReadPythonModuleHeader(file_name, source, {"revision", "down_revision", "branch_labels", "depends_on"});
	AlembicRevisionHeader out;
	auto rev = header.values.find("revision");
	if (rev == header.values.end())
		throw MigError(kPythonHeaderError, "cannot read the header of Alembic revision file " + QuoteName(file_name),
		               "The file assigns no \"revision\" at the top level.", kHeaderHint);
	if (rev->second.kind != PyValue::Kind::kString)
		Fail(file_name, header.lines.at("revision"),
		     "revision = " + MessageText(PyRepr(rev->second)) + " is not a string");
	out.revision = rev->second.text;
	out.revision_line = header.lines.at("revision");
	if (header.values.find("down_revision") == header.values.end())
		throw MigError(kPythonHeaderError, "cannot read the header of Alembic revision file " + QuoteName(file_name),
		               "The file assigns no \"down_revision\" at the top level.", kHeaderHint);
	out.down_revisions = StringList(file_name, header, "down_revision");
	out.branch_labels = StringList(file_name, header, "branch_labels");
	out.depends_on = StringList(file_name, header, "depends_on");
	if (auto it = header.lines.find("branch_labels"); it != header.lines.end())
		out.branch_labels_line = it->second;
	if (auto it = header.lines.find("depends_on"); it != header.lines.end())
		out.depends_on_line = it->second;
	if (header.docstring) {
		out.doc = AlembicDoc(*header.docstring);
		std::string_view d = *header.docstring;
		std::size_t start = 0;
		while (start <= d.size()) {
			std::size_t nl = d.find('\n', start);
			std::string_view line = d.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
			std::string_view trimmed = PyStrip(line);
			if (trimmed.substr(0, 12) == "Create Date:") {
				out.create_date = std::string(PyStrip(trimmed.substr(12)));
				break;
			}
			if (nl == std::string_view::npos)
				break;
			start = nl + 1;
		}
	}
	return out;
}

} // namespace pgm
