/*
 * alembic_import.cpp: the exporter's JSON, the header cross-check and the revision files of
 * "pgmig import alembic" (alembic_import.hpp).
 */
#include "client/common/alembic_import.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/python_literal.hpp"
#include "core/revision_file.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace pgmig {

namespace {

std::vector<std::string>
Strings(const nlohmann::json &v) {
	std::vector<std::string> out;
	if (v.is_null())
		return out;
	for (const nlohmann::json &item : v)
		out.push_back(item.get<std::string>());
	return out;
}

AlembicSection
Section(const nlohmann::json &v) {
	AlembicSection s;
	s.sql = v.at("sql").get<std::string>();
	if (!v.at("error").is_null())
		s.error = v.at("error").get<std::string>();
	s.reads = Strings(v.at("reads"));
	s.autocommit = v.at("autocommit").get<bool>();
	if (v.contains("trivial") && !v.at("trivial").is_null())
		s.trivial = v.at("trivial").get<bool>();
	return s;
}

/* Lines: text split on "\n" (no trailing empty line for a final newline). */
std::vector<std::string>
Lines(const std::string &text) {
	std::vector<std::string> out;
	std::size_t start = 0;
	while (start < text.size()) {
		std::size_t nl = text.find('\n', start);
		if (nl == std::string::npos) {
			out.push_back(text.substr(start));
			break;
		}
		out.push_back(text.substr(start, nl - start));
		start = nl + 1;
	}
	return out;
}

/* TrimSql: Alembic's output without the blank lines around it. */
std::string
TrimSql(const std::string &sql) {
	std::size_t b = sql.find_first_not_of(" \t\r\n");
	if (b == std::string::npos)
		return "";
	std::size_t e = sql.find_last_not_of(" \t\r\n");
	return sql.substr(b, e - b + 1);
}

/* DollarQuoted: text as a dollar-quoted string literal whose tag does not occur in it. */
std::string
DollarQuoted(const std::string &text) {
	std::string tag = "$pgmig$";
	for (int n = 1; text.find(tag) != std::string::npos; n++)
		tag = "$pgmig" + std::to_string(n) + "$";
	return tag + text + tag;
}

/* SqlString: text as a standard SQL string literal. */
std::string
SqlString(const std::string &text) {
	std::string out = "'";
	for (char c : text) {
		if (c == '\'')
			out.push_back('\'');
		out.push_back(c);
	}
	return out + "'";
}

std::string
RenderSection(const AlembicRevision &rev, const AlembicSection &s, const char *name, const std::string &file_display,
              const std::string &source_display) {
	std::string sql = TrimSql(s.sql);
	if (!s.NeedsManualEdit())
		return sql.empty() ? "" : sql + "\n";
	std::string out;
	std::string fn = std::string(name) + "()";
	out += "-- WARNING: this section was not converted from Alembic: " + fn + " of " + source_display +
	       " cannot run in Alembic's offline mode.\n";
	if (!s.error.empty())
		out += "-- WARNING: " + fn + " raised " + s.error + "\n";
	for (const std::string &read : s.reads)
		out += "-- WARNING: " + fn + " reads data through op.get_bind(): " + read + "\n";
	out += "-- WARNING: write this section's SQL by hand, then delete these WARNING lines and the DO block "
	       "below, which fails on purpose (SQLSTATE " +
	       std::string(kManualRevisionSqlstate) + ").\n";
	if (!sql.empty()) {
		out += "-- WARNING: the SQL Alembic wrote before it stopped, for reference:\n";
		for (const std::string &line : Lines(sql))
			out += line.empty() ? "--\n" : "-- " + line + "\n";
	}
	std::string message =
	    "revision " + rev.id + " was imported from Alembic and its " + name + " must be written by hand";
	std::string hint = "Edit the " + std::string(name) + " section of " + file_display +
	                   " (see its WARNING lines), then run the command again.";
	out += "DO " +
	       DollarQuoted("\nBEGIN\n\tRAISE EXCEPTION USING ERRCODE = '" + std::string(kManualRevisionSqlstate) +
	                    "',\n\t\tMESSAGE = " + SqlString(message) + ",\n\t\tHINT = " + SqlString(hint) + ";\nEND\n") +
	       ";\n";
	return out;
}

} // namespace

AlembicExport
ParseAlembicExport(std::string_view json) {
	try {
		nlohmann::json doc = nlohmann::json::parse(json);
		AlembicExport out;
		out.alembic_version = doc.at("alembic_version").get<std::string>();
		out.env_offline = doc.at("env_offline").get<bool>();
		if (!doc.at("env_error").is_null())
			out.env_error = doc.at("env_error").get<std::string>();
		out.version_table = doc.at("version_table").get<std::string>();
		if (!doc.at("version_table_schema").is_null())
			out.version_table_schema = doc.at("version_table_schema").get<std::string>();
		out.run_migrations_calls = doc.value("run_migrations_calls", 0);
		out.own_output_buffer = doc.value("own_output_buffer", false);
		for (const nlohmann::json &r : doc.at("revisions")) {
			AlembicRevision rev;
			rev.id = r.at("revision").get<std::string>();
			rev.parents = Strings(r.at("down_revision"));
			rev.branch_labels = Strings(r.at("branch_labels"));
			rev.depends_on = Strings(r.at("depends_on"));
			rev.doc = r.at("doc").get<std::string>();
			rev.path = r.at("path").get<std::string>();
			rev.upgrade = Section(r.at("upgrade"));
			rev.downgrade = Section(r.at("downgrade"));
			out.revisions.push_back(std::move(rev));
		}
		return out;
	} catch (const nlohmann::json::exception &e) {
		throw pgm::MigError(pgm::sqlstate::kInternalError, "could not read the output of the Alembic exporter",
		                    std::string("The JSON it wrote is malformed: ") + e.what() + ".");
	}
}

