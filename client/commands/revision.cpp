/*
 * revision.cpp: pgmig revision -m MSG: write a new revision file from the script folder's
 * template, on top of the current head (Alembic's "alembic revision").  Local only, except
 * with --autogenerate: then the sections hold the SQL that turns the database's schema into
 * the models' and back (compare.hpp).  The file is written by GenerateRevision
 * (new_revision.hpp), as merge's is.
 */
#include "client/commands/commands.hpp"
#include "client/common/compare.hpp"
#include "client/common/context.hpp"
#include "client/common/exclusions.hpp"
#include "client/common/new_revision.hpp"
#include "client/common/output.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace pgmig {

namespace {

struct RevisionOptions {
	std::string message;
	std::string rev_id;
	std::string head;
	bool splice = false;
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	bool autogenerate = false;
	std::string models;
	std::string models_command;
	std::vector<std::string> exclude;
	bool compare_privileges = false;
	bool no_cache = false;
};

/*
 * ParentsOf: the parents of the new revision: --head when given, else the single head.
 * Several heads are Alembic's "multiple heads" error: the user must pick one or merge.
 */
std::vector<std::string>
ParentsOf(const ScriptFolder &folder, const RevisionOptions &opts) {
	const pgm::RevisionGraph &graph = folder.graph;
	if (!opts.head.empty()) {
		if (opts.head == "base")
			return {};
		std::string id = pgm::ResolveRevision(graph, opts.head);
		if (!opts.splice && !graph.Children(id).empty())
			throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
			                    "revision " + id + " is not a head revision", "",
			                    "Specify --splice to create a new branch from this revision.");
		return {id};
	}
	std::vector<std::string> heads = graph.Heads();
	if (heads.size() > 1)
		throw pgm::MigError(pgm::sqlstate::kMultipleHeads, "multiple heads are present",
		                    "The heads are " + pgm::JoinComma(heads) + ".",
		                    "Please specify the head revision on which the new revision should be based (--head), "
		                    "or perform a merge.");
	return heads;
}

void
RunRevision(Context &ctx, const RevisionOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	NewRevision rev;
	rev.message = opts.message;
	rev.rev_id = opts.rev_id;
	rev.parents = ParentsOf(folder, opts);
	rev.branch_labels = opts.branch_labels;
	rev.depends_on = opts.depends_on;
	if (opts.autogenerate) {
		CompareOptions compare;
		compare.models = opts.models;
		compare.models_command = opts.models_command;
		compare.exclude = opts.exclude;
		compare.compare_privileges = opts.compare_privileges;
		compare.no_cache = opts.no_cache;
		Comparison diff = CompareWithModels(ctx, compare);
		if (diff.upgrade.Empty()) {
			std::cout << "No changes in schema detected." << std::endl;
			return;
		}
		for (const pgm::schema::Change &change : diff.upgrade.changes)
			std::cout << "Detected " << pgm::TerminalText(change.description) << "\n";
		std::cout.flush();
		// The downgrade's warnings stay in the file only: a downgrade that drops what the
		// upgrade adds is expected.
		for (const std::string &warning : diff.upgrade.warnings)
			PrintDiagnostic(Diagnostic{"warning", warning, "", "", ""});
		// ... except a statement of the downgrade that PostgreSQL will refuse.
		for (const std::string &warning : diff.downgrade.failures)
			PrintDiagnostic(Diagnostic{"warning", "downgrade: " + warning, "", "", ""});
		rev.upgrade_sql = pgm::schema::RenderSql(diff.upgrade);
		rev.downgrade_sql = pgm::schema::RenderSql(diff.downgrade);
	}
	GenerateRevision(folder, rev);
}

} // namespace

void
set_revision_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<RevisionOptions>();
	CLI::App *sub = app.add_subcommand(
	    "revision", "Create a new revision file in the script folder's versions/, on top of the current head; "
	                "with --autogenerate, filled with the SQL that turns the database's schema into the models'");
	AddMessageOption(sub, opts->message);
	AddRevIdOption(sub, opts->rev_id);
	sub->add_option("--head", opts->head,
	                "Revision to base the new one on (default: the single head; \"base\" starts a new root)")
	    ->type_name("REV");
	sub->add_flag("--splice", opts->splice, "Allow --head to name a revision that is not a head (new branch)");
	AddBranchLabelOption(sub, opts->branch_labels);
	sub->add_option("--depends-on", opts->depends_on,
	                "Revision or branch label the new revision depends on, without being its parent (repeatable)")
	    ->allow_extra_args(false)
	    ->type_name("REV");
	CLI::Option *autogenerate = sub->add_flag(
	    "--autogenerate", opts->autogenerate,
	    "Compare the database (which must be at the head) with the models, built in a throwaway shadow database, "
	    "and write the SQL of the differences into the upgrade and downgrade sections; no file when there are none");
	CLI::Option *models = AddModelsOption(sub, opts->models)->needs(autogenerate);
	AddModelsCommandOption(sub, opts->models_command)->needs(autogenerate)->excludes(models);
	AddExcludeOption(sub, opts->exclude)->needs(autogenerate);
	AddComparePrivilegesOption(sub, opts->compare_privileges)->needs(autogenerate);
	AddNoCacheOption(sub, opts->no_cache)->needs(autogenerate);
	sub->callback([&ctx, opts]() { RunRevision(ctx, *opts); });
}

} // namespace pgmig
