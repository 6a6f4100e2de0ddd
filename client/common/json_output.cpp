/*
 * json_output.cpp: the --format option and JSON printing.
 */
#include "client/common/json_output.hpp"

#include <iostream>

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

void
PrintJson(const nlohmann::ordered_json &value) {
	std::cout << value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n" << std::flush;
}

nlohmann::ordered_json
JsonOrNull(const std::optional<std::string> &value) {
	return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

} // namespace pgmig
