/*
 * render.cpp: the revision graph as Graphviz DOT or Mermaid, and the offline SQL script of a
 * plan (`pgmig upgrade --sql`, `pgmig downgrade --sql`).
 *
 * Everything user-supplied (messages, branch labels, checksums, the generator text) is
 * escaped for where it goes: DOT and Mermaid strings, SQL literals, "--" comments.  Loops over
 * all revisions or steps call CheckInterrupts() through an InterruptTicker.
 */
#include "core/offline_script.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace pgm {

namespace {

/* Messages in graph labels are cut at this many characters. */
constexpr std::size_t kLabelMessageChars = 40;

/* OneLine: s with each CR and LF replaced by a space and runs of blanks collapsed; trimmed. */
std::string
OneLine(std::string_view s) {
	std::string out;
	bool blank = false;
	for (char c : s) {
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			blank = !out.empty();
			continue;
		}
		if (blank) {
			out += ' ';
			blank = false;
		}
		out += c;
	}
	return out;
}

/* CommentText: s made safe for a "--" SQL comment: valid UTF-8, CR and LF replaced by spaces. */
std::string
CommentText(std::string_view s) {
	std::string out = MessageText(s, std::numeric_limits<std::size_t>::max());
	std::replace(out.begin(), out.end(), '\n', ' ');
	std::replace(out.begin(), out.end(), '\r', ' ');
	return out;
}

/* ---- Graph ---- */

struct NodeKind {
	bool root = false;
	bool head = false;
	bool branch_point = false;
	bool merge_point = false;
	bool current = false;
};

NodeKind
KindOf(const RevisionGraph &graph, const Revision &rev, const std::set<std::string> &current_heads) {
	NodeKind k;
	k.root = rev.parents.empty();
	k.head = graph.Children(rev.id).empty();
	k.branch_point = graph.IsBranchPoint(rev.id);
	k.merge_point = graph.IsMergePoint(rev.id);
	k.current = current_heads.count(rev.id) > 0;
	return k;
}

/* LabelLines: the lines of a node's label, unescaped: id [(current)], (labels), message. */
std::vector<std::string>
LabelLines(const Revision &rev, const NodeKind &kind) {
	std::vector<std::string> lines;
	lines.push_back(rev.id + (kind.current ? " (current)" : ""));
	if (!rev.branch_labels.empty()) {
		lines.push_back("(" + OneLine(MessageText(JoinComma(rev.branch_labels), kLabelMessageChars)) + ")");
	}
	std::string message = OneLine(MessageText(OneLine(rev.message), kLabelMessageChars));
	if (!message.empty()) {
		lines.push_back(message);
	}
	return lines;
}

/* DotString: s as a DOT double-quoted string (lines joined with DOT's "\n"). */
std::string
DotString(const std::vector<std::string> &lines) {
	std::string out = "\"";
	for (std::size_t i = 0; i < lines.size(); i++) {
		if (i > 0) {
			out += "\\n";
		}
		for (char c : lines[i]) {
			if (c == '"' || c == '\\') {
				out += '\\';
				out += c;
			} else if (c == '\n' || c == '\r') {
				out += ' ';
			} else {
				out += c;
			}
		}
	}
	return out + "\"";
}

std::string
DotId(const std::string &id) {
	return DotString({id});
}

/* MermaidText: s for a Mermaid quoted label: entity codes for the characters Mermaid reads. */
std::string
MermaidText(const std::vector<std::string> &lines) {
	std::string out;
	for (std::size_t i = 0; i < lines.size(); i++) {
		if (i > 0) {
			out += "<br/>";
		}
		for (char c : lines[i]) {
			switch (c) {
				case '"':
					out += "#quot;";
					break;
				case '#':
					out += "#35;";
					break;
				case '<':
					out += "#lt;";
					break;
				case '>':
					out += "#gt;";
					break;
				case '\n':
				case '\r':
					out += ' ';
					break;
				default:
					out += c;
			}
		}
	}
	return out;
}

std::string
MermaidId(const std::string &id) {
	return "r_" + id;
}

