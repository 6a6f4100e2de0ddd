/*
 * text_format.cpp: blank lines after entries, durations and abbreviated checksums.
 */
#include "client/common/text_format.hpp"

#include <cstdio>
#include <regex>

namespace pgmig {

std::string
WithBlankLine(std::string text) {
	while (!text.empty() && text.back() == '\n')
		text.pop_back();
	return text + "\n\n";
}

std::string
FormatDuration(const std::string &interval) {
	static const std::regex hms("(-?)([0-9]+):([0-9]{2}):([0-9]{2}(\\.[0-9]+)?)");
	std::smatch m;
	if (!std::regex_match(interval, m, hms))
		return interval;
	double seconds = std::stod(m[2]) * 3600 + std::stod(m[3]) * 60 + std::stod(m[4]);
	if (m[1] == "-")
		seconds = -seconds;
	char buf[64];
	if (seconds < 1.0 && seconds > -1.0)
		std::snprintf(buf, sizeof(buf), "%.1f ms", seconds * 1000);
	else
		std::snprintf(buf, sizeof(buf), "%.2f s", seconds);
	return buf;
}

std::string
ShortChecksum(const std::string &checksum) {
	return checksum.substr(0, 12) + "...";
}

} // namespace pgmig
