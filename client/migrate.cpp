/*
 * migrate.cpp: what upgrade, downgrade and stamp share: one transaction that uploads the
 * script folder and calls migrate_upgrade, migrate_downgrade or migrate_stamp, with progress
 * on stderr; and the offline script of "upgrade --sql" / "downgrade --sql".
 */
#include "commands.hpp"
#include "output.hpp"
#include "planner.hpp"
#include "render.hpp"
#include "version.hpp"

#include <cstdio>
#include <iostream>
#include <map>

namespace pgmig {

namespace {

/* kProgressSqlstate: the NOTICE code of the extension's progress messages (docs/design.md). */
constexpr const char *kProgressSqlstate = "MG101";

} // namespace

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
RunInMigrationTransaction(Context &ctx, const std::function<int(Connection &, const std::string &)> &body) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	conn.SetNoticeHandler([&ctx](const PGresult *res) {
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		if (code != nullptr && text != nullptr && std::string(code) == kProgressSqlstate)
			PrintProgress(ctx, text);
		else
			PrintNotice(res);
	});

	CancelOnInterrupt cancel_on_interrupt(conn);
	int steps = 0;
	bool committing = false;
	try {
		conn.Exec("BEGIN");
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
		throw;
	}
	return steps;
}

void
RunMigration(Context &ctx, bool upgrade, const std::string &target) {
	const char *function = upgrade ? "migrate_upgrade" : "migrate_downgrade";
	int steps = RunInMigrationTransaction(ctx, [&](Connection &conn, const std::string &schema) {
		ResultPtr res = conn.Exec(
		    "SELECT revision, direction, message, duration FROM " + schema + "." + function + "($1)", {target});
		return PQntuples(res.get());
	});
	if (steps == 0)
		PrintProgress(ctx, "Nothing to do.");
	else
		PrintProgress(ctx, "Done: " + std::to_string(steps) + (steps == 1 ? " revision " : " revisions ") +
		                       (upgrade ? "upgraded." : "downgraded."));
}

std::string
OfflineScript(const ScriptFolder &folder, bool upgrade, const std::string &range, const std::string &generator) {
	pgm::Direction direction = upgrade ? pgm::Direction::kUpgrade : pgm::Direction::kDowngrade;
	pgm::OfflineRange resolved = pgm::ResolveOfflineRange(folder.graph, direction, range);
	pgm::Plan plan = upgrade ? pgm::PlanUpgrade(folder.graph, resolved.start_heads, resolved.target)
	                         : pgm::PlanDowngrade(folder.graph, resolved.start_heads, resolved.target);
	std::map<std::string, pgm::OfflineStepSource> sources;
	for (const pgm::RevisionFile &r : folder.revisions)
		sources[r.rev.id] =
		    pgm::OfflineStepSource{upgrade ? std::optional<std::string>(r.upgrade_sql) : r.downgrade_sql, r.checksum};
	return pgm::RenderOfflineScript(folder.graph, plan, resolved.start_heads, sources, generator);
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
