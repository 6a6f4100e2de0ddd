/*
 * text_format.hpp: small text formats of the commands' output: the blank line after an
 * entry, durations and abbreviated checksums.
 */
#pragma once

#include <string>

namespace pgmig {

/* WithBlankLine: text ending in exactly one blank line (Alembic prints one after each entry). */
std::string WithBlankLine(std::string text);

/* FormatDuration: an interval's text (e.g. 00:00:00.003215) as "3.2 ms" / "1.25 s"; else as it is. */
std::string FormatDuration(const std::string &interval);

/* ShortChecksum: the first 12 hex digits of a checksum, then "...". */
std::string ShortChecksum(const std::string &checksum);

} // namespace pgmig
