/*
 * log_entries.hpp: the entries of pgmig's history output: the verbose entry of a revision of
 * the script folder (heads -v, history -v, show, branches -v) and a row of the database's
 * migration log (history --applied).
 */
#pragma once

#include "client/common/context.hpp"

#include <optional>
#include <set>
#include <string>

namespace pgmig {

/*
 * LogEntry: Alembic's verbose entry of id (pgm::FormatLogEntry) with the local file's path
 * and create date, ending in a blank line as Alembic prints it.
 */
std::string LogEntry(const ScriptFolder &folder, const std::string &id, const std::set<std::string> &current_heads = {},
                     bool indicate_current = false);

/*
 * AppliedLogRow: one row of the migration log.  Empty optionals are NULL columns.
 */
struct AppliedLogRow {
	std::string id;
	std::string revision;
	std::string direction;
	std::string started_at;
	std::string duration; // interval text
	std::string role;
	std::string session_role;
	std::optional<std::string> application_name;
	std::optional<std::string> client_addr;
	std::optional<std::string> checksum;
	std::string outcome;
	std::optional<std::string> reason;
};

/*
 * FormatLogRow: one line of "history --applied": started_at, direction, revision,
 * duration, role (and the session role when different), application name, outcome, reason.
 */
std::string FormatLogRow(const AppliedLogRow &row);

} // namespace pgmig
