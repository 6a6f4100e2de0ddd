/*
 * db.hpp: the libpq layer of pgmig: RAII handles, parameterised queries only (PQexecParams,
 * never SQL spliced with values), server errors as DbError with their SQLSTATE and fields,
 * and server notices routed to a handler.
 */
#pragma once

#include "core/error.hpp"

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgmig {

/*
 * DbError: an error reported by the server or by libpq.  The SQLSTATE is the server's
 * (PG_DIAG_SQLSTATE); libpq's own failures get 08001 (could not connect) or 08006 (the
 * connection was lost).  Context is the server's CONTEXT field.
 */
class DbError : public pgm::MigError {
public:
	DbError(std::string sqlstate, std::string message, std::string detail = {}, std::string hint = {},
	        std::string context = {}, int position = 0, std::string internal_query = {}, int internal_position = 0)
	    : pgm::MigError(std::move(sqlstate), std::move(message), std::move(detail), std::move(hint)),
	      context_(std::move(context)), position_(position), internal_query_(std::move(internal_query)),
	      internal_position_(internal_position) {}

	const std::string &
	Context() const {
		return context_;
	}
	/* Position: the server's PG_DIAG_STATEMENT_POSITION (1-based, in characters), 0 when absent. */
	int
	Position() const {
		return position_;
	}
	/*
	 * InternalQuery: the server's PG_DIAG_INTERNAL_QUERY: the statement of a revision that
	 * failed inside a migration function; empty when absent.
	 */
	const std::string &
	InternalQuery() const {
		return internal_query_;
	}
	/* InternalPosition: PG_DIAG_INTERNAL_POSITION (1-based, in characters of InternalQuery), 0 when absent. */
	int
	InternalPosition() const {
		return internal_position_;
	}
	/*
	 * Locate: the error of a revision's statement, shown with its place in the local file:
	 * context replaces the CONTEXT (its step line is in location), location is what
	 * FormatErrorLocation wrote (error_location.hpp), printed after the error's lines.
	 */
	void
	Locate(std::string context, std::string location) {
		if (server_context_.empty())
			server_context_ = context_;
		context_ = std::move(context);
		location_ = std::move(location);
	}
	/* ServerContext: the CONTEXT as the server sent it, also after Locate. */
	const std::string &
	ServerContext() const {
		return server_context_.empty() ? context_ : server_context_;
	}
	const std::string &
	Location() const {
		return location_;
	}

private:
	std::string context_;
	int position_ = 0;
	std::string internal_query_;
	int internal_position_ = 0;
	std::string location_;
	std::string server_context_;
};

/*
 * Interrupted: the run was stopped by SIGINT or SIGTERM: "canceled by user", with a DETAIL
 * saying what became of the work (kInterruptedDetail unless the caller knows better, e.g. which
 * revisions were committed before the interrupt); main exits with 130 for it.
 */
inline constexpr const char *kInterruptedDetail =
    "The running statement was canceled and its transaction rolled back: nothing was changed.";

class Interrupted : public DbError {
public:
	explicit Interrupted(std::string detail = kInterruptedDetail)
	    : DbError("57014", "canceled by user", std::move(detail)) {}
	/*
	 * Interrupted: for cause, the error the interrupt led to (the server's "canceling statement
	 * due to user request"): its CONTEXT (where the work stopped) and HINT are kept, and its
	 * DETAIL unless detail is given.
	 */
	explicit Interrupted(const pgm::MigError &cause, std::string detail = {})
	    : DbError("57014", "canceled by user",
	              !detail.empty()           ? std::move(detail)
	              : !cause.Detail().empty() ? cause.Detail()
	                                        : std::string(kInterruptedDetail),
	              cause.Hint(),
	              dynamic_cast<const DbError *>(&cause) ? static_cast<const DbError &>(cause).Context() : "") {}
};

struct PGconnDeleter {
	void
	operator()(PGconn *conn) const noexcept {
		PQfinish(conn);
	}
};
struct PGresultDeleter {
	void
	operator()(PGresult *res) const noexcept {
		PQclear(res);
	}
};
using ConnPtr = std::unique_ptr<PGconn, PGconnDeleter>;
using ResultPtr = std::unique_ptr<PGresult, PGresultDeleter>;

/* NoticeHandler: called for each NOTICE/WARNING/INFO the server sends; must not throw. */
using NoticeHandler = std::function<void(const PGresult *)>;

/* Param: one query parameter in text format; nullopt is SQL NULL. */
using Param = std::optional<std::string>;

/*
 * TypedParam: one query parameter with its type's OID (0: inferred by the server) and its
 * format: text, or binary (the type's binary transfer format, e.g. core/binary_array.hpp).
 */
struct TypedParam {
	Param value;
	unsigned type = 0;
	bool binary = false;
};

/*
 * CancelSlot: a connection's place among those whose running query a SIGINT or SIGTERM cancels
 * (its PGcancel handle, fetched once, so that the signal handler only calls PQcancel, which is
 * async-signal-safe).  While any connection holds a slot, pgmig catches both signals: the
 * first cancels every connection's running query and sets InterruptReceived(); a second one
 * exits at once with 130.  Every Connection holds one for its whole life.
 */
class CancelSlot {
public:
	CancelSlot() = default;
	explicit CancelSlot(PGconn *conn);
	CancelSlot(CancelSlot &&other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
	CancelSlot &
	operator=(CancelSlot &&other) noexcept {
		if (this != &other) {
			Release();
			slot_ = other.slot_;
			other.slot_ = -1;
		}
		return *this;
	}
	CancelSlot(const CancelSlot &) = delete;
	CancelSlot &operator=(const CancelSlot &) = delete;
	~CancelSlot() { Release(); }

private:
	void Release() noexcept;
	int slot_ = -1; // -1: none (not connected, or every slot taken)
};

/*
 * InterruptCleanup: while alive, queries run even after an interrupt (ROLLBACK, recording the
 * failed step, dropping a shadow database, reading where the database is now); otherwise a
 * query sent after a SIGINT or SIGTERM throws Interrupted before it reaches the server, so a
 * signal that came between two statements still stops the run.
 */
class InterruptCleanup {
public:
	InterruptCleanup();
	~InterruptCleanup();
	InterruptCleanup(const InterruptCleanup &) = delete;
	InterruptCleanup &operator=(const InterruptCleanup &) = delete;
};

/*
 * ThrowIfInterrupted: throw Interrupted(detail) when a SIGINT or SIGTERM arrived and no
 * InterruptCleanup is alive.
 */
void ThrowIfInterrupted(const std::string &detail = kInterruptedDetail);

class Connection {
public:
	/*
	 * Connection: connect with conninfo (a URL or key=value string; empty = libpq's PG*
	 * variables and service file).  application_name defaults to "pgmig".
	 * Throws DbError 08001 with libpq's message.
	 */
	explicit Connection(const std::string &conninfo);
	/*
	 * Connection: connect with conninfo, but to database dbname (conninfo's other settings,
	 * such as host, port, user and password, are kept).
	 */
	Connection(const std::string &conninfo, const std::string &dbname);

	/*
	 * Exec: run one statement with text parameters; returns the result of a successful
	 * command, throws DbError otherwise.
	 */
	ResultPtr Exec(const std::string &sql, const std::vector<Param> &params = {});

	/* ExecTyped: Exec with typed parameters, each in text or binary format. */
	ResultPtr ExecTyped(const std::string &sql, const std::vector<TypedParam> &params);

	/*
	 * ExecScript: run sql, which may hold several statements, with the simple query protocol
	 * (PQexec, no parameters: for the user's own SQL files only).  Throws DbError (with the
	 * statement position) when a statement fails.
	 */
	void ExecScript(const std::string &sql);

	/*
	 * Send: start one statement as Exec runs it, without waiting for it, so that the server
	 * works on it while pgmig does something else (such as a query on another connection).
	 * Collect its result with Wait() before the next query on this connection.  Throws
	 * DbError when it cannot be sent.
	 */
	void Send(const std::string &sql, const std::vector<Param> &params = {});

	/*
	 * Wait: wait for the statement Send started and return its result as Exec would: the
	 * result of a successful command, DbError otherwise.
	 */
	ResultPtr Wait();

	/*
	 * ResultReady: Wait() would not block: the result of the statement Send started arrived
	 * (or the connection failed).  Never blocks.
	 */
	bool ResultReady();

	/* Alive: the connection is still usable (not lost). */
	bool Alive() const;
	/* SetNoticeHandler: route server notices to handler (default: PrintNotice). */
	void SetNoticeHandler(NoticeHandler handler);
	/* Database: the database connected to. */
	std::string Database() const;
	/* QuoteIdentifier: name quoted as an SQL identifier (PQescapeIdentifier). */
	std::string QuoteIdentifier(const std::string &name) const;

	PGconn *
	Get() const {
		return conn_.get();
	}

private:
	ConnPtr conn_;
	std::unique_ptr<NoticeHandler> notice_; // heap-allocated: libpq keeps a pointer to it
	CancelSlot cancel_slot_;                // released before conn_ is closed
};

/*
 * CancelOnInterrupt: while alive, SIGINT and SIGTERM send a cancel request for conn's
 * running query (PQcancel is async-signal-safe), so an interrupted upgrade fails at once
 * with the server's 57014 and is rolled back instead of running on unattended.  A second
 * signal exits at once (130).  Every Connection's running query is cancelled anyway (CancelSlot);
 * these guards remain for the flag-only form and for callers that name the query to cancel.
 */
class CancelOnInterrupt {
public:
	explicit CancelOnInterrupt(Connection &conn);
	/*
	 * CancelOnInterrupt: only catch the signals (InterruptReceived), cancelling nothing, so a
	 * command with several connections can clean up between its queries.  Guards nest: an
	 * inner guard cancels its own connection's query and gives the outer one back at its end.
	 */
	CancelOnInterrupt();
	/* Alongside: the tag of the constructor below. */
	struct Alongside {};
	/*
	 * CancelOnInterrupt: cancel conn's running query too, alongside the innermost guard's, for
	 * a query left running (Connection::Send) while other connections run theirs under guards
	 * of their own.  Such guards do not nest: a few (up to 4) may be alive at once, and they
	 * may end in any order.
	 */
	CancelOnInterrupt(Connection &conn, Alongside);
	~CancelOnInterrupt();
	CancelOnInterrupt(const CancelOnInterrupt &) = delete;
	CancelOnInterrupt &operator=(const CancelOnInterrupt &) = delete;

private:
	void Install(PGcancel *cancel);
	PGcancel *own_ = nullptr;      // this guard's cancel handle (null: flag only)
	PGcancel *previous_ = nullptr; // the outer guard's, active again at the end
	int slot_ = -1;                // an Alongside guard's place in the set cancelled alongside
};

/* InterruptReceived: a SIGINT or SIGTERM arrived while a CancelOnInterrupt was alive. */
bool InterruptReceived();

/* ErrorFromResult: the DbError for a failed result (res may be null). */
DbError ErrorFromResult(const PGresult *res, PGconn *conn);

/* PrintNotice: the default notice handler: "pgmig: notice: ..." (and detail, hint) on stderr. */
void PrintNotice(const PGresult *res);

/*
 * ExtensionSchema: the schema pg_migrate is installed in, quoted for use in SQL.  Throws
 * 55000 "extension "pg_migrate" is not installed in database "X"" when it is not.  Warns
 * (WarnIfExtensionOlder) when the installed version is older than pgmig.  With version, also
 * the installed version.
 */
std::string ExtensionSchema(Connection &conn, std::string *version = nullptr);

/*
 * StoredState: what pg_migrate.stored_state(digest, direction, target) (0.10.0) answered: the
 * extension's version, whether the run would do nothing (nullopt: it cannot tell), the lines of
 * pgmig current when the database stored this folder and is at its heads (nullopt otherwise),
 * and, when asked for a migration's session, whether the server is a standby.
 */
struct StoredState {
	std::string extversion;
	std::optional<bool> nothing_to_do;
	std::optional<std::vector<std::string>> current_lines;
	bool standby = false;
};

/*
 * AskStoredState: the first statement of pgmig current and of the no-op check from 0.10.0 on:
 * pg_migrate.stored_state, in the catalog schema whose name pgmig knows, so that nothing else is
 * looked up first, and which reads pg_migrate.folder_state alone (on a new session each relation
 * a statement touches costs its catalog reads).  With a check interval (a migration's session),
 * the same statement sets client_connection_check_interval to it and asks pg_is_in_recovery().
 * nullopt, the session still fit, when the server cannot answer: no catalog schema (the extension
 * is not installed), an extension older than 0.10.0, or a role without USAGE on the schema or
 * EXECUTE on the function (42501, 3F000, 42883); the caller then asks as before.  Warns
 * (WarnIfExtensionOlder) when the extension is older than pgmig.
 */
std::optional<StoredState> AskStoredState(Connection &conn, const std::string &digest, const std::string &direction,
                                          const std::string &target, const char *check_interval = nullptr);

/*
 * StoredStateWarmUp: AskStoredState's statement with no digest, sent when a caller opened its
 * session before its folder was hashed (a large folder): a new backend's first statement reads
 * the catalogs and the function it uses into its caches, about 4 ms against 1 for SELECT 1
 * (PostgreSQL 15, docs/benchmarks.md), and here that overlaps the hashing, so that
 * AskStoredState finds the caches warm.  Without a digest the function tells nothing of the
 * folder (docs/design.md), and the answer is not used; its errors are left to AskStoredState.
 * Finish() (or the destructor) collects it before the next statement.
 */
class StoredStateWarmUp {
public:
	StoredStateWarmUp(Connection &conn, const std::string &direction, const std::string &target,
	                  const char *check_interval = nullptr);
	StoredStateWarmUp(const StoredStateWarmUp &) = delete;
	StoredStateWarmUp &operator=(const StoredStateWarmUp &) = delete;
	~StoredStateWarmUp();
	void Finish();

private:
	Connection &conn_;
	bool pending_ = false;
};

/* ParseTextArray: the elements of a one-dimensional text[] output ({a,"b c"}); NULLs skipped. */
std::vector<std::string> ParseTextArray(const std::string &text);

/* ExtensionInfo: where pg_migrate is installed in a database, and what of it pgmig may call. */
struct ExtensionInfo {
	std::string schema;         // quoted, as ExtensionSchema returns it
	std::string version;        // extversion
	bool snapshot_text = false; // migrate_snapshot_text() exists (0.8.0 and later) and the role may call it
};

/*
 * ReadExtension: ExtensionSchema (with its error and warning), in the same query the version
 * and whether the role may call migrate_snapshot_text().
 */
ExtensionInfo ReadExtension(Connection &conn);

/*
 * OlderVersion: whether dotted version a is older than b, number by number ("0.5.0" < "0.6.0",
 * "0.10.0" > "0.9.1"); a part that is not a number compares as 0.
 */
bool OlderVersion(const std::string &a, const std::string &b);

/*
 * WarnIfExtensionOlder: print, once per run, "extension "pg_migrate" in database "X" is version
 * V, older than pgmig W" with a hint naming ALTER EXTENSION pg_migrate UPDATE, when extversion
 * is older than pgmig's own version (a client newer than the server works, without what the
 * newer functions add; a newer extension than the client is fine).
 */
void WarnIfExtensionOlder(const Connection &conn, const std::string &extversion);

/*
 * RollbackAfterError: after a statement of an open transaction failed, ROLLBACK when the
 * connection is still alive; an error of the ROLLBACK itself is ignored (the first error is
 * the one to report).
 */
void RollbackAfterError(Connection &conn);

/* OptionalValue: the value at row, col of res; nullopt for SQL NULL. */
std::optional<std::string> OptionalValue(const PGresult *res, int row, int col);

/* TextArrayLiteral: a text[] input literal of values, every element quoted and escaped. */
std::string TextArrayLiteral(const std::vector<std::string> &values);

/* ByteaLiteral: bytes as a bytea input literal in hex format (\x...); binary-safe. */
std::string ByteaLiteral(const std::string &bytes);

/* ByteaArrayLiteral: a bytea[] input literal of values in hex (\x...) format; binary-safe. */
std::string ByteaArrayLiteral(const std::vector<std::string> &values);

} // namespace pgmig
