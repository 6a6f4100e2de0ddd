/*
 * migration_steps.hpp: a migration that spans several transactions: the plan cut into groups
 * of transactional steps, each committed on its own (migrate_run), with the statements of each
 * "Transactional: false" revision run by pgmig in autocommit between them (migrate_statements,
 * then migrate_record), the whole run under the session-level migration lock.
 */
#pragma once

#include "client/common/context.hpp"

#include <string>
#include <vector>

namespace pgmig {

/* PlannedStep: one step of the server's plan (migrate_plan), with what the local file says. */
struct PlannedStep {
	std::string revision;
	std::string direction;   // upgrade or downgrade
	std::string description; // Alembic's run-log text
	bool transactional = true;
};

/* StepGroup: steps that run in one transaction, or one non-transactional step. */
struct StepGroup {
	bool transactional = true;
	std::vector<PlannedStep> steps;
};

/*
 * GroupSteps: the plan cut where a non-transactional step is (each one a group of its own),
 * and after every step when per_revision.
 */
std::vector<StepGroup> GroupSteps(const std::vector<PlannedStep> &plan, bool per_revision);

/* HasNonTransactional: a revision of the folder declares "Transactional: false". */
bool HasNonTransactional(const ScriptFolder &folder);

/*
 * RunSteps: upgrade or downgrade to target group by group (GroupSteps): the first
 * transaction uploads the folder; a failure rolls back its own group only, is recorded
 * (migrate_log_failure) and ends the run with a line that says where the database stopped.
 */
void RunSteps(Context &ctx, bool upgrade, const std::string &target, bool per_revision,
              const ScriptFolder *loaded = nullptr);

} // namespace pgmig