std::string
RenderDot(const RevisionGraph &graph, const std::set<std::string> &current_heads) {
	std::string out;
	out += "digraph pg_migrate {\n";
	out += "\trankdir=BT;\n";
	out += "\tnode [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
	out += "\tedge [arrowsize=0.7];\n";
	InterruptTicker ticks;
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		NodeKind kind = KindOf(graph, rev, current_heads);
		std::string attrs = "label=" + DotString(LabelLines(rev, kind));
		if (kind.branch_point && kind.merge_point) {
			attrs += ", shape=hexagon, color=purple";
		} else if (kind.branch_point) {
			attrs += ", shape=invtrapezium, color=darkorange";
		} else if (kind.merge_point) {
			attrs += ", shape=trapezium, color=royalblue";
		}
		if (kind.root) {
			attrs += ", penwidth=2";
		}
		if (kind.head) {
			attrs += ", peripheries=2";
		}
		if (kind.current) {
			attrs += ", style=\"rounded,filled\", fillcolor=palegreen";
		}
		out += "\t" + DotId(rev.id) + " [" + attrs + "];\n";
	}
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		for (const std::string &parent : rev.parents) {
			out += "\t" + DotId(parent) + " -> " + DotId(rev.id) + ";\n";
		}
		for (const std::string &dep : graph.ResolvedDependencies(rev.id)) {
			out += "\t" + DotId(dep) + " -> " + DotId(rev.id) + " [style=dashed];\n";
		}
	}
	/* Legend node ids contain ':', which no revision id does. */
	out += "\tsubgraph cluster_legend {\n";
	out += "\t\tlabel=\"Legend\";\n";
	out += "\t\tfontname=\"Helvetica\";\n";
	out += "\t\tnode [fontsize=9];\n";
	out += "\t\t\"legend:root\" [label=\"root (no parent)\", penwidth=2];\n";
	out += "\t\t\"legend:revision\" [label=\"revision\"];\n";
	out += "\t\t\"legend:branchpoint\" [label=\"branch point\", shape=invtrapezium, color=darkorange];\n";
	out += "\t\t\"legend:mergepoint\" [label=\"merge point\", shape=trapezium, color=royalblue];\n";
	out += "\t\t\"legend:head\" [label=\"head\", peripheries=2];\n";
	out += "\t\t\"legend:current\" [label=\"(current)\\nversion row\", style=\"rounded,filled\", "
	       "fillcolor=palegreen];\n";
	out += "\t\t\"legend:root\" -> \"legend:revision\" [label=\"parent -> child\", fontsize=9];\n";
	out += "\t\t\"legend:branchpoint\" -> \"legend:mergepoint\" [style=dashed, label=\"dependency -> dependent\", "
	       "fontsize=9];\n";
	out += "\t\t\"legend:head\" -> \"legend:current\" [style=invis];\n";
	out += "\t}\n";
	out += "}\n";
	return out;
}

std::string
RenderMermaid(const RevisionGraph &graph, const std::set<std::string> &current_heads) {
	std::string out;
	out += "flowchart BT\n";
	std::vector<std::string> current, heads, branch_points, merge_points;
	InterruptTicker ticks;
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		NodeKind kind = KindOf(graph, rev, current_heads);
		std::string id = MermaidId(rev.id);
		out += "    " + id + "[\"" + MermaidText(LabelLines(rev, kind)) + "\"]\n";
		if (kind.current) {
			current.push_back(id);
		}
		if (kind.head) {
			heads.push_back(id);
		}
		if (kind.branch_point) {
			branch_points.push_back(id);
		}
		if (kind.merge_point) {
			merge_points.push_back(id);
		}
	}
	for (const Revision &rev : graph.Revisions()) {
		ticks.Tick();
		for (const std::string &parent : rev.parents) {
			out += "    " + MermaidId(parent) + " --> " + MermaidId(rev.id) + "\n";
		}
		for (const std::string &dep : graph.ResolvedDependencies(rev.id)) {
			out += "    " + MermaidId(dep) + " -.-> " + MermaidId(rev.id) + "\n";
		}
	}
	/* Legend node ids start with "legend_", revision node ids with "r_". */
	out += "    subgraph legend [\"Legend\"]\n";
	out += "        legend_parent[\"parent\"] --> legend_child[\"child\"]\n";
	out += "        legend_dependency[\"dependency\"] -.-> legend_dependent[\"dependent\"]\n";
	out += "        legend_branchpoint[\"branch point\"]\n";
	out += "        legend_mergepoint[\"merge point\"]\n";
	out += "        legend_head[\"head\"]\n";
	out += "        legend_current[\"(current)<br/>version row\"]\n";
	out += "    end\n";
	out += "    classDef current fill:#c8f7c5,stroke:#2e7d32,color:#000\n";
	out += "    classDef head stroke-width:3px\n";
	out += "    classDef branchpoint stroke:#d97706\n";
	out += "    classDef mergepoint stroke:#2563eb\n";
	auto emit_class = [&out](std::vector<std::string> ids, const char *legend, const char *cls) {
		ids.push_back(legend);
		std::string joined;
		for (const std::string &id : ids) {
			joined += (joined.empty() ? "" : ",") + id;
		}
		out += "    class " + joined + " " + cls + "\n";
	};
	emit_class(std::move(branch_points), "legend_branchpoint", "branchpoint");
	emit_class(std::move(merge_points), "legend_mergepoint", "mergepoint");
	emit_class(std::move(heads), "legend_head", "head");
	emit_class(std::move(current), "legend_current", "current");
	return out;
}

} // namespace