void
CheckAgainstPythonHeader(AlembicRevision &rev, std::string_view source, const std::string &display) {
	pgm::AlembicRevisionHeader h = pgm::ReadAlembicRevisionHeader(display, source);
	auto differ = [&](const char *what, const std::string &ours, const std::string &alembic) {
		if (ours != alembic)
			throw pgm::MigError(pgm::sqlstate::kInternalError,
			                    "Alembic and pgmig read revision file " + pgm::QuoteName(display) + " differently",
			                    std::string("pgmig read ") + what + " " + pgm::QuoteText(ours) + ", Alembic " +
			                        pgm::QuoteText(alembic) + ".",
			                    "The file's header is assigned in a way the literal reader does not follow; assign "
			                    "revision, down_revision, branch_labels and depends_on once each at the top level.");
	};
	differ("revision", h.revision, rev.id);
	differ("down_revision", pgm::JoinComma(h.down_revisions), pgm::JoinComma(rev.parents));
	differ("branch_labels", pgm::JoinComma(h.branch_labels), pgm::JoinComma(rev.branch_labels));
	differ("depends_on", pgm::JoinComma(h.depends_on), pgm::JoinComma(rev.depends_on));
	differ("the message", h.doc, rev.doc);
	rev.create_date = h.create_date;
	rev.branch_labels_line = h.branch_labels_line;
	rev.depends_on_line = h.depends_on_line;
}

void
CheckImportableNames(const AlembicRevision &rev, const std::string &display) {
	for (const std::string &label : rev.branch_labels)
		if (!pgm::IsValidRevisionId(label))
			throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue,
			                    "cannot import Alembic branch label " + pgm::QuoteText(label) + " of " +
			                        pgm::QuoteName(display),
			                    "It is assigned to branch_labels on line " + std::to_string(rev.branch_labels_line) +
			                        "; pg_migrate branch labels are 1 to 64 letters, digits and underscores (\"-\" "
			                        "and \".\" would be read as parts of a revision expression).",
			                    "Rename the branch label in Alembic first (in branch_labels, and in every depends_on "
			                    "that names it), then import again.");
	for (const std::string &dep : rev.depends_on)
		if (!pgm::IsValidRevisionId(dep))
			throw pgm::MigError(pgm::sqlstate::kInvalidParameterValue,
			                    "cannot import Alembic dependency " + pgm::QuoteText(dep) + " of " +
			                        pgm::QuoteName(display),
			                    "It is assigned to depends_on on line " + std::to_string(rev.depends_on_line) +
			                        "; pg_migrate revision ids and branch labels are 1 to 64 letters, digits and "
			                        "underscores.",
			                    "Rename the revision or branch label it names in Alembic first, then import again.");
}

bool
WroteNothingSuspiciously(const AlembicRevision &rev) {
	for (const AlembicSection *s : {&rev.upgrade, &rev.downgrade})
		if (!TrimSql(s->sql).empty() || s->NeedsManualEdit())
			return false;
	return rev.upgrade.trivial == false || rev.downgrade.trivial == false;
}

std::string
ImportedFileName(const std::string &python_path) {
	return std::filesystem::path(python_path).stem().string() + ".sql";
}

std::string
RenderImportedRevision(const AlembicRevision &rev, const std::string &file_display, const std::string &source_display) {
	std::string out;
	for (const std::string &line : Lines(rev.doc))
		out += "-- " + line + "\n";
	if (!rev.doc.empty())
		out += "--\n";
	out += "-- Revision ID: " + rev.id + "\n";
	out += "-- Revises: " + pgm::JoinComma(rev.parents) + "\n";
	if (!rev.create_date.empty())
		out += "-- Create Date: " + rev.create_date + "\n";
	if (!rev.branch_labels.empty())
		out += "-- Branch Labels: " + pgm::JoinComma(rev.branch_labels) + "\n";
	if (!rev.depends_on.empty())
		out += "-- Depends On: " + pgm::JoinComma(rev.depends_on) + "\n";
	if (rev.upgrade.autocommit || rev.downgrade.autocommit)
		out += "-- Transactional: false\n";
	// Trailing blanks of "-- " lines (an empty message line) are dropped.
	std::string header;
	for (const std::string &line : Lines(out)) {
		std::size_t e = line.find_last_not_of(' ');
		header += line.substr(0, e + 1) + "\n";
	}
	std::string upgrade = RenderSection(rev, rev.upgrade, "upgrade", file_display, source_display);
	std::string downgrade = RenderSection(rev, rev.downgrade, "downgrade", file_display, source_display);
	return header + "\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\n" + downgrade;
}

std::string
AdoptReason(const std::string &schema, const std::string &table) {
	if (schema == "public" && table == "alembic_version")
		return "adopted from alembic_version";
	return "adopted from " + schema + "." + table;
}

} // namespace pgmig
