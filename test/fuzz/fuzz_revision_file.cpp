/*
 * fuzz_revision_file.cpp: libFuzzer target for the revision-file parser, which reads whatever a
 * user (or an attacker with upload rights) puts in migrations/versions/.
 *
 * Properties checked on every input:
 *   - ParseRevisionFile either returns or throws pgm::MigError; any other exception is a bug;
 *   - an error has a five-character SQLSTATE and a message that is valid UTF-8 with no NUL,
 *     because the extension sends it to the client as text;
 *   - a parsed file has a valid id, parents and dependencies that are valid references, and
 *     the checksum of exactly the bytes given;
 *   - the same file with a UTF-8 byte order mark, or with CRLF line ends, declares the same
 *     revision (id, parents, labels, dependencies, message, flags) at the same lines.
 * Built and run by scripts/fuzz.sh.
 */
#include "core/revision_file.hpp"
#include "core/step_context.hpp"
#include "core/sha256.hpp"
#include "test/fuzz/fuzz_common.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace {

/* SameRevision: the header fields of two parsed files are equal. */
bool
SameRevision(const pgm::Revision &a, const pgm::Revision &b) {
	return a.id == b.id && a.parents == b.parents && a.branch_labels == b.branch_labels &&
	       a.depends_on == b.depends_on && a.message == b.message && a.reversible == b.reversible &&
	       a.transactional == b.transactional;
}

/* WithCrlf: text with every "\n" written "\r\n". */
std::string
WithCrlf(std::string_view text) {
	std::string out;
	for (char c : text) {
		if (c == '\n')
			out += '\r';
		out += c;
	}
	return out;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	std::string_view bytes(reinterpret_cast<const char *>(data), size);
	try {
		pgm::RevisionFile file = pgm::ParseRevisionFile("fuzz.sql", bytes);
		FUZZ_REQUIRE(pgm::IsValidRevisionId(file.rev.id));
		for (const std::string &parent : file.rev.parents)
			FUZZ_REQUIRE(pgm::IsValidRevisionId(parent));
		FUZZ_REQUIRE(file.checksum == pgm::Sha256Hex(bytes));
		FUZZ_REQUIRE(file.rev.reversible == file.downgrade_sql.has_value());
		FUZZ_REQUIRE(file.upgrade_sql.size() <= size);
		// The section lines: the first body line of each section is that line of the file.
		FUZZ_REQUIRE(file.upgrade_line >= 2);
		FUZZ_REQUIRE(file.downgrade_sql.has_value() == (file.downgrade_line > 0));
		if (file.downgrade_sql)
			FUZZ_REQUIRE(file.downgrade_line > file.upgrade_line);
		// The same file with a byte order mark, or (when it has no CR) with CRLF line ends,
		// declares the same revision.
		if (bytes.substr(0, 3) != "\xEF\xBB\xBF") {
			std::string with_bom = "\xEF\xBB\xBF" + std::string(bytes);
			FUZZ_REQUIRE(SameRevision(pgm::ParseRevisionFile("fuzz.sql", with_bom).rev, file.rev));
		}
		if (bytes.find('\r') == std::string_view::npos) {
			pgm::RevisionFile crlf = pgm::ParseRevisionFile("fuzz.sql", WithCrlf(bytes));
			FUZZ_REQUIRE(SameRevision(crlf.rev, file.rev));
			FUZZ_REQUIRE(crlf.upgrade_line == file.upgrade_line && crlf.downgrade_line == file.downgrade_line);
		}
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	// The CONTEXT line of a step (core/step_context.hpp): reading any text never throws, and
	// what it reads formats back to a line that reads the same.
	std::optional<pgm::StepLocation> location = pgm::ParseStepContext(bytes);
	if (location) {
		std::optional<pgm::StepLocation> again = pgm::ParseStepContext(pgm::FormatStepContext(*location));
		FUZZ_REQUIRE(again && again->revision == location->revision && again->file_name == location->file_name &&
		             again->line == location->line && again->downgrade == location->downgrade);
	}
	FUZZ_REQUIRE(pgm::SkipSpaceAndComments(bytes, 0, size) <= size);
	return 0;
}
