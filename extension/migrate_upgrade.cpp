/*
 * migrate_upgrade.cpp: migrate_upgrade(target) and migrate_downgrade(target).
 *
 * One call is one plan, computed once from the catalog under the migration lock and checked
 * completely (target, irreversible steps, non-transactional revisions, syntax of every step's
 * SQL, statements that cannot run in a transaction block or through SPI) before the first step
 * runs.  Each step then runs its SQL through SPI, statement by statement, under an error
 * context naming the revision, and is logged; at the end pg_migrate.version gets the plan's
 * heads.  Any error aborts the caller's transaction, so either every step is applied or none.
 * A revision's SQL cannot start another migration (reentry.hpp).
 */
#include "core/error.hpp"
#include "core/planner.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/guard.hpp"
#include "extension/lock_safety.hpp"
#include "extension/progress.hpp"
#include "extension/reentry.hpp"
#include "extension/settings.hpp"
#include "extension/spi.hpp"

#include <map>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "parser/parser.h"
#include "portability/instr_time.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

namespace {

/* StepErrorArg: what the error context callback of a step needs. */
struct StepErrorArg {
	const char *revision;
	const char *sql; // the text being raw-parsed, to place a syntax error; nullptr while SPI runs
	bool downgrade;
};

/*
 * StepErrorContext: adds 'applying revision "X"' (or 'reverting ...') to every error and
 * message raised while a step's SQL is parsed or run.  While parsing, a syntax error position
 * refers to the revision's SQL, not to the caller's query, so it becomes an internal position
 * (what SPI's own callback does for the statements it runs).
 */
void
StepErrorContext(void *arg) {
	auto *step = static_cast<StepErrorArg *>(arg);
	if (step->sql != nullptr) {
		int position = geterrposition();
		if (position > 0) {
			errposition(0);
			internalerrposition(position);
			internalerrquery(step->sql);
		}
	}
	if (step->downgrade)
		errcontext("reverting revision \"%s\"", step->revision);
	else
		errcontext("applying revision \"%s\"", step->revision);
}

/* PreparedStep: a planned step with everything needed to run it. */
struct PreparedStep {
	Step step;
	std::string checksum;
	std::vector<std::string> statements;
};

/* StepRow: one row of the result. */
struct StepRow {
	std::string revision;
	Direction direction;
	std::string message;
	int64_t duration_us;
};

/* IsSqlSpace: the whitespace of PostgreSQL's scanner. */
bool
IsSqlSpace(char c) {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Refusal: why a statement cannot run in a migration; reason kNone when it can. */
struct Refusal {
	enum Reason { kNone, kTransactionControl, kTransactionBlock, kClientCopy } reason = kNone;
	const char *kind = nullptr; // the statement, as its message names it ("VACUUM")
};

/* FindOption: the option called name in a DefElem list, or nullptr. */
DefElem *
FindOption(List *options, const char *name) {
	ListCell *cell;
	foreach (cell, options) {
		auto *option = lfirst_node(DefElem, cell);
		if (strcmp(option->defname, name) == 0)
			return option;
	}
	return nullptr;
}

/* BooleanOption: whether the boolean option called name is on (an option without value is). */
bool
BooleanOption(List *options, const char *name) {
	DefElem *option = FindOption(options, name);
	return option != nullptr && defGetBoolean(option);
}

/*
 * ClassifyStatement: the raw statements a migration refuses before anything runs, because they
 * would fail once earlier steps have run: transaction control (SPI refuses it, and it would
 * break "one call, one transaction"); the statements PostgreSQL runs only outside a
 * transaction block (PreventInTransactionBlock); COPY to or from the client, which SPI
 * refuses.  Only the revision's own statements are seen: the same statements inside a DO
 * block or a function, and those refused only for some catalog state (CLUSTER of a
 * partitioned table, CREATE SUBSCRIPTION that creates a slot, ...), are left to PostgreSQL at
 * run time, where their error still undoes the whole call.  ALTER TYPE ... ADD VALUE runs in a
 * transaction block since PostgreSQL 12 and is not refused.  Plain C (defGetBoolean may
 * ereport): run under PgCall.
 */
Refusal
ClassifyStatement(Node *stmt) {
	Refusal no;
	Refusal block{Refusal::kTransactionBlock, nullptr};
	switch (nodeTag(stmt)) {
		case T_TransactionStmt:
			return {Refusal::kTransactionControl, CreateCommandName(stmt)};
		case T_VacuumStmt:
			if (!castNode(VacuumStmt, stmt)->is_vacuumcmd)
				return no;
			block.kind = "VACUUM";
			return block;
		case T_CreatedbStmt:
			block.kind = "CREATE DATABASE";
			return block;
		case T_DropdbStmt:
			block.kind = "DROP DATABASE";
			return block;
		case T_AlterDatabaseStmt:
			if (FindOption(castNode(AlterDatabaseStmt, stmt)->options, "tablespace") == nullptr)
				return no;
			block.kind = "ALTER DATABASE SET TABLESPACE";
			return block;
		case T_AlterSystemStmt:
			block.kind = "ALTER SYSTEM";
			return block;
		case T_CreateTableSpaceStmt:
			block.kind = "CREATE TABLESPACE";
			return block;
		case T_DropTableSpaceStmt:
			block.kind = "DROP TABLESPACE";
			return block;
		case T_IndexStmt:
			if (!castNode(IndexStmt, stmt)->concurrent)
				return no;
			block.kind = "CREATE INDEX CONCURRENTLY";
			return block;
		case T_DropStmt:
			if (!castNode(DropStmt, stmt)->concurrent)
				return no;
			block.kind = "DROP INDEX CONCURRENTLY";
			return block;
		case T_ReindexStmt: {
			auto *reindex = castNode(ReindexStmt, stmt);
			if (reindex->kind == REINDEX_OBJECT_SCHEMA)
				block.kind = "REINDEX SCHEMA";
			else if (reindex->kind == REINDEX_OBJECT_SYSTEM)
				block.kind = "REINDEX SYSTEM";
			else if (reindex->kind == REINDEX_OBJECT_DATABASE)
				block.kind = "REINDEX DATABASE";
			else if (BooleanOption(reindex->params, "concurrently"))
				block.kind = "REINDEX CONCURRENTLY";
			else
				return no;
			return block;
		}
		case T_ClusterStmt:
			if (castNode(ClusterStmt, stmt)->relation != nullptr)
				return no;
			block.kind = "CLUSTER without a table name";
			return block;
		case T_DiscardStmt:
			if (castNode(DiscardStmt, stmt)->target != DISCARD_ALL)
				return no;
			block.kind = "DISCARD ALL";
			return block;
		case T_CopyStmt: {
			auto *copy = castNode(CopyStmt, stmt);
			if (copy->filename != nullptr || copy->is_program)
				return no;
			return {Refusal::kClientCopy, copy->is_from ? "COPY FROM STDIN" : "COPY TO STDOUT"};
		}
		default:
			return no;
	}
}

/*
 * RaiseInStep: raise a pg_migrate error about a step under the step's error context, so its
 * CONTEXT line names the revision as the errors of the step's own SQL do.
 */
[[noreturn]] void
RaiseInStep(StepErrorArg *context, int sqlerrcode, const std::string &message, const std::string &detail,
            const std::string &hint) {
	PgCall([&] {
		ErrorContextCallback callback;
		callback.callback = StepErrorContext;
		callback.arg = context;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		ereport(ERROR, errcode(sqlerrcode), errmsg_internal("%s", message.c_str()),
		        errdetail_internal("%s", detail.c_str()), errhint("%s", hint.c_str()));
	});
	pg_unreachable();
}

/* RefuseStatement: the error for a statement ClassifyStatement refused; number counts from 1. */
[[noreturn]] void
RefuseStatement(StepErrorArg context, const Refusal &refusal, int number) {
	std::string revision = std::string("revision \"") + context.revision + "\"";
	std::string function = context.downgrade ? "migrate_downgrade" : "migrate_upgrade";
	std::string statement = "Statement " + std::to_string(number) + " of its " +
	                        (context.downgrade ? "downgrade" : "upgrade") + " SQL is " + refusal.kind;
	switch (refusal.reason) {
		case Refusal::kTransactionControl:
			RaiseInStep(&context, ERRCODE_INVALID_TRANSACTION_TERMINATION,
			            revision + " contains a transaction control statement",
			            statement + ", but " + function +
			                " runs every step inside the caller's transaction, so a revision cannot contain BEGIN, "
			                "COMMIT, ROLLBACK, SAVEPOINT or similar statements.",
			            "Remove the transaction control statements from the revision.");
		case Refusal::kTransactionBlock:
			RaiseInStep(&context, ERRCODE_ACTIVE_SQL_TRANSACTION,
			            revision + " contains a statement that cannot run inside a transaction block",
			            statement + ", which cannot run inside a transaction block, and " + function +
			                " runs every step inside the caller's transaction. Nothing was run.",
			            "Non-transactional revisions (\"Transactional: false\") are not supported yet in this "
			            "release: run that statement by hand outside a transaction block and remove it from the "
			            "revision.");
		case Refusal::kClientCopy:
		case Refusal::kNone:
			break;
	}
	RaiseInStep(&context, ERRCODE_FEATURE_NOT_SUPPORTED, revision + " contains a COPY to or from the client",
	            statement + ", which exchanges data with the client, and " + function +
	                " runs the revision's SQL inside the server. Nothing was run.",
	            "Use COPY with a file on the server, or INSERT statements.");
}

/*
 * SplitStatements: cut a step's SQL into its statements with the raw parser, which needs no
 * catalog access, so a syntax error in the last step is found before the first step runs; the
 * statements no migration can run (ClassifyStatement) are refused at the same time.  Running
 * statement by statement also keeps SPI's CONTEXT line to the failing statement instead of the
 * whole section.
 */
std::vector<std::string>
SplitStatements(const std::string &sql, StepErrorArg context) {
	StepErrorArg parse_context = context;
	parse_context.sql = sql.c_str();
	List *parsed = PgCall([&] {
		ErrorContextCallback callback;
		callback.callback = StepErrorContext;
		callback.arg = &parse_context;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		List *list = raw_parser(sql.c_str(), RAW_PARSE_DEFAULT);
		error_context_stack = callback.previous;
		return list;
	});
	std::vector<std::string> statements;
	for (int i = 0; i < list_length(parsed); i++) {
		auto *raw = static_cast<RawStmt *>(list_nth(parsed, i));
		Refusal refusal = PgCall([&] { return ClassifyStatement(raw->stmt); });
		if (refusal.reason != Refusal::kNone)
			RefuseStatement(context, refusal, i + 1);
		size_t begin = raw->stmt_location < 0 ? 0 : static_cast<size_t>(raw->stmt_location);
		size_t end = raw->stmt_len == 0 ? sql.size() : begin + static_cast<size_t>(raw->stmt_len);
		// The range starts right after the previous semicolon: drop the line breaks around it.
		while (begin < end && IsSqlSpace(sql[begin]))
			begin++;
		while (end > begin && IsSqlSpace(sql[end - 1]))
			end--;
		statements.push_back(sql.substr(begin, end - begin));
	}
	return statements;
}

/*
 * CheckTransactional: a revision declared "Transactional: false" (CREATE INDEX CONCURRENTLY and
 * the like) cannot run in the call's transaction; refuse the whole plan before anything runs.
 */
void
CheckTransactional(const RevisionGraph &graph, const Plan &plan) {
	for (const Step &step : plan.steps) {
		const Revision *rev = graph.Find(step.revision);
		if (rev != nullptr && !rev->transactional)
			throw MigError(
			    sqlstate::kActiveSqlTransaction,
			    "revision \"" + step.revision + "\" cannot run inside a transaction block",
			    "The revision declares \"Transactional: false\", and " +
			        std::string(plan.direction == Direction::kUpgrade ? "migrate_upgrade" : "migrate_downgrade") +
			        " runs every step inside the caller's transaction.",
			    "This release cannot apply non-transactional revisions: run that SQL by hand outside a transaction "
			    "block "
			    "and remove it from the revision, or drop \"Transactional: false\" if the SQL can run in a "
			    "transaction.");
	}
}

/* PrepareSteps: load each step's SQL and checksum from the catalog and split it into statements. */
std::vector<PreparedStep>
PrepareSteps(const Plan &plan) {
	std::vector<std::string> ids;
	for (const Step &step : plan.steps)
		ids.push_back(step.revision);
	std::map<std::string, StepSource> sources = LoadStepSources(ids, plan.direction);
	std::vector<PreparedStep> prepared;
	for (const Step &step : plan.steps) {
		auto found = sources.find(step.revision);
		if (found == sources.end())
			throw MigError(sqlstate::kInternalError, "revision \"" + step.revision + "\" vanished from the catalog");
		// The planner refused irreversible revisions already; this is only reached when the
		// catalog was edited by hand, without the migration lock, since it was read.
		if (!found->second.sql)
			throw MigError(sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision \"" + step.revision + "\" because it is irreversible",
			               "Its downgrade SQL was removed from pg_migrate.revision while the downgrade was being "
			               "planned. Nothing was downgraded.",
			               "Retry the downgrade.");
		bool downgrade = step.direction == Direction::kDowngrade;
		StepErrorArg context{step.revision.c_str(), nullptr, downgrade};
		prepared.push_back({step, found->second.checksum, SplitStatements(*found->second.sql, context)});
	}
	return prepared;
}

/*
 * StepSettings: pg_migrate.lock_timeout and pg_migrate.statement_timeout while steps run.
 * lock_timeout is set at a new GUC nest level, as a function's SET clause would be, and popped
 * by Close(); on error the transaction abort pops it.  statement_timeout is only read when a
 * top-level statement starts, so setting the GUC here would do nothing: instead each step arms
 * the STATEMENT_TIMEOUT timer itself (never later than the caller's own deadline), and the
 * caller's timer state is restored after each step, also when an error unwinds.
 */
class StepSettings {
public:
	StepSettings() {
		nest_level_ = PgCall([] { return NewGUCNestLevel(); });
		if (lock_timeout_ms >= 0) {
			std::string value = std::to_string(lock_timeout_ms);
			PgCall([&] {
				(void)set_config_option("lock_timeout", value.c_str(), superuser() ? PGC_SUSET : PGC_USERSET,
				                        PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
			});
		}
		outer_timeout_active_ = get_timeout_active(STATEMENT_TIMEOUT);
		if (outer_timeout_active_)
			outer_timeout_finish_ = get_timeout_finish_time(STATEMENT_TIMEOUT);
	}
	~StepSettings() { RestoreTimeout(); }
	StepSettings(const StepSettings &) = delete;
	StepSettings &operator=(const StepSettings &) = delete;

	/* BeginStep: arm the per-step statement timeout, if one is configured. */
	void
	BeginStep() {
		if (statement_timeout_ms <= 0)
			return;
		TimestampTz finish = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), statement_timeout_ms);
		if (outer_timeout_active_ && outer_timeout_finish_ < finish)
			finish = outer_timeout_finish_;
		PgCall([&] { enable_timeout_at(STATEMENT_TIMEOUT, finish); });
		armed_ = true;
	}

	/* EndStep: give the caller's statement timeout back. */
	void
	EndStep() {
		RestoreTimeout();
	}

	/* Close: leave the GUC nest level (lock_timeout back to the session's value). */
	void
	Close() {
		int level = nest_level_;
		PgCall([&] { AtEOXact_GUC(true, level); });
	}

private:
	/* RestoreTimeout: no ereport(ERROR) possible here, so it may run in the destructor. */
	void
	RestoreTimeout() noexcept {
		if (!armed_)
			return;
		armed_ = false;
		if (outer_timeout_active_)
			enable_timeout_at(STATEMENT_TIMEOUT, outer_timeout_finish_);
		else
			disable_timeout(STATEMENT_TIMEOUT, false);
	}

	int nest_level_ = 0;
	bool outer_timeout_active_ = false;
	TimestampTz outer_timeout_finish_ = 0;
	bool armed_ = false;
};

/*
 * ExecuteStatement: run one statement of a revision through SPI, under the step's error
 * context.  Errors raised by the statement keep their SQLSTATE (PgCall carries the ErrorData
 * unchanged); the few SPI refusals that are return codes become errors here, while the
 * context callback is still in place.
 */
void
ExecuteStatement(const std::string &statement, StepErrorArg *context) {
	PgCall([&] {
		ErrorContextCallback callback;
		callback.callback = StepErrorContext;
		callback.arg = context;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		int rc = SPI_execute(statement.c_str(), false, 0);
		// SplitStatements refused both already; kept in case SPI's rules grow.
		if (rc == SPI_ERROR_COPY)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			        errmsg("cannot run COPY to or from the client in a revision"),
			        errhint("Use COPY with a file on the server, or INSERT statements."));
		if (rc == SPI_ERROR_TRANSACTION)
			ereport(ERROR, errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
			        errmsg("cannot run transaction control statements in a revision"));
		if (rc < 0)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
		SPI_freetuptable(SPI_tuptable);
		error_context_stack = callback.previous;
	});
}

