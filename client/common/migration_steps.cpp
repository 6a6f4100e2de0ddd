/*
 * migration_steps.cpp: a migration that spans several transactions (migration_steps.hpp):
 * groups of transactional steps committed one after the other by the server's migrate_run,
 * and the statements of each "Transactional: false" revision run here in autocommit.
 */
#include "client/common/migration_steps.hpp"

#include "client/common/db.hpp"
#include "client/common/error_location.hpp"
#include "client/common/lint_report.hpp"
#include "client/common/migration.hpp"
#include "client/common/output.hpp"
#include "client/common/progress_bar.hpp"
#include "client/common/safeguards.hpp"
#include "client/common/script_upload.hpp"

#include "core/catalog_names.hpp"

#include <cstdio>
#include <optional>

namespace pgmig {

namespace {

const std::string kCatalog = pgm::kCatalogSchema;

/* LocalRevision: the index of revision id in the folder; -1 when it has no such file. */
int
LocalRevision(const ScriptFolder &folder, const std::string &id) {
	for (std::size_t i = 0; i < folder.revisions.size(); i++)
		if (folder.revisions[i].rev.id == id)
			return static_cast<int>(i);
	return -1;
}

/* Interval: seconds as an interval input literal. */
std::string
Interval(double seconds) {
	char text[64];
	std::snprintf(text, sizeof(text), "%.6f seconds", seconds < 0 ? 0.0 : seconds);
	return text;
}

/* FirstLine: the first line of a statement, for a progress line. */
std::string
FirstLine(const std::string &statement) {
	std::string line = statement.substr(0, statement.find('\n'));
	if (!line.empty() && line.back() == '\r')
		line.pop_back();
	return line;
}

/*
 * SessionLock: the session-level migration lock (pg_migrate.lock_session), held across the
 * transactions of the run and released at its end; a lost connection releases it anyway.
 */
class SessionLock {
public:
	explicit SessionLock(Connection &conn) : conn_(conn) { conn_.Exec("SELECT " + kCatalog + ".lock_session()"); }
	~SessionLock() {
		if (!conn_.Alive())
			return;
		try {
			conn_.Exec("SELECT " + kCatalog + ".unlock_session()");
		} catch (const DbError &) {
			// The session's end releases it.
		}
	}
	SessionLock(const SessionLock &) = delete;
	SessionLock &operator=(const SessionLock &) = delete;

private:
	Connection &conn_;
};

/*
 * RefusePooler: a run spanning several transactions holds the migration lock at session level
 * from its first transaction to its last, which only works when every transaction of the run
 * reaches the same server process.  A pooler in transaction or statement mode (PgBouncer) runs
 * each transaction on whichever server connection is free: the lock would guard nothing (another
 * client's transactions on that server connection see it as their own) and could stay behind in
 * the pool.  A pooler answers the startup itself with a cancel key of its own, so the process id
 * libpq received (PQbackendPID) is not the server's pg_backend_pid(); a direct connection and a
 * plain TCP forward give the same number.  Session pooling cannot be told from transaction
 * pooling here, so every pooler is refused.
 */
void
RefusePooler(Connection &conn, bool per_revision) {
	ResultPtr res = conn.Exec("SELECT pg_catalog.pg_backend_pid()");
	const std::string server_pid = PQgetvalue(res.get(), 0, 0);
	const std::string key_pid = std::to_string(PQbackendPID(conn.Get()));
	if (server_pid == key_pid)
		return;
	throw DbError(pgm::sqlstate::kFeatureNotSupported,
	              "cannot hold the migration lock across transactions through a connection pooler",
	              std::string(per_revision ? "--transaction-per-revision commits after each revision"
	                                       : "A \"Transactional: false\" revision runs in autocommit") +
	                  ", so the run holds the migration lock at session level from its first transaction to its "
	                  "last.  The server process answering is " +
	                  server_pid + " but the connection was opened with process id " + key_pid +
	                  ": a pooler such as PgBouncer is in between, and in transaction pooling mode it runs each "
	                  "transaction on any server connection, where the lock guards nothing.",
	              "Connect to the server directly for this run.  The one-transaction run (without "
	              "--transaction-per-revision) works through any pooler.");
}

/*
 * StatementTimeouts: while alive, the session's lock_timeout and statement_timeout are the
 * server's pg_migrate.lock_timeout and pg_migrate.statement_timeout (when set and not the
 * values that keep the session's own), which the server applies to the steps it runs itself;
 * here they bound each statement.  Restore() puts the session's own back.
 */
class StatementTimeouts {
public:
	explicit StatementTimeouts(Connection &conn) : conn_(conn) {
		ResultPtr res = conn_.Exec("SELECT pg_catalog.current_setting('pg_migrate.lock_timeout', true), "
		                           "pg_catalog.current_setting('pg_migrate.statement_timeout', true), "
		                           "pg_catalog.current_setting('lock_timeout'), "
		                           "pg_catalog.current_setting('statement_timeout')");
		const char *names[] = {"lock_timeout", "statement_timeout"};
		for (int i = 0; i < 2; i++) {
			std::optional<std::string> wanted = OptionalValue(res.get(), 0, i);
			// lock_timeout -1 and statement_timeout 0 leave the session's own setting.
			if (!wanted || wanted->empty() || *wanted == (i == 0 ? "-1" : "0"))
				continue;
			saved_.emplace_back(names[i], PQgetvalue(res.get(), 0, i + 2));
			conn_.Exec("SELECT pg_catalog.set_config($1, $2, false)", {std::string(names[i]), *wanted});
		}
	}
	~StatementTimeouts() { Restore(); }
	StatementTimeouts(const StatementTimeouts &) = delete;
	StatementTimeouts &operator=(const StatementTimeouts &) = delete;