std::string
RenderGraph(const RevisionGraph &graph, const std::set<std::string> &current_heads, GraphFormat format) {
	return format == GraphFormat::kDot ? RenderDot(graph, current_heads) : RenderMermaid(graph, current_heads);
}

/* ---- Offline range ---- */

OfflineRange
ResolveOfflineRange(const RevisionGraph &graph, Direction direction, std::string_view range) {
	const std::string safe = MessageText(range, std::numeric_limits<std::size_t>::max());
	const std::string hint = direction == Direction::kUpgrade
	                             ? "Use TARGET (from base) or START:TARGET, e.g. \"base:head\"."
	                             : "Use START:TARGET, e.g. \"head:base\".";
	std::size_t colon = safe.find(':');
	if (colon == std::string::npos) {
		if (direction == Direction::kDowngrade) {
			throw MigError(sqlstate::kInvalidParameterValue, "downgrade with --sql requires <fromrev>:<torev>",
			               "An offline script cannot read the database's current revisions, so it must name them.",
			               hint);
		}
		if (safe.empty()) {
			throw MigError(sqlstate::kInvalidParameterValue, "revision range must not be empty", "", hint);
		}
		return OfflineRange{{}, safe};
	}
	std::string start = safe.substr(0, colon);
	std::string target = safe.substr(colon + 1);
	if (start.empty() || target.empty() || target.find(':') != std::string::npos) {
		throw MigError(sqlstate::kInvalidParameterValue, "invalid revision range " + QuoteName(safe),
		               "A range is START:TARGET with one colon and both sides given.", hint);
	}
	OfflineRange out;
	out.target = std::move(target);
	if (start == "heads") {
		out.start_heads = graph.RealHeads();
	} else if (start != "base") {
		out.start_heads.push_back(ResolveRevision(graph, start));
	}
	return out;
}

/* ---- Offline script ---- */

namespace {

/* SqlLiteral: s as a standard SQL string literal (quotes doubled; standard_conforming_strings). */
std::string
SqlLiteral(std::string_view s) {
	std::string out = "'";
	for (char c : s) {
		out += c;
		if (c == '\'') {
			out += '\'';
		}
	}
	return out + "'";
}

std::string
LiteralList(const std::set<std::string> &ids) {
	std::string out;
	for (const std::string &id : ids) {
		out += (out.empty() ? "" : ", ") + SqlLiteral(id);
	}
	return out;
}

std::string
Listed(const std::set<std::string> &ids) {
	return ids.empty() ? "(none)" : JoinComma(std::vector<std::string>(ids.begin(), ids.end()));
}

/* VersionDml: the statements that turn the version rows `before` into `after`. */
std::string
VersionDml(const std::set<std::string> &before, const std::set<std::string> &after) {
	std::set<std::string> removed, added;
	std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
	                    std::inserter(removed, removed.end()));
	std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::inserter(added, added.end()));
	std::string out;
	if (!removed.empty()) {
		out += std::string("DELETE FROM ") + kCatalogSchema + ".version WHERE revision IN (" + LiteralList(removed) +
		       ");\n";
	}
	if (!added.empty()) {
		std::string values;
		for (const std::string &id : added) {
			values += (values.empty() ? "(" : ", (") + SqlLiteral(id) + ")";
		}
		out += std::string("INSERT INTO ") + kCatalogSchema + ".version (revision) VALUES " + values + ";\n";
	}
	return out;
}

/* StepSql: the step's SQL without surrounding blank lines, ending in ";" (on its own line after a comment). */
std::string
StepSql(const std::string &sql) {
	std::size_t begin = sql.find_first_not_of(" \t\r\n");
	if (begin == std::string::npos) {
		return "";
	}
	std::size_t end = sql.find_last_not_of(" \t\r\n") + 1;
	std::string body = sql.substr(begin, end - begin);
	if (body.back() == ';') {
		return body + "\n";
	}
	std::size_t line_start = body.find_last_of("\r\n");
	line_start = line_start == std::string::npos ? 0 : line_start + 1;
	bool ends_in_comment = body.find("--", line_start) != std::string::npos;
	return body + (ends_in_comment ? "\n;\n" : ";\n");
}

