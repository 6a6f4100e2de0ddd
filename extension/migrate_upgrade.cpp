/*
 * migrate_upgrade.cpp: migrate_upgrade(target), migrate_downgrade(target), migrate_run(direction,
 * target, max_steps) and migrate_rehearse(direction, target); and, for the non-transactional
 * revisions pgmig runs itself, migrate_statements(revision, direction) and
 * migrate_record(revision, direction, started_at, duration).
 *
 * One call is one plan, computed once from the catalog under the migration lock and checked
 * completely (target, irreversible steps, non-transactional revisions, syntax of every step's
 * SQL, statements that cannot run in a transaction block or through SPI) before the first step
 * runs.  Each step then runs its SQL through SPI, statement by statement, under an error
 * context naming the revision, and is logged; at the end pg_migrate.version gets the plan's
 * heads.  Any error aborts the caller's transaction, so either every step is applied or none.
 * A revision's SQL cannot start another migration (reentry.hpp).
 */
#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "core/hex.hpp"
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "core/step_context.hpp"
#include "extension/catalog.hpp"
#include "extension/datum.hpp"
#include "extension/ddl_guard.hpp"
#include "extension/guard.hpp"
#include "extension/integrity.hpp"
#include "extension/lock_safety.hpp"
#include "extension/progress.hpp"
#include "extension/reentry.hpp"
#include "extension/run.hpp"
#include "extension/settings.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "parser/parser.h"
#include "parser/scanner.h"
// gram.h (the token numbers) needs scanner.h first.
#include "parser/gram.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "portability/instr_time.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

int step_window = 256;

