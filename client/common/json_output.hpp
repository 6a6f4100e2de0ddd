/*
 * json_output.hpp: the --format text|json option of the listing commands and the JSON they
 * print on stdout.
 */
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace pgmig {

/* AddFormatOption: --format text|json (anything else is a usage error). */
CLI::Option *AddFormatOption(CLI::App *sub, std::string &format);

/*
 * CheckJsonExcludesVerbose: --format json with --verbose is a usage error (CLI::ExcludesError,
 * "--format json excludes --verbose"): the verbose entries are text only.
 */
void CheckJsonExcludesVerbose(const std::string &format, bool verbose);

/* PrintJson: value with a 2-space indent and a newline on stdout (invalid UTF-8 replaced). */
void PrintJson(const nlohmann::ordered_json &value);

/* JsonOrNull: value as a JSON string, or null when it is absent (an SQL NULL). */
nlohmann::ordered_json JsonOrNull(const std::optional<std::string> &value);

} // namespace pgmig
