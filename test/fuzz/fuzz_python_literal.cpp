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
 *   - a literal printed back with PyRepr reads as the same value.
 * Built and run by scripts/fuzz.sh.
 */
#include "core/error.hpp"
#include "core/python_literal.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

/* ValidUtf8: true when text is well-formed UTF-8 (no overlongs, no surrogates). */
bool
ValidUtf8(std::string_view text) {
	std::size_t i = 0;
	while (i < text.size()) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
		if (len == 0 || i + len > text.size())
			return false;
		std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
		for (std::size_t k = 1; k < len; k++) {
			unsigned char cc = static_cast<unsigned char>(text[i + k]);
			if ((cc & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (cc & 0x3F);
		}
		static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

void
Require(bool condition) {
	if (!condition)
		std::abort();
}

void
RequireValidError(const pgm::MigError &e) {
	Require(e.Sqlstate().size() == 5);
	Require(ValidUtf8(e.Message()) && ValidUtf8(e.Detail()) && ValidUtf8(e.Hint()));
}

void
RequireValidValue(const pgm::PyValue &v) {
	if (v.kind == pgm::PyValue::Kind::kString)
		Require(ValidUtf8(v.text));
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
			Require(ValidUtf8(*h.docstring));
			Require(ValidUtf8(pgm::AlembicDoc(*h.docstring)));
		}
		for (const auto &entry : h.values) {
			RequireValidValue(entry.second);
			Require(h.lines.at(entry.first) >= 1);
		}
	} catch (const pgm::MigError &e) {
		RequireValidError(e);
	}
	try {
		pgm::AlembicRevisionHeader h = pgm::ReadAlembicRevisionHeader("fuzz.py", bytes);
		Require(ValidUtf8(h.revision) && ValidUtf8(h.doc) && ValidUtf8(h.create_date));
		Require(h.revision_line >= 1);
	} catch (const pgm::MigError &e) {
		RequireValidError(e);
	}
	try {
		pgm::PyValue v = pgm::ParsePythonLiteral(bytes);
		RequireValidValue(v);
		std::string repr = pgm::PyRepr(v);
		Require(pgm::ParsePythonLiteral(repr) == v);
	} catch (const pgm::MigError &e) {
		RequireValidError(e);
	}
	return 0;
}