namespace {

/*
 * StepErrorArg: what the error context callback of a step needs: the CONTEXT line naming the
 * revision, its file and the line where the statement (or section) being parsed or run starts
 * (core/step_context.hpp).  The line of an error with a position inside the statement is put
 * right afterwards, when the error reaches C++ (PlaceStepError, PlaceSyntaxError).
 */
struct StepErrorArg {
	const char *context_line;
};

/* StepErrorContext: adds the step's CONTEXT line to every error and message of a step. */
void
StepErrorContext(void *arg) {
	auto *step = static_cast<StepErrorArg *>(arg);
	errcontext("%s", step->context_line);
}

/* StepWhere: the revision a step runs and where its SQL is. */
struct StepWhere {
	std::string revision;
	bool downgrade = false;
	std::string file_name;
	std::size_t first_line = 1; // file line of the section's first line
};

/* ContextLine: the CONTEXT line for a file line of the step. */
std::string
ContextLine(const StepWhere &where, std::size_t line) {
	return FormatStepContext(StepLocation{where.revision, where.downgrade, where.file_name, line});
}

/*
 * PreparedStatement: one statement of a step: where it is in the step's SQL, not a copy of it.
 * The bytes [begin, end) run from its first token (comments before it left out) to its end
 * (blanks after it left out); its CONTEXT line is made from line when it runs or fails.
 */
struct PreparedStatement {
	std::size_t begin = 0;
	std::size_t end = 0;
	std::size_t line = 1; // file line of its first token
};

/* StatementText: the text of a statement of sql. */
std::string_view
StatementText(const std::string &sql, const PreparedStatement &statement) {
	return std::string_view(sql).substr(statement.begin, statement.end - statement.begin);
}

/* StepRow: one row of the result. */
struct StepRow {
	std::string revision;
	Direction direction;
	std::string message;
	int64_t duration_us;
	bool rehearsed = true;          // migrate_rehearse
	std::vector<std::string> locks; // migrate_rehearse: "relation mode", sorted
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

/* Mode: which SQL-callable function is running steps. */
enum class Mode { kUpgrade, kDowngrade, kRun, kRehearse, kStatements };

/* FunctionName: the function a message names. */
const char *
FunctionName(Mode mode) {
	switch (mode) {
		case Mode::kUpgrade:
			return "migrate_upgrade";
		case Mode::kDowngrade:
			return "migrate_downgrade";
		case Mode::kRun:
			return "migrate_run";
		case Mode::kRehearse:
			return "migrate_rehearse";
		case Mode::kStatements:
			return "migrate_statements";
	}
	return "migrate_upgrade";
}

/* PgmigCommand: the pgmig command that runs non-transactional revisions in a direction. */
std::string
PgmigCommand(bool downgrade) {
	return downgrade ? "pgmig downgrade" : "pgmig upgrade";
}

/*
 * RaiseInStep: raise a pg_migrate error about a step under the step's error context, so its
 * CONTEXT line names the revision, file and line as the errors of the step's own SQL do.
 */
[[noreturn]] void
RaiseInStep(const std::string &context_line, int sqlerrcode, const std::string &message, const std::string &detail,
            const std::string &hint) {
	StepErrorArg arg{context_line.c_str()};
	PgCall([&] {
		ErrorContextCallback callback;
		callback.callback = StepErrorContext;
		callback.arg = &arg;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		ereport(ERROR, errcode(sqlerrcode), errmsg_internal("%s", message.c_str()),
		        errdetail_internal("%s", detail.c_str()), errhint("%s", hint.c_str()));
	});
	pg_unreachable();
}

/* RefuseStatement: the error for a statement ClassifyStatement refused; number counts from 1. */
[[noreturn]] void
RefuseStatement(const StepWhere &where, const PreparedStatement &statement, const Refusal &refusal, int number,
                Mode mode) {
	std::string context = ContextLine(where, statement.line);
	std::string revision = "revision \"" + where.revision + "\"";
	std::string function = FunctionName(mode);
	std::string what = "Statement " + std::to_string(number) + " of its " +
	                   (where.downgrade ? "downgrade" : "upgrade") + " SQL is " + refusal.kind;
	switch (refusal.reason) {
		case Refusal::kTransactionControl:
			if (mode == Mode::kStatements)
				RaiseInStep(context, ERRCODE_INVALID_TRANSACTION_TERMINATION,
				            revision + " contains a transaction control statement",
				            what + ", but a non-transactional revision runs each statement in autocommit, so it "
				                   "cannot contain BEGIN, COMMIT, ROLLBACK, SAVEPOINT or similar statements.",
				            "Remove the transaction control statements from the revision.");
			RaiseInStep(context, ERRCODE_INVALID_TRANSACTION_TERMINATION,
			            revision + " contains a transaction control statement",
			            what + ", but " + function +
			                " runs every step inside the caller's transaction, so a revision cannot contain BEGIN, "
			                "COMMIT, ROLLBACK, SAVEPOINT or similar statements.",
			            "Remove the transaction control statements from the revision.");
		case Refusal::kTransactionBlock:
			RaiseInStep(context, ERRCODE_ACTIVE_SQL_TRANSACTION,
			            revision + " contains a statement that cannot run inside a transaction block",
			            what + ", which cannot run inside a transaction block, and the revision does not declare "
			                   "\"Transactional: false\". Nothing was run.",
			            "Add \"-- Transactional: false\" to the revision's header and run it with " +
			                PgmigCommand(where.downgrade) +
			                ", which runs such revisions statement by statement outside a transaction block.");
		case Refusal::kClientCopy:
		case Refusal::kNone:
			break;
	}
	RaiseInStep(context, ERRCODE_FEATURE_NOT_SUPPORTED, revision + " contains a COPY to or from the client",
	            what + ", which exchanges data with the client, and " + function +
	                " runs the revision's SQL inside the server. Nothing was run.",
	            "Use COPY with a file on the server, or INSERT statements.");
}

/*
 * CharsToBytes: the byte offset in text of the character with 0-based index chars (error
 * positions count characters of the database encoding); text's size when past its end.
 */
std::size_t
CharsToBytes(std::string_view text, int chars) {
	std::size_t offset = 0;
	for (int i = 0; i < chars && offset < text.size(); i++)
		offset += static_cast<std::size_t>(pg_mblen(text.data() + offset));
	return std::min(offset, text.size());
}

/* BytesToChars: the number of characters in the first bytes of text. */
int
BytesToChars(const char *text, std::size_t bytes) {
	return pg_mbstrlen_with_len(text, static_cast<int>(bytes));
}

/*
 * ErrorString: a copy of value in the memory context of edata, for a field of it.  Plain C:
 * called outside any catch block.
 */
char *
ErrorString(ErrorData *edata, const std::string &value) {
	MemoryContext context = GetMemoryChunkContext(edata);
	return PgCall([&] { return MemoryContextStrdup(context, value.c_str()); });
}

/* ReplaceContextLine: in edata's CONTEXT, the first line equal to from becomes to. */
void
ReplaceContextLine(ErrorData *edata, const std::string &from, const std::string &to) {
	if (edata->context == nullptr || from == to)
		return;
	std::string context = edata->context;
	std::size_t at = 0;
	for (;;) {
		at = context.find(from, at);
		if (at == std::string::npos)
			return;
		std::size_t end = at + from.size();
		if ((at == 0 || context[at - 1] == '\n') && (end == context.size() || context[end] == '\n'))
			break;
		at = end;
	}
	context.replace(at, from.size(), to);
	edata->context = ErrorString(edata, context);
}

/* StatementRange: the bytes [begin, end) of the statement around a position in a section. */
struct StatementRange {
	std::size_t begin = 0;
	std::size_t end = 0;
};

/*
 * StatementAround: the statement of sql that holds byte offset at, found with PostgreSQL's
 * own lexer (quotes, dollar quotes and comments are single tokens): from the last ";" before
 * at to the first ";" after it, not counting those inside BEGIN ATOMIC ... END.  For a syntax
 * error only, where the raw parser gave no statement boundaries; a lexer error ends the scan.
 */
StatementRange
StatementAround(const std::string &sql, std::size_t at) {
	volatile std::size_t begin = 0;
	volatile std::size_t end = sql.size();
	try {
		PgCall([&] {
			core_yy_extra_type extra;
			core_yyscan_t scanner = scanner_init(sql.c_str(), &extra, &ScanKeywords, ScanKeywordTokens);
			int depth = 0;
			int previous = 0;
			for (;;) {
				core_YYSTYPE value;
				int location = 0;
				int token = core_yylex(&value, &location, scanner);
				if (token == 0)
					break;
				if (token == ATOMIC && previous == BEGIN_P)
					depth++;
				else if (token == CASE && depth > 0)
					depth++;
				else if (token == END_P && depth > 0)
					depth--;
				else if (token == ';' && depth == 0) {
					if (static_cast<std::size_t>(location) < at) {
						begin = static_cast<std::size_t>(location) + 1;
					} else {
						end = static_cast<std::size_t>(location);
						break;
					}
				}
				previous = token;
			}
			scanner_finish(scanner);
		});
	} catch (const PgError &) {
		// A lexer error past the position: the statement runs to the end of the section.
	}
	return {begin, end};
}

/* TrimmedRange: range without whitespace at its end and whitespace and comments at its start. */
StatementRange
TrimmedRange(const std::string &sql, StatementRange range, std::size_t keep) {
	std::size_t begin = SkipSpaceAndComments(sql, range.begin, range.end);
	if (begin > keep)
		begin = range.begin;
	while (begin < keep && IsSqlSpace(sql[begin]))
		begin++;
	std::size_t end = range.end;
	while (end > begin && end > keep && IsSqlSpace(sql[end - 1]))
		end--;
	return {begin, end};
}

/*
 * PlaceSyntaxError: a syntax error of the upfront parse of a section gets the failing statement
 * alone as its internal query, its position within it, and the CONTEXT line of the file line of
 * the position (section_context is the line it was raised with).
 */
void
PlaceSyntaxError(ErrorData *edata, const std::string &sql, const StepWhere &where, const std::string &section_context) {
	if (edata->cursorpos <= 0)
		return;
	std::size_t at = CharsToBytes(sql, edata->cursorpos - 1);
	StatementRange range = TrimmedRange(sql, StatementAround(sql, at), at);
	std::string statement = sql.substr(range.begin, range.end - range.begin);
	edata->internalquery = ErrorString(edata, statement);
	edata->internalpos = BytesToChars(sql.c_str() + range.begin, at - range.begin) + 1;
	edata->cursorpos = 0;
	ReplaceContextLine(edata, section_context, ContextLine(where, FileLineAt(where.first_line, sql, at)));
}

/*
 * PlaceStepError: an error raised while a statement ran.  When its internal position is in
 * that statement (SPI made the statement the internal query), the CONTEXT line gets the file
 * line of the position instead of the line where the statement starts.  The "unsafe use of
 * new enum value" error gets a hint naming the mode that commits each revision.
 */
void
PlaceStepError(ErrorData *edata, std::string_view text, const PreparedStatement &statement, const StepWhere &where,
               const std::string &context) {
	if (edata->internalquery != nullptr && edata->internalpos > 0 && text == edata->internalquery) {
		std::size_t at = CharsToBytes(text, edata->internalpos - 1);
		ReplaceContextLine(edata, context, ContextLine(where, FileLineAt(statement.line, text, at)));
	}
	if (edata->sqlerrcode == ERRCODE_UNSAFE_NEW_ENUM_VALUE_USAGE) {
		std::string hint = edata->hint != nullptr ? std::string(edata->hint) + " " : std::string();
		hint += where.downgrade ? "Run the downgrade with \"pgmig downgrade --transaction-per-revision\" or \"CALL "
		                          "migrate_downgrade_each(...)\", which commit each revision before the next starts."
		                        : "Add the value in an earlier revision than the one that uses it, and run the "
		                          "upgrade with \"pgmig upgrade --transaction-per-revision\" or \"CALL "
		                          "migrate_upgrade_each(...)\", which commit each revision before the next starts.";
		edata->hint = ErrorString(edata, hint);
	}
}

/* SplitOptions: what SplitStatements refuses and computes besides the statements. */
struct SplitOptions {
	Mode mode = Mode::kUpgrade;
	bool transactional = true; // refuse statements that cannot run inside a transaction block
};

/*
 * IndexTable: the table of a CREATE INDEX CONCURRENTLY, schema-qualified and quoted as found
 * with the caller's search_path now; as written when it does not exist yet.  Plain C: run
 * under PgCall.
 */
char *
IndexTable(IndexStmt *index) {
	RangeVar *relation = index->relation;
	Oid table = RangeVarGetRelid(relation, NoLock, true);
	if (OidIsValid(table)) {
		char *schema = get_namespace_name(get_rel_namespace(table));
		char *name = get_rel_name(table);
		if (schema != nullptr && name != nullptr)
			return pstrdup(quote_qualified_identifier(schema, name));
	}
	return pstrdup(quote_qualified_identifier(relation->schemaname, relation->relname));
}

/*
 * SplitStatements: cut a step's SQL into its statements with the raw parser, which needs no
 * catalog access, so a syntax error in the last step is found before the first step runs; the
 * statements no migration can run (ClassifyStatement) are refused at the same time.  Running
 * statement by statement also keeps SPI's CONTEXT line to the failing statement instead of the
 * whole section.  Each statement starts at its first token and knows its file line.
 */
/*
 * ScratchContext: a memory context current while it lives, deleted with everything in it on
 * leaving the scope (also when an exception unwinds: MemoryContextDelete does not raise).
 */
class ScratchContext {
public:
	ScratchContext() {
		context_ = PgCall(
		    [] { return AllocSetContextCreate(CurrentMemoryContext, "pg_migrate scratch", ALLOCSET_DEFAULT_SIZES); });
		old_ = MemoryContextSwitchTo(context_);
	}
	~ScratchContext() {
		MemoryContextSwitchTo(old_);
		MemoryContextDelete(context_);
	}
	ScratchContext(const ScratchContext &) = delete;
	ScratchContext &operator=(const ScratchContext &) = delete;

