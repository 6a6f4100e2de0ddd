/*
 * python_literal.hpp: reading the header of an Alembic revision file (a Python module) without
 * running Python: a tokenizer of Python source that finds the module docstring and the
 * top-level assignments of chosen names, and a parser of the Python literals assigned to them
 * (strings in every quote style, prefix and escape, implicit concatenation, None, True, False,
 * integers, tuples, lists, parentheses, nested).  Anything that is not a literal is an error
 * naming the file and line, never a guess.  Used by "pgmig import alembic"; plain C++ (no
 * PostgreSQL header), so it is also compiled into the extension.
 */
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* PyValue: a Python literal. */
struct PyValue {
	enum class Kind { kNone, kBool, kInt, kString, kTuple, kList };
	Kind kind = Kind::kNone;
	std::string text;           // kString: the value in UTF-8; kInt: the digits as written; kBool: True/False
	std::vector<PyValue> items; // kTuple, kList

	bool
	operator==(const PyValue &o) const {
		return kind == o.kind && text == o.text && items == o.items;
	}
};

/* PyRepr: the value as Python's repr() writes it, for messages ('a', ('a', 'b'), None). */
std::string PyRepr(const PyValue &value);

/* PyModuleHeader: what ReadPythonModuleHeader found. */
struct PyModuleHeader {
	std::optional<std::string> docstring;     // the module docstring, escapes decoded; nullopt: none
	std::map<std::string, PyValue> values;    // the last top-level assignment of each wanted name
	std::map<std::string, std::size_t> lines; // the line (1-based) of that assignment
};

/*
 * ReadPythonModuleHeader: tokenize source (UTF-8 Python 3) and return its docstring and the
 * literal values of the top-level assignments ("x = ..." and "x: Annotation = ...") of the
 * names in wanted.  Throws MigError MG008 naming file_name and the line for a token error
 * (an unterminated string or bracket, invalid UTF-8, a NUL byte), and for a wanted name whose
 * value is not a literal (a call, a name, an f-string, a bytes literal, an operator, ...).
 */
PyModuleHeader ReadPythonModuleHeader(std::string_view file_name, std::string_view source,
                                      const std::vector<std::string> &wanted);

/*
 * ParsePythonLiteral: the value of one Python literal expression (for tests and tools).
 * Throws MigError MG008 as ReadPythonModuleHeader does.
 */
PyValue ParsePythonLiteral(std::string_view text);

/* AlembicRevisionHeader: the header of an Alembic revision file, as Alembic reads it. */
struct AlembicRevisionHeader {
	std::string revision;
	std::vector<std::string> down_revisions; // None: empty; a string: one; a tuple or list: each
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	std::string doc;         // Alembic's Script.doc: first paragraph of the stripped docstring
	std::string create_date; // the docstring's "Create Date:" line, trimmed; may be empty
	std::size_t revision_line = 0;
	std::size_t branch_labels_line = 0; // 0: not assigned
	std::size_t depends_on_line = 0;    // 0: not assigned
};

/*
 * ReadAlembicRevisionHeader: read revision, down_revision, branch_labels and depends_on (each a
 * string, None, or a tuple or list of strings) and the docstring of an Alembic revision file.
 * Throws MigError MG008 naming the file and line when one is missing or of another type.
 */
AlembicRevisionHeader ReadAlembicRevisionHeader(std::string_view file_name, std::string_view source);

/*
 * AlembicDoc: Alembic's Script.doc of a docstring: stripped as Python's str.strip() does, then
 * the text before the first "\n\n".
 */
std::string AlembicDoc(std::string_view docstring);

} // namespace pgm
