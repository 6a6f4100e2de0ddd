/*
 * lint_report.hpp: the findings of migrate_lint (docs/maintenance.md, "Lint") as pgmig reads
 * and prints them: like a compiler's warnings ("FILE:LINE: warning: [RULE] message"), or as
 * JSON; shared by "pgmig lint" and the check "pgmig upgrade" makes before it runs.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace pgmig {

/* LintFinding: one row of migrate_lint; path is the local file ("migrations/versions/x.sql"). */
struct LintFinding {
	std::string revision, file_name, path;
	int line = 0;
	std::string rule;
	std::optional<std::string> relation, relation_size, estimated_rows, lock_mode;
	std::string message, detail, hint;
	bool waived = false;
};

/*
 * FetchLintFindings: migrate_lint(direction, target) on conn, in the open transaction that
 * uploaded the script folder at location.  Errors of the call (unknown target, ...) are thrown
 * as DbError.
 */
std::vector<LintFinding> FetchLintFindings(Connection &conn, const std::string &schema, const std::string &direction,
                                           const std::string &target, const std::filesystem::path &location);

/* FormatLintFinding: the lines of one finding: "PATH:LINE: warning: [RULE] ...", detail, hint. */
std::string FormatLintFinding(const LintFinding &f);

/* LintFindingsJson: the findings as a JSON array (waived ones included, marked). */
nlohmann::ordered_json LintFindingsJson(const std::vector<LintFinding> &findings);

/* CountUnwaived: the findings no waiver covers. */
std::size_t CountUnwaived(const std::vector<LintFinding> &findings);

/*
 * SetStrictLint: "pgmig upgrade --strict": LintBeforeMigration refuses to run the migration
 * when there is any finding.  Set once by the upgrade command's callback.
 */
void SetStrictLint(bool strict);

/*
 * LintBeforeMigration: the check of "pgmig upgrade": print the findings of the steps about to
 * run on stderr as warnings; with --strict, throw (55000, nothing is applied: the caller's
 * transaction rolls back) when there are any.  Skipped when the server's pg_migrate has no
 * migrate_lint (older than 0.3.0).
 */
void LintBeforeMigration(Context &ctx, Connection &conn, const std::string &schema, const std::string &target);

} // namespace pgmig