	/* Reset: free everything allocated in it so far. */
	void
	Reset() noexcept {
		MemoryContextReset(context_);
	}

private:
	MemoryContext context_ = nullptr;
	MemoryContext old_ = nullptr;
};

std::vector<PreparedStatement>
SplitStatements(std::string_view sql, const StepWhere &where, const SplitOptions &options,
                std::vector<std::string> *index_tables = nullptr) {
	// sql.data()[sql.size()] is a NUL (the caller's string, or a StatementTerminator).
	// The raw parse trees are needed only here: freed before the next step's section is parsed,
	// so a plan of N steps holds their SQL text, not N parse trees, until it has run.
	ScratchContext scratch;
	std::string section_context = ContextLine(where, where.first_line);
	StepErrorArg parse_context{section_context.c_str()};
	List *parsed = nullptr;
	ErrorData *syntax_error = nullptr;
	try {
		parsed = PgCall([&] {
			ErrorContextCallback callback;
			callback.callback = StepErrorContext;
			callback.arg = &parse_context;
			callback.previous = error_context_stack;
			error_context_stack = &callback;
			List *list = raw_parser(sql.data(), RAW_PARSE_DEFAULT);
			error_context_stack = callback.previous;
			return list;
		});
	} catch (const PgError &e) {
		syntax_error = e.Data();
	}
	if (syntax_error != nullptr) {
		PlaceSyntaxError(syntax_error, std::string(sql), where, section_context);
		throw PgError(syntax_error);
	}
	std::vector<PreparedStatement> statements;
	statements.reserve(static_cast<std::size_t>(list_length(parsed)));
	// File lines counted on from the previous statement: one pass over the section.
	std::size_t counted_to = 0;
	std::size_t counted_line = where.first_line;
	for (int i = 0; i < list_length(parsed); i++) {
		auto *raw = static_cast<RawStmt *>(list_nth(parsed, i));
		std::size_t begin = raw->stmt_location < 0 ? 0 : static_cast<std::size_t>(raw->stmt_location);
		std::size_t end = raw->stmt_len == 0 ? sql.size() : begin + static_cast<std::size_t>(raw->stmt_len);
		// The range starts right after the previous semicolon: drop the blanks and comments
		// before the statement and the blanks after it.
		begin = SkipSpaceAndComments(sql, begin, end);
		while (end > begin && IsSqlSpace(sql[end - 1]))
			end--;
		counted_line = FileLineAt(counted_line, sql.substr(counted_to), begin - counted_to);
		counted_to = begin;
		PreparedStatement statement{begin, end, counted_line};
		Refusal refusal = PgCall([&] { return ClassifyStatement(raw->stmt); });
		if (refusal.reason != Refusal::kNone && (refusal.reason != Refusal::kTransactionBlock || options.transactional))
			RefuseStatement(where, statement, refusal, i + 1, options.mode);
		// pgmig runs a non-transactional revision in its own session: a SET, RESET or DISCARD
		// there would outlast the revision (a transactional step's are undone after it).
		if (options.mode == Mode::kStatements && (IsA(raw->stmt, VariableSetStmt) || IsA(raw->stmt, DiscardStmt)))
			RaiseInStep(ContextLine(where, statement.line), ERRCODE_FEATURE_NOT_SUPPORTED,
			            "revision \"" + where.revision + "\" changes the session's settings",
			            "Statement " + std::to_string(i + 1) + " of its " +
			                (where.downgrade ? "downgrade" : "upgrade") + " SQL is " +
			                PgCall([&] { return CreateCommandName(raw->stmt); }) +
			                ", and a non-transactional revision runs statement by statement in pgmig's own session, "
			                "where the change would outlast the revision. Nothing was run.",
			            "Move the statement into a transactional revision, where settings are undone after the step.");
		if (index_tables != nullptr)
			index_tables->push_back(
			    IsA(raw->stmt, IndexStmt) && castNode(IndexStmt, raw->stmt)->concurrent
			        ? std::string(PgCall([&] { return IndexTable(castNode(IndexStmt, raw->stmt)); }))
			        : std::string());
		statements.push_back(statement);
	}
	return statements;
}

/*
 * CheckTransactional: a revision declared "Transactional: false" (CREATE INDEX CONCURRENTLY and
 * the like) cannot run in the call's transaction; refuse the whole plan before anything runs.
 */
void
CheckTransactional(const RevisionGraph &graph, const Plan &plan, Mode mode) {
	for (const Step &step : plan.steps) {
		const Revision *rev = graph.Find(step.revision);
		if (rev != nullptr && !rev->transactional) {
			bool downgrade = plan.direction == Direction::kDowngrade;
			throw MigError(sqlstate::kActiveSqlTransaction,
			               "revision \"" + step.revision + "\" cannot run inside a transaction block",
			               "The revision declares \"Transactional: false\", and " + std::string(FunctionName(mode)) +
			                   " runs every step inside the caller's transaction. Nothing was run.",
			               "Run it with " + PgmigCommand(downgrade) +
			                   ", which runs such revisions statement by statement outside a transaction block.");
		}
	}
}

/*
 * PreparedSteps: the planned steps of a call with everything needed to run them, held so that a
 * run's own memory stays well below the size of its scripts (issue 11: the backend's peak during
 * a 10,000-revision upgrade bounded by the scripts' text), whatever the number of steps:
 * - for every step, what the graph gave (its id, message, the parents its progress line names
 *   and the transactional flag) in one string, its checksum as 32 bytes and the boundaries of its statements (three
 * 32-bit numbers each): about 150 bytes a step;
 * - the file names and the SQL of one window of steps (pg_migrate.step_window, default 256:
 *   some 30 kB of SQL for typical revisions), read from the catalog when a step of it is about
 *   to run (again when a lock retry rewinds to an earlier window).
 * The constructor reads every step's file in the plan's order, a window at a time, and splits
 * its section, so the first bad statement of the plan is reported before any step runs; the run
 * reads each window again and checks that every file's checksum is the one it split (reading a
 * file checks the checksum against the file's SHA-256, integrity.hpp), so a step's SQL that
 * rewrote pg_migrate.revision cannot change what a later step runs.  A plan that fits in one
 * window keeps the first pass's window and reads nothing twice.  The graph is not needed after
 * the constructor, so the caller frees it before the first step runs.
 */
class PreparedSteps {
public:
	PreparedSteps(const RevisionGraph &graph, const Plan &plan, Mode mode);

