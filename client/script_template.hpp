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
 * FormatCreateDate: a local time as "YYYY-MM-DD HH:MM:SS.ffffff+HH:MM" (Alembic's create
 * date with the UTC offset), from seconds, microseconds and the offset east of UTC in seconds.
 */
std::string FormatCreateDate(const std::tm &local, long microseconds, long utc_offset_seconds);

/* NowCreateDate: FormatCreateDate of the current local time. */
std::string NowCreateDate();

} // namespace pgmig
