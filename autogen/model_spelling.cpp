/*
 * model_spelling.cpp: the scanner of model_spelling.hpp.  Each statement is looked at by its
 * first words; a column definition's type runs from the token after its name to the first
 * constraint keyword at parenthesis depth 0, its default from DEFAULT to the next one.  The
 * texts are cut out of the source as written (case, blanks and all).
 */
#include "autogen/model_spelling.hpp"

#include "autogen/sql_lexer.hpp"

#include <map>
#include <set>
#include <tuple>

namespace pgm::schema {

namespace {

using sql::Token;
using sql::TokenKind;

using Key = std::tuple<std::string, std::string, std::string>; // schema, table, column

/* Scanner: the state of one scan: the search_path's first schema and what was found so far. */
class Scanner {
public:
	explicit Scanner(std::string_view text) : text_(text), tokens_(sql::Tokenize(text)) {}

	std::vector<ColumnSpelling>
	Run() {
		for (const sql::Statement &s : sql::SplitStatements(tokens_)) {
			Statement(s.first, s.last);
		}
		std::vector<ColumnSpelling> out;
		std::set<Key> done;
		for (const Key &k : order_) {
			auto it = found_.find(k);
			if (it != found_.end() && !it->second.type.empty() && done.insert(k).second) {
				out.push_back(it->second);
			}
		}
		return out;
	}

private:
	std::string_view text_;
	std::vector<Token> tokens_;
	std::string schema_ = "public"; // "" when the search_path is empty (pg_dump): names must be qualified
	std::map<Key, ColumnSpelling> found_;
	std::vector<Key> order_;

	bool
	IsWord(std::size_t i, std::size_t end, const char *w) const {
		return i < end && tokens_[i].kind == TokenKind::kWord && tokens_[i].upper == w;
	}
	bool
	IsPunct(std::size_t i, std::size_t end, const char *p) const {
		return i < end && tokens_[i].kind == TokenKind::kPunct && tokens_[i].upper == p;
	}
	bool
	IsName(std::size_t i, std::size_t end) const {
		return i < end && (tokens_[i].kind == TokenKind::kWord || tokens_[i].kind == TokenKind::kQuotedIdent);
	}
	std::string
	Text(std::size_t first, std::size_t last) const { // tokens [first, last)
		return std::string(text_.substr(tokens_[first].begin, tokens_[last - 1].end - tokens_[first].begin));
	}

	/* QualifiedName: [schema .] name at i; advances i.  False when it is not one. */
	bool
	QualifiedName(std::size_t &i, std::size_t end, std::string *schema, std::string *name) const {
		if (!IsName(i, end)) {
			return false;
		}
		std::string first = sql::IdentifierText(text_, tokens_[i]);
		if (IsPunct(i + 1, end, ".") && IsName(i + 2, end)) {
			*schema = first;
			*name = sql::IdentifierText(text_, tokens_[i + 2]);
			i += 3;
			if (IsPunct(i, end, ".")) {
				return false; // database.schema.name: not ours to guess
			}
			return true;
		}
		*schema = schema_;
		*name = first;
		++i;
		return !schema->empty();
	}

	/* Matching: the index of the ")" that closes the "(" at i, or end. */
	std::size_t
	Matching(std::size_t i, std::size_t end) const {
		int depth = 0;
		for (; i < end; ++i) {
			if (IsPunct(i, end, "(") || IsPunct(i, end, "[")) {
				++depth;
			} else if (IsPunct(i, end, ")") || IsPunct(i, end, "]")) {
				if (--depth == 0) {
					return i;
				}
			}
		}
		return end;
	}

	/* Items: the comma-separated items of [first, last) at depth 0, as token ranges. */
	std::vector<std::pair<std::size_t, std::size_t>>
	Items(std::size_t first, std::size_t last) const {
		std::vector<std::pair<std::size_t, std::size_t>> out;
		int depth = 0;
		std::size_t start = first;
		for (std::size_t i = first; i < last; ++i) {
			if (IsPunct(i, last, "(") || IsPunct(i, last, "[")) {
				++depth;
			} else if (IsPunct(i, last, ")") || IsPunct(i, last, "]")) {
				--depth;
			} else if (depth == 0 && IsPunct(i, last, ",")) {
				out.emplace_back(start, i);
				start = i + 1;
			}
		}
		if (start < last) {
			out.emplace_back(start, last);
		}
		return out;
	}

