/*
 * guard.cpp: the non-template half of the C++/PostgreSQL error boundary (guard.hpp):
 * copying a caught exception without any call that can ereport, raising it afterwards with
 * its SQLSTATE (in the database encoding), and the interrupt check the core calls.
 */
#include "extension/guard.hpp"

#include <cstring>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"
}

namespace pgm::pg {

namespace {

/* The memory context of the innermost running InvokeCpp; see GuardMemoryContext(). */
MemoryContext guard_memory_context = nullptr;

/* The transaction nest level at which guard_memory_context was installed. */
int guard_nest_level = 0;

/* Longest message part we copy; longer text is cut (at a UTF-8 character boundary). */
constexpr size_t kMaxMessagePart = 1024 * 1024;

/*
 * CopyNoThrow: copy a message part into the guard's memory context.  It runs inside a catch
 * block, where an ereport would longjmp out of the handler, so it allocates with
 * MCXT_ALLOC_NO_OOM and returns nullptr rather than raising when memory is exhausted.
 */
char *
CopyNoThrow(const char *text) noexcept {
	if (text == nullptr || guard_memory_context == nullptr)
		return nullptr;
	size_t len = strnlen(text, kMaxMessagePart);
	if (len == kMaxMessagePart)
		while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80)
			len--;
	auto *copy = static_cast<char *>(MemoryContextAllocExtended(guard_memory_context, len + 1, MCXT_ALLOC_NO_OOM));
	if (copy == nullptr)
		return nullptr;
	memcpy(copy, text, len);
	copy[len] = '\0';
	return copy;
}

/*
 * ToServerEncoding: the core writes its messages in UTF-8 (they may quote revision files, which
 * are UTF-8 whatever the database encoding).  In a database of another encoding the text is
 * converted here, once no catch block is active.  Bad text never raises: the conversion runs
 * with noError, so a character the database encoding cannot hold, text that is not UTF-8
 * after all (a message quoting a server-encoded file name in a single-byte encoding), a
 * missing conversion or a lack of memory keep the unconverted text rather than replacing the
 * error being raised by another one.  The result lives in the current memory context, which
 * the ereport that follows does not outlive.
 */
const char *
ToServerEncoding(const char *text) {
	if (text == nullptr)
		return nullptr;
	int encoding = GetDatabaseEncoding();
	if (encoding == PG_UTF8 || encoding == PG_SQL_ASCII)
		return text;
	size_t len = strlen(text);
	bool ascii = true;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = !IS_HIGHBIT_SET(text[i]);
	if (ascii)
		return text;
	Oid proc = FindDefaultConversionProc(PG_UTF8, encoding);
	if (!OidIsValid(proc))
		return text;
	size_t size = len * MAX_CONVERSION_GROWTH + 1;
	auto *converted =
	    static_cast<unsigned char *>(MemoryContextAllocExtended(CurrentMemoryContext, size, MCXT_ALLOC_NO_OOM));
	if (converted == nullptr)
		return text;
	auto *source = reinterpret_cast<unsigned char *>(const_cast<char *>(text));
	int done = pg_do_encoding_conversion_buf(proc, PG_UTF8, encoding, source, static_cast<int>(len), converted,
	                                         static_cast<int>(size), true);
	if (done != static_cast<int>(len))
		return text;
	return reinterpret_cast<char *>(converted);
}

} // namespace

const char *
PgError::what() const noexcept {
	return edata_ != nullptr && edata_->message != nullptr ? edata_->message : "PostgreSQL error";
}

MemoryContext
GuardMemoryContext() noexcept {
	return guard_memory_context;
}

GuardFrame
EnterGuard() noexcept {
	GuardFrame outer{guard_memory_context, guard_nest_level};
	guard_memory_context = CurrentMemoryContext;
	guard_nest_level = GetCurrentTransactionNestLevel();
	return outer;
}

void
LeaveGuard(const GuardFrame &outer) noexcept {
	guard_memory_context = outer.context;
	guard_nest_level = outer.nest_level;
}

void
ResetGuardContext(int nest_level) noexcept {
	if (guard_memory_context != nullptr && guard_nest_level >= nest_level) {
		guard_memory_context = nullptr;
		guard_nest_level = 0;
	}
}