	void
	Restore() noexcept {
		for (const auto &[name, value] : saved_) {
			if (!conn_.Alive())
				break;
			try {
				conn_.Exec("SELECT pg_catalog.set_config($1, $2, false)", {name, value});
			} catch (...) {
				// The session ends with the run; the first error is the one to report.
			}
		}
		saved_.clear();
	}

private:
	Connection &conn_;
	std::vector<std::pair<std::string, std::string>> saved_;
};

/* InvalidIndexes: the INVALID indexes of table, as regclass text (quoted as needed). */
std::vector<std::string>
InvalidIndexes(Connection &conn, const std::string &table) {
	ResultPtr res = conn.Exec("SELECT i.indexrelid::pg_catalog.regclass::pg_catalog.text FROM pg_catalog.pg_index i "
	                          "WHERE i.indrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass($1) AND NOT i.indisvalid "
	                          "ORDER BY 1",
	                          {table});
	std::vector<std::string> out;
	for (int i = 0; i < PQntuples(res.get()); i++)
		out.push_back(PQgetvalue(res.get(), i, 0));
	return out;
}

/*
 * DropNewInvalidIndexes: after a failed CREATE INDEX CONCURRENTLY on table, drop the INVALID
 * indexes that were not there before it, so that the retry does not trip over the name.  A
 * drop that fails is said and left to the user: the step's own error is the one reported.
 */
void
DropNewInvalidIndexes(const Context &ctx, Connection &conn, const std::string &table,
                      const std::vector<std::string> &before) {
	try {
		for (const std::string &index : InvalidIndexes(conn, table)) {
			if (std::find(before.begin(), before.end(), index) != before.end())
				continue;
			conn.ExecScript("DROP INDEX CONCURRENTLY IF EXISTS " + index);
			PrintProgress(ctx,
			              "Dropped the invalid index " + index + " that the failed statement left on " + table + ".");
		}
	} catch (const DbError &e) {
		PrintDiagnostic(Diagnostic{"warning",
		                           "could not drop the invalid index left on " + table + ": " + e.Message(),
		                           {},
		                           "Drop it with DROP INDEX CONCURRENTLY before running the revision again.",
		                           {}});
	}
}

/*
 * RunNonTransactional: the statements of step's section, split by the server's parser
 * (migrate_statements), each in autocommit with the migration's timeouts, then the step's
 * record (migrate_record: version rows and log, one transaction).  A failing statement is
 * located in the local file and recorded as the step's failure; the statements before it stay.
 */
void
RunNonTransactional(const Context &ctx, Connection &conn, const std::string &schema, const ScriptFolder &folder,
                    const PlannedStep &step) {
	PrintProgress(ctx, step.description + " (Transactional: false)");
	double started = ctx.Elapsed();
	ResultPtr now = conn.Exec("SELECT pg_catalog.clock_timestamp()::pg_catalog.text");
	std::string started_at = PQgetvalue(now.get(), 0, 0);
	ResultPtr statements = conn.Exec("SELECT ordinal, line, statement, index_table FROM " + kCatalog +
	                                     ".migrate_statements($1, $2) ORDER BY ordinal",
	                                 {step.revision, step.direction});
	int local = LocalRevision(folder, step.revision);
	std::string file = local >= 0 ? folder.files[static_cast<std::size_t>(local)].path : step.revision;
	int count = PQntuples(statements.get());
	{
		StatementTimeouts timeouts(conn);
		for (int i = 0; i < count; i++) {
			int line = std::atoi(PQgetvalue(statements.get(), i, 1));
			std::string statement = PQgetvalue(statements.get(), i, 2);
			std::optional<std::string> index_table = OptionalValue(statements.get(), i, 3);
			PrintProgress(ctx, "  statement " + std::to_string(i + 1) + " of " + std::to_string(count) + ", line " +
			                       std::to_string(line) + ": " + FirstLine(statement));
			std::vector<std::string> invalid_before;
			try {
				if (InterruptReceived())
					throw DbError("57014", "canceling statement due to user request");
				if (index_table)
					invalid_before = InvalidIndexes(conn, *index_table);
				conn.ExecScript(statement);
			} catch (const DbError &e) {
				InterruptCleanup
				    cleanup; // the invalid index is dropped and the failure recorded after an interrupt too
				timeouts.Restore();
				if (index_table && conn.Alive())
					DropNewInvalidIndexes(ctx, conn, *index_table, invalid_before);
				DbError located = e;
				located.Locate(e.Context(), FormatErrorLocation(ErrorLocation{
				                                file, line, step.direction == "upgrade" ? "applying" : "reverting",
				                                step.revision, statement, e.Position()}));
				if (conn.Alive())
					RecordStepFailure(conn, schema, folder, step.revision, step.direction, ctx.Elapsed() - started,
					                  located);
				throw located;
			}
		}
	}
	conn.Exec("SELECT " + kCatalog + ".migrate_record($1, $2, $3::pg_catalog.timestamptz, $4::pg_catalog.interval)",
	          {step.revision, step.direction, started_at, Interval(ctx.Elapsed() - started)});
}

/* Plan: the server's plan to target, each step marked with what its local file declares. */
std::vector<PlannedStep>
Plan(Connection &conn, const std::string &schema, const ScriptFolder &folder, const std::string &direction,
     const std::string &target) {
	ResultPtr res =
	    conn.Exec("SELECT revision, direction, description FROM " + schema + ".migrate_plan($1, $2) ORDER BY step",
	              {direction, target});
	std::vector<PlannedStep> plan;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		PlannedStep step{PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1), PQgetvalue(res.get(), i, 2), true};
		int local = LocalRevision(folder, step.revision);
		if (local >= 0)
			step.transactional = folder.revisions[static_cast<std::size_t>(local)].rev.transactional;
		plan.push_back(std::move(step));
	}
	return plan;
}