	static bool
	IsConstraintWord(const std::string &w) {
		static const std::set<std::string> kWords = {
		    "COLLATE", "CONSTRAINT", "NOT",       "NULL",        "DEFAULT", "PRIMARY",    "UNIQUE",
		    "CHECK",   "REFERENCES", "GENERATED", "COMPRESSION", "STORAGE", "DEFERRABLE", "INITIALLY",
		};
		return kWords.count(w) != 0;
	}

	/* Until: the first token from i at depth 0 that is a constraint word (or end). */
	std::size_t
	Until(std::size_t i, std::size_t end) const {
		int depth = 0;
		for (; i < end; ++i) {
			if (IsPunct(i, end, "(") || IsPunct(i, end, "[")) {
				++depth;
			} else if (IsPunct(i, end, ")") || IsPunct(i, end, "]")) {
				--depth;
			} else if (depth == 0 && tokens_[i].kind == TokenKind::kWord && IsConstraintWord(tokens_[i].upper)) {
				return i;
			}
		}
		return end;
	}

	static bool
	IsSerial(const std::string &w) {
		return w == "SERIAL" || w == "SERIAL4" || w == "BIGSERIAL" || w == "SERIAL8" || w == "SMALLSERIAL" ||
		       w == "SERIAL2";
	}

	ColumnSpelling &
	Entry(const std::string &schema, const std::string &table, const std::string &column) {
		Key k{schema, table, column};
		auto it = found_.find(k);
		if (it == found_.end()) {
			order_.push_back(k);
			it = found_.emplace(k, ColumnSpelling{schema, table, column, "", std::nullopt, std::nullopt, std::nullopt})
			         .first;
		}
		return it->second;
	}

	/* Default: the DEFAULT expression's text at i (after the keyword), up to the next constraint word. */
	std::optional<std::string>
	Default(std::size_t i, std::size_t end) const {
		if (i >= end) {
			return std::nullopt;
		}
		std::size_t stop = IsWord(i, end, "NULL") ? Until(i + 1, end) : Until(i, end);
		if (stop == i) {
			return std::nullopt;
		}
		return Text(i, stop);
	}

	/* ColumnDef: "name type [constraints...]" in [i, end): records its type and default. */
	void
	ColumnDef(const std::string &schema, const std::string &table, std::size_t i, std::size_t end) {
		if (!IsName(i, end)) {
			return;
		}
		std::string column = sql::IdentifierText(text_, tokens_[i]);
		++i;
		std::size_t type_end = Until(i, end);
		if (type_end == i) {
			return;
		}
		ColumnSpelling &e = Entry(schema, table, column);
		e.type = tokens_[i].kind == TokenKind::kWord && IsSerial(tokens_[i].upper) ? "" : Text(i, type_end);
		e.default_expr.reset();
		if (e.type.empty()) {
			return;
		}
		for (std::size_t k = type_end; k < end; ++k) {
			if (IsWord(k, end, "DEFAULT")) {
				e.default_expr = Default(k + 1, end);
				break;
			}
			if (IsPunct(k, end, "(")) {
				k = Matching(k, end);
			}
		}
	}

	void
	Statement(std::size_t i, std::size_t end) {
		if (IsPunct(end - 1, end, ";")) {
			--end;
		}
		if (IsWord(i, end, "SET")) {
			SetSearchPath(i + 1, end);
		} else if (IsWord(i, end, "SELECT")) {
			SetConfig(i + 1, end);
		} else if (IsWord(i, end, "CREATE")) {
			CreateTable(i + 1, end);
		} else if (IsWord(i, end, "ALTER") && IsWord(i + 1, end, "TABLE")) {
			AlterTable(i + 2, end);
		}
	}

	/* SearchPathFirst: the first schema of a search_path value list ("$user" skipped). */
	void
	SearchPathFirst(const std::vector<std::string> &items) {
		schema_.clear();
		for (const std::string &s : items) {
			if (s != "$user") {
				schema_ = s;
				return;
			}
		}
	}

