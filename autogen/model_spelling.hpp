/*
 * model_spelling.hpp: how the models spell their columns' types and defaults.  PostgreSQL
 * stores `int`, `varchar(20)`, `timestamp(6)` and `CURRENT_TIMESTAMP` as integer, character
 * varying(20), timestamp(6) without time zone and CURRENT_TIMESTAMP, and the snapshot prints
 * what it stores; the generated SQL should read as the models do.  ScanColumnSpellings reads
 * the CREATE TABLE and ALTER TABLE statements of model text (a file or a command's output)
 * with the lexer of sql_lexer.hpp and returns, per column, the source text of its type and
 * default.  It understands a small grammar and skips whatever it does not understand; the
 * client then has the server check each spelling (it must deparse to exactly what the snapshot
 * holds) before ApplySpellings (diff.hpp) records it, so a misread spelling is never written.
 */
#pragma once

#include "autogen/diff.hpp"

#include <string_view>
#include <vector>

namespace pgm::schema {

/*
 * ScanColumnSpellings: the columns the models define, in order of appearance (a later ALTER
 * TABLE replaces what an earlier statement said).  Unqualified table names are resolved with
 * the first schema of the models' search_path (SET search_path, set_config('search_path', ...);
 * public by default); serial types, whose spelling is not a type, are left out.
 */
std::vector<ColumnSpelling> ScanColumnSpellings(std::string_view text);

} // namespace pgm::schema
