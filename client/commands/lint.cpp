/*
 * lint.cpp: pgmig lint [TARGET]: the risks of the statements "pgmig upgrade TARGET" (or, with
 * --downgrade, "pgmig downgrade TARGET") would run, found by migrate_lint against the live
 * catalog: in one transaction the script folder is uploaded, the findings read, and everything
 * rolled back, so nothing changes.  Exit 1 when there is a finding no waiver covers.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/lint_report.hpp"
#include "client/common/migration.hpp"
#include "client/common/script_upload.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

struct LintOptions {
	std::string target;
	bool downgrade = false;
	std::string format = "text";
};

void
RunLint(Context &ctx, const LintOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	std::string direction = opts.downgrade ? "downgrade" : "upgrade";
	std::string target = opts.target.empty() ? (opts.downgrade ? "-1" : "head") : opts.target;
	std::vector<LintFinding> findings;
	try {
		conn.Exec("BEGIN");
		Upload(conn, schema, folder);
		findings = FetchLintFindings(conn, schema, direction, target, folder.location);
		conn.Exec("ROLLBACK");
	} catch (const DbError &) {
		RollbackAfterError(conn);
		throw;
	}
	std::size_t n = CountUnwaived(findings);
	if (opts.format == "json") {
		PrintJson({{"direction", direction},
		           {"target", target},
		           {"findings", LintFindingsJson(findings)},
		           {"count", n},
		           {"waived", findings.size() - n}});
	} else {
		for (const LintFinding &f : findings)
			if (!f.waived)
				std::cout << pgm::TerminalText(FormatLintFinding(f));
		std::string waived = findings.size() > n ? " (" + std::to_string(findings.size() - n) + " waived)" : "";
		if (n == 0)
			std::cout << "No lint findings" << waived << ".\n";
		else
			std::cout << n << (n == 1 ? " lint finding" : " lint findings") << waived << ".\n";
		std::cout.flush();
	}
	if (n > 0)
		throw ErrorReported();
}

} // namespace

void
set_lint_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<LintOptions>();
	CLI::App *sub = app.add_subcommand(
	    "lint", "Check the statements \"pgmig upgrade TARGET\" would run for risks in production (an index built "
	            "without CONCURRENTLY, a table rewrite, a long ACCESS EXCLUSIVE lock, lost data, ...) against the "
	            "database's live catalog, and print each finding with its file and line; exit 1 when there is a "
	            "finding no \"-- lint: ignore RULE\" comment waives.  The files are uploaded in a transaction that "
	            "is rolled back: nothing changes");
	sub->add_option("TARGET", opts->target,
	                "The target, as for upgrade (default head), or with --downgrade as for downgrade (default -1)")
	    ->type_name("");
	sub->add_flag("--downgrade", opts->downgrade, "Check the steps of \"pgmig downgrade TARGET\" instead");
	AddFormatOption(sub, opts->format);
	sub->callback([&ctx, opts]() { RunLint(ctx, *opts); });
}

} // namespace pgmig
