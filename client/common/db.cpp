/*
 * db.cpp: libpq connection, queries, errors and notices.
 */
#include "client/common/db.hpp"

#include "client/common/context.hpp"
#include "client/common/output.hpp"
#include "client/version.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <utility>
#include <unistd.h>

namespace pgmig {

namespace {

std::string
Field(const PGresult *res, int code) {
	const char *v = res ? PQresultErrorField(res, code) : nullptr;
	return v ? std::string(v) : std::string();
}

/* NoticeTrampoline: libpq's C callback; no exception may cross back into libpq. */
void
NoticeTrampoline(void *arg, const PGresult *res) {
	try {
		(*static_cast<NoticeHandler *>(arg))(res);
	} catch (...) {
		// A failed notice print must not abort the migration it reports on.
	}
}

/*
 * The cancel handle the signal handler uses (the innermost CancelOnInterrupt's), whether a
 * signal came, and how many users of the handlers are alive (guards and connections): the
 * handlers are installed by the first and the previous ones restored by the last.
 */
PGcancel *volatile active_cancel = nullptr;
volatile std::sig_atomic_t interrupt_received = 0;
int handler_users = 0;
int cleanup_depth = 0;
struct sigaction previous_int, previous_term;

/*
 * The cancel handles of the Alongside guards: queries left running on their connections
 * while the innermost guard's runs; the signal handler cancels them all.
 */
constexpr int kAlongsideSlots = 4;
PGcancel *volatile alongside_cancel[kAlongsideSlots] = {};

/* The cancel handles of the open connections (CancelSlot); more than this many are not cancelled. */
constexpr int kConnectionSlots = 32;
PGcancel *volatile connection_cancel[kConnectionSlots] = {};

/*
 * CancelHandler: only async-signal-safe calls (PQcancel, write, _exit).  The first signal
 * cancels what runs and lets the run unwind (rollback, shadow databases dropped); a second
 * one, while that cleanup runs, exits at once.
 */
void
CancelHandler(int) {
	if (interrupt_received != 0) {
		static const char msg[] = "pgmig: error: canceled by user (second interrupt): exiting without cleaning up\n";
		ssize_t ignored = write(2, msg, sizeof(msg) - 1);
		(void)ignored;
		_exit(130);
	}
	interrupt_received = 1;
	char errbuf[256];
	PGcancel *cancel = active_cancel;
	if (cancel != nullptr)
		PQcancel(cancel, errbuf, sizeof(errbuf));
	for (int i = 0; i < kAlongsideSlots; i++) {
		PGcancel *other = alongside_cancel[i];
		if (other != nullptr)
			PQcancel(other, errbuf, sizeof(errbuf));
	}
	for (int i = 0; i < kConnectionSlots; i++) {
		PGcancel *other = connection_cancel[i];
		if (other != nullptr && other != cancel)
			PQcancel(other, errbuf, sizeof(errbuf));
	}
}

/* CatchSignals, ReleaseSignals: the handlers are installed by the first user, removed by the last. */
void
CatchSignals() {
	if (handler_users++ == 0) {
		struct sigaction sa {};
		sa.sa_handler = CancelHandler;
		sigemptyset(&sa.sa_mask);
		sigaddset(&sa.sa_mask, SIGINT);
		sigaddset(&sa.sa_mask, SIGTERM);
		sigaction(SIGINT, &sa, &previous_int);
		sigaction(SIGTERM, &sa, &previous_term);
	}
}

void
ReleaseSignals() {
	if (--handler_users == 0) {
		sigaction(SIGINT, &previous_int, nullptr);
		sigaction(SIGTERM, &previous_term, nullptr);
	}
}

/* CheckNotInterrupted: before a query is sent (see InterruptCleanup). */
void
CheckNotInterrupted() {
	ThrowIfInterrupted();
}

} // namespace

void
CancelOnInterrupt::Install(PGcancel *cancel) {
	own_ = cancel;
	previous_ = active_cancel;
	active_cancel = cancel;
	CatchSignals();
}

CancelOnInterrupt::CancelOnInterrupt(Connection &conn) {
	Install(PQgetCancel(conn.Get()));
}

CancelOnInterrupt::CancelOnInterrupt() {
	Install(nullptr);
}

CancelOnInterrupt::CancelOnInterrupt(Connection &conn, Alongside) {
	int slot = 0;
	while (slot < kAlongsideSlots && alongside_cancel[slot] != nullptr)
		slot++;
	if (slot == kAlongsideSlots)
		throw DbError(pgm::sqlstate::kInternalError, "too many queries running at once");
	own_ = PQgetCancel(conn.Get());
	slot_ = slot;
	alongside_cancel[slot] = own_;
	CatchSignals();
}

CancelOnInterrupt::~CancelOnInterrupt() {
	ReleaseSignals();
	if (slot_ >= 0)
		alongside_cancel[slot_] = nullptr;
	else
		active_cancel = previous_;
	PQfreeCancel(own_);
}

bool
InterruptReceived() {
	return interrupt_received != 0;
}

CancelSlot::CancelSlot(PGconn *conn) {
	PGcancel *cancel = PQgetCancel(conn);
	if (cancel == nullptr)
		return;
	for (int i = 0; i < kConnectionSlots; i++)
		if (connection_cancel[i] == nullptr) {
			connection_cancel[i] = cancel;
			slot_ = i;
			CatchSignals();
			return;
		}
	PQfreeCancel(cancel);
}

/* Release: the slot is emptied before the handle is freed, so the handler never sees a freed one. */
void
CancelSlot::Release() noexcept {
	if (slot_ < 0)
		return;
	PGcancel *cancel = connection_cancel[slot_];
	connection_cancel[slot_] = nullptr;
	slot_ = -1;
	ReleaseSignals();
	PQfreeCancel(cancel);
}

InterruptCleanup::InterruptCleanup() {
	cleanup_depth++;
}

InterruptCleanup::~InterruptCleanup() {
	cleanup_depth--;
}

void
ThrowIfInterrupted(const std::string &detail) {
	if (interrupt_received != 0 && cleanup_depth == 0)
		throw Interrupted(detail);
}

Connection::Connection(const std::string &conninfo) : Connection(conninfo, std::string()) {}

/*
 * Connection: with expand_dbname, only the first "dbname" is read as a connection string; a
 * second one is a plain database name and overrides the one the string gave.
 */
Connection::Connection(const std::string &conninfo, const std::string &dbname) {
	// Only what pgmig needs is set explicitly: everything else (host, user, password, ...)
	// comes from conninfo, then libpq's PG* variables and service file.
	std::vector<const char *> keys{"fallback_application_name"};
	std::vector<const char *> values{"pgmig"};
	if (!conninfo.empty()) {
		keys.push_back("dbname");
		values.push_back(conninfo.c_str());
	}
	if (!dbname.empty()) {
		keys.push_back("dbname");
		values.push_back(dbname.c_str());
	}
	keys.push_back(nullptr);
	values.push_back(nullptr);
	conn_.reset(PQconnectdbParams(keys.data(), values.data(), /* expand_dbname */ 1));
	if (!conn_)
		throw DbError(sqlstate::kUnableToConnect, "out of memory");
	if (PQstatus(conn_.get()) != CONNECTION_OK)
		throw DbError(sqlstate::kUnableToConnect, StripTrailingNewline(PQerrorMessage(conn_.get())));
	SetNoticeHandler(PrintNotice);
	cancel_slot_ = CancelSlot(conn_.get());
}

ResultPtr
Connection::Exec(const std::string &sql, const std::vector<Param> &params) {
	CheckNotInterrupted();
	std::vector<const char *> values;
	for (const Param &p : params)
		values.push_back(p ? p->c_str() : nullptr);
	ResultPtr res(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
	                           nullptr, nullptr, 0));
	ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		throw ErrorFromResult(res.get(), conn_.get());
	return res;
}

