/*
 * script_template.cpp: the revision file template and its rendering.
 */
#include "script_template.hpp"

#include <chrono>
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
	                                     "\n"
	                                     "\n"
	                                     "-- migrate:downgrade\n"
	                                     "\n";
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
