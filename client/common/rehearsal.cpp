/*
 * rehearsal.cpp: the dry run of upgrade and downgrade (rehearsal.hpp).
 */
#include "client/common/rehearsal.hpp"

#include "client/common/db.hpp"
#include "client/common/migration.hpp"
#include "client/common/output.hpp"
#include "client/common/script_upload.hpp"

#include <iostream>

namespace pgmig {

std::string
FormatRehearsal(const std::vector<RehearsedStep> &steps) {
	std::string out;
	for (const RehearsedStep &s : steps) {
		out += s.direction + " " + s.revision + (s.message.empty() ? "" : ", " + s.message) + "\n";
		if (!s.rehearsed) {
			out += "  not rehearsed (Transactional: false)\n";
			continue;
		}
		out += "  time: " + s.duration + "\n";
		if (s.locks.empty())
			out += "  locks: none\n";
		for (const std::string &lock : s.locks)
			out += "  lock: " + lock + "\n";
	}
	out += "Dry run: nothing was kept.\n";
	return out;
}

/*
 * RunRehearsal: the transaction is rolled back whatever happens; an error is located in the
 * local file like a real run's, but not recorded in the log (that record would be kept).
 */
void
RunRehearsal(Context &ctx, bool upgrade, const std::string &target) {
	ScriptFolder folder = LoadScriptFolder(ctx.ScriptLocation());
	std::string schema;
	UploadMode upload_mode = UploadMode::kFull;
	Connection conn = OpenMigrationConnection(ctx, &schema, &upload_mode);
	conn.SetNoticeHandler(ProgressNoticeHandler(ctx, nullptr));
	CancelOnInterrupt cancel_on_interrupt(conn);
	std::vector<RehearsedStep> steps;
	try {
		conn.Exec("BEGIN");
		Upload(conn, schema, folder, upload_mode);
		ResultPtr res = conn.Exec("SELECT revision, direction, message, duration::pg_catalog.text, rehearsed, "
		                          "locks::pg_catalog.text FROM " +
		                              schema + ".migrate_rehearse($1, $2)",
		                          {std::string(upgrade ? "upgrade" : "downgrade"), target});
		for (int i = 0; i < PQntuples(res.get()); i++)
			steps.push_back(RehearsedStep{PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1),
			                              PQgetvalue(res.get(), i, 2), PQgetvalue(res.get(), i, 3),
			                              std::string(PQgetvalue(res.get(), i, 4)) == "t",
			                              ParseTextArray(PQgetvalue(res.get(), i, 5))});
		conn.Exec("ROLLBACK");
	} catch (const DbError &e) {
		RollbackAfterError(conn);
		throw LocateStepError(folder, e);
	}
	std::cout << FormatRehearsal(steps) << std::flush;
}

} // namespace pgmig