ResultPtr
Connection::ExecTyped(const std::string &sql, const std::vector<TypedParam> &params) {
	CheckNotInterrupted();
	std::vector<const char *> values;
	std::vector<Oid> types;
	std::vector<int> lengths, formats;
	for (const TypedParam &p : params) {
		values.push_back(p.value ? p.value->data() : nullptr);
		types.push_back(p.type);
		lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
		formats.push_back(p.binary ? 1 : 0);
	}
	ResultPtr res(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), types.data(), values.data(),
	                           lengths.data(), formats.data(), 0));
	ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		throw ErrorFromResult(res.get(), conn_.get());
	return res;
}

void
Connection::ExecScript(const std::string &sql) {
	CheckNotInterrupted();
	ResultPtr res(PQexec(conn_.get(), sql.c_str()));
	ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
	if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR)
		throw ErrorFromResult(res.get(), conn_.get());
	// COPY ... FROM STDIN fails (there is no data to send); COPY ... TO STDOUT is discarded.
	if (status == PGRES_COPY_IN)
		PQputCopyEnd(conn_.get(), "COPY FROM STDIN is not supported here");
	if (status == PGRES_COPY_OUT) {
		char *buffer = nullptr;
		while (PQgetCopyData(conn_.get(), &buffer, 0) > 0)
			PQfreemem(buffer);
	}
	if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
		ResultPtr failed;
		for (ResultPtr next(PQgetResult(conn_.get())); next; next.reset(PQgetResult(conn_.get())))
			if (PQresultStatus(next.get()) == PGRES_FATAL_ERROR && !failed)
				failed = std::move(next);
		if (failed || PQstatus(conn_.get()) == CONNECTION_BAD)
			throw ErrorFromResult(failed.get(), conn_.get());
	}
}