void
CoreInterruptCheck() {
	// The cheap test first: PgCall's sigsetjmp only when something is pending.
	if (!INTERRUPTS_PENDING_CONDITION())
		return;
	PgCall([] { CHECK_FOR_INTERRUPTS(); });
}

void
CaughtError::SetPostgres(const PgError &e) noexcept {
	kind = kPostgres;
	edata = e.Data();
}

void
CaughtError::SetMig(const pgm::MigError &e) noexcept {
	kind = kMig;
	const std::string &code = e.Sqlstate();
	if (code.size() == 5)
		memcpy(sqlstate, code.c_str(), 6);
	message = CopyNoThrow(e.what());
	if (!e.Detail().empty())
		detail = CopyNoThrow(e.Detail().c_str());
	if (!e.Hint().empty())
		hint = CopyNoThrow(e.Hint().c_str());
}

void
CaughtError::SetInternal(const char *what) noexcept {
	kind = kInternal;
	message = CopyNoThrow(what);
}

/*
 * RaiseCaughtError: raise the error InvokeCpp caught, once no C++ frame is left to unwind.
 * A PostgreSQL error is re-thrown as it was (ReThrowError keeps the SQLSTATE, detail, hint,
 * CONTEXT lines and error fields such as the constraint name); a MigError becomes an ereport
 * with its own SQLSTATE, its UTF-8 text converted to the database encoding; anything else is
 * an internal error.
 */
void
RaiseCaughtError(const CaughtError &caught) {
	switch (caught.kind) {
		case CaughtError::kPostgres:
			ReThrowError(caught.edata);
		case CaughtError::kMig: {
			int code = SqlstateCode(caught.sqlstate);
			if (caught.message == nullptr)
				ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
			const char *message = ToServerEncoding(caught.message);
			const char *detail = ToServerEncoding(caught.detail);
			const char *hint = ToServerEncoding(caught.hint);
			ereport(ERROR, errcode(code), errmsg_internal("%s", message),
			        detail != nullptr ? errdetail_internal("%s", detail) : 0,
			        hint != nullptr ? errhint("%s", hint) : 0);
			break;
		}
		case CaughtError::kOutOfMemory:
			ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
			break;
		case CaughtError::kInternal:
		case CaughtError::kNone: {
			const char *message = ToServerEncoding(caught.message);
			ereport(ERROR, errcode(ERRCODE_INTERNAL_ERROR),
			        errmsg_internal("pg_migrate internal error: %s",
			                        message != nullptr ? message : "unrecognized C++ exception"));
			break;
		}
	}
	pg_unreachable();
}

/*
 * CaptureError: PG_CATCH of PgCall.  The copy goes to the guard's memory context rather than
 * the current one, which may be a context the unwinding C++ frames or a nested SPI level are
 * done with.
 *
 * Out of memory here: CopyErrorData pallocs, and if that fails it raises a new ERROR from
 * inside PG_CATCH.  That ERROR cannot be turned into a C++ exception any more: it longjmps to
 * the next PG_TRY or sigsetjmp up the stack, over every C++ frame in between, whose
 * destructors then never run (their heap memory leaks, and the state they would have put back
 * is left as it is).  What matters is put back by the (sub)transaction abort that follows
 * that ERROR: SPI connections, GUC nest levels, locks and memory by PostgreSQL itself, the
 * guard's memory context and the running-migration mark by pg_migrate's transaction
 * callbacks (ResetGuardContext, ResetMigrationMark).  A step's statement timeout is
 * restored by PostgreSQL's error recovery at top level only; a PL/pgSQL block that catches
 * such an out-of-memory error keeps the step's deadline until its statement ends.  The
 * alternative, pre-allocating, would not help: CopyErrorData's size is the error's.
 */
ErrorData *
CaptureError(MemoryContext saved) {
	MemoryContextSwitchTo(saved);
	MemoryContext target = guard_memory_context != nullptr ? guard_memory_context : saved;
	MemoryContext old = MemoryContextSwitchTo(target);
	ErrorData *edata = CopyErrorData();
	MemoryContextSwitchTo(old);
	FlushErrorState();
	return edata;
}

} // namespace pgm::pg
