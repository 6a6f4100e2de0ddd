/*
 * log_entries.cpp: verbose revision entries and migration log lines.
 */
#include "client/common/log_entries.hpp"

#include "client/common/text_format.hpp"

#include "core/history_format.hpp"

namespace pgmig {

std::string
LogEntry(const ScriptFolder &folder, const std::string &id, const std::set<std::string> &current_heads,
         bool indicate_current) {
	std::string path, create_date;
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (folder.revisions[i].rev.id == id) {
			path = folder.files[i].path;
			create_date = folder.revisions[i].create_date;
			break;
		}
	return WithBlankLine(pgm::FormatLogEntry(folder.graph, id, current_heads, indicate_current, path, create_date));
}

std::string
FormatLogRow(const AppliedLogRow &row) {
	std::string direction = row.direction;
	if (direction.size() < 9)
		direction.resize(9, ' ');
	std::string role = row.role;
	if (row.session_role != row.role)
		role += " (session " + row.session_role + ")";
	std::string line = row.started_at + "  " + direction + "  " + row.revision + "  " + FormatDuration(row.duration) +
	                   "  " + role + "  " + row.application_name.value_or("-") + "  " + row.outcome;
	if (row.reason)
		line += "  reason: " + *row.reason;
	return line;
}

} // namespace pgmig