void
Connection::Send(const std::string &sql, const std::vector<Param> &params) {
	CheckNotInterrupted();
	std::vector<const char *> values;
	for (const Param &p : params)
		values.push_back(p ? p->c_str() : nullptr);
	if (PQsendQueryParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
	                      nullptr, 0) == 0)
		throw ErrorFromResult(nullptr, conn_.get());
}

/* Wait: like PQexecParams, the last result, or the first failure among them. */
ResultPtr
Connection::Wait() {
	ResultPtr last, failed;
	for (ResultPtr next(PQgetResult(conn_.get())); next; next.reset(PQgetResult(conn_.get()))) {
		ExecStatusType status = PQresultStatus(next.get());
		if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
			last = std::move(next);
		else if (!failed)
			failed = std::move(next);
	}
	if (failed || !last)
		throw ErrorFromResult(failed.get(), conn_.get());
	return last;
}

bool
Connection::ResultReady() {
	// A failed read leaves the error for Wait() to report.
	return PQconsumeInput(conn_.get()) == 0 || PQisBusy(conn_.get()) == 0;
}

bool
Connection::Alive() const {
	return conn_ && PQstatus(conn_.get()) == CONNECTION_OK;
}

void
Connection::SetNoticeHandler(NoticeHandler handler) {
	auto next = std::make_unique<NoticeHandler>(std::move(handler));
	PQsetNoticeReceiver(conn_.get(), NoticeTrampoline, next.get());
	notice_ = std::move(next);
}

std::string
Connection::Database() const {
	const char *db = PQdb(conn_.get());
	return db ? db : "";
}

std::string
Connection::QuoteIdentifier(const std::string &name) const {
	char *quoted = PQescapeIdentifier(conn_.get(), name.c_str(), name.size());
	if (quoted == nullptr)
		throw DbError(pgm::sqlstate::kInvalidParameterValue, StripTrailingNewline(PQerrorMessage(conn_.get())));
	std::string out(quoted);
	PQfreemem(quoted);
	return out;
}

/*
 * ErrorFromResult: the server's fields when it sent an error; libpq's message otherwise.
 * A lost connection is reported as such even when the server said why (57P01 after
 * pg_terminate_backend), since what the user needs to know is that nothing more ran.
 */
DbError
ErrorFromResult(const PGresult *res, PGconn *conn) {
	bool lost = conn == nullptr || PQstatus(conn) == CONNECTION_BAD;
	std::string state = Field(res, PG_DIAG_SQLSTATE);
	std::string message = Field(res, PG_DIAG_MESSAGE_PRIMARY);
	// When the socket closed, the result holds only libpq's "server closed the connection
	// unexpectedly"; the connection's message also has the server's reason (a FATAL line).
	if (message.empty() && lost && conn)
		message = StripTrailingNewline(PQerrorMessage(conn));
	if (message.empty() && res)
		message = StripTrailingNewline(PQresultErrorMessage(res));
	if (message.empty() && conn)
		message = StripTrailingNewline(PQerrorMessage(conn));
	std::string detail = Field(res, PG_DIAG_MESSAGE_DETAIL);
	if (lost) {
		if (state.empty())
			state = sqlstate::kConnectionFailure;
		std::string lost_text = "The connection to the server was lost.";
		detail = detail.empty() ? lost_text : detail + "\n" + lost_text;
	}
	if (state.empty())
		state = pgm::sqlstate::kInternalError;
	std::string position = Field(res, PG_DIAG_STATEMENT_POSITION);
	std::string internal_position = Field(res, PG_DIAG_INTERNAL_POSITION);
	return DbError(state, message, detail, Field(res, PG_DIAG_MESSAGE_HINT), Field(res, PG_DIAG_CONTEXT),
	               position.empty() ? 0 : std::atoi(position.c_str()), Field(res, PG_DIAG_INTERNAL_QUERY),
	               internal_position.empty() ? 0 : std::atoi(internal_position.c_str()));
}

