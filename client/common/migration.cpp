/*
 * migration.cpp: what upgrade, downgrade and stamp share: one transaction that uploads the
 * script folder and calls migrate_upgrade, migrate_downgrade or migrate_stamp, with progress
 * on stderr; the record of a failed upgrade or downgrade step in pg_migrate.log, written after
 * the rollback; and the offline script of "upgrade --sql" / "downgrade --sql".
 */
#include "client/common/migration.hpp"

#include "client/common/lint_report.hpp"
#include "client/common/offline_script.hpp"
#include "client/common/output.hpp"
#include "client/common/safeguards.hpp"
#include "client/common/script_upload.hpp"
#include "client/version.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"
#include "core/progress_notice.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

namespace pgmig {

namespace {

/* LocalChecksum: the checksum of revision id's local file; nullopt when the folder lacks it. */
Param
LocalChecksum(const ScriptFolder &folder, const std::string &id) {
	for (const pgm::RevisionFile &r : folder.revisions)
		if (r.rev.id == id)
			return r.checksum;
	return std::nullopt;
}

/*
 * RecordFailure: after the rollback of a migration call that failed with error while the step
 * of tracker ran, record that step in pg_migrate.log in a new transaction (one statement).
 * Nothing ran before the first step's notice, so nothing is recorded then.  When the record
 * fails, the original error is printed first, then a warning, and ErrorReported is thrown:
 * the run still fails with the original error.
 */
void
RecordFailure(Connection &conn, const std::string &schema, const ScriptFolder &folder, const StepTracker &tracker,
              const DbError &error) {
	if (!tracker.step) {
		if (tracker.unnamed_notices > 0) {
			PrintError(error);
			PrintDiagnostic(Diagnostic{"warning",
			                           "the failed step was not recorded in pg_migrate.log",
			                           "The server's pg_migrate library does not name its steps in its progress "
			                           "notices; it is older than 0.2.0.",
			                           "Install pg_migrate 0.2.0 or later on the server.",
			                           {}});
			throw ErrorReported();
		}
		return;
	}
	const std::string &revision = tracker.step->revisions.front();
	char duration[64];
	std::snprintf(duration, sizeof(duration), "%.6f seconds",
	              std::max(0.0, tracker.failed_at - tracker.step_started_at));
	try {
		conn.Exec("SELECT " + schema + ".migrate_log_failure($1, $2, $3, $4, $5::pg_catalog.interval, $6)",
		          {revision, tracker.step->direction, error.Sqlstate(), error.Message(), std::string(duration),
		           LocalChecksum(folder, revision)});
	} catch (const DbError &log_error) {
		PrintError(error);
		PrintDiagnostic(Diagnostic{
		    "warning", "could not record the failure in pg_migrate.log: " + log_error.Message(), {}, {}, {}});
		throw ErrorReported();
	}
}

} // namespace

void
StepTracker::Notice(const char *detail, double now) {
	if (!in_call)
		return;
	std::optional<pgm::ProgressStep> next = detail != nullptr ? pgm::ParseProgressDetail(detail) : std::nullopt;
	if (!next) {
		unnamed_notices++;
		return;
	}
	bool in_order = step ? next->step == step->step + 1 && next->steps == step->steps : next->step == 1;
	if (in_order && next->revisions.size() == 1 && (next->direction == "upgrade" || next->direction == "downgrade")) {
		step = std::move(next);
		step_started_at = now;
	}
}

void
PrintProgress(const Context &ctx, const std::string &text) {
	char stamp[32];
	std::snprintf(stamp, sizeof(stamp), "[%7.3fs] ", ctx.Elapsed());
	std::cout.flush();
	std::cerr << (stamp + text + "\n") << std::flush;
}

/*
 * RunInMigrationTransaction: everything in one transaction, so the catalog never holds
 * scripts that were uploaded for a run that failed, and a failure leaves the database as it
 * was.  The files are checked locally first, so their errors name the local paths.
 */
int
RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body,
                          StepTracker *tracker) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	RefuseStandby(conn, "migrate");
	std::optional<std::string> backup = TakeRequestedBackup(ctx, conn, schema);
	conn.SetNoticeHandler([&ctx, tracker](const PGresult *res) {
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		if (code != nullptr && text != nullptr && std::string(code) == pgm::sqlstate::kProgressNotice) {
			if (tracker != nullptr)
				tracker->Notice(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL), ctx.Elapsed());
			PrintProgress(ctx, text);
		} else {
			PrintNotice(res);
		}
	});

	CancelOnInterrupt cancel_on_interrupt(conn);
	int steps = 0;
	bool committing = false;
	try {
		conn.Exec("BEGIN");
		RecordBackup(conn, backup);
		std::vector<UploadRow> uploaded = Upload(conn, schema, folder);
		for (const UploadRow &r : uploaded)
			if (r.action != "unchanged") {
				PrintProgress(ctx, "Uploaded " + UploadSummary(uploaded) + ".");
				break;
			}
		steps = body(conn, schema);
		committing = true;
		conn.Exec("COMMIT");
	} catch (const DbError &e) {
		bool call_failed = tracker != nullptr && tracker->in_call;
		if (tracker != nullptr)
			tracker->in_call = false;
		if (conn.Alive()) {
			try {
				conn.Exec("ROLLBACK");
			} catch (const DbError &) {
				// The first error is the one to report.
			}
		}
		if (committing && !conn.Alive())
			throw DbError(e.Sqlstate(), e.Message(), e.Detail(),
			              "The connection was lost during COMMIT: run \"pgmig current\" to see whether the changes "
			              "were committed.",
			              e.Context());
		if (call_failed && conn.Alive())
			RecordFailure(conn, schema, folder, *tracker, e);
		throw;
	}
	return steps;
}