/*
 * RunStep: step number of count: the progress NOTICE, the statements, the log row.  The duration covers
 * the statements only and is measured on the monotonic clock (instr_time), so a wall-clock
 * adjustment during the step cannot make it wrong or negative; started_at is wall-clock time.
 */
StepRow
RunStep(const RevisionGraph &graph, const PreparedStep &prepared, std::size_t number, std::size_t count,
        StepSettings &settings) {
	const Step &step = prepared.step;
	ReportProgress(DescribeStep(graph, step), ProgressStep{static_cast<long long>(number),
	                                                       static_cast<long long>(count),
	                                                       DirectionName(step.direction),
	                                                       {step.revision}});

	StepErrorArg context{step.revision.c_str(), nullptr, step.direction == Direction::kDowngrade};
	TimestampTz started = GetCurrentTimestamp();
	instr_time clock;
	INSTR_TIME_SET_CURRENT(clock);
	settings.BeginStep();
	RunWithLockRetries(step.revision.c_str(), context.downgrade, [&] {
		for (const std::string &statement : prepared.statements)
			ExecuteStatement(statement, &context);
	});
	settings.EndStep();
	instr_time elapsed;
	INSTR_TIME_SET_CURRENT(elapsed);
	INSTR_TIME_SUBTRACT(elapsed, clock);
	auto duration = static_cast<int64_t>(INSTR_TIME_GET_MICROSEC(elapsed));

	WriteLog({step.revision, DirectionName(step.direction), "applied", started, IntervalDatum(duration),
	          prepared.checksum, std::nullopt});
	const Revision *rev = graph.Find(step.revision);
	return {step.revision, step.direction, rev != nullptr ? rev->message : std::string(), duration};
}

