/*
 * script_template.cpp: the revision file template and its rendering.
 */
#include "client/common/script_template.hpp"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace pgmig {

const std::string &
DefaultTemplate() {
	static const std::string kTemplate = "-- ${message}\n"
	                                     "--\n"
	                                     "-- Revision ID: ${revision}\n"
	                                     "-- Revises: ${down_revision}\n"
	                                     "-- Create Date: ${create_date}\n"
	                                     "-- Branch Labels: ${branch_labels}\n"
	                                     "-- Depends On: ${depends_on}\n"
	                                     "\n"
	                                     "-- migrate:upgrade\n"
	                                     "${upgrades}\n"
	                                     "\n"
	                                     "-- migrate:downgrade\n"
	                                     "${downgrades}\n";
	return kTemplate;
}

/*
 * TrimCommentLines: drop the trailing blanks of "--" lines, which an empty placeholder such as
 * "-- Depends On: ${depends_on}" leaves behind; SQL lines are kept as the template has them.
 */
static std::string
TrimCommentLines(const std::string &text) {
	std::string out;
	std::size_t start = 0;
	while (start < text.size()) {
		std::size_t end = text.find('\n', start);
		std::size_t stop = end == std::string::npos ? text.size() : end;
		std::string line = text.substr(start, stop - start);
		if (line.compare(0, 2, "--") == 0) {
			std::size_t last = line.find_last_not_of(" \t");
			line.erase(last == std::string::npos ? 0 : last + 1);
		}
		out += line;
		if (end == std::string::npos)
			break;
		out += '\n';
		start = end + 1;
	}
	return out;
}

std::string
RenderTemplate(std::string_view text, const std::map<std::string, std::string> &values) {
	std::string out;
	std::size_t i = 0;
	while (i < text.size()) {
		std::size_t close = std::string_view::npos;
		if (text.compare(i, 2, "${") == 0)
			close = text.find('}', i + 2);
		if (close == std::string_view::npos) {
			out += text[i++];
			continue;
		}
		std::string name(text.substr(i + 2, close - i - 2));
		auto it = values.find(name);
		if (it == values.end()) {
			out += text[i++];
			continue;
		}
		std::string value = it->second;
		if (name == "message") {
			// Continue the comment on each further line of a multi-line message.
			std::string prefix;
			std::size_t line_start = out.rfind('\n');
			line_start = line_start == std::string::npos ? 0 : line_start + 1;
			if (out.compare(line_start, 2, "--") == 0)
				prefix = out.substr(line_start);
			std::string folded;
			for (char c : value) {
				if (c == '\r')
					continue;
				folded += c;
				if (c == '\n')
					folded += prefix;
			}
			value = folded;
		}
		out += value;
		i = close + 1;
	}
	return TrimCommentLines(out);
}

namespace {

/* Placeholders for the sections while the template is rendered (no template contains them). */
constexpr const char *kUpgradesToken = "\x01pgmig-upgrades\x01";
constexpr const char *kDowngradesToken = "\x01pgmig-downgrades\x01";

/* EndOfMarkerLine: the offset just after the line "-- migrate:<section>" of text, or npos. */
std::size_t
EndOfMarkerLine(const std::string &text, const std::string &marker) {
	std::size_t start = 0;
	while (start < text.size()) {
		std::size_t end = text.find('\n', start);
		std::size_t stop = end == std::string::npos ? text.size() : end;
		std::size_t last = stop;
		while (last > start && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r'))
			last--;
		if (text.compare(start, last - start, marker) == 0)
			return end == std::string::npos ? text.size() : end + 1;
		if (end == std::string::npos)
			break;
		start = end + 1;
	}
	return std::string::npos;
}

/* WithoutFinalNewline: sql without one final newline (the template's line break follows it). */
std::string
WithoutFinalNewline(std::string sql) {
	if (!sql.empty() && sql.back() == '\n')
		sql.pop_back();
	return sql;
}

/*
 * PlaceSection: sql where the template had the token; a template without it gets sql on the
 * lines right after its marker line (and a new section at the end when it has no marker).
 */
std::string
PlaceSection(std::string text, const std::string &token, const std::string &marker, const std::string &sql) {
	std::size_t at = text.find(token);
	if (at != std::string::npos) {
		std::string body = WithoutFinalNewline(sql);
		for (; at != std::string::npos; at = text.find(token, at + body.size()))
			text.replace(at, token.size(), body);
		return text;
	}
	if (sql.empty())
		return text;
	std::size_t after = EndOfMarkerLine(text, marker);
	if (after == std::string::npos) {
		if (!text.empty() && text.back() != '\n')
			text += '\n';
		return text + "\n" + marker + "\n" + sql;
	}
	if (after == text.size() && !text.empty() && text.back() != '\n') {
		text += '\n';
		after = text.size();
	}
	return text.insert(after, sql);
}

} // namespace

std::string
RenderRevisionTemplate(std::string_view text, std::map<std::string, std::string> values, const std::string &upgrades,
                       const std::string &downgrades) {
	values["upgrades"] = kUpgradesToken;
	values["downgrades"] = kDowngradesToken;
	std::string out = RenderTemplate(text, values);
	out = PlaceSection(std::move(out), kUpgradesToken, "-- migrate:upgrade", upgrades);
	return PlaceSection(std::move(out), kDowngradesToken, "-- migrate:downgrade", downgrades);
}

std::string
FormatCreateDate(const std::tm &local, long microseconds, long utc_offset_seconds) {
	char sign = utc_offset_seconds < 0 ? '-' : '+';
	long offset = std::labs(utc_offset_seconds) / 60;
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d.%06ld%c%02ld:%02ld", local.tm_year + 1900,
	              local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, microseconds, sign,
	              offset / 60, offset % 60);
	return buf;
}

std::string
NowCreateDate() {
	auto now = std::chrono::system_clock::now();
	auto since_epoch = now.time_since_epoch();
	auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
	long micros =
	    static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - seconds).count());
	std::time_t t = static_cast<std::time_t>(seconds.count());
	std::tm local{};
	localtime_r(&t, &local);
	return FormatCreateDate(local, micros, local.tm_gmtoff);
}

} // namespace pgmig