void
PrintNotice(const PGresult *res) {
	std::string level = Field(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	for (char &c : level)
		c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	if (level.empty())
		level = "notice";
	PrintDiagnostic(Diagnostic{level,
	                           Field(res, PG_DIAG_MESSAGE_PRIMARY),
	                           Field(res, PG_DIAG_MESSAGE_DETAIL),
	                           Field(res, PG_DIAG_MESSAGE_HINT),
	                           {}});
}

bool
OlderVersion(const std::string &a, const std::string &b) {
	auto parts = [](const std::string &v) {
		std::vector<long> out;
		std::size_t start = 0;
		while (start <= v.size()) {
			std::size_t end = v.find('.', start);
			if (end == std::string::npos)
				end = v.size();
			std::string part = v.substr(start, end - start);
			bool digits =
			    !part.empty() && part.size() < 10 && part.find_first_not_of("0123456789") == std::string::npos;
			out.push_back(digits ? std::stol(part) : 0);
			start = end + 1;
		}
		return out;
	};
	std::vector<long> x = parts(a), y = parts(b);
	std::size_t n = std::max(x.size(), y.size());
	x.resize(n, 0);
	y.resize(n, 0);
	return x < y;
}

void
WarnIfExtensionOlder(const Connection &conn, const std::string &extversion) {
	static bool warned = false;
	if (warned || !OlderVersion(extversion, PGMIG_VERSION))
		return;
	warned = true;
	PrintDiagnostic(Diagnostic{"warning",
	                           "extension \"pg_migrate\" in database \"" + conn.Database() + "\" is version " +
	                               extversion + ", older than pgmig " + PGMIG_VERSION,
	                           "",
	                           "Run ALTER EXTENSION pg_migrate UPDATE; in that database, as the extension's owner or a "
	                           "superuser, to get what pgmig " PGMIG_VERSION " expects.",
	                           {}});
}

ExtensionInfo
ReadExtension(Connection &conn) {
	ResultPtr res = conn.Exec(
	    "SELECT n.nspname, e.extversion, coalesce(pg_catalog.has_function_privilege(pg_catalog.to_regprocedure("
	    "pg_catalog.quote_ident(n.nspname) OPERATOR(pg_catalog.||) '.migrate_snapshot_text()'), 'EXECUTE'), false) "
	    "FROM pg_catalog.pg_extension e "
	    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
	    "WHERE e.extname OPERATOR(pg_catalog.=) $1",
	    {std::string("pg_migrate")});
	if (PQntuples(res.get()) == 0)
		throw DbError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		              "extension \"pg_migrate\" is not installed in database \"" + conn.Database() + "\"", "",
		              "Run CREATE EXTENSION pg_migrate; as a superuser.");
	WarnIfExtensionOlder(conn, PQgetvalue(res.get(), 0, 1));
	ExtensionInfo info;
	info.schema = conn.QuoteIdentifier(PQgetvalue(res.get(), 0, 0));
	info.version = PQgetvalue(res.get(), 0, 1);
	info.snapshot_text = std::string(PQgetvalue(res.get(), 0, 2)) == "t";
	return info;
}

std::string
ExtensionSchema(Connection &conn, std::string *version) {
	ResultPtr res = conn.Exec("SELECT n.nspname, e.extversion FROM pg_catalog.pg_extension e "
	                          "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
	                          "WHERE e.extname OPERATOR(pg_catalog.=) $1",
	                          {std::string("pg_migrate")});
	if (PQntuples(res.get()) == 0)
		throw DbError(pgm::sqlstate::kObjectNotInPrerequisiteState,
		              "extension \"pg_migrate\" is not installed in database \"" + conn.Database() + "\"", "",
		              "Run CREATE EXTENSION pg_migrate; as a superuser.");
	WarnIfExtensionOlder(conn, PQgetvalue(res.get(), 0, 1));
	if (version != nullptr)
		*version = PQgetvalue(res.get(), 0, 1);
	return conn.QuoteIdentifier(PQgetvalue(res.get(), 0, 0));
}

namespace {

/* StoredStateQuery: AskStoredState's statement and its parameters. */
std::pair<const char *, std::vector<Param>>
StoredStateQuery(const Param &digest, const std::string &direction, const std::string &target,
                 const char *check_interval) {
	if (check_interval != nullptr)
		return {"SELECT s.extversion, s.nothing_to_do, s.current_lines, "
		        "pg_catalog.set_config('client_connection_check_interval', $4, false), "
		        "pg_catalog.pg_is_in_recovery() FROM pg_migrate.stored_state($1, $2, $3) AS s",
		        {digest, direction, target, std::string(check_interval)}};
	return {"SELECT s.extversion, s.nothing_to_do, s.current_lines FROM pg_migrate.stored_state($1, $2, $3) AS s",
	        {digest, direction, target}};
}

} // namespace