	std::size_t
	Size() const {
		return steps_.size();
	}
	Direction
	StepDirection() const {
		return direction_;
	}
	std::string_view
	Id(std::size_t i) const {
		return std::string_view(text_).substr(steps_[i].text, steps_[i].id_len);
	}
	std::string_view
	Message(std::size_t i) const {
		return std::string_view(text_).substr(steps_[i].text + steps_[i].id_len, steps_[i].message_len);
	}
	bool
	Transactional(std::size_t i) const {
		return steps_[i].transactional;
	}
	/* Description: the step's progress line, DescribeStep's text. */
	std::string Description(std::size_t i) const;
	/* Checksum: the checksum of the file step i runs, as stored (64 lowercase hex digits). */
	std::string Checksum(std::size_t i) const;
	/* Load: read the window of step i unless it is the one held. */
	void
	Load(std::size_t i) {
		if (i < window_first_ || i >= window_end_)
			LoadWindow(i, false);
	}
	/* Execute: run step i's statements through SPI (Load first). */
	void Execute(std::size_t i);
	/* Release: free the window's file names and SQL (after the last step). */
	void
	Release() {
		std::string().swap(window_);
		std::vector<Body>().swap(bodies_);
		window_first_ = window_end_ = 0;
	}

private:
	/* Steps read from the catalog together: pg_migrate.step_window, read once per call. */
	std::size_t window_steps_ = static_cast<std::size_t>(std::max(1, step_window));

	struct Entry {
		std::size_t text = 0; // id, message and parents, in text_
		std::uint32_t id_len = 0;
		std::uint32_t message_len = 0;
		std::uint32_t parents_len = 0;
		std::uint32_t first_line = 1; // file line of the section's first line
		std::uint32_t statements = 0; // its first statement in statements_
		std::uint32_t statement_count = 0;
		std::array<unsigned char, 32> checksum{};
		bool transactional = true;
	};
	struct StoredStatement {
		std::uint32_t begin = 0;
		std::uint32_t end = 0;
		std::uint32_t line = 1;
	};
	/* Body: a step of the window: its file name and section, in window_. */
	struct Body {
		std::size_t name = 0;
		std::size_t sql = 0;
		std::uint32_t name_len = 0;
		std::uint32_t sql_len = 0;
	};

	void LoadWindow(std::size_t first, bool first_pass);
	StepWhere Where(std::size_t i) const;

