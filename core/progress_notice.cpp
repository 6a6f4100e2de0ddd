/*
 * progress_notice.cpp: the DETAIL of the MG101 progress NOTICE, written and read back
 * (core/progress_notice.hpp).
 */
#include "core/progress_notice.hpp"

#include "core/message_text.hpp"

namespace pgm {

namespace {

/* ConsumePrefix: drop prefix from the front of s; false when s does not start with it. */
bool
ConsumePrefix(std::string_view &s, std::string_view prefix) {
	if (s.substr(0, prefix.size()) != prefix) {
		return false;
	}
	s.remove_prefix(prefix.size());
	return true;
}

/* ConsumeNumber: a positive decimal number (at most 18 digits) from the front of s. */
bool
ConsumeNumber(std::string_view &s, long long &out) {
	std::size_t n = 0;
	out = 0;
	while (n < s.size() && n < 18 && s[n] >= '0' && s[n] <= '9') {
		out = out * 10 + (s[n] - '0');
		n++;
	}
	if (n == 0 || out == 0 || (n < s.size() && s[n] >= '0' && s[n] <= '9')) {
		return false;
	}
	s.remove_prefix(n);
	return true;
}

bool
IsIdChar(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::string
FormatProgressDetail(const ProgressStep &step) {
	std::string out =
	    "Step " + std::to_string(step.step) + " of " + std::to_string(step.steps) + ": " + step.direction + " of ";
	if (step.revisions.empty()) {
		out += "no revision";
	} else {
		out += step.revisions.size() == 1 ? "revision " : "revisions ";
		out += JoinComma(step.revisions);
	}
	return out + ".";
}

std::optional<ProgressStep>
ParseProgressDetail(std::string_view s) {
	ProgressStep step;
	if (!ConsumePrefix(s, "Step ") || !ConsumeNumber(s, step.step) || !ConsumePrefix(s, " of ") ||
	    !ConsumeNumber(s, step.steps) || !ConsumePrefix(s, ": ") || step.step > step.steps) {
		return std::nullopt;
	}
	for (const char *direction : {"upgrade", "downgrade", "stamp", "repair"}) {
		if (ConsumePrefix(s, direction)) {
			step.direction = direction;
			break;
		}
	}
	if (step.direction.empty() || !ConsumePrefix(s, " of ")) {
		return std::nullopt;
	}
	if (s == "no revision.") {
		return step;
	}
	if (!ConsumePrefix(s, "revisions ") && !ConsumePrefix(s, "revision ")) {
		return std::nullopt;
	}
	while (true) {
		std::size_t n = 0;
		while (n < s.size() && IsIdChar(s[n])) {
			n++;
		}
		if (n == 0) {
			return std::nullopt;
		}
		step.revisions.emplace_back(s.substr(0, n));
		s.remove_prefix(n);
		if (s == ".") {
			break;
		}
		if (!ConsumePrefix(s, ", ")) {
			return std::nullopt;
		}
	}
	return step;
}

} // namespace pgm