StoredStateWarmUp::StoredStateWarmUp(Connection &conn, const std::string &direction, const std::string &target,
                                     const char *check_interval)
    : conn_(conn) {
	auto [sql, params] = StoredStateQuery(std::nullopt, direction, target, check_interval);
	try {
		conn_.Send(sql, params);
		pending_ = true;
	} catch (const DbError &) {
		// not sent: AskStoredState meets the same failure and reports it
	}
}

StoredStateWarmUp::~StoredStateWarmUp() {
	try {
		Finish();
	} catch (...) {
		// an interrupt while unwinding: the caller's exception goes on
	}
}

void
StoredStateWarmUp::Finish() {
	if (!pending_)
		return;
	pending_ = false;
	try {
		(void)conn_.Wait();
	} catch (const DbError &) {
		// AskStoredState asks again and handles the error
	}
}

std::optional<StoredState>
AskStoredState(Connection &conn, const std::string &digest, const std::string &direction, const std::string &target,
               const char *check_interval) {
	ResultPtr res;
	try {
		auto [sql, params] = StoredStateQuery(digest, direction, target, check_interval);
		res = conn.Exec(sql, params);
	} catch (const DbError &e) {
		if (e.Sqlstate() == "42501" || e.Sqlstate() == "3F000" || e.Sqlstate() == "42883")
			return std::nullopt;
		throw;
	}
	if (PQntuples(res.get()) != 1 || PQgetisnull(res.get(), 0, 0))
		return std::nullopt;
	StoredState state;
	state.extversion = PQgetvalue(res.get(), 0, 0);
	if (!PQgetisnull(res.get(), 0, 1))
		state.nothing_to_do = std::string(PQgetvalue(res.get(), 0, 1)) == "t";
	if (!PQgetisnull(res.get(), 0, 2))
		state.current_lines = ParseTextArray(PQgetvalue(res.get(), 0, 2));
	if (check_interval != nullptr)
		state.standby = std::string(PQgetvalue(res.get(), 0, 4)) == "t";
	WarnIfExtensionOlder(conn, state.extversion);
	return state;
}

std::vector<std::string>
ParseTextArray(const std::string &text) {
	std::vector<std::string> out;
	if (text.size() < 2 || text.front() != '{')
		return out;
	std::size_t i = 1;
	while (i < text.size() && text[i] != '}') {
		std::string item;
		bool quoted = text[i] == '"';
		if (quoted) {
			for (i++; i < text.size() && text[i] != '"'; i++) {
				if (text[i] == '\\' && i + 1 < text.size())
					i++;
				item += text[i];
			}
			i++; // the closing quote
		} else {
			for (; i < text.size() && text[i] != ',' && text[i] != '}'; i++)
				item += text[i];
		}
		if (quoted || item != "NULL")
			out.push_back(item);
		if (i < text.size() && text[i] == ',')
			i++;
	}
	return out;
}

void
RollbackAfterError(Connection &conn) {
	if (!conn.Alive())
		return;
	InterruptCleanup cleanup;
	try {
		conn.Exec("ROLLBACK");
	} catch (const DbError &) {
		// The first error is the one to report.
	}
}

std::optional<std::string>
OptionalValue(const PGresult *res, int row, int col) {
	if (PQgetisnull(res, row, col))
		return std::nullopt;
	return std::string(PQgetvalue(res, row, col));
}

std::string
TextArrayLiteral(const std::vector<std::string> &values) {
	std::string out = "{";
	for (std::size_t i = 0; i < values.size(); i++) {
		if (i > 0)
			out += ',';
		out += '"';
		for (char c : values[i]) {
			if (c == '"' || c == '\\')
				out += '\\';
			out += c;
		}
		out += '"';
	}
	return out + "}";
}

std::string
ByteaLiteral(const std::string &bytes) {
	static const char kHex[] = "0123456789abcdef";
	std::string out = "\\x";
	out.reserve(2 + bytes.size() * 2);
	for (unsigned char c : bytes) {
		out += kHex[c >> 4];
		out += kHex[c & 0xF];
	}
	return out;
}

std::string
ByteaArrayLiteral(const std::vector<std::string> &values) {
	std::string out = "{";
	for (std::size_t i = 0; i < values.size(); i++) {
		if (i > 0)
			out += ',';
		// "\\x... inside the array literal is the bytea text \x...
		out += "\"\\" + ByteaLiteral(values[i]) + '"';
	}
	return out + "}";
}

} // namespace pgmig