void
RunMigration(Context &ctx, bool upgrade, const std::string &target) {
	const char *function = upgrade ? "migrate_upgrade" : "migrate_downgrade";
	StepTracker tracker;
	int steps = RunInMigrationTransaction(
	    ctx,
	    [&](Connection &conn, const std::string &schema) {
		    if (upgrade)
			    LintBeforeMigration(ctx, conn, schema, target);
		    tracker.in_call = true;
		    try {
			    ResultPtr res = conn.Exec(
			        "SELECT revision, direction, message, duration FROM " + schema + "." + function + "($1)", {target});
			    tracker.in_call = false;
			    return PQntuples(res.get());
		    } catch (const DbError &) {
			    tracker.failed_at = ctx.Elapsed();
			    throw;
		    }
	    },
	    &tracker);
	if (steps == 0)
		PrintProgress(ctx, "Nothing to do.");
	else
		PrintProgress(ctx, "Done: " + std::to_string(steps) + (steps == 1 ? " revision " : " revisions ") +
		                       (upgrade ? "upgraded." : "downgraded."));
}

std::string
OfflineScript(const ScriptFolder &folder, bool upgrade, const std::string &range, const std::string &generator) {
	pgm::Direction direction = upgrade ? pgm::Direction::kUpgrade : pgm::Direction::kDowngrade;
	OfflineRange resolved = ResolveOfflineRange(folder.graph, direction, range);
	pgm::Plan plan = upgrade ? pgm::PlanUpgrade(folder.graph, resolved.start_heads, resolved.target)
	                         : pgm::PlanDowngrade(folder.graph, resolved.start_heads, resolved.target);
	std::map<std::string, OfflineStepSource> sources;
	for (const pgm::RevisionFile &r : folder.revisions)
		sources[r.rev.id] =
		    OfflineStepSource{upgrade ? std::optional<std::string>(r.upgrade_sql) : r.downgrade_sql, r.checksum};
	return RenderOfflineScript(folder.graph, plan, resolved.start_heads, sources, generator);
}

void
AddSqlFlag(CLI::App *sub, bool &sql) {
	sub->add_flag("--sql", sql,
	              "Offline mode: print the SQL script of the range to stdout instead of connecting (Alembic's "
	              "--sql); the script checks the database's current revisions and the uploaded checksums "
	              "before it changes anything, so upload the files (pgmig upload) before running it");
}

void
RunMigrationOrScript(Context &ctx, bool upgrade, bool sql, const std::string &target) {
	if (!sql) {
		RunMigration(ctx, upgrade, target);
		return;
	}
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::cout << OfflineScript(folder, upgrade, target, std::string("pgmig ") + PGMIG_VERSION) << std::flush;
}

} // namespace pgmig
