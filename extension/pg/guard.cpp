/*
 * guard.cpp: the non-template half of the C++/PostgreSQL error boundary (guard.hpp):
 * copying a caught exception without any call that can ereport, and raising it afterwards
 * with its SQLSTATE.
 */
#include "guard.hpp"

#include <cstring>

extern "C" {
#include "postgres.h"
#include "utils/memutils.h"
}

namespace pgm::pg {

namespace {

/* The memory context of the innermost running InvokeCpp; see GuardMemoryContext(). */
MemoryContext guard_memory_context = nullptr;

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

/* IsSqlstate: five characters from [0-9A-Z], the only form MAKE_SQLSTATE can encode. */
bool
IsSqlstate(const char *code) {
	for (int i = 0; i < 5; i++)
		if (!((code[i] >= '0' && code[i] <= '9') || (code[i] >= 'A' && code[i] <= 'Z')))
			return false;
	return code[5] == '\0';
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

void
SetGuardMemoryContext(MemoryContext context) noexcept {
	guard_memory_context = context;
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
 * with its own SQLSTATE; anything else is an internal error.
 */
void
RaiseCaughtError(const CaughtError &caught) {
	switch (caught.kind) {
		case CaughtError::kPostgres:
			ReThrowError(caught.edata);
		case CaughtError::kMig: {
			const char *s = caught.sqlstate;
			int code = IsSqlstate(s) ? MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]) : ERRCODE_INTERNAL_ERROR;
			if (caught.message == nullptr)
				ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
			ereport(ERROR, errcode(code), errmsg_internal("%s", caught.message),
			        caught.detail != nullptr ? errdetail_internal("%s", caught.detail) : 0,
			        caught.hint != nullptr ? errhint("%s", caught.hint) : 0);
			break;
		}
		case CaughtError::kOutOfMemory:
			ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
			break;
		case CaughtError::kInternal:
		case CaughtError::kNone:
			ereport(ERROR, errcode(ERRCODE_INTERNAL_ERROR),
			        errmsg_internal("pg_migrate internal error: %s",
			                        caught.message != nullptr ? caught.message : "unrecognized C++ exception"));
			break;
	}
	pg_unreachable();
}

/*
 * CaptureError: PG_CATCH of PgCall.  The copy goes to the guard's memory context rather than
 * the current one, because the current one is often the SPI procedure context that the
 * unwinding SpiConnection is about to delete.
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
