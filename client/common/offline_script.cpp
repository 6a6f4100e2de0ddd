/*
 * offline_script.cpp: the offline SQL script of a plan (`pgmig upgrade --sql`, `pgmig
 * downgrade --sql`) and the range it is generated for (offline_script.hpp).
 *
 * Everything user-supplied (messages, branch labels, checksums, the generator text) is
 * escaped for where it goes: SQL literals, "--" comments.  Loops over all steps call
 * CheckInterrupts() through an InterruptTicker.
 */
#include "client/common/offline_script.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"
#include "core/sql_text.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <set>
#include <utility>

namespace pgmig {

using namespace pgm;

namespace {

/* CommentText: s made safe for a "--" SQL comment: valid UTF-8, CR and LF replaced by spaces. */
std::string
CommentText(std::string_view s) {
	std::string out = MessageText(s, std::numeric_limits<std::size_t>::max());
	std::replace(out.begin(), out.end(), '\n', ' ');
	std::replace(out.begin(), out.end(), '\r', ' ');
	return out;
}

} // namespace

/*
 * Alembic's --sql ranges: without a colon an upgrade starts from base and a downgrade is refused,
 * since a script cannot read the database it will run against.  START is resolved here; TARGET
 * is left to the planner.
 */
OfflineRange
ResolveOfflineRange(const RevisionGraph &graph, Direction direction, std::string_view range) {
	const std::string safe = MessageText(range, std::numeric_limits<std::size_t>::max());
	const std::string hint = direction == Direction::kUpgrade
	                             ? "Use TARGET (from base) or START:TARGET, e.g. \"base:head\"."
	                             : "Use START:TARGET, e.g. \"head:base\".";
	std::size_t colon = safe.find(':');
	if (colon == std::string::npos) {
		if (direction == Direction::kDowngrade) {
			throw MigError(pgm::sqlstate::kInvalidParameterValue, "downgrade with --sql requires <fromrev>:<torev>",
			               "An offline script cannot read the database's current revisions, so it must name them.",
			               hint);
		}
		if (safe.empty()) {
			throw MigError(pgm::sqlstate::kInvalidParameterValue, "revision range must not be empty", "", hint);
		}
		return OfflineRange{{}, safe};
	}
	std::string start = safe.substr(0, colon);
	std::string target = safe.substr(colon + 1);
	if (start.empty() || target.empty() || target.find(':') != std::string::npos) {
		throw MigError(pgm::sqlstate::kInvalidParameterValue, "invalid revision range " + QuoteName(safe),
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

namespace {

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

/*
 * GuardBlock: the DO block that makes the script refuse (55000) to run against any other state
 * than the one it was generated for: unless the version rows are exactly start, and unless every
 * revision it runs is uploaded with the checksum it was generated from.
 */
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
	body += "\tIF pg_catalog.to_regprocedure(" + SqlLiteral(std::string(kWriteLogProcedure)) + ") IS NULL THEN\n";
	body += "\t\tRAISE EXCEPTION USING ERRCODE = '55000',\n";
	body += "\t\t\tMESSAGE = 'the pg_migrate extension of this database is older than this script',\n";
	body +=
	    "\t\t\tDETAIL = 'The script records its steps with " + schema + ".write_log, which pg_migrate 0.2.0 added.',\n";
	body += "\t\t\tHINT = 'Run ALTER EXTENSION pg_migrate UPDATE, then run the script again.';\n";
	body += "\tEND IF;\n";
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

/*
 * LockSettings: the lock safety settings of an online run, for every statement of the script
 * (docs/maintenance.md): lock_timeout from pg_migrate.lock_timeout (its default, 5s, when the
 * library is not loaded and no role or database sets it; -1 keeps the session's) and
 * statement_timeout from pg_migrate.statement_timeout (0 keeps the session's).  Session-wide
 * (set_config(..., false)), so they also cover the autocommit statements of non-transactional
 * revisions; a rollback of the first transaction undoes them.
 */
std::string
LockSettings() {
	return "\n-- Lock safety: lock_timeout and statement_timeout from pg_migrate.lock_timeout (default 5s)\n"
	       "-- and pg_migrate.statement_timeout, as an online run uses them.\n"
	       "SELECT pg_catalog.set_config('lock_timeout', s.value, false)\n"
	       "FROM (SELECT coalesce(pg_catalog.current_setting('pg_migrate.lock_timeout', true), '5s') AS value) AS s\n"
	       "WHERE s.value <> '-1';\n"
	       "SELECT pg_catalog.set_config('statement_timeout', s.value, false)\n"
	       "FROM (SELECT coalesce(pg_catalog.current_setting('pg_migrate.statement_timeout', true), '0') AS value) AS "
	       "s\n"
	       "WHERE s.value NOT IN ('0', '-1');\n";
}

} // namespace

/*
 * Every step is checked before anything is written, so a plan that cannot run yields no script.
 * Then the header, the lock, the guard, and per step its SQL and the bookkeeping the online run
 * does, the version rows tracked step by step as the extension updates them.
 */
std::string
RenderOfflineScript(const RevisionGraph &graph, const Plan &plan, const std::vector<std::string> &start_heads,
                    const std::map<std::string, OfflineStepSource> &sources, std::string_view generator) {
	for (const std::string &id : start_heads) {
		if (graph.Find(id) == nullptr) {
			throw MigError(pgm::sqlstate::kUndefinedObject,
			               "can't locate revision identified by '" + MessageText(id, kMaxQuotedNameChars) + "'",
			               "The script's start names a revision that is not in the revision files.", "");
		}
	}
	const std::set<std::string> start(start_heads.begin(), start_heads.end());
	const char *direction = DirectionName(plan.direction);

	/* Check every step first: nothing is rendered for a plan that cannot run. */
	std::vector<std::pair<std::string, std::string>> checked; // id, checksum
	bool non_transactional = false;                           // a step runs outside the transactions
	InterruptTicker ticks;
	for (const Step &step : plan.steps) {
		ticks.Tick();
		const Revision *rev = graph.Find(step.revision);
		auto source = sources.find(step.revision);
		if (rev == nullptr || source == sources.end()) {
			throw MigError(pgm::sqlstate::kUndefinedObject,
			               "can't locate revision identified by '" + MessageText(step.revision, kMaxQuotedNameChars) +
			                   "'",
			               "The plan names a revision whose file was not loaded.", "");
		}
		if (step.direction == Direction::kDowngrade && !source->second.sql) {
			std::string where =
			    rev->source.empty() ? "Revision " + QuoteText(rev->id) : "Revision file " + QuoteText(rev->source);
			throw MigError(pgm::sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision " + QuoteText(rev->id) + " because it is irreversible",
			               where + " has no \"-- migrate:downgrade\" section.",
			               "Downgrade to " + QuoteText(rev->id) +
			                   " or a later revision, or add a \"-- migrate:downgrade\" section to the revision file.");
		}
		if (step.direction == Direction::kUpgrade && !source->second.sql) {
			throw MigError(pgm::sqlstate::kInternalError, "no upgrade SQL for revision " + QuoteText(rev->id));
		}
		if (!rev->transactional) {
			non_transactional = true;
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
	out += "-- lock and fails without changing anything unless " + std::string(kCatalogSchema) +
	       ".version holds exactly the \"From\"\n";
	out += "-- revisions and the revisions it runs are uploaded with the checksums it was generated from.\n";
	if (non_transactional) {
		out += "--\n";
		out += "-- \"Transactional: false\" revisions run between COMMIT and BEGIN, statement by statement in\n";
		out += "-- autocommit (do not run the script with psql -1 or --single-transaction): the steps before a\n";
		out += "-- failure stay committed, and the script holds the migration lock until its end.\n";
	}
	out += "\n";
	out += "BEGIN;\n";
	out += "\n";
	out += "SELECT pg_catalog.pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ");\n";
	if (non_transactional) {
		out += "SELECT pg_catalog.pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ");\n";
	}
	out += "\n";
	out += GuardBlock(start, checked);
	out += LockSettings();

	std::set<std::string> applied = graph.AppliedSet(start_heads);
	std::set<std::string> rows = start;
	for (std::size_t i = 0; i < plan.steps.size(); i++) {
		ticks.Tick();
		const Step &step = plan.steps[i];
		const Revision *rev = graph.Find(step.revision);
		if (!rev->transactional) {
			out += "\nCOMMIT;\n";
		}
		out += "\n-- " + CommentText(DescribeStep(graph, step)) + "\n";
		if (!rev->transactional) {
			out += "-- Transactional: false: each statement runs in autocommit.\n";
		}
		std::string sql = StepSql(*sources.at(step.revision).sql);
		if (!sql.empty()) {
			out += "\n" + sql;
		}
		if (!rev->transactional) {
			out += "\nBEGIN;\n";
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
		out += std::string("CALL ") + kCatalogSchema + ".write_log(" + SqlLiteral(step.revision) + ", " +
		       SqlLiteral(direction) + ", 'applied', pg_catalog.clock_timestamp(), interval '0', " +
		       SqlLiteral(checked[i].second) + ");\n";
	}
	/* The online run leaves exactly heads_after; only non-minimal start rows can still differ. */
	std::set<std::string> final_rows(plan.heads_after.begin(), plan.heads_after.end());
	if (final_rows != rows) {
		out += "\n-- The version rows the planner leaves\n" + VersionDml(rows, final_rows);
	}
	out += "\nCOMMIT;\n";
	if (non_transactional) {
		out += "\nSELECT pg_catalog.pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ");\n";
	}
	return out;
}

} // namespace pgmig