/*
 * RunMigration: the body shared by migrate_upgrade and migrate_downgrade.  The result rows are
 * collected in C++ and written to the tuplestore after SPI_finish.  The whole call is marked
 * as a running migration, so a revision's SQL cannot start another one (reentry.hpp).
 */
Datum
RunMigration(FunctionCallInfo fcinfo, Direction direction) {
	MigrationScope running(direction == Direction::kUpgrade ? "migrate_upgrade" : "migrate_downgrade");
	if (PG_ARGISNULL(0))
		throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null");
	std::string target = TextArg(fcinfo, 0);
	SrfWriter out(fcinfo);
	std::vector<StepRow> rows;
	{
		SpiConnection spi;
		LockCatalog();
		CatalogState state = LoadCatalog(false);
		RevisionGraph graph = BuildCatalogGraph(state);
		Plan plan = direction == Direction::kUpgrade ? PlanUpgrade(graph, state.heads, target)
		                                             : PlanDowngrade(graph, state.heads, target);
		CheckTransactional(graph, plan);
		std::vector<PreparedStep> prepared = PrepareSteps(plan);
		if (!prepared.empty()) {
			StepSettings settings;
			for (std::size_t i = 0; i < prepared.size(); i++)
				rows.push_back(RunStep(graph, prepared[i], i + 1, prepared.size(), settings));
			settings.Close();
		}
		WriteVersion(state.heads, plan.heads_after);
		spi.Finish();
	}
	for (const StepRow &row : rows) {
		Datum values[4] = {TextDatum(row.revision), TextDatum(DirectionName(row.direction)), TextDatum(row.message),
		                   IntervalDatum(row.duration_us)};
		bool nulls[4] = {false, false, false, false};
		out.Put(values, nulls);
	}
	return (Datum)0;
}

Datum
MigrateUpgrade(FunctionCallInfo fcinfo) {
	return RunMigration(fcinfo, Direction::kUpgrade);
}

Datum
MigrateDowngrade(FunctionCallInfo fcinfo) {
	return RunMigration(fcinfo, Direction::kDowngrade);
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_upgrade);
Datum
migrate_upgrade(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateUpgrade, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_downgrade);
Datum
migrate_downgrade(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateDowngrade, fcinfo);
}

} // extern "C"
