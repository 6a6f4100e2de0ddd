/*
 * models.cpp: the model files of autogenerate and check, and the line of a statement position
 * in one of them.
 */
#include "client/common/models.hpp"

#include "client/common/context.hpp"

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pgmig {

namespace {

constexpr const char *kModelsHint = "Put the schema's CREATE statements in .sql files in a directory \"models\" next "
                                    "to pgmig.toml, or name another directory or file with --models or with models "
                                    "in pgmig.toml.";

} // namespace

/*
 * BlankDumpRestrictLines: pg_dump (15.14 and later) frames its output with the psql
 * meta-commands \restrict KEY and \unrestrict KEY, which the server cannot run; a dump used
 * as a model file gets them blanked (the line numbers of errors stay right).
 */
std::string
BlankDumpRestrictLines(const std::string &text) {
	std::string out;
	out.reserve(text.size());
	size_t line = 0;
	while (line < text.size()) {
		size_t end = text.find('\n', line);
		size_t next = end == std::string::npos ? text.size() : end + 1;
		if (text.compare(line, 10, "\\restrict ") == 0 || text.compare(line, 12, "\\unrestrict ") == 0) {
			if (end != std::string::npos)
				out += '\n';
		} else {
			out.append(text, line, next - line);
		}
		line = next;
	}
	return out;
}

std::vector<ModelFile>
ReadModelFiles(const fs::path &models) {
	std::error_code ec;
	std::string display = DisplayPath(models);
	if (!fs::exists(models, ec)) {
		bool is_file = models.extension() == ".sql";
		throw pgm::MigError(sqlstate::kUndefinedFile,
		                    std::string(is_file ? "model file" : "models directory") + " \"" + display +
		                        "\" does not exist",
		                    "", kModelsHint);
	}
	if (!fs::is_directory(models, ec))
		return {ModelFile{display, BlankDumpRestrictLines(ReadFileBytes(models, display)), ""}};

	std::vector<std::string> names = SqlFileNames(models);
	if (names.empty())
		throw pgm::MigError(sqlstate::kUndefinedFile, "models directory \"" + display + "\" has no .sql files", "",
		                    kModelsHint);
	std::vector<ModelFile> files;
	for (const std::string &name : names) {
		std::string path = DisplayPath(models / name);
		files.push_back(ModelFile{path, BlankDumpRestrictLines(ReadFileBytes(models / name, path)), ""});
	}
	return files;
}

/*
 * LineAtPosition: a character is a UTF-8 lead byte (not 10xxxxxx); the line is one plus
 * the newlines before the character at position.
 */
int
LineAtPosition(std::string_view text, int position) {
	int line = 1;
	int chars = 0;
	for (char c : text) {
		unsigned char b = static_cast<unsigned char>(c);
		if ((b & 0xC0) == 0x80)
			continue;
		if (++chars >= position)
			return line;
		if (c == '\n')
			line++;
	}
	// Past the end: the last line (a final newline does not start another one).
	return !text.empty() && text.back() == '\n' && line > 1 ? line - 1 : line;
}

} // namespace pgmig