/* CurrentRevisions: the database's current revisions, "base" when none. */
std::string
CurrentRevisions(Connection &conn, const std::string &schema) {
	ResultPtr res = conn.Exec("SELECT pg_catalog.string_agg(revision, ', ' ORDER BY revision) FROM " + schema +
	                          ".migrate_current()");
	std::optional<std::string> current = OptionalValue(res.get(), 0, 0);
	return current ? "revision " + *current : std::string("base");
}

std::string
Revisions(int n) {
	return std::to_string(n) + (n == 1 ? " revision" : " revisions");
}

/*
 * CheckRanAsPlanned: migrate_run plans again from the committed state; its steps must be the
 * group's (a relative target is resolved again each time).  Otherwise 55000, and the caller
 * rolls the group back.
 */
void
CheckRanAsPlanned(const PGresult *ran, const StepGroup &group) {
	int rows = PQntuples(ran);
	for (std::size_t i = 0; i < group.steps.size() || i < static_cast<std::size_t>(rows); i++) {
		std::string expected = i < group.steps.size() ? group.steps[i].revision : "(none)";
		std::string got = static_cast<int>(i) < rows ? PQgetvalue(ran, static_cast<int>(i), 0) : "(none)";
		if (expected != got)
			throw DbError("55000", "the plan changed while pgmig was running",
			              "Revision \"" + expected + "\" was to run next, but \"" + got +
			                  "\" ran; that transaction was rolled back.",
			              "Check pgmig current, then run the command again.");
	}
}