	void
	SetSearchPath(std::size_t i, std::size_t end) {
		if (IsWord(i, end, "SESSION") || IsWord(i, end, "LOCAL")) {
			++i;
		}
		if (!IsWord(i, end, "SEARCH_PATH")) {
			return;
		}
		++i;
		if (!IsWord(i, end, "TO") && !IsPunct(i, end, "=")) {
			return;
		}
		++i;
		if (IsWord(i, end, "DEFAULT")) {
			schema_ = "public";
			return;
		}
		std::vector<std::string> items;
		for (auto item : Items(i, end)) {
			const Token &t = tokens_[item.first];
			if (t.kind == TokenKind::kString) {
				items.push_back(sql::StringText(text_, t));
			} else if (IsName(item.first, end)) {
				items.push_back(sql::IdentifierText(text_, t));
			}
		}
		SearchPathFirst(items);
	}

	/* SetConfig: SELECT [pg_catalog.]set_config('search_path', 'a, b', ...) as pg_dump writes it. */
	void
	SetConfig(std::size_t i, std::size_t end) {
		if (IsWord(i, end, "PG_CATALOG") && IsPunct(i + 1, end, ".")) {
			i += 2;
		}
		if (!IsWord(i, end, "SET_CONFIG") || !IsPunct(i + 1, end, "(") || i + 4 >= end ||
		    tokens_[i + 2].kind != TokenKind::kString || sql::StringText(text_, tokens_[i + 2]) != "search_path" ||
		    !IsPunct(i + 3, end, ",") || tokens_[i + 4].kind != TokenKind::kString) {
			return;
		}
		std::string value = sql::StringText(text_, tokens_[i + 4]);
		std::vector<std::string> items;
		for (const sql::Token &t : sql::Tokenize(value)) {
			if (t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedIdent) {
				items.push_back(sql::IdentifierText(value, t));
			}
		}
		SearchPathFirst(items);
	}

	void
	CreateTable(std::size_t i, std::size_t end) {
		if (IsWord(i, end, "GLOBAL") || IsWord(i, end, "LOCAL")) {
			++i;
		}
		if (IsWord(i, end, "TEMP") || IsWord(i, end, "TEMPORARY")) {
			return; // temporary tables are not in the snapshot
		}
		if (IsWord(i, end, "UNLOGGED")) {
			++i;
		}
		if (!IsWord(i, end, "TABLE")) {
			return;
		}
		++i;
		if (IsWord(i, end, "IF") && IsWord(i + 1, end, "NOT") && IsWord(i + 2, end, "EXISTS")) {
			i += 3;
		}
		std::string schema, table;
		if (!QualifiedName(i, end, &schema, &table) || !IsPunct(i, end, "(")) {
			return; // AS SELECT, PARTITION OF, OF type: no column types of their own
		}
		std::size_t close = Matching(i, end);
		for (auto item : Items(i + 1, close)) {
			const Token &t = tokens_[item.first];
			if (t.kind == TokenKind::kWord &&
			    (t.upper == "CONSTRAINT" || t.upper == "PRIMARY" || t.upper == "UNIQUE" || t.upper == "CHECK" ||
			     t.upper == "FOREIGN" || t.upper == "EXCLUDE" || t.upper == "LIKE")) {
				continue;
			}
			ColumnDef(schema, table, item.first, item.second);
		}
	}

	void
	AlterTable(std::size_t i, std::size_t end) {
		if (IsWord(i, end, "IF") && IsWord(i + 1, end, "EXISTS")) {
			i += 2;
		}
		if (IsWord(i, end, "ONLY")) {
			++i;
		}
		std::string schema, table;
		if (!QualifiedName(i, end, &schema, &table)) {
			return;
		}
		if (IsPunct(i, end, "*")) {
			++i;
		}
		for (auto item : Items(i, end)) {
			AlterAction(schema, table, item.first, item.second);
		}
	}

