/*
 * db.hpp: the libpq layer of pgmig: RAII handles, parameterised queries only (PQexecParams,
 * never SQL spliced with values), server errors as DbError with their SQLSTATE and fields,
 * and server notices routed to a handler.
 */
#pragma once

#include "error.hpp"

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
	        std::string context = {})
	    : pgm::MigError(std::move(sqlstate), std::move(message), std::move(detail), std::move(hint)),
	      context_(std::move(context)) {}

	const std::string &
	Context() const {
		return context_;
	}

private:
	std::string context_;
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

class Connection {
public:
	/*
	 * Connection: connect with conninfo (a URL or key=value string; empty = libpq's PG*
	 * variables and service file).  application_name defaults to "pgmig".
	 * Throws DbError 08001 with libpq's message.
	 */
	explicit Connection(const std::string &conninfo);

	/*
	 * Exec: run one statement with text parameters; returns the result of a successful
	 * command, throws DbError otherwise.
	 */
	ResultPtr Exec(const std::string &sql, const std::vector<Param> &params = {});

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
};

/*
 * CancelOnInterrupt: while alive, SIGINT and SIGTERM send a cancel request for conn's
 * running query (PQcancel is async-signal-safe), so an interrupted upgrade fails at once
 * with the server's 57014 and is rolled back instead of running on unattended.  A second
 * signal gets the default action.
 */
class CancelOnInterrupt {
public:
	explicit CancelOnInterrupt(Connection &conn);
	~CancelOnInterrupt();
	CancelOnInterrupt(const CancelOnInterrupt &) = delete;
	CancelOnInterrupt &operator=(const CancelOnInterrupt &) = delete;
};

/* ErrorFromResult: the DbError for a failed result (res may be null). */
DbError ErrorFromResult(const PGresult *res, PGconn *conn);

/* PrintNotice: the default notice handler: "pgmig: notice: ..." (and detail, hint) on stderr. */
void PrintNotice(const PGresult *res);

/*
 * ExtensionSchema: the schema pg_migrate is installed in, quoted for use in SQL.  Throws
 * 55000 "extension "pg_migrate" is not installed in database "X"" when it is not.
 */
std::string ExtensionSchema(Connection &conn);

/* TextArrayLiteral: a text[] input literal of values, every element quoted and escaped. */
std::string TextArrayLiteral(const std::vector<std::string> &values);

/* ByteaArrayLiteral: a bytea[] input literal of values in hex (\x...) format; binary-safe. */
std::string ByteaArrayLiteral(const std::vector<std::string> &values);

} // namespace pgmig
