/*
 * guard.hpp: the C++/PostgreSQL error boundary of pg_migrate.
 *
 * Two directions, one rule each:
 *   C++ -> PG   InvokeCpp(fn, args...) runs a SQL-callable function's C++ body, catches every
 *               C++ exception, lets the destructors run, and only then raises the ERROR.
 *   PG -> C++   PgCall(lambda) runs ereport-capable PostgreSQL calls under PG_TRY and turns a
 *               PostgreSQL ERROR into a C++ PgError, so a longjmp never skips a C++ destructor.
 * The SQLSTATE survives both ways: a PgError is re-thrown with ReThrowError (message, detail,
 * hint, CONTEXT and SQLSTATE unchanged); a pgm::MigError keeps its five-character SQLSTATE;
 * only an unexpected std::exception becomes XX000.
 */
#pragma once

#include "core/error.hpp"

#include <exception>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "fmgr.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
}

namespace pgm::pg {

/*
 * PgError: a PostgreSQL ERROR caught by PgCall, carried across C++ frames as a copy of its
 * ErrorData (allocated in the guard's memory context, which outlives SPI connections).
 */
class PgError : public std::exception {
public:
	explicit PgError(ErrorData *edata) noexcept : edata_(edata) {}
	const char *what() const noexcept override;
	ErrorData *
	Data() const noexcept {
		return edata_;
	}

private:
	ErrorData *edata_;
};

/*
 * CaughtError: what InvokeCpp keeps of a caught exception.  Plain C data only (no destructor),
 * filled without any call that can ereport, so the catch blocks never longjmp and raising
 * the error afterwards skips nothing.
 */
struct CaughtError {
	enum Kind { kNone, kPostgres, kMig, kOutOfMemory, kInternal } kind = kNone;
	ErrorData *edata = nullptr; // kPostgres
	char sqlstate[6] = {0};     // kMig
	char *message = nullptr;    // kMig, kInternal (may be null: no memory left)
	char *detail = nullptr;     // kMig
	char *hint = nullptr;       // kMig

	void SetPostgres(const PgError &e) noexcept;
	void SetMig(const pgm::MigError &e) noexcept;
	void SetInternal(const char *what) noexcept;
};

/*
 * SqlstateCode: a five-character SQLSTATE ("MG101") as PostgreSQL's sqlerrcode; anything that
 * is not one (pgm::IsSqlstate) becomes XX000.
 */
inline int
SqlstateCode(const char *code) noexcept {
	if (!pgm::IsSqlstate(code))
		return ERRCODE_INTERNAL_ERROR;
	return MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4]);
}

/* RaiseCaughtError: ereport(ERROR) for a CaughtError; never returns. */
[[noreturn]] void RaiseCaughtError(const CaughtError &caught);

/*
 * GuardMemoryContext: where PgCall copies a caught PostgreSQL error.  It is the memory context
 * current when the innermost running InvokeCpp began, so the copy survives SPI_finish (which
 * deletes the SPI procedure context that may be current when the error happens) until it is
 * re-thrown.  nullptr outside any InvokeCpp, and after the (sub)transaction it belongs to was
 * aborted (ResetGuardContext); CaptureError then copies into the caller's context.
 */
MemoryContext GuardMemoryContext() noexcept;

/* GuardFrame: the guard state an InvokeCpp replaces, and puts back when it returns. */
struct GuardFrame {
	MemoryContext context;
	int nest_level; // transaction nest level at which context was installed
};

/* EnterGuard: make the current memory context the guard's; return the state it replaces. */
GuardFrame EnterGuard() noexcept;

/* LeaveGuard: put back the state EnterGuard returned. */
void LeaveGuard(const GuardFrame &outer) noexcept;

/*
 * ResetGuardContext: forget the guard's memory context if it was installed at nest_level or
 * deeper; called when the (sub)transaction at nest_level aborts (1: at the end of the
 * transaction).  Normally InvokeCpp has already restored it; this covers an ERROR that
 * longjmp'd past an InvokeCpp (see CaptureError), which would otherwise leave a pointer into a
 * deleted memory context behind.  Called from the transaction callbacks registered in
 * _PG_init; plain C, cannot fail.
 */
void ResetGuardContext(int nest_level) noexcept;

/*
 * CoreInterruptCheck: the function _PG_init installs with pgm::SetInterruptCheck.  It runs
 * CHECK_FOR_INTERRUPTS under PgCall, so a query cancel or statement timeout noticed inside the
 * core's long loops becomes a PgError thrown through the core's (exception-safe) frames, and
 * InvokeCpp re-raises it with its SQLSTATE (57014).
 */
void CoreInterruptCheck();

/*
 * CaptureError: the PG_CATCH half of PgCall: restore the caller's memory context, copy the
 * current error into GuardMemoryContext() and flush the error state.
 */
ErrorData *CaptureError(MemoryContext saved);

/*
 * InvokeCpp: the one guard between a PostgreSQL V1 function and its C++ body.  The body runs
 * inside try; every exception is reduced to a CaughtError in a catch block that cannot
 * ereport; the ERROR is raised only after the try/catch and every C++ object in it are gone.
 * Modelled on pg_duckdb's InvokeCPPFunc, but the SQLSTATE is kept.
 */
