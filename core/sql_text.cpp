/*
 * sql_text.cpp: writing SQL text (sql_text.hpp).
 */
#include "core/sql_text.hpp"

namespace pgm {

std::string
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
