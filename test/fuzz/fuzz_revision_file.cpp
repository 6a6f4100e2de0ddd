/*
 * fuzz_revision_file.cpp: libFuzzer target for the revision-file parser, which reads whatever a
 * user (or an attacker with upload rights) puts in migrations/versions/.
 *
 * Properties checked on every input:
 *   - ParseRevisionFile either returns or throws pgm::MigError; any other exception is a bug;
 *   - an error has a five-character SQLSTATE and a message that is valid UTF-8 with no NUL,
 *     because the extension sends it to the client as text;
 *   - a parsed file has a valid id, parents and dependencies that are valid references, and
 *     the checksum of exactly the bytes given.
 * Built and run by scripts/fuzz.sh.
 */
#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/step_context.hpp"
#include "core/sha256.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

/* ValidUtf8: true when text is well-formed UTF-8 (no overlongs, no surrogates) without NUL. */
bool
ValidUtf8(std::string_view text) {
	std::size_t i = 0;
	while (i < text.size()) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c == 0)
			return false;
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

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	std::string_view bytes(reinterpret_cast<const char *>(data), size);
	try {
		pgm::RevisionFile file = pgm::ParseRevisionFile("fuzz.sql", bytes);
		Require(pgm::IsValidRevisionId(file.rev.id));
		for (const std::string &parent : file.rev.parents)
			Require(pgm::IsValidRevisionId(parent));
		Require(file.checksum == pgm::Sha256Hex(bytes));
		Require(file.rev.reversible == file.downgrade_sql.has_value());
		Require(file.upgrade_sql.size() <= size);
		// The section lines: the first body line of each section is that line of the file.
		Require(file.upgrade_line >= 2);
		Require(file.downgrade_sql.has_value() == (file.downgrade_line > 0));
		if (file.downgrade_sql)
			Require(file.downgrade_line > file.upgrade_line);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
		Require(ValidUtf8(e.Message()) && ValidUtf8(e.Detail()) && ValidUtf8(e.Hint()));
	}
	// The CONTEXT line of a step (core/step_context.hpp): reading any text never throws, and
	// what it reads formats back to a line that reads the same.
	std::optional<pgm::StepLocation> location = pgm::ParseStepContext(bytes);
	if (location) {
		std::optional<pgm::StepLocation> again = pgm::ParseStepContext(pgm::FormatStepContext(*location));
		Require(again && again->revision == location->revision && again->file_name == location->file_name &&
		        again->line == location->line && again->downgrade == location->downgrade);
	}
	Require(pgm::SkipSpaceAndComments(bytes, 0, size) <= size);
	return 0;
}