/* DollarQuoted: body between dollar quotes whose tag does not occur in it. */
std::string
DollarQuoted(const std::string &body) {
	std::string tag = "$pgmig_guard$";
	for (int n = 1; body.find(tag) != std::string::npos; n++) {
		tag = "$pgmig_guard_" + std::to_string(n) + "$";
	}
	return tag + "\n" + body + tag;
}

std::string
GuardBlock(const std::set<std::string> &start, const std::vector<std::pair<std::string, std::string>> &checked) {
	const std::string schema = kCatalogSchema;
	std::string start_array = start.empty() ? "ARRAY[]::text[]" : "ARRAY[" + LiteralList(start) + "]::text[]";
	std::string body;
	body += "DECLARE\n";
	body += "\tversion_rows text[];\n";
	body += "\tnot_uploaded text;\n";
	body += "BEGIN\n";
	body += "\tSELECT coalesce(pg_catalog.array_agg(revision ORDER BY revision), '{}') INTO version_rows FROM " +
	        schema + ".version;\n";
	body += "\tIF version_rows IS DISTINCT FROM " + start_array + " THEN\n";
	body += "\t\tRAISE EXCEPTION USING ERRCODE = '55000',\n";
	body += "\t\t\tMESSAGE = 'the database is not at the start of this script',\n";
	body += "\t\t\tDETAIL = pg_catalog.concat('The version rows are ', coalesce(nullif("
	        "pg_catalog.array_to_string(version_rows, ', '), ''), '(none)'), " +
	        SqlLiteral("; this script starts from " + Listed(start) + ".") + "),\n";
	body += "\t\t\tHINT = 'Check pgmig current, and generate the script from the current revisions.';\n";
	body += "\tEND IF;\n";
	if (!checked.empty()) {
		std::string values;
		InterruptTicker ticks;
		for (std::size_t i = 0; i < checked.size(); i++) {
			ticks.Tick();
			values += std::string(i == 0 ? "" : ",\n\t\t") + "(" + std::to_string(i + 1) + ", " +
			          SqlLiteral(checked[i].first) + ", " + SqlLiteral(checked[i].second) + ")";
		}
		body += "\tSELECT pg_catalog.string_agg(s.id, ', ' ORDER BY s.ord) INTO not_uploaded\n";
		body += "\tFROM (VALUES " + values + ") AS s (ord, id, checksum)\n";
		body += "\tWHERE NOT EXISTS (SELECT FROM " + schema +
		        ".revision AS r WHERE r.id = s.id AND r.checksum = s.checksum);\n";
		body += "\tIF not_uploaded IS NOT NULL THEN\n";
		body += "\t\tRAISE EXCEPTION USING ERRCODE = '55000',\n";
		body += "\t\t\tMESSAGE = 'the revisions of this script are not uploaded',\n";
		body += "\t\t\tDETAIL = 'Not uploaded, or uploaded with another checksum: ' || not_uploaded || '.',\n";
		body += "\t\t\tHINT = 'Upload the revision files with pgmig upload, and check pgmig current.';\n";
		body += "\tEND IF;\n";
	}
	body += "END\n";
	return "DO " + DollarQuoted(body) + ";\n";
}

} // namespace

