/*
 * merge.cpp: pgmig merge -m MSG REV...: write a new revision file whose parents are REV...
 * ("heads" = every head), with empty upgrade and downgrade sections, so that several heads
 * become one again (Alembic's "alembic merge").  Local only.
 */
#include "client/commands/commands.hpp"
#include "client/common/context.hpp"
#include "client/common/new_revision.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"

#include <algorithm>

namespace pgmig {

namespace {

struct MergeOptions {
	std::string message;
	std::string rev_id;
	std::vector<std::string> branch_labels;
	std::vector<std::string> revisions;
	bool splice = false;
};

/* MergeParents: REV... resolved to ids, in the order given; "heads" is every real head. */
std::vector<std::string>
MergeParents(const ScriptFolder &folder, const MergeOptions &opts) {
	const pgm::RevisionGraph &graph = folder.graph;
	std::vector<std::string> ids;
	for (const std::string &spec : opts.revisions) {
		std::vector<std::string> resolved =
		    spec == "heads" ? graph.RealHeads() : std::vector<std::string>{pgm::ResolveRevision(graph, spec)};
		for (const std::string &id : resolved) {
			if (std::find(ids.begin(), ids.end(), id) != ids.end())
				throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue, "duplicate head revisions specified",
				                    "Revision " + id + " is given more than once.");
			if (!opts.splice && !graph.Children(id).empty())
				throw pgm::MigError(pgm::sqlstate::kObjectNotInPrerequisiteState,
				                    "revision " + id + " is not a head revision", "",
				                    "Specify --splice to merge a revision that is not a head.");
			ids.push_back(id);
		}
	}
	if (ids.size() < 2)
		throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue, "a merge needs at least two revisions",
		                    ids.empty() ? "The revisions given resolve to none."
		                                : "The revisions given resolve to " + ids[0] + " only.",
		                    "Name two or more heads, or \"heads\" when there are several.");
	return ids;
}

void
RunMerge(Context &ctx, const MergeOptions &opts) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	NewRevision rev;
	rev.message = opts.message;
	rev.rev_id = opts.rev_id;
	rev.parents = MergeParents(folder, opts);
	rev.branch_labels = opts.branch_labels;
	GenerateRevision(folder, rev);
}

} // namespace

void
set_merge_command(CLI::App &app, Context &ctx) {
	auto opts = std::make_shared<MergeOptions>();
	CLI::App *sub = app.add_subcommand(
	    "merge", "Create a merge revision file whose parents are REV..., with empty upgrade and downgrade "
	             "sections, to join several heads into one");
	sub->add_option("REV", opts->revisions,
	                "Revisions to merge (at least two): head ids or unique prefixes, or heads for every head")
	    ->type_name("")
	    ->required();
	AddMessageOption(sub, opts->message);
	AddRevIdOption(sub, opts->rev_id);
	AddBranchLabelOption(sub, opts->branch_labels);
	sub->add_flag("--splice", opts->splice, "Allow REV... to name revisions that are not heads");
	sub->callback([&ctx, opts]() { RunMerge(ctx, *opts); });
}

} // namespace pgmig
