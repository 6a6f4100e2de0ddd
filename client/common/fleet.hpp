/*
 * fleet.hpp: one command on many databases ("pgmig --targets FILE upgrade head"): the list of
 * targets (a file, standard input, or targets / targets_query in pgmig.toml), the child pgmig
 * that runs the command on each target, the bounded parallel rollout (--jobs, --canary,
 * --stop-on-error, Ctrl-C), and the report (a line per target, a summary table or one JSON
 * document).  docs/fleet.md describes the behaviour.
 */
#pragma once

#include "client/common/context.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace pgmig {

/* kFleetCommands: the commands a fleet runs. */
inline constexpr const char *kFleetCommands[] = {"upgrade", "downgrade", "stamp", "current", "validate", "check"};

/*
 * ParseTargets: the targets of a targets file: one libpq URL or key=value connection string
 * per line; blank lines and lines starting with "#" (after blanks) are skipped, blanks around
 * a line are trimmed.  source names the file in messages ("-" is standard input).  Throws
 * F0000 for a line libpq cannot parse, for two lines naming the same database, and for a list
 * with no target.
 */
std::vector<std::string> ParseTargets(std::string_view text, const std::string &source);

/*
 * CheckTargets: the same checks for a list given otherwise (the targets key, the rows of
 * targets_query); what names the list in messages (e.g. "configuration key \"targets\"").
 */
std::vector<std::string> CheckTargets(const std::vector<std::string> &targets, const std::string &what);

/*
 * ParseWaitTimeout: the seconds of a --wait-replicas TIMEOUT: a number with an optional unit
 * ms, s, min or h (default s), e.g. "60", "2s", "500ms", "5min".  Throws 22023 otherwise.
 */
double ParseWaitTimeout(const std::string &text);

/* kDefaultWaitTimeout: the TIMEOUT of a bare --wait-replicas. */
inline constexpr const char *kDefaultWaitTimeout = "60s";

/*
 * NormalizeArguments: argv as words, with a bare --wait-replicas (one not followed by a
 * TIMEOUT) written --wait-replicas=60s, so that "pgmig upgrade --wait-replicas head" keeps
 * "head" as the target.
 */
std::vector<std::string> NormalizeArguments(int argc, char **argv);

/*
 * ChildArguments: the arguments of the child pgmig that runs the command on target: args
 * (without the program name) without the fleet's own options (--targets, --jobs, --canary,
 * --stop-on-error, --url, --format), then --fleet-child, --url target, and --format json when
 * json (the command's machine-readable output, for current, validate and check).
 */
std::vector<std::string> ChildArguments(const std::vector<std::string> &args, const std::string &target, bool json);

/* ChildError: the error a child pgmig printed: each field whole, its lines joined by "\n". */
struct ChildError {
	std::string message, detail, hint, context;
};

/*
 * ParseChildError: the last error of a child's standard error, as PrintError writes one: a
 * "pgmig: error: " line per line of the message, then the "pgmig: detail: ", "pgmig: hint: "
 * and "pgmig: context: " lines of its fields (a blank line of a field is the label alone).
 * The detail and hint of a warning printed before it are not the error's.  All fields empty
 * when the child printed no error.
 */
ChildError ParseChildError(std::string_view err);

/* FleetExit: the fleet ran and reported; main exits with status without printing more. */
class FleetExit : public std::exception {
public:
	explicit FleetExit(int status) : status_(status) {}
	int
	Status() const {
		return status_;
	}
	const char *
	what() const noexcept override {
		return "fleet finished";
	}

private:
	int status_;
};

/*
 * set_fleet_options: the global options --targets, --jobs, --canary, --stop-on-error,
 * --format, --wait-replicas (and the hidden --fleet-child), and the two hooks on app: after
 * parsing, a fleet command runs on its targets instead (FleetExit); after a successful
 * upgrade, downgrade or stamp on one database, --wait-replicas waits for its standbys.
 * args: the arguments the children get (NormalizeArguments without the program name).
 */
void set_fleet_options(CLI::App &app, Context &ctx, std::vector<std::string> args);

} // namespace pgmig
