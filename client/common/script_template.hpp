/*
 * script_template.hpp: the revision file template (migrations/script.sql.tmpl), the
 * counterpart of Alembic's script.py.mako, and what pgmig fills into it.
 */
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <string_view>

namespace pgmig {

/* DefaultTemplate: the template pgmig init writes and pgmig revision uses when there is none. */
const std::string &DefaultTemplate();

/*
 * RenderTemplate: text with every ${name} of values replaced by its value.  Other "${...}"
 * sequences are left as they are (they may be SQL).  A multi-line ${message} keeps the
 * "-- " comment prefix on each of its lines.
 */
std::string RenderTemplate(std::string_view text, const std::map<std::string, std::string> &values);

/*
 * RenderRevisionTemplate: RenderTemplate of a revision file template, with the generated SQL
 * of each section: ${upgrades} and ${downgrades} are replaced by upgrades and downgrades
 * (each "" or SQL ending in a newline; that newline is dropped, the template's line break
 * follows).  A template without ${upgrades} gets the upgrade SQL right after its
 * "-- migrate:upgrade" line, and likewise for the downgrade.  The SQL is inserted after the
 * comment lines are trimmed, so it is written exactly as given.
 */
std::string RenderRevisionTemplate(std::string_view text, std::map<std::string, std::string> values,
                                   const std::string &upgrades, const std::string &downgrades);

/*
 * FormatCreateDate: a local time as "YYYY-MM-DD HH:MM:SS.ffffff+HH:MM" (Alembic's create
 * date with the UTC offset), from seconds, microseconds and the offset east of UTC in seconds.
 */
std::string FormatCreateDate(const std::tm &local, long microseconds, long utc_offset_seconds);

/* NowCreateDate: FormatCreateDate of the current local time. */
std::string NowCreateDate();

} // namespace pgmig
