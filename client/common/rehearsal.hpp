/*
 * rehearsal.hpp: "upgrade --dry-run" / "downgrade --dry-run": the run rehearsed on the
 * database (migrate_rehearse) in one transaction that is rolled back, with each revision's
 * time and the locks it took.
 */
#pragma once

#include "client/common/context.hpp"

#include <string>
#include <vector>

namespace pgmig {

/* RehearsedStep: one row of migrate_rehearse. */
struct RehearsedStep {
	std::string revision;
	std::string direction;
	std::string message;
	std::string duration; // interval text
	bool rehearsed = true;
	std::vector<std::string> locks; // "relation mode", as the server words them
};

/* FormatRehearsal: the report on stdout: a block per revision, then "Dry run: nothing was kept." */
std::string FormatRehearsal(const std::vector<RehearsedStep> &steps);

/*
 * RunRehearsal: upload the folder and rehearse the run to target in one transaction, print the
 * report, and roll back: nothing is kept, not even the upload or a failure record.
 */
void RunRehearsal(Context &ctx, bool upgrade, const std::string &target);

} // namespace pgmig