	void
	AlterAction(const std::string &schema, const std::string &table, std::size_t i, std::size_t end) {
		if (IsWord(i, end, "ADD")) {
			++i;
			if (IsWord(i, end, "COLUMN")) {
				++i;
			} else if (IsWord(i, end, "CONSTRAINT") || IsWord(i, end, "PRIMARY") || IsWord(i, end, "UNIQUE") ||
			           IsWord(i, end, "CHECK") || IsWord(i, end, "FOREIGN") || IsWord(i, end, "EXCLUDE")) {
				return;
			}
			if (IsWord(i, end, "IF") && IsWord(i + 1, end, "NOT") && IsWord(i + 2, end, "EXISTS")) {
				i += 3;
			}
			ColumnDef(schema, table, i, end);
			return;
		}
		if (IsWord(i, end, "DROP")) {
			++i;
			if (IsWord(i, end, "CONSTRAINT")) {
				return;
			}
			if (IsWord(i, end, "COLUMN")) {
				++i;
			}
			if (IsWord(i, end, "IF") && IsWord(i + 1, end, "EXISTS")) {
				i += 2;
			}
			if (IsName(i, end)) {
				found_.erase(Key{schema, table, sql::IdentifierText(text_, tokens_[i])});
			}
			return;
		}
		if (IsWord(i, end, "RENAME")) {
			Rename(schema, table, i + 1, end);
			return;
		}
		if (!IsWord(i, end, "ALTER")) {
			return;
		}
		++i;
		if (IsWord(i, end, "COLUMN")) {
			++i;
		}
		if (!IsName(i, end)) {
			return;
		}
		Key k{schema, table, sql::IdentifierText(text_, tokens_[i])};
		++i;
		if (IsWord(i, end, "SET") && IsWord(i + 1, end, "DATA")) {
			i += 2;
		}
		if (IsWord(i, end, "TYPE")) {
			std::size_t stop = i + 1;
			while (stop < end && !IsWord(stop, end, "USING") && !IsWord(stop, end, "COLLATE")) {
				if (IsPunct(stop, end, "(")) {
					stop = Matching(stop, end);
				}
				++stop;
			}
			if (stop > end) {
				stop = end;
			}
			ColumnSpelling &e = Entry(std::get<0>(k), std::get<1>(k), std::get<2>(k));
			e.type = stop > i + 1 ? Text(i + 1, stop) : "";
		} else if (IsWord(i, end, "SET") && IsWord(i + 1, end, "DEFAULT")) {
			Entry(std::get<0>(k), std::get<1>(k), std::get<2>(k)).default_expr = Default(i + 2, end);
		} else if (IsWord(i, end, "DROP") && IsWord(i + 1, end, "DEFAULT")) {
			auto it = found_.find(k);
			if (it != found_.end()) {
				it->second.default_expr.reset();
			}
		}
	}

	/* Rename: RENAME [COLUMN] a TO b moves a column's entry; RENAME TO t moves the table's. */
	void
	Rename(const std::string &schema, const std::string &table, std::size_t i, std::size_t end) {
		if (IsWord(i, end, "TO") && IsName(i + 1, end)) {
			std::string to = sql::IdentifierText(text_, tokens_[i + 1]);
			std::map<Key, ColumnSpelling> moved;
			for (auto it = found_.begin(); it != found_.end();) {
				if (std::get<0>(it->first) == schema && std::get<1>(it->first) == table) {
					ColumnSpelling s = it->second;
					s.table = to;
					moved.emplace(Key{schema, to, s.column}, s);
					order_.push_back(Key{schema, to, s.column});
					it = found_.erase(it);
				} else {
					++it;
				}
			}
			found_.insert(moved.begin(), moved.end());
			return;
		}
		if (IsWord(i, end, "CONSTRAINT")) {
			return;
		}
		if (IsWord(i, end, "COLUMN")) {
			++i;
		}
		if (!IsName(i, end) || !IsWord(i + 1, end, "TO") || !IsName(i + 2, end)) {
			return;
		}
		Key from{schema, table, sql::IdentifierText(text_, tokens_[i])};
		auto it = found_.find(from);
		if (it == found_.end()) {
			return;
		}
		ColumnSpelling s = it->second;
		found_.erase(it);
		s.column = sql::IdentifierText(text_, tokens_[i + 2]);
		Key to{schema, table, s.column};
		order_.push_back(to);
		found_[to] = s;
	}
};

} // namespace

std::vector<ColumnSpelling>
ScanColumnSpellings(std::string_view text) {
	return Scanner(text).Run();
}

} // namespace pgm::schema
