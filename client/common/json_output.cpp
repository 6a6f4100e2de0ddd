/*
 * json_output.cpp: the --format option and JSON printing.
 */
#include "client/common/json_output.hpp"

#include <cstdio>
#include <iostream>
#include <string>

namespace pgmig {

CLI::Option *
AddFormatOption(CLI::App *sub, std::string &format) {
	return sub->add_option("--format", format, "Output format: text (default) or json")
	    ->type_name("text|json")
	    ->check(CLI::IsMember({"text", "json"}).description(""));
}

void
CheckJsonExcludesVerbose(const std::string &format, bool verbose) {
	if (format == "json" && verbose)
		throw CLI::ExcludesError("--format json", "--verbose");
}

namespace {

/*
 * EscapeTerminalControls: JSON text with the characters a terminal may act on that JSON leaves
 * raw (DEL, the C1 controls U+0080..U+009F, the bidirectional overrides and isolates) written as
 * \u escapes.  They can only occur inside strings, where the escape means the same character, so
 * the JSON is unchanged for a parser (docs/robustness.md, "Hostile input").
 */
std::string
EscapeTerminalControls(const std::string &json) {
	std::string out;
	out.reserve(json.size());
	char buf[8];
	for (std::size_t i = 0; i < json.size(); i++) {
		auto c = static_cast<unsigned char>(json[i]);
		auto at = [&](std::size_t k) { return i + k < json.size() ? static_cast<unsigned char>(json[i + k]) : 0; };
		unsigned cp = 0;
		std::size_t len = 0;
		if (c == 0x7F) {
			cp = 0x7F, len = 1;
		} else if (c == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F) {
			cp = at(1), len = 2;
		} else if (c == 0xE2 && at(1) == 0x80 && at(2) >= 0xAA && at(2) <= 0xAE) {
			cp = 0x2000 + (at(2) - 0x80), len = 3;
		} else if (c == 0xE2 && at(1) == 0x81 && at(2) >= 0xA6 && at(2) <= 0xA9) {
			cp = 0x2040 + (at(2) - 0x80), len = 3;
		}
		if (len == 0) {
			out.push_back(json[i]);
			continue;
		}
		std::snprintf(buf, sizeof(buf), "\\u%04x", cp);
		out += buf;
		i += len - 1;
	}
	return out;
}

} // namespace

void
PrintJson(const nlohmann::ordered_json &value) {
	std::cout << EscapeTerminalControls(value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
	          << "\n"
	          << std::flush;
}

nlohmann::ordered_json
JsonOrNull(const std::optional<std::string> &value) {
	return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

} // namespace pgmig
