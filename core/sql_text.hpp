/*
 * sql_text.hpp: writing SQL text: user values turned into SQL string literals, for the SQL that
 * pg_migrate generates (the offline scripts of core/offline_script.cpp, the DDL of autogen/).
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
std::string SqlLiteral(std::string_view s);

} // namespace pgm
