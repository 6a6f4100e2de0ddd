/*
 * lint_report.cpp: reading and printing the findings of migrate_lint (lint_report.hpp).
 */
#include "client/common/lint_report.hpp"

#include "client/common/json_output.hpp"

#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

bool g_strict_lint = false;

} // namespace

std::vector<LintFinding>
FetchLintFindings(Connection &conn, const std::string &schema, const std::string &direction, const std::string &target,
                  const std::filesystem::path &location) {
	ResultPtr res = conn.Exec("SELECT revision, file_name, line, rule, relation, relation_size, estimated_rows, "
	                          "lock_mode, message, detail, hint, waived FROM " +
	                              schema + ".migrate_lint($1, $2)",
	                          {direction, target});
	std::vector<LintFinding> findings;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		LintFinding f;
		f.revision = PQgetvalue(res.get(), i, 0);
		f.file_name = PQgetvalue(res.get(), i, 1);
		f.path = DisplayPath(location / kVersionsDir / f.file_name);
		f.line = std::stoi(PQgetvalue(res.get(), i, 2));
		f.rule = PQgetvalue(res.get(), i, 3);
		f.relation = OptionalValue(res.get(), i, 4);
		f.relation_size = OptionalValue(res.get(), i, 5);
		f.estimated_rows = OptionalValue(res.get(), i, 6);
		f.lock_mode = OptionalValue(res.get(), i, 7);
		f.message = PQgetvalue(res.get(), i, 8);
		f.detail = PQgetvalue(res.get(), i, 9);
		f.hint = PQgetvalue(res.get(), i, 10);
		f.waived = std::string(PQgetvalue(res.get(), i, 11)) == "t";
		findings.push_back(std::move(f));
	}
	return findings;
}

std::string
FormatLintFinding(const LintFinding &f) {
	std::string text = f.path + ":" + std::to_string(f.line) + ": warning: [" + f.rule + "] " + f.message + "\n";
	if (f.lock_mode && f.relation)
		text += "    lock: " + *f.lock_mode + " on " + *f.relation + "\n";
	if (!f.detail.empty())
		text += "    detail: " + f.detail + "\n";
	if (!f.hint.empty())
		text += "    hint: " + f.hint + "\n";
	return text;
}

nlohmann::ordered_json
LintFindingsJson(const std::vector<LintFinding> &findings) {
	nlohmann::ordered_json out = nlohmann::ordered_json::array();
	auto number = [](const std::optional<std::string> &v) {
		return v ? nlohmann::ordered_json(std::stoll(*v)) : nlohmann::ordered_json(nullptr);
	};
	for (const LintFinding &f : findings)
		out.push_back({{"revision", f.revision},
		               {"file", f.path},
		               {"line", f.line},
		               {"rule", f.rule},
		               {"relation", JsonOrNull(f.relation)},
		               {"relation_size", number(f.relation_size)},
		               {"estimated_rows", number(f.estimated_rows)},
		               {"lock_mode", JsonOrNull(f.lock_mode)},
		               {"message", f.message},
		               {"detail", f.detail},
		               {"hint", f.hint},
		               {"waived", f.waived}});
	return out;
}

std::size_t
CountUnwaived(const std::vector<LintFinding> &findings) {
	std::size_t n = 0;
	for (const LintFinding &f : findings)
		n += f.waived ? 0 : 1;
	return n;
}

void
SetStrictLint(bool strict) {
	g_strict_lint = strict;
}

void
LintBeforeMigration(Context &ctx, Connection &conn, const std::string &schema, const std::string &target) {
	ResultPtr has =
	    conn.Exec("SELECT pg_catalog.to_regprocedure($1) IS NOT NULL", {schema + ".migrate_lint(text,text)"});
	if (std::string(PQgetvalue(has.get(), 0, 0)) != "t")
		return;
	std::vector<LintFinding> findings = FetchLintFindings(conn, schema, "upgrade", target, ctx.ScriptLocation());
	std::size_t n = CountUnwaived(findings);
	if (n == 0)
		return;
	std::cout.flush();
	for (const LintFinding &f : findings)
		if (!f.waived)
			std::cerr << pgm::TerminalText(FormatLintFinding(f));
	std::cerr.flush();
	std::string count = std::to_string(n) + (n == 1 ? " lint finding" : " lint findings");
	if (g_strict_lint)
		throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		                    "the pending revisions have " + count + ", and --strict refuses to run them",
		                    "Nothing was applied.",
		                    "Make the statements safe as each hint says, or waive a finding with a \"-- lint: ignore "
		                    "RULE\" comment above its statement; \"pgmig lint\" lists them.");
}

} // namespace pgmig
