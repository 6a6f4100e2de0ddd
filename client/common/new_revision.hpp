/*
 * new_revision.hpp: writing a new revision file from the script folder's template, as
 * revision and merge do, with the options they share; and the "Generating" line of each file
 * pgmig writes.
 */
#pragma once

#include "client/common/context.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
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
 * print "Generating <path> ...  done".  Used by revision, merge and baseline.  Returns the new
 * revision's id.
 */
std::string GenerateRevision(const ScriptFolder &folder, const NewRevision &rev);

/* GenerateFile: create file with text (never overwriting one) and print "Generating <path> ...  done". */
void GenerateFile(const std::filesystem::path &file, const std::string &text);

/* CreateDirectory: create dir and its parents, printing "Creating directory <dir> ...  done". */
void CreateDirectory(const std::filesystem::path &dir);

/*
 * CreateScriptFolder: a new script folder as "pgmig init" makes it: the folder and
 * script.sql.tmpl (each unless it exists) and its versions/.
 */
void CreateScriptFolder(const std::filesystem::path &scripts);

/* AddMessageOption: the required -m/--message MSG of revision and merge. */
CLI::Option *AddMessageOption(CLI::App *sub, std::string &message);

/* AddRevIdOption: the --rev-id ID of revision and merge. */
CLI::Option *AddRevIdOption(CLI::App *sub, std::string &rev_id);

/* AddBranchLabelOption: the repeatable --branch-label LABEL of revision and merge. */
CLI::Option *AddBranchLabelOption(CLI::App *sub, std::vector<std::string> &branch_labels);

} // namespace pgmig
