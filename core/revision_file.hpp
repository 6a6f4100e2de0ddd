/*
 * revision_file.hpp: the revision file format (docs/design.md, "Revision files").
 *
 *   -- <message, one or more lines>
 *   --
 *   -- Revision ID: 1975ea83b712
 *   -- Revises: c527ba0bc760            (comma-separated for a merge; empty for a root)
 *   -- Create Date: 2026-11-23 10:02:03.120000+00:00
 *   -- Branch Labels:                   (comma-separated)
 *   -- Depends On:                      (comma-separated ids or labels)
 *   -- Transactional: false             (optional; default true)
 *
 *   -- migrate:upgrade
 *   ...SQL...
 *   -- migrate:downgrade                (absent: the revision is irreversible)
 *   ...SQL...
 *
 * The revision id comes from the header, never from the file name.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* Revision: what the graph and the planner need to know of one revision. */
struct Revision {
	std::string id;
	std::vector<std::string> parents;       // "Revises", in file order; empty for a root
	std::vector<std::string> branch_labels; // "Branch Labels", as declared on this revision
	std::vector<std::string> depends_on;    // "Depends On": ids, partial ids or branch labels
	std::string message;                    // first paragraph of the header (may be empty)
	bool reversible = true;                 // false when the file has no downgrade section
	bool transactional = true;              // "Transactional: false" runs outside a transaction
	std::string source;                     // file name it came from, for error messages; may be empty
};

/* RevisionFile: a parsed revision file. */
struct RevisionFile {
	Revision rev;
	std::string create_date;                  // verbatim from the header, may be empty
	std::string upgrade_sql;                  // body of the upgrade section (may be empty)
	std::optional<std::string> downgrade_sql; // nullopt: no downgrade section (irreversible)
	std::string checksum;                     // Sha256Hex of the file's exact bytes
	/*
	 * The file line (1-based) of the first line of upgrade_sql and of downgrade_sql: line k of
	 * a section body (counted from 0) is line upgrade_line + k of the file.  0 when the section
	 * is absent.
	 */
	std::size_t upgrade_line = 0;
	std::size_t downgrade_line = 0;
};

/*
 * kMaxRevisionFileBytes: the largest revision file accepted (64 MiB).  A larger one is refused
 * before it is hashed or parsed, with SQLSTATE 54000.
 */
inline constexpr std::size_t kMaxRevisionFileBytes = std::size_t{64} * 1024 * 1024;

/*
 * ParseRevisionFile: parse and validate the bytes of one revision file.
 * file_name is used in messages only.  Throws MigError 54000 when the file is larger than
 * kMaxRevisionFileBytes, and MigError naming the file and line for: no header, no
 * "Revision ID", an unrecognized header key, a repeated header key or section, an invalid id
 * (allowed: letters, digits, underscore; 1..64 chars), a NUL byte, invalid UTF-8, SQL
 * outside a section, a missing "-- migrate:upgrade" marker.
 * CRLF line endings and a leading UTF-8 byte order mark are accepted.
 * The lines are scanned in place: besides the result (which holds one copy of each section
 * body), parsing allocates only the header's keys and values, whatever the number of lines.
 * Calls CheckInterrupts() (interrupt.hpp) once per file, every 4096 lines and every 64 KiB;
 * text quoted from the file in messages is made valid UTF-8 and cut (message_text.hpp).
 */
RevisionFile ParseRevisionFile(std::string_view file_name, std::string_view bytes);

/* IsValidRevisionId: letters, digits and underscores, 1 to 64 characters. */
bool IsValidRevisionId(std::string_view id);

/*
 * CheckRevisionId: throws MigError 22023 when IsValidRevisionId fails.  For the characters
 * Alembic forbids the primary message keeps Alembic's wording:
 * character(s) '-' not allowed in revision identifier 'ab-cd'
 */
void CheckRevisionId(std::string_view id);

/* NewRevisionId: 12 random lowercase hex digits, as Alembic's uuid4().hex[-12:]. */
std::string NewRevisionId();

/*
 * Slugify: Alembic's file-name slug of a message: lowercase, runs of non-word characters
 * become one "_", trimmed, cut at a word boundary to at most max_len characters.
 * As in Alembic, a cut slug keeps the "_" before the cut ("add_a_very_long_message_that_goes_on_");
 * a first word longer than max_len is cut to max_len.  Lengths count characters, not bytes.
 */
std::string Slugify(std::string_view message, std::size_t max_len = 40);

} // namespace pgm