template <typename Fn, typename... Args>
Datum
InvokeCpp(Fn &&fn, Args &&...args) noexcept {
	CaughtError caught;
	Datum result = (Datum)0;
	GuardFrame outer = EnterGuard();
	try {
		result = std::forward<Fn>(fn)(std::forward<Args>(args)...);
	} catch (const PgError &e) {
		caught.SetPostgres(e);
	} catch (const pgm::MigError &e) {
		caught.SetMig(e);
	} catch (const std::bad_alloc &) {
		caught.kind = CaughtError::kOutOfMemory;
	} catch (const std::exception &e) {
		caught.SetInternal(e.what());
	} catch (...) {
		caught.SetInternal(nullptr);
	}
	LeaveGuard(outer);
	if (caught.kind != CaughtError::kNone)
		RaiseCaughtError(caught);
	return result;
}

/* ThrowIfFailed: the tail of PgCall, after PG_END_TRY: re-raise what the body left behind. */
inline void
ThrowIfFailed(ErrorData *pg_error, const std::exception_ptr &cpp_error) {
	if (pg_error != nullptr)
		throw PgError(pg_error);
	if (cpp_error)
		std::rethrow_exception(cpp_error);
}

/*
 * PgCall: run PostgreSQL calls that may ereport(ERROR) from C++ code.  A PostgreSQL error
 * becomes a PgError thrown after PG_END_TRY; a C++ exception thrown by the body is parked in
 * an exception_ptr inside PG_TRY and re-thrown after PG_END_TRY (throwing through PG_TRY would
 * leave PG_exception_stack pointing at a dead frame).  The body must not own C++ objects with
 * destructors (a longjmp would skip them) and must return plain C data.
 */
template <typename Fn>
auto
PgCall(Fn &&fn) -> std::invoke_result_t<Fn &> {
	using Result = std::invoke_result_t<Fn &>;
	static_assert(std::is_void_v<Result> || std::is_trivially_copyable_v<Result>,
	              "PgCall bodies return plain C values");
	MemoryContext saved = CurrentMemoryContext;
	ErrorData *volatile pg_error = nullptr;
	std::exception_ptr cpp_error;
	if constexpr (std::is_void_v<Result>) {
		PG_TRY();
		{
			try {
				fn();
			} catch (...) {
				cpp_error = std::current_exception();
			}
		}
		PG_CATCH();
		{ pg_error = CaptureError(saved); }
		PG_END_TRY();
		ThrowIfFailed(pg_error, cpp_error);
	} else {
		std::optional<Result> result;
		PG_TRY();
		{
			try {
				result.emplace(fn());
			} catch (...) {
				cpp_error = std::current_exception();
			}
		}
		PG_CATCH();
		{ pg_error = CaptureError(saved); }
		PG_END_TRY();
		ThrowIfFailed(pg_error, cpp_error);
		return *result;
	}
}

/*
 * Subtransaction: an internal subtransaction (PL/pgSQL's pattern), begun by the constructor and
 * ended by Release() or Rollback(), each of which gives back the caller's memory context and
 * resource owner.  Continuing after a PostgreSQL ERROR is only safe once the subtransaction it
 * happened in was rolled back: that releases the locks, buffer pins, relcache and catcache
 * references the failed code held.
 */
class Subtransaction {
public:
	Subtransaction() : context_(CurrentMemoryContext), owner_(CurrentResourceOwner) {
		PgCall([] { BeginInternalSubTransaction(nullptr); });
		MemoryContextSwitchTo(context_);
	}
	Subtransaction(const Subtransaction &) = delete;
	Subtransaction &operator=(const Subtransaction &) = delete;

	void
	Release() {
		PgCall([] { ReleaseCurrentSubTransaction(); });
		Restore();
	}
	void
	Rollback() {
		PgCall([] { RollbackAndReleaseCurrentSubTransaction(); });
		Restore();
	}

private:
	void
	Restore() {
		MemoryContextSwitchTo(context_);
		CurrentResourceOwner = owner_;
	}
	MemoryContext context_;
	ResourceOwner owner_;
};

/*
 * TryPgCall: PgCall(fn) inside a Subtransaction; fn's result, or nullopt when it raised an
 * ERROR, which is then rolled back and forgotten.  For lookups whose failure only means "not
 * known here" (lint's catalog probes); a C++ exception from fn rolls back and propagates.
 */
template <typename Fn>
auto
TryPgCall(Fn &&fn) -> std::optional<std::invoke_result_t<Fn &>> {
	Subtransaction subtransaction;
	std::optional<std::invoke_result_t<Fn &>> result;
	try {
		result.emplace(PgCall(fn));
	} catch (const PgError &) {
		subtransaction.Rollback();
		return std::nullopt;
	} catch (...) {
		subtransaction.Rollback();
		throw;
	}
	subtransaction.Release();
	return result;
}

} // namespace pgm::pg