/* Committed: add the revisions of group, just committed, to committed. */
void
Committed(const StepGroup &group, std::vector<std::string> *committed) {
	for (const PlannedStep &step : group.steps)
		committed->push_back(step.revision);
}

/* QuotedList: "a", "b" and "c". */
std::string
QuotedList(const std::vector<std::string> &ids) {
	std::string out;
	for (std::size_t i = 0; i < ids.size(); i++)
		out += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ("\"" + ids[i] + "\"");
	return out;
}

/*
 * InterruptedStepsDetail: what an interrupt left of a run over several transactions: the
 * revisions committed before it (kept), the one that was running (its transaction rolled back,
 * or, outside a transaction, the statements before the cancelled one kept), and where the
 * database is now, as the server says after the rollback.
 */
std::string
InterruptedStepsDetail(Connection &conn, const std::string &schema, const std::vector<std::string> &committed,
                       const StepGroup *running, bool upgrade) {
	std::vector<std::string> stopped;
	if (running != nullptr)
		for (const PlannedStep &step : running->steps)
			stopped.push_back(step.revision);
	if (committed.empty() && (running == nullptr || running->transactional))
		return kRolledBackDetail;
	std::string detail;
	if (!committed.empty())
		detail = (committed.size() == 1 ? "Revision " : "Revisions ") + QuotedList(committed) +
		         (committed.size() == 1 ? " was " : " were ") + (upgrade ? "applied" : "reverted") +
		         " and committed before the interrupt; " + (committed.size() == 1 ? "it is" : "they are") + " kept. ";
	if (running != nullptr && running->transactional)
		detail += "The transaction of " + std::string(stopped.size() == 1 ? "revision " : "revisions ") +
		          QuotedList(stopped) + " was rolled back.";
	else if (running != nullptr)
		detail += "Revision " + QuotedList(stopped) +
		          " runs outside a transaction (Transactional: false): its statements before the canceled one stay "
		          "applied.";
	try {
		detail += " The database is at " + CurrentRevisions(conn, schema) + ".";
	} catch (const DbError &) {
		// The connection is gone: what was committed is said above.
	}
	return detail;
}

} // namespace

std::vector<StepGroup>
GroupSteps(const std::vector<PlannedStep> &plan, bool per_revision) {
	std::vector<StepGroup> groups;
	for (const PlannedStep &step : plan) {
		bool extend = !groups.empty() && step.transactional && groups.back().transactional && !per_revision;
		if (!extend)
			groups.push_back(StepGroup{step.transactional, {}});
		groups.back().steps.push_back(step);
	}
	return groups;
}

bool
HasNonTransactional(const ScriptFolder &folder) {
	for (const pgm::RevisionFile &r : folder.revisions)
		if (!r.rev.transactional)
			return true;
	return false;
}

/*
 * RunSteps: the session lock is taken before the upload, so the plan read in the first
 * transaction is still the plan when the later ones run.  Each migrate_run plans again from
 * the committed state and runs the first steps of that plan, which are the next group.
 */
