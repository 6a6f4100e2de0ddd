/*
 * models.hpp: the model files of autogenerate and check (the schema's DDL that a shadow
 * database is built from) and the line of a statement position in one of them.
 */
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pgmig {

/* ModelFile: one model file: the schema's DDL, applied to the shadow database as it is. */
struct ModelFile {
	std::string path; // for messages, e.g. models/002_orders.sql
	std::string text;
	std::string what; // how messages name it; "" for 'model file "PATH"' (e.g. "models command output")
};

/*
 * ReadModelFiles: the model files of models: a directory's *.sql files (not recursive,
 * hidden files skipped, sorted by file name in byte order) or one file.  Throws 58P01 when
 * models does not exist or holds no .sql file.
 */
std::vector<ModelFile> ReadModelFiles(const std::filesystem::path &models);

/* BlankDumpRestrictLines: text with pg_dump's \restrict and \unrestrict lines left empty. */
std::string BlankDumpRestrictLines(const std::string &text);

/*
 * LineAtPosition: the 1-based line of text on which the 1-based character position lies
 * (PostgreSQL's statement position counts characters; text is UTF-8).  A position past the
 * end gives the last line.
 */
int LineAtPosition(std::string_view text, int position);

} // namespace pgmig
