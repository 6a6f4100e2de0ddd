/*
 * new_revision.hpp: writing a new revision file from the script folder's template, as
 * revision and merge do.
 */
#pragma once

#include "client/common/context.hpp"

#include <string>
#include <vector>

namespace pgmig {

/* NewRevision: what GenerateRevision writes. */
struct NewRevision {
	std::string message;
	std::string rev_id; // empty: a new random id
	std::vector<std::string> parents;
	std::vector<std::string> branch_labels;
	std::vector<std::string> depends_on;
	std::string upgrade_sql; // generated SQL of the sections (autogenerate); "" for none
	std::string downgrade_sql;
};

/*
 * GenerateRevision: render the script folder's template (or the default one) for rev,
 * check that the result parses and fits the graph, write versions/<id>_<slug>.sql and
 * print "Generating <path> ...  done".  Used by revision and merge.
 */
void GenerateRevision(const ScriptFolder &folder, const NewRevision &rev);

} // namespace pgmig
