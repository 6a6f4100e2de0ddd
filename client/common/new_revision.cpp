/*
 * new_revision.cpp: a new revision file: its id, the rendered template, the checks that it
 * parses and fits the graph, and the file written.
 */
#include "client/common/new_revision.hpp"

#include "client/common/script_template.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/revision_file.hpp"
#include "core/terminal_text.hpp"

#include <iostream>

namespace fs = std::filesystem;

namespace pgmig {

std::string
GenerateRevision(const ScriptFolder &folder, const NewRevision &rev) {
	const std::vector<std::string> &parents = rev.parents;
	std::string id = rev.rev_id;
	if (!id.empty()) {
		pgm::CheckRevisionId(id);
		if (const pgm::Revision *existing = folder.graph.Find(id))
			throw pgm::MigError(pgm::sqlstate::kDuplicateObject, "revision \"" + id + "\" already exists",
			                    "It is defined in \"" + existing->source + "\".",
			                    "Choose another --rev-id, or omit it to get a new random id.");
	} else {
		do
			id = pgm::NewRevisionId();
		while (folder.graph.Find(id) != nullptr);
	}

	fs::path template_path = folder.location / kTemplateFile;
	std::error_code ec;
	std::string tmpl =
	    fs::exists(template_path, ec) ? ReadFileBytes(template_path, DisplayPath(template_path)) : DefaultTemplate();
	std::string text = RenderRevisionTemplate(tmpl,
	                                          {{"message", rev.message},
	                                           {"revision", id},
	                                           {"down_revision", pgm::JoinComma(parents)},
	                                           {"create_date", NowCreateDate()},
	                                           {"branch_labels", pgm::JoinComma(rev.branch_labels)},
	                                           {"depends_on", pgm::JoinComma(rev.depends_on)}},
	                                          rev.upgrade_sql, rev.downgrade_sql);

	std::string slug = pgm::Slugify(rev.message);
	fs::path file = folder.location / kVersionsDir / (id + (slug.empty() ? "" : "_" + slug) + ".sql");
	std::string display = DisplayPath(file);

	// Check what will be written as if it were already there: the template must produce a
	// valid revision file, and the new revision must fit the graph (labels, depends_on).
	pgm::RevisionFile parsed;
	try {
		parsed = pgm::ParseRevisionFile(display, text);
	} catch (const pgm::MigError &e) {
		throw pgm::MigError(e.Sqlstate(),
		                    "template \"" + DisplayPath(template_path) +
		                        "\" does not produce a valid revision file: " + e.Message(),
		                    e.Detail(), "Compare the template with the one \"pgmig init\" writes.");
	}
	if (parsed.rev.id != id || parsed.rev.parents != parents)
		throw pgm::MigError(pgm::sqlstate::kInvalidRevisionFile,
		                    "template \"" + DisplayPath(template_path) +
		                        "\" does not produce a valid revision file: its revision id or parents differ",
		                    "", "The template must use ${revision} and ${down_revision} in its header.");
	std::vector<pgm::Revision> revs = folder.graph.Revisions();
	revs.push_back(parsed.rev);
	pgm::RevisionGraph::Build(std::move(revs));

	GenerateFile(file, text);
	return id;
}

void
GenerateFile(const fs::path &file, const std::string &text) {
	WriteNewFile(file, text);
	std::cout << "Generating " << pgm::TerminalText(DisplayPath(file), pgm::TerminalLines::kEscape) << " ...  done"
	          << std::endl;
}

void
CreateDirectory(const fs::path &dir) {
	std::error_code ec;
	fs::create_directories(dir, ec);
	if (ec)
		throw pgm::MigError(sqlstate::kIoError,
		                    "could not create directory \"" + DisplayPath(dir) + "\": " + ec.message());
	std::cout << "Creating directory " << DisplayPath(dir) << " ...  done" << std::endl;
}

void
CreateScriptFolder(const fs::path &scripts) {
	std::error_code ec;
	if (!fs::exists(scripts, ec))
		CreateDirectory(scripts);
	CreateDirectory(scripts / kVersionsDir);
	if (!fs::exists(scripts / kTemplateFile, ec))
		GenerateFile(scripts / kTemplateFile, DefaultTemplate());
}

CLI::Option *
AddMessageOption(CLI::App *sub, std::string &message) {
	return sub->add_option("-m,--message", message, "Message of the revision; also makes the file name's slug")
	    ->required()
	    ->type_name("MSG");
}

CLI::Option *
AddRevIdOption(CLI::App *sub, std::string &rev_id) {
	return sub
	    ->add_option("--rev-id", rev_id,
	                 "Revision id to use instead of a random 12-hex-digit one (letters, digits, underscores)")
	    ->type_name("ID");
}

CLI::Option *
AddBranchLabelOption(CLI::App *sub, std::vector<std::string> &branch_labels) {
	return sub->add_option("--branch-label", branch_labels, "Branch label of the new revision (repeatable)")
	    ->allow_extra_args(false)
	    ->type_name("LABEL");
}

} // namespace pgmig
