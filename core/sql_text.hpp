/*
 * sql_text.hpp: writing SQL text: user values turned into SQL string literals, for the SQL that
 * pgmig generates (the offline scripts of client/common/offline_script.cpp, the DDL of
 * autogen/).  Header-only: the server library, built from every .cpp of core/, needs none of it.
 */
#pragma once

#include <string>
#include <string_view>

namespace pgm {

/*
 * SqlLiteral: s as a standard SQL string literal: in single quotes, each quote doubled.  Valid
 * with standard_conforming_strings on (the default since PostgreSQL 9.1), where a backslash
 * is an ordinary character.
 */
inline std::string
SqlLiteral(std::string_view s) {
	std::string out = "'";
	for (char c : s) {
		out += c;
		if (c == '\'') {
			out += '\'';
		}
	}
	return out + "'";
}

} // namespace pgm