	Direction direction_;
	Mode mode_;
	std::string text_;
	std::vector<Entry> steps_;
	std::vector<StoredStatement> statements_;
	std::size_t window_first_ = 0;
	std::size_t window_end_ = 0;
	std::string window_;
	std::vector<Body> bodies_;
};

/* Length32: a length kept in 32 bits; a value of pg_migrate.revision is below 1 GB. */
std::uint32_t
Length32(std::size_t length) {
	if (length > UINT32_MAX)
		throw MigError(sqlstate::kProgramLimitExceeded, "revision text too long");
	return static_cast<std::uint32_t>(length);
}

PreparedSteps::PreparedSteps(const RevisionGraph &graph, const Plan &plan, Mode mode)
    : direction_(plan.direction), mode_(mode) {
	steps_.reserve(plan.steps.size());
	for (const Step &step : plan.steps) {
		const Revision *rev = graph.Find(step.revision);
		Entry entry;
		entry.text = text_.size();
		entry.id_len = Length32(step.revision.size());
		text_ += step.revision;
		if (rev != nullptr) {
			std::string parents = JoinComma(rev->parents);
			entry.message_len = Length32(rev->message.size());
			entry.parents_len = Length32(parents.size());
			text_ += rev->message;
			text_ += parents;
			entry.transactional = rev->transactional;
		}
		steps_.push_back(entry);
	}
	for (std::size_t first = 0; first < steps_.size(); first += window_steps_)
		LoadWindow(first, true);
	if (steps_.size() > window_steps_)
		Release();
}

std::string
PreparedSteps::Description(std::size_t i) const {
	std::string_view parents = std::string_view(text_).substr(steps_[i].text + steps_[i].id_len + steps_[i].message_len,
	                                                          steps_[i].parents_len);
	return DescribeStepText(direction_, Id(i), parents, Message(i));
}

std::string
PreparedSteps::Checksum(std::size_t i) const {
	const auto &checksum = steps_[i].checksum;
	std::string hex(2 * checksum.size(), '\0');
	LowerHexInto(std::string_view(reinterpret_cast<const char *>(checksum.data()), checksum.size()), hex.data());
	return hex;
}

StepWhere
PreparedSteps::Where(std::size_t i) const {
	const Body &body = bodies_[i - window_first_];
	return {std::string(Id(i)), direction_ == Direction::kDowngrade, window_.substr(body.name, body.name_len),
	        steps_[i].first_line};
}

/*
 * LoadWindow: read the files of steps first to first + window_steps_ - 1 and keep their file
 * names and sections.  The first pass also checks each step (the same refusals as before, in
 * the plan's order) and records its checksum, hash and statements; later passes check that each
 * file's checksum is the one the first pass recorded.
 */
void
PreparedSteps::LoadWindow(std::size_t first, bool first_pass) {
	std::size_t end = std::min(steps_.size(), first + window_steps_);
	std::vector<std::string> ids;
	ids.reserve(end - first);
	for (std::size_t i = first; i < end; i++)
		ids.emplace_back(Id(i));
	std::map<std::string, StepSource> sources = LoadStepSources(ids, direction_);
	window_.clear();
	bodies_.clear();
	bodies_.reserve(end - first);
	window_first_ = first;
	window_end_ = first; // until every step of the window is in
	for (std::size_t i = first; i < end; i++) {
		auto found = sources.find(ids[i - first]);
		if (found == sources.end())
			throw MigError(sqlstate::kInternalError, "revision \"" + ids[i - first] + "\" vanished from the catalog");
		// The planner refused irreversible revisions already; this is only reached when the
		// catalog was edited by hand, without the migration lock, since it was read.
		if (!found->second.sql)
			throw MigError(sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision \"" + ids[i - first] + "\" because it is irreversible",
			               "Its downgrade SQL was removed from pg_migrate.revision while the downgrade was being "
			               "planned. Nothing was downgraded.",
			               "Retry the downgrade.");
		StepSource &source = found->second;
		const std::string &sql = *source.sql;
		Body body;
		body.name = window_.size();
		body.name_len = Length32(source.file_name.size());
		window_ += source.file_name;
		// Each section is followed by a NUL of its own, for the raw parser.
		body.sql = window_.size();
		body.sql_len = Length32(sql.size());
		window_ += sql;
		window_ += '\0';
		bodies_.push_back(body);
		Entry &entry = steps_[i];
		// The stored checksum, which reading the file checked against the file's SHA-256.
		std::array<unsigned char, 32> checksum{};
		bool hex = source.checksum.size() == 2 * checksum.size();
		for (std::size_t b = 0; hex && b < checksum.size(); b++) {
			int high = LowerHexValue(source.checksum[2 * b]);
			int low = LowerHexValue(source.checksum[2 * b + 1]);
			hex = high >= 0 && low >= 0;
			checksum[b] = static_cast<unsigned char>(high * 16 + low);
		}
		if (!hex)
			throw MigError(sqlstate::kInternalError, "revision \"" + ids[i - first] + "\" has no SHA-256 checksum");
		if (first_pass) {
			entry.checksum = checksum;
			entry.first_line = Length32(source.first_line);
			window_end_ = i + 1;
			std::vector<PreparedStatement> split =
			    SplitStatements(std::string_view(window_).substr(body.sql, body.sql_len), Where(i),
			                    SplitOptions{mode_, entry.transactional});
			entry.statements = Length32(statements_.size());
			entry.statement_count = Length32(split.size());
			for (const PreparedStatement &statement : split)
				statements_.push_back({Length32(statement.begin), Length32(statement.end), Length32(statement.line)});
		} else if (checksum != entry.checksum) {
			// Raised under the CONTEXT line of the step about to run (the window's first, whose
			// section is already in), where the run stopped, as the errors of its own SQL are.
			StepWhere where = Where(first);
			RaiseInStep(ContextLine(where, where.first_line), ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
			            "revision \"" + ids[i - first] + "\" changed while the migration ran",
			            "Its stored file in " PGM_CATALOG_SCHEMA
			            ".revision is not the one checked before the first step ran: an earlier step's SQL "
			            "changed it. The migration was rolled back; nothing was applied.",
			            "Do not change pg_migrate's catalog from a revision's SQL.");
		}
	}
	window_end_ = end;
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
 * StatementTerminator: while it lives, the byte after a statement in its step's SQL is a NUL,
 * so the statement can be handed to SPI where it lies, without a copy; the byte is put back on
 * leaving the scope, also when an exception unwinds.  At the end of the SQL the NUL is the
 * string's own.
 */
class StatementTerminator {
public:
	StatementTerminator(std::string &sql, std::size_t end) : at_(&sql[end]), saved_(*at_) { *at_ = '\0'; }
	~StatementTerminator() { *at_ = saved_; }
	StatementTerminator(const StatementTerminator &) = delete;
	StatementTerminator &operator=(const StatementTerminator &) = delete;

private:
	char *at_;
	char saved_;
};

/*
 * ExecuteStatement: run one statement of a revision (bytes [begin, end) of sql) through SPI,
 * under the step's error context.  Errors raised by the statement keep their SQLSTATE (PgCall
 * carries the ErrorData unchanged; PlaceStepError only refines the CONTEXT line and the hint of
 * 55P04); the few SPI refusals that are return codes become errors here, while the context
 * callback is still in place.
 */
void
ExecuteStatement(std::string &window, std::size_t base, const PreparedStatement &statement, const StepWhere &where) {
	StatementTerminator terminator(window, base + statement.end);
	const char *text = window.c_str() + base + statement.begin;
	std::string context_line = ContextLine(where, statement.line);
	StepErrorArg context{context_line.c_str()};
	ErrorData *failed = nullptr;
	try {
		PgCall([&] {
			ErrorContextCallback callback;
			callback.callback = StepErrorContext;
			callback.arg = &context;
			callback.previous = error_context_stack;
			error_context_stack = &callback;
			int rc = SPI_execute(text, false, 0);
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
	} catch (const PgError &e) {
		failed = e.Data();
	}
	if (failed != nullptr) {
		PlaceStepError(failed, std::string_view(window).substr(base + statement.begin, statement.end - statement.begin),
		               statement, where, context_line);
		throw PgError(failed);
	}
}

void
PreparedSteps::Execute(std::size_t i) {
	Load(i);
	const Entry &entry = steps_[i];
	std::size_t base = bodies_[i - window_first_].sql;
	StepWhere where = Where(i);
	for (std::uint32_t k = 0; k < entry.statement_count; k++) {
		const StoredStatement &stored = statements_[entry.statements + k];
		ExecuteStatement(window_, base, PreparedStatement{stored.begin, stored.end, stored.line}, where);
	}
}

/* StepTiming: when a step started (wall clock) and how long its statements took. */
struct StepTiming {
	TimestampTz started_at = 0;
	int64_t duration_us = 0;
};

/*
 * RunStep: step i of the prepared steps: the progress NOTICE, its window's files when they are
 * not held (PreparedSteps::Load), the statements.  The duration
 * covers the statements only and is measured on the monotonic clock (instr_time), so a
 * wall-clock adjustment during the step cannot make it wrong or negative; started_at is
 * wall-clock time.  The step's statements run at their own GUC nest level, undone afterwards as
 * a function's SET clause is (what analyze.c does around index functions): a revision's SET,
 * SET ROLE, RESET ALL or set_config does not reach the next step nor the caller, and the log
 * row is written as the role that called.
 */
StepTiming
RunStep(PreparedSteps &prepared, std::size_t i, StepSettings &settings, const StepStatements &run_statements) {
	std::string id(prepared.Id(i));
	ReportProgress(prepared.Description(i), ProgressStep{static_cast<long long>(i + 1),
	                                                     static_cast<long long>(prepared.Size()),
	                                                     DirectionName(prepared.StepDirection()),
	                                                     {id}});
	// The window's files are read before the step's clock and statement timeout start, so a
	// step's duration and timeout are its statements' alone.
	prepared.Load(i);

	Oid caller = InvalidOid;
	int security_context = 0;
	GetUserIdAndSecContext(&caller, &security_context);
	int guc_level = PgCall([] { return NewGUCNestLevel(); });
	TimestampTz started = GetCurrentTimestamp();
	instr_time clock;
	INSTR_TIME_SET_CURRENT(clock);
	settings.BeginStep();
	try {
		run_statements([&] { prepared.Execute(i); });
	} catch (...) {
		// a lock retry runs the step again: the caller's statement timeout back first
		settings.EndStep();
		throw;
	}
	settings.EndStep();
	instr_time elapsed;
	INSTR_TIME_SET_CURRENT(elapsed);
	INSTR_TIME_SUBTRACT(elapsed, clock);
	PgCall([&] {
		AtEOXact_GUC(false, guc_level);
		if (GetUserId() != caller)
			SetUserIdAndSecContext(caller, security_context);
	});
	return {started, static_cast<int64_t>(INSTR_TIME_GET_MICROSEC(elapsed))};
}

/* Relation locks of this backend: "oid mode" strings (pg_locks). */
constexpr const char *kSelectRelationLocks =
    "SELECT pg_catalog.concat(l.relation, ' ', l.mode) FROM pg_catalog.pg_locks l"
    " WHERE l.locktype OPERATOR(pg_catalog.=) 'relation' AND l.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()"
    " AND l.granted AND l.database OPERATOR(pg_catalog.=) $1";

/* The qualified names of the relations among $1 (oids as text) outside the system schemas. */
constexpr const char *kSelectRelationNames =
    "SELECT pg_catalog.concat(c.oid), pg_catalog.concat(pg_catalog.quote_ident(n.nspname), '.',"
    " pg_catalog.quote_ident(c.relname)) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
    " ON n.oid OPERATOR(pg_catalog.=) c.relnamespace WHERE c.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])"
    " AND n.nspname OPERATOR(pg_catalog.<>) ALL ($2::pg_catalog.name[])";

/* RelationLocks: the relation locks this backend holds now, as "oid mode". */
std::set<std::string>
RelationLocks() {
	std::set<std::string> locks;
	for (SpiRow &row : SpiExecute(kSelectRelationLocks, {SpiArg{OIDOID, ObjectIdGetDatum(MyDatabaseId), false}},
	                              SPI_OK_SELECT, false))
		locks.insert(std::move(row[0].text));
	return locks;
}

/*
 * NameLocks: the "oid mode" locks of each rehearsed step as "schema.relation mode", sorted,
 * keeping only relations that exist now, after the rehearsal was rolled back (so those that
 * existed before it), outside pg_catalog, pg_toast and information_schema.
 */
void
NameLocks(std::vector<StepRow> &rows, const std::vector<std::set<std::string>> &taken) {
	std::set<std::string> oids;
	for (const auto &locks : taken)
		for (const std::string &lock : locks)
			oids.insert(lock.substr(0, lock.find(' ')));
	if (oids.empty())
		return;
	std::map<std::string, std::string> names;
	for (SpiRow &row :
	     SpiExecute(kSelectRelationNames,
	                {SpiArg{TEXTARRAYOID, TextArrayDatum({oids.begin(), oids.end()}), false},
	                 SpiArg{TEXTARRAYOID, TextArrayDatum({"pg_catalog", "pg_toast", "information_schema"}), false}},
	                SPI_OK_SELECT, false))
		names[row[0].text] = row[1].text;
	for (std::size_t i = 0; i < rows.size() && i < taken.size(); i++) {
		for (const std::string &lock : taken[i]) {
			std::size_t space = lock.find(' ');
			auto name = names.find(lock.substr(0, space));
			if (name != names.end())
				rows[i].locks.push_back(name->second + lock.substr(space));
		}
		std::sort(rows[i].locks.begin(), rows[i].locks.end());
	}
}

/*
 * Rehearse: run the transactional steps inside an internal subtransaction that is always
 * rolled back, noting the relation locks each step took (pg_locks of this backend before and
 * after it); non-transactional steps are listed, not run.  Nothing stays: no log row, no
 * version change, no object.  An error rolls the subtransaction back and is raised as is.
 */
std::vector<StepRow>
Rehearse(PreparedSteps &prepared) {
	std::vector<StepRow> rows;
	std::vector<std::set<std::string>> taken;
	StepSettings settings;
	MemoryContext old_context = CurrentMemoryContext;
	ResourceOwner old_owner = CurrentResourceOwner;
	PgCall([&] {
		BeginInternalSubTransaction(nullptr);
		MemoryContextSwitchTo(old_context);
	});
	std::exception_ptr failure;
	try {
		for (std::size_t i = 0; i < prepared.Size(); i++) {
			std::string revision(prepared.Id(i));
			if (!prepared.Transactional(i)) {
				rows.push_back({revision, prepared.StepDirection(), std::string(prepared.Message(i)), 0, false, {}});
				taken.emplace_back();
				continue;
			}
			std::set<std::string> before = RelationLocks();
			StepTiming timing = RunStep(prepared, i, settings, [&revision](const std::function<void()> &statements) {
				RunWithLockRetries(revision.c_str(), false, statements);
			});
			rows.push_back(
			    {revision, prepared.StepDirection(), std::string(prepared.Message(i)), timing.duration_us, true, {}});
			std::set<std::string> after = RelationLocks();
			std::set<std::string> added;
			std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
			                    std::inserter(added, added.end()));
			taken.push_back(std::move(added));
		}
	} catch (...) {
		failure = std::current_exception();
	}
	PgCall([&] {
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(old_context);
		CurrentResourceOwner = old_owner;
	});
	if (failure)
		std::rethrow_exception(failure);
	settings.Close();
	NameLocks(rows, taken);
	return rows;
}

/*
 * kLogChunk: log rows written by one WriteLogs call.  One call for a whole run held every row
 * several times over at once (the C++ rows, their copies, the text arrays, the constants the
 * planner folds into the plan, the INSERT's sort and foreign key checks): at 10,000 steps about
 * 20 MB at the run's peak, more than the scripts.  Chunks of 1,000 rows (0.9.0) bound that to
 * about 2 MB at any size, which was still the peak of a 1,000-step run; chunks of 200 (0.10.1)
 * cost about 1 MB less, for one statement more per 200 steps.
 */
constexpr std::size_t kLogChunk = 200;

/*
 * WriteLogsInChunks: the run's log rows, in their order, kLogChunk at a time; each chunk's
 * temporary memory is freed (SPI's executor context, the arrays) before the next is built.
 */
void
WriteLogsInChunks(const PreparedSteps &prepared, const std::vector<StepTiming> &timings) {
	const char *direction = DirectionName(prepared.StepDirection());
	for (std::size_t first = 0; first < timings.size(); first += kLogChunk) {
		std::size_t last = std::min(timings.size(), first + kLogChunk);
		ScratchContext scratch;
		std::vector<LogRow> chunk;
		chunk.reserve(last - first);
		for (std::size_t i = first; i < last; i++)
			chunk.push_back({std::string(prepared.Id(i)), direction, "applied", timings[i].started_at,
			                 IntervalDatum(timings[i].duration_us), prepared.Checksum(i), std::nullopt});
		WriteLogs(chunk);
	}
}

/*
 * RunMigration: the body shared by migrate_upgrade, migrate_downgrade, migrate_run (the first
 * max_steps steps; 0: all) and migrate_rehearse.  The result rows are collected in C++ and
 * written to the tuplestore after SPI_finish.  The whole call is marked as a running
 * migration, so a revision's SQL cannot start another one (reentry.hpp).
 */
Datum
RunMigration(FunctionCallInfo fcinfo, Mode mode, Direction direction, int target_arg, std::size_t max_steps) {
	RefuseOnStandby(FunctionName(mode));
	MigrationScope running(FunctionName(mode));
	if (PG_ARGISNULL(target_arg))
		throw MigError(sqlstate::kNullValueNotAllowed, "target revision must not be null");
	std::string target = TextArg(fcinfo, target_arg);
	SrfWriter out(fcinfo);
	std::vector<StepRow> rows;             // migrate_rehearse
	std::optional<PreparedSteps> prepared; // the others: their rows are made from it
	std::vector<StepTiming> timings;
	{
		SpiConnection spi;
		LockCatalog();
		std::vector<std::string> heads_before;
		std::vector<std::string> heads_after;
		{
			// The graph is freed before the first step runs: PreparedSteps keeps what the steps
			// need of it.
			PlanningCatalog catalog = LoadPlanningCatalog(false);
			const RevisionGraph &graph = catalog.graph;
			Plan plan = direction == Direction::kUpgrade ? PlanUpgrade(graph, catalog.heads, target)
			                                             : PlanDowngrade(graph, catalog.heads, target);
			if (max_steps > 0)
				plan = PlanPrefix(graph, catalog.heads, plan, max_steps);
			if (mode != Mode::kRehearse)
				CheckTransactional(graph, plan, mode);
			prepared.emplace(graph, plan, mode);
			CheckUploaders(graph, plan);
			heads_before = std::move(catalog.heads);
			heads_after = std::move(plan.heads_after);
		}
		if (mode == Mode::kRehearse) {
			rows = Rehearse(*prepared);
		} else {
			bool applied = false;
			if (prepared->Size() > 0) {
				MigrationRun run(direction, target); // before the first step: WAL position, restore point
				StepSettings settings;
				timings.reserve(prepared->Size());
				RunStepsWithLockRetries(
				    prepared->Size(),
				    [&](std::size_t i, const StepStatements &statements) {
					    timings.push_back(RunStep(*prepared, i, settings, statements));
				    },
				    [&](std::size_t first) { timings.resize(first); },
				    [&](std::size_t i) { return std::string(prepared->Id(i)); });
				settings.Close();
				// Every step has run: their SQL is freed before the log, the version and the
				// fingerprint are written.
				prepared->Release();
				WriteLogsInChunks(*prepared, timings);
				applied = true;
			}
			WriteVersion(heads_before, heads_after);
			if (applied)
				RecordSchemaSnapshot(); // the schema this run left, for pgmig drift
		}
		spi.Finish();
	}
	// One result row at a time, its Datums freed before the next (the tuplestore keeps a copy).
	ScratchContext scratch;
	auto put = [&](std::string_view revision, Direction step_direction, std::string_view message, int64_t duration_us,
	               bool rehearsed, const std::vector<std::string> *locks) {
		scratch.Reset();
		Datum values[6] = {TextDatum(std::string(revision)), TextDatum(DirectionName(step_direction)),
		                   TextDatum(std::string(message)),  IntervalDatum(duration_us),
		                   BoolGetDatum(rehearsed),          (Datum)0};
		bool nulls[6] = {false, false, false, false, false, true};
		if (locks != nullptr) {
			values[5] = TextArrayDatum(*locks);
			nulls[5] = !rehearsed;
		}
		out.Put(values, nulls);
	};
	if (mode == Mode::kRehearse) {
		for (const StepRow &row : rows)
			put(row.revision, row.direction, row.message, row.duration_us, row.rehearsed, &row.locks);
	} else {
		for (std::size_t i = 0; i < timings.size(); i++)
			put(prepared->Id(i), prepared->StepDirection(), prepared->Message(i), timings[i].duration_us, true,
			    nullptr);
	}
	prepared.reset();
	std::vector<StepTiming>().swap(timings);
	// What the call allocated is free now; give its pages back to the system when they are many,
	// and again before the commit (its result is freed when the statement ends), so that the
	// commit, which processes every invalidation the steps queued, does not peak on top of them.
	GiveBackFreeMemory();
	TrimMemoryBeforeCommit();
	return (Datum)0;
}

Datum
MigrateUpgrade(FunctionCallInfo fcinfo) {
	return RunMigration(fcinfo, Mode::kUpgrade, Direction::kUpgrade, 0, 0);
}

Datum
MigrateDowngrade(FunctionCallInfo fcinfo) {
	return RunMigration(fcinfo, Mode::kDowngrade, Direction::kDowngrade, 0, 0);
}

/* MigrateRun: migrate_run(direction, target, max_steps). */
Datum
MigrateRun(FunctionCallInfo fcinfo) {
	Direction direction = DirectionArg(fcinfo, 0);
	std::size_t max_steps = 0;
	if (!PG_ARGISNULL(2)) {
		int32 value = PG_GETARG_INT32(2);
		if (value < 1)
			throw MigError(sqlstate::kInvalidParameterValue, "max_steps must be at least 1",
			               "max_steps is " + std::to_string(value) + ".", "Pass NULL to run every step of the plan.");
		max_steps = static_cast<std::size_t>(value);
	}
	return RunMigration(fcinfo, Mode::kRun, direction, 1, max_steps);
}

/* MigrateRehearse: migrate_rehearse(direction, target). */
Datum
MigrateRehearse(FunctionCallInfo fcinfo) {
	Direction direction = DirectionArg(fcinfo, 0);
	return RunMigration(fcinfo, Mode::kRehearse, direction, 1, 0);
}

/* RevisionArg: the revision argument of migrate_statements and migrate_record. */
std::string
RevisionArg(FunctionCallInfo fcinfo, int argno) {
	if (PG_ARGISNULL(argno))
		throw MigError(sqlstate::kNullValueNotAllowed, "revision must not be null");
	return TextArg(fcinfo, argno);
}

/* FindNonTransactional: the revision, which must declare "Transactional: false". */
const Revision &
FindNonTransactional(const RevisionGraph &graph, const std::string &revision, const char *function) {
	const Revision *rev = graph.Find(revision);
	if (rev == nullptr)
		throw MigError(sqlstate::kUndefinedObject, "revision \"" + revision + "\" does not exist",
		               "Non-transactional revisions are named by their full id.",
		               "Upload the script folder with migrate_upload first.");
	if (rev->transactional)
		throw MigError(sqlstate::kObjectNotInPrerequisiteState, "revision \"" + revision + "\" is transactional",
		               std::string(function) +
		                   " is for revisions that declare \"Transactional: false\", which pgmig runs statement "
		                   "by statement outside a transaction block.",
		               "Run transactional revisions with migrate_upgrade, migrate_downgrade or migrate_run.");
	return *rev;
}

/*
 * MigrateStatements: migrate_statements(revision, direction): the statements of a
 * non-transactional revision's section, cut by the raw parser, for pgmig to run one by one in
 * autocommit.  Read under the caller's snapshot; no lock (migrate_record checks the step).
 */
Datum
MigrateStatements(FunctionCallInfo fcinfo) {
	CheckNotInMigration("migrate_statements");
	std::string revision = RevisionArg(fcinfo, 0);
	Direction direction = DirectionArg(fcinfo, 1);
	SrfWriter out(fcinfo);
	std::string sql;
	std::vector<PreparedStatement> statements;
	std::vector<std::string> index_tables;
	bool next_step = true;
	{
		SpiConnection spi;
		PlanningCatalog catalog = LoadPlanningCatalog(true);
		FindNonTransactional(catalog.graph, revision, "migrate_statements");
		try {
			(void)CheckNextStep(catalog.graph, catalog.heads, Step{revision, direction});
		} catch (const MigError &) {
			next_step = false; // listed for a look, but its statements would not run now
		}
		std::map<std::string, StepSource> sources = LoadStepSources({revision}, direction, true);
		auto found = sources.find(revision);
		if (found == sources.end())
			throw MigError(sqlstate::kInternalError, "revision \"" + revision + "\" vanished from the catalog");
		if (!found->second.sql)
			throw MigError(sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision \"" + revision + "\" because it is irreversible",
			               "Revision file \"" + found->second.file_name +
			                   "\" has no \"-- migrate:downgrade\" section.");
		StepWhere where{revision, direction == Direction::kDowngrade, found->second.file_name,
		                found->second.first_line};
		sql = std::move(*found->second.sql);
		statements = SplitStatements(sql, where, SplitOptions{Mode::kStatements, false}, &index_tables);
		spi.Finish();
	}
	// When the step is the next one and this session holds the migration lock at session level
	// (pgmig's runs across transactions), this session's DDL is the revision's, not drift
	// (ddl_guard.cpp), until migrate_record, migrate_log_failure or unlock_session.
	if (next_step && HoldsSessionMigrationLock())
		BeginSessionApply(revision);
	for (std::size_t i = 0; i < statements.size(); i++) {
		const PreparedStatement &statement = statements[i];
		Datum values[4] = {Int32GetDatum(static_cast<int32>(i + 1)), Int32GetDatum(static_cast<int32>(statement.line)),
		                   TextDatum(StatementText(sql, statement)), (Datum)0};
		bool nulls[4] = {false, false, false, index_tables[i].empty()};
		if (!index_tables[i].empty())
			values[3] = TextDatum(index_tables[i]);
		out.Put(values, nulls);
	}
	return (Datum)0;
}

/*
 * MigrateRecord: migrate_record(revision, direction, started_at, duration): after pgmig ran a
 * non-transactional step's statements in autocommit, record it under the migration lock: the
 * step must be the next one from the current heads; then the log row and the version table,
 * in the caller's transaction.
 */
Datum
MigrateRecord(FunctionCallInfo fcinfo) {
	RefuseOnStandby("migrate_record");
	CheckNotInMigration("migrate_record");
	std::string revision = RevisionArg(fcinfo, 0);
	Direction direction = DirectionArg(fcinfo, 1);
	if (PG_ARGISNULL(2))
		throw MigError(sqlstate::kNullValueNotAllowed, "started_at must not be null");
	TimestampTz started_at = PG_GETARG_TIMESTAMPTZ(2);
	Datum duration = PG_ARGISNULL(3) ? IntervalDatum(0) : PG_GETARG_DATUM(3);
	{
		SpiConnection spi;
		LockCatalog();
		PlanningCatalog catalog = LoadPlanningCatalog(false);
		const Revision &rev = FindNonTransactional(catalog.graph, revision, "migrate_record");
		if (direction == Direction::kDowngrade && !rev.reversible)
			throw MigError(sqlstate::kFeatureNotSupported,
			               "cannot downgrade revision \"" + revision + "\" because it is irreversible",
			               "Revision file \"" + rev.source + "\" has no \"-- migrate:downgrade\" section.");
		std::optional<std::string> checksum = LoadChecksum(revision);
		std::vector<std::string> heads = CheckNextStep(catalog.graph, catalog.heads, Step{revision, direction});
		WriteLog({revision, DirectionName(direction), "applied", started_at, duration, checksum, std::nullopt});
		WriteVersion(catalog.heads, heads);
		RecordSchemaSnapshot();
		spi.Finish();
	}
	EndSessionApply();
	return (Datum)0;
}

/*
 * OptionalArg: a text argument, empty when NULL.
 */
std::string
OptionalArg(FunctionCallInfo fcinfo, int argno) {
	return PG_ARGISNULL(argno) ? std::string() : TextArg(fcinfo, argno);
}

/* IsProcedureLine: a CONTEXT line of migrate_upgrade_each or migrate_downgrade_each itself. */
bool
IsProcedureLine(const std::string &line) {
	return line.rfind("PL/pgSQL function migrate_upgrade_each(", 0) == 0 ||
	       line.rfind("PL/pgSQL function migrate_downgrade_each(", 0) == 0 ||
	       line.rfind("SQL statement \"SELECT r.revision ", 0) == 0;
}

/*
 * RaiseStepError: pg_migrate.raise_step_error(sqlstate, message, detail, hint, context): raise
 * again an error that migrate_upgrade_each or migrate_downgrade_each caught (PL/pgSQL's RAISE
 * cannot set the CONTEXT), with its SQLSTATE, message, detail, hint and CONTEXT lines (less
 * those of the procedure, which the new error gets anyway).
 */
Datum
RaiseStepError(FunctionCallInfo fcinfo) {
	std::string code = OptionalArg(fcinfo, 0);
	std::string message = OptionalArg(fcinfo, 1);
	std::string detail = OptionalArg(fcinfo, 2);
	std::string hint = OptionalArg(fcinfo, 3);
	std::string context_text = OptionalArg(fcinfo, 4);
	std::string context;
	std::size_t start = 0;
	while (start < context_text.size()) {
		std::size_t end = context_text.find('\n', start);
		if (end == std::string::npos)
			end = context_text.size();
		std::string line = context_text.substr(start, end - start);
		if (!line.empty() && !IsProcedureLine(line))
			context += (context.empty() ? "" : "\n") + line;
		start = end + 1;
	}
	int sqlerrcode = SqlstateCode(code.c_str());
	PgCall([&] {
		ereport(ERROR, errcode(sqlerrcode), errmsg_internal("%s", message.c_str()),
		        detail.empty() ? 0 : errdetail_internal("%s", detail.c_str()),
		        hint.empty() ? 0 : errhint("%s", hint.c_str()),
		        context.empty() ? 0 : (errcontext("%s", context.c_str())));
	});
	return (Datum)0;
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

PG_FUNCTION_INFO_V1(migrate_run);
Datum
migrate_run(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateRun, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_rehearse);
Datum
migrate_rehearse(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateRehearse, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_statements);
Datum
migrate_statements(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateStatements, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_raise_step_error);
Datum
migrate_raise_step_error(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::RaiseStepError, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_record);
Datum
migrate_record(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::MigrateRecord, fcinfo);
}

} // extern "C"