std::string
RenderOfflineScript(const RevisionGraph &graph, const Plan &plan, const std::vector<std::string> &start_heads,
                    const std::map<std::string, OfflineStepSource> &sources, std::string_view generator) {
	for (const std::string &id : start_heads) {
		if (graph.Find(id) == nullptr) {
			throw MigError(sqlstate::kUndefinedObject,
			               "can't locate revision identified by '" + MessageText(id, kMaxQuotedNameChars) + "'",
			               "The script's start names a revision that is not in the revision files.", "");
		}
	}
	const std::set<std::string> start(start_heads.begin(), start_heads.end());
	const char *direction = DirectionName(plan.direction);

	/* Check every step first: nothing is rendered for a plan that cannot run. */
	std::vector<std::pair<std::string, std::string>> checked; // id, checksum
	InterruptTicker ticks;
	for (const Step &step : plan.steps) {
		ticks.Tick();
		const Revision *rev = graph.Find(step.revision);
		auto source = sources.find(step.revision);
		if (rev == nullptr || source == sources.end()) {
			throw MigError(sqlstate::kUndefinedObject,
			               "can't locate revision identified by '" + MessageText(step.revision, kMaxQuotedNameChars) +
			                   "'",
			               "The plan names a revision whose file was not loaded.", "");
		}
		if (step.direction == Direction::kDowngrade && !source->second.sql) {
			std::string where =
			    rev->source.empty() ? "Revision " + QuoteText(rev->id) : "Revision file " + QuoteText(rev->source);
			throw MigError(sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision " + QuoteText(rev->id) + " because it is irreversible",
			               where + " has no \"-- migrate:downgrade\" section.",
			               "Downgrade to " + QuoteText(rev->id) +
			                   " or a later revision, or add a \"-- migrate:downgrade\" section to the revision file.");
		}
		if (step.direction == Direction::kUpgrade && !source->second.sql) {
			throw MigError(sqlstate::kInternalError, "no upgrade SQL for revision " + QuoteText(rev->id));
		}
		if (!rev->transactional) {
			// The script is one transaction block, like migrate_upgrade: refuse as it does.
			throw MigError(sqlstate::kActiveSqlTransaction,
			               "revision " + QuoteText(rev->id) + " cannot run inside a transaction block",
			               "The revision declares \"Transactional: false\", and the offline script runs every step "
			               "between one BEGIN and COMMIT.",
			               "This release cannot apply non-transactional revisions: run that SQL by hand outside a "
			               "transaction block and remove it from the revision.");
		}
		checked.emplace_back(step.revision, source->second.checksum);
	}

	std::string out;
	out += "-- pg_migrate offline " + std::string(direction) + " script, generated by " +
	       (generator.empty() ? std::string("pg_migrate") : CommentText(generator)) + "\n";
	out += "--\n";
	out += "-- From: " + (start.empty() ? std::string("base") : CommentText(Listed(start))) + "\n";
	out += "-- To:   " + (plan.heads_after.empty() ? std::string("base") : CommentText(JoinComma(plan.heads_after))) +
	       "\n";
	out += "-- Steps: " + std::to_string(plan.steps.size()) + "\n";
	out += "--\n";
	out += "-- Review it, then run it as it is, e.g. psql -v ON_ERROR_STOP=1 -f FILE.  It takes the migration\n";
	out += "-- lock and fails without changing anything unless pg_migrate.version holds exactly the \"From\"\n";
	out += "-- revisions and the revisions it runs are uploaded with the checksums it was generated from.\n";
	out += "\n";
	out += "BEGIN;\n";
	out += "\n";
	out += "SELECT pg_catalog.pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ");\n";
	out += "\n";
	out += GuardBlock(start, checked);

	std::set<std::string> applied = graph.AppliedSet(start_heads);
	std::set<std::string> rows = start;
	for (std::size_t i = 0; i < plan.steps.size(); i++) {
		ticks.Tick();
		const Step &step = plan.steps[i];
		const Revision *rev = graph.Find(step.revision);
		out += "\n-- " + CommentText(DescribeStep(graph, step)) + "\n";
		std::string sql = StepSql(*sources.at(step.revision).sql);
		if (!sql.empty()) {
			out += "\n" + sql;
		}
		if (step.direction == Direction::kUpgrade) {
			applied.insert(step.revision);
		} else {
			applied.erase(step.revision);
		}
		std::set<std::string> after = rows;
		std::vector<std::string> affected = rev->parents;
		const std::vector<std::string> &deps = graph.ResolvedDependencies(step.revision);
		affected.insert(affected.end(), deps.begin(), deps.end());
		affected.push_back(step.revision);
		for (const std::string &id : affected) {
			if (graph.IsTipOf(id, applied, true)) {
				after.insert(id);
			} else {
				after.erase(id);
			}
		}
		out += "\n" + VersionDml(rows, after);
		rows = std::move(after);
		out += std::string("INSERT INTO ") + kCatalogSchema +
		       ".log (revision, direction, started_at, duration, role, session_role, application_name, "
		       "client_addr, checksum, outcome)\n";
		out += "VALUES (" + SqlLiteral(step.revision) + ", " + SqlLiteral(direction) +
		       ", pg_catalog.clock_timestamp(), interval '0', CURRENT_USER, SESSION_USER, "
		       "pg_catalog.current_setting('application_name'), pg_catalog.inet_client_addr(), " +
		       SqlLiteral(checked[i].second) + ", 'applied');\n";
	}
	/* The online run leaves exactly heads_after; only non-minimal start rows can still differ. */
	std::set<std::string> final_rows(plan.heads_after.begin(), plan.heads_after.end());
	if (final_rows != rows) {
		out += "\n-- The version rows the planner leaves\n" + VersionDml(rows, final_rows);
	}
	out += "\nCOMMIT;\n";
	return out;
}

} // namespace pgm
