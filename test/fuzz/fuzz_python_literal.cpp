/*
 * fuzz_python_literal.cpp: libFuzzer target for the Python literal reader of "pgmig import
 * alembic" (core/python_literal.hpp), which reads whatever an Alembic project's revision files
 * hold.
 *
 * Properties checked on every input:
 *   - ReadPythonModuleHeader, ReadAlembicRevisionHeader and ParsePythonLiteral either return or
 *     throw pgm::MigError; any other exception (or a crash, or deep recursion) is a bug;
 *   - an error has a five-character SQLSTATE and a message, detail and hint that are valid UTF-8;
 *   - every string read is valid UTF-8 (the reader decodes escapes to UTF-8 and refuses
 *     surrogates), and so is Alembic's doc of the docstring;
 *   - a literal printed back with PyRepr reads as the same value, alone and as the value of an
 *     assignment in a module.
 * Built and run by scripts/fuzz.sh.
 */
#include "core/python_literal.hpp"
#include "test/fuzz/fuzz_common.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace {

/* RequireValidValue: every string in value is UTF-8 (a \x00 escape is a NUL character). */
void
RequireValidValue(const pgm::PyValue &v) {
	if (v.kind == pgm::PyValue::Kind::kString)
		FUZZ_REQUIRE(fuzz::ValidUtf8(v.text, true));
	for (const pgm::PyValue &item : v.items)
		RequireValidValue(item);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	std::string_view bytes(reinterpret_cast<const char *>(data), size);
	try {
		pgm::PyModuleHeader h = pgm::ReadPythonModuleHeader("fuzz.py", bytes, {"revision", "down_revision", "x"});
		if (h.docstring) {
			FUZZ_REQUIRE(fuzz::ValidUtf8(*h.docstring, true));
			FUZZ_REQUIRE(fuzz::ValidUtf8(pgm::AlembicDoc(*h.docstring), true));
		}
		for (const auto &entry : h.values) {
			RequireValidValue(entry.second);
			FUZZ_REQUIRE(h.lines.at(entry.first) >= 1);
		}
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	try {
		pgm::AlembicRevisionHeader h = pgm::ReadAlembicRevisionHeader("fuzz.py", bytes);
		FUZZ_REQUIRE(fuzz::ValidUtf8(h.revision, true) && fuzz::ValidUtf8(h.doc, true) &&
		             fuzz::ValidUtf8(h.create_date, true));
		for (const std::vector<std::string> *list : {&h.down_revisions, &h.branch_labels, &h.depends_on})
			for (const std::string &item : *list)
				FUZZ_REQUIRE(fuzz::ValidUtf8(item, true));
		FUZZ_REQUIRE(h.revision_line >= 1);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	try {
		pgm::PyValue v = pgm::ParsePythonLiteral(bytes);
		RequireValidValue(v);
		std::string repr = pgm::PyRepr(v);
		FUZZ_REQUIRE(pgm::ParsePythonLiteral(repr) == v);
		// Assigned in a module, the printed literal reads back as the same value.
		pgm::PyModuleHeader module = pgm::ReadPythonModuleHeader("fuzz.py", "x = " + repr + "\n", {"x"});
		FUZZ_REQUIRE(module.values.count("x") == 1 && module.values.at("x") == v);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	return 0;
}