void
RunSteps(Context &ctx, bool upgrade, const std::string &target, bool per_revision, const ScriptFolder *loaded) {
	std::optional<ScriptFolder> own;
	if (loaded == nullptr)
		loaded = &own.emplace(LoadScriptFolder(ctx.ScriptLocation()));
	const ScriptFolder &folder = *loaded;
	std::string schema;
	UploadMode upload_mode = UploadMode::kFull;
	Connection conn = OpenMigrationConnection(ctx, &schema, &upload_mode);
	StepTracker tracker;
	conn.SetNoticeHandler(ProgressNoticeHandler(ctx, &tracker));
	CancelOnInterrupt cancel_on_interrupt(conn);
	const std::string direction = upgrade ? "upgrade" : "downgrade";
	RefusePooler(conn, per_revision);
	SessionLock lock(conn);
	std::optional<std::string> backup = TakeRequestedBackup(ctx, conn, schema);

	ProgressScope progress; // on a terminal, the bar replaces the per-revision lines
	int done = 0;
	std::vector<std::string> committed; // the revisions of the groups committed so far, in order
	std::optional<StepGroup> running;   // the group being run, for the message of an interrupt
	bool in_transaction = false;
	try {
		conn.Exec("BEGIN");
		in_transaction = true;
		std::vector<UploadRow> uploaded = Upload(conn, schema, folder, upload_mode);
		for (const UploadRow &r : uploaded)
			if (r.action != "unchanged") {
				PrintProgress(ctx, "Uploaded " + UploadSummary(uploaded) + ".");
				break;
			}
		if (upgrade)
			LintBeforeMigration(ctx, conn, schema, target);
		/*
		 * After a group the rest is planned again from the committed state, as migrate_run
		 * plans: the order of a plan depends on the heads it starts from, so across several
		 * heads (a depends_on, two roots) the first plan's tail may interleave differently.  A
		 * relative target (-1, +2) is kept to the first plan, whose steps it counted.
		 */
		/*
		 * An upgrade one revision per transaction is planned once: each step runs as
		 * migrate_run('upgrade', <its id>, 1), whose plan from the committed heads is that one
		 * step exactly when its parents and dependencies are applied (they came earlier in the
		 * plan) and it is not; anything else (another session moved the heads) runs something
		 * else or nothing, and CheckRanAsPlanned rolls it back.  Planning again after every
		 * step made the run quadratic in the number of revisions.
		 */
		const bool by_id = per_revision && upgrade;
		const bool replan = !by_id && target.find_first_of("+-") == std::string::npos;
		std::vector<StepGroup> groups = GroupSteps(Plan(conn, schema, folder, direction, target), per_revision);
		if (progress.Bar() != nullptr) {
			long long total = 0;
			for (const StepGroup &group : groups)
				total += static_cast<long long>(group.steps.size());
			progress.Bar()->Plan(total);
		}
		for (std::size_t g = 0;; g++) {
			if (g > 0 && replan) {
				groups = GroupSteps(Plan(conn, schema, folder, direction, target), per_revision);
				g = 0;
			}
			if (g >= groups.size())
				break;
			const StepGroup group = groups[g];
			running = group;
			int size = static_cast<int>(group.steps.size());
			if (!group.transactional) {
				if (in_transaction)
					conn.Exec("COMMIT");
				in_transaction = false;
				if (progress.Bar() != nullptr)
					progress.Bar()->StepStarted(0, 0, group.steps.front().description, "");
				RunNonTransactional(ctx, conn, schema, folder, group.steps.front());
				done += size;
				Committed(group, &committed);
				running.reset();
				continue;
			}
			if (!in_transaction)
				conn.Exec("BEGIN");
			in_transaction = true;
			RecordBackup(conn, backup); // SET LOCAL: each transaction's run records the backup
			tracker = StepTracker{};
			tracker.in_call = true;
			ResultPtr ran;
			try {
				ran = conn.Exec("SELECT revision FROM " + schema + ".migrate_run($1, $2, $3)",
				                {direction, by_id ? group.steps.front().revision : target, std::to_string(size)});
			} catch (const DbError &) {
				tracker.failed_at = ctx.Elapsed();
				throw;
			}
			tracker.in_call = false;
			CheckRanAsPlanned(ran.get(), group);
			conn.Exec("COMMIT");
			in_transaction = false;
			done += size;
			Committed(group, &committed);
			running.reset();
		}
		if (in_transaction)
			conn.Exec("COMMIT");
		in_transaction = false;
		progress.Complete();
	} catch (const DbError &e) {
		InterruptCleanup cleanup; // the rollback, the failure's record and the current revisions
		if (progress.Bar() != nullptr)
			progress.Bar()->Finish(false); // before the messages below
		bool call_failed = tracker.in_call;
		tracker.in_call = false;
		if (in_transaction)
			RollbackAfterError(conn);
		DbError located = LocateStepError(folder, e);
		if (call_failed && conn.Alive())
			RecordTrackedFailure(conn, schema, folder, tracker, located);
		if (InterruptReceived())
			throw Interrupted(located,
			                  InterruptedStepsDetail(conn, schema, committed, running ? &*running : nullptr, upgrade));
		if (done == 0 || !conn.Alive())
			throw located;
		// Revisions were committed before the failure: say where the database is now.
		PrintError(located);
		std::string current;
		try {
			current = CurrentRevisions(conn, schema);
		} catch (const DbError &) {
			throw ErrorReported();
		}
		PrintProgress(ctx, "Stopped after " + Revisions(done) + (upgrade ? " upgraded" : " downgraded") +
		                       ", which are kept: the database is at " + current + ".");
		throw ErrorReported();
	}
	if (done == 0)
		PrintProgress(ctx, "Nothing to do.");
	else
		PrintProgress(ctx, "Done: " + Revisions(done) + (upgrade ? " upgraded." : " downgraded."));
}

} // namespace pgmig
